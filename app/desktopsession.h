#pragma once

// The desktop app's wiring: one state dir (settings.ini + cache.sqlite), the
// sync thread over it (SyncController), the reader thread the windows read
// the cache through (CacheReader), the token store, and the windows. It
// decides when to ask for a login and what happens on logout; the windows
// and the engine do the rest.

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <memory>

class ApiClient;
class CacheReader;
#include "logindialog.h"
class MainWindow;
class QSettings;
class SyncController;
class SyncStats;
class TokenStore;

class DesktopSession : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString stateDir;
        QUrl server; // with user + password: log in without the dialog
        QString user;
        QString password;
        bool forceFileTokenStore = false;
    };

    explicit DesktopSession(const Options &options, QObject *parent = nullptr);
    ~DesktopSession() override;

    // Shows the main window and opens the cache behind it (on the sync
    // thread: the rows appear as soon as it is open); false + errorString()
    // when the state dir cannot be made, failed() when the cache cannot be
    // opened.
    bool start();
    QString errorString() const { return m_errorString; }

    MainWindow *mainWindow() const { return m_window.get(); }
    LoginDialog *loginDialog() const { return m_login; }
    SyncController *sync() const { return m_sync; }
    CacheReader *reader() const { return m_reader; }
    QString cachePath() const;
    SyncStats *stats() const;
    ApiClient *api() const { return m_api; }
    TokenStore *tokenStore() const { return m_tokens; }
    QSettings *settings() const { return m_settings.get(); }

signals:
    void loggedIn();
    void loggedOut();
    void failed(const QString &error);

private:
    void onTokenLoaded(const QByteArray &token);
    void loginWithOptions();
    void onLoggedIn(const QUrl &server,
                    const QString &user,
                    const QByteArray &token,
                    const QJsonObject &userInfo);
    void showLogin(const QString &message);
    void onCacheOpened(bool ok, const QString &error);
    void startSync(const QByteArray &token);
    void logout();
    void onLoginRequired(const QString &reason);
    void applyUser();

    Options m_options;
    QString m_errorString;
    std::unique_ptr<QSettings> m_settings;
    ApiClient *m_api; // the login dialog's and the editor's; the engine has its own
    SyncController *m_sync;
    CacheReader *m_reader;
    TokenStore *m_tokens;
    std::unique_ptr<MainWindow> m_window;
    QPointer<LoginDialog> m_login;
    bool m_sessionEnded = false; // the server ended it: the banner says so, the cache stays
};
