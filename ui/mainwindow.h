#pragma once

// The window staff keep open all day: one tab per collection over the cache,
// the sync actions, the events editor for users allowed to write, and the
// status bar. It reads the cache through the CacheReader (never on its own
// thread) and drives the sync thread through the SyncController; it never
// talks to the network itself except through the ApiClient's write jobs.

#include <QJsonObject>
#include <QMainWindow>
#include <QPointer>
#include <QUrl>

class AboutDialog;
class ApiClient;
class CacheReader;
class CollectionTab;
class EventDeleter;
class EventDetailsPane;
class EventFilterBar;
#include "eventeditordialog.h"
class NameLookup;
class QAction;
class QSettings;
class QTabWidget;
#include "statswindow.h"
class SyncController;
class SyncStats;
class SyncBanner;
class SyncStatusBar;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    struct Services
    {
        ApiClient *api = nullptr;      // the GUI's: the editor's writes
        CacheReader *reader = nullptr; // every read of the cache
        SyncController *sync = nullptr;
        SyncStats *stats = nullptr;
        QSettings *settings = nullptr; // geometry, column widths
    };

    explicit MainWindow(const Services &services, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Shows or hides the events editor actions (events:write).
    void setCanWriteEvents(bool canWrite);
    bool canWriteEvents() const { return m_canWrite; }
    void setUserName(const QString &name); // the person's name: My shifts, diagnostics
    // The window's title: "DeltaDesk — manager@events.example.com".
    void setAccount(const QString &login, const QUrl &server);
    // No login (after logout, or a login dialog cancelled): the banner
    // offers to log in, and the actions that need a session are off. The
    // window stays: the app never quits on its own.
    void setLoggedOut(bool loggedOut);
    bool isLoggedOut() const { return m_loggedOut; }
    // The about box's sentence on where the token is kept.
    void setTokenStorageText(const QString &text) { m_tokenStorageText = text; }
    QString tokenStorageText() const { return m_tokenStorageText; }
    void setStateDir(const QString &dir) { m_stateDir = dir; }
    QString stateDir() const { return m_stateDir; }

    CollectionTab *tab(const QString &collection) const;
    CollectionTab *currentTab() const;
    void setCurrentCollection(const QString &collection);
    SyncStatusBar *syncStatusBar() const { return m_statusBar; }
    SyncBanner *syncBanner() const { return m_banner; }
    StatsWindow *statsWindow(); // created on first use
    EventDetailsPane *detailsPane() const { return m_details; }
    EventFilterBar *eventFilters() const { return m_eventFilters; }
    // Why writes are off now ("Offline: …"), empty while they can be sent.
    QString writeBlockedReason() const;
    QPointer<EventEditorDialog> editor() const { return m_editor; }
    EventDeleter *eventDeleter() const { return m_deleter; }

    QAction *refreshAction() const { return m_refresh; }
    QAction *resyncAction() const { return m_resync; }
    QAction *logoutAction() const { return m_logout; }
    QAction *newEventAction() const { return m_newEvent; }
    QAction *editEventAction() const { return m_editEvent; }
    QAction *deleteEventAction() const { return m_deleteEvent; }
    QAction *showDetailsAction() const { return m_showDetails; }
    QAction *showStatsAction() const { return m_showStats; }
    QAction *shortcutsAction() const { return m_shortcuts; }
    QAction *copyDiagnosticsAction() const { return m_copyDiagnostics; }
    QAction *copyAction() const { return m_copy; }
    QAction *exportAction() const { return m_export; }
    // What Help → Copy Diagnostics puts on the clipboard.
    QString diagnosticsText() const;

    // Empty: a new event. Otherwise the editor opens once the event has been
    // read from the cache.
    void openEditor(const QString &eventId);
    void saveState();

signals:
    void logoutConfirmed();
    void loginRequested(); // the banner's Log in…
    void editorShown(EventEditorDialog *editor);

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void createActions();
    void createMenus();
    void askLogout();
    void deleteSelectedEvents();
    void showEditor(const QJsonObject &doc);
    void showAbout();
    void showStats();
    void updateRowCount();
    void updateActions();
    void showDetailsFor(const QString &id);
    void onEditorSaved(const QJsonObject &document);

    Services m_services;
    NameLookup *m_lookup;
    QTabWidget *m_tabs;
    SyncStatusBar *m_statusBar;
    SyncBanner *m_banner;
    EventDeleter *m_deleter;
    QList<CollectionTab *> m_tabList;
    QPointer<StatsWindow> m_stats;
    QPointer<EventEditorDialog> m_editor;
    QString m_openingEditorFor; // read from the cache, editor not open yet
    QString m_tokenStorageText;
    QString m_stateDir;
    QString m_userName;
    bool m_canWrite = false;
    EventDetailsPane *m_details = nullptr;
    EventFilterBar *m_eventFilters = nullptr;
    bool m_sessionEnded = false; // the server refused the token: log in again
    bool m_loggedOut = false;
    bool m_fittedOnShow = false;
    // Offline until Live again: retries pass through Syncing/Connecting
    // without reaching the server, and writes stay off meanwhile.
    bool m_offline = true;

    QAction *m_refresh = nullptr;
    QAction *m_resync = nullptr;
    QAction *m_logout = nullptr;
    QAction *m_quit = nullptr;
    QAction *m_find = nullptr;
    QAction *m_newEvent = nullptr;
    QAction *m_editEvent = nullptr;
    QAction *m_deleteEvent = nullptr;
    QAction *m_showDetails = nullptr;
    QAction *m_showStats = nullptr;
    QAction *m_writeSeparator = nullptr; // the tool bar's, before the write actions
    QAction *m_shortcuts = nullptr;
    QAction *m_copyDiagnostics = nullptr;
    QAction *m_about = nullptr;
    QAction *m_copy = nullptr;
    QAction *m_export = nullptr;
};
