#include "desktopscreenshots.h"

#include "aboutdialog.h"
#include "collectionmodel.h"
#include "collectiontab.h"
#include "desktopsession.h"
#include "eventdetailspane.h"
#include "eventeditordialog.h"
#include "logindialog.h"
#include "mainwindow.h"
#include "statswindow.h"
#include "synccontroller.h"

#include <QDir>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QPixmap>
#include <QSettings>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>

Q_LOGGING_CATEGORY(lcShots, "deltadesk.app.screenshots")

DesktopScreenshots::DesktopScreenshots(DesktopSession *session, const QString &dir, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_dir(dir)
{
    // Once live, run two delta rounds (F5) so the statistics show what a
    // delta costs against a full fetch, then grab.
    SyncController *sync = m_session->sync();
    connect(sync, &SyncController::stateChanged, this, [this, sync](SyncEngine::State s) {
        if (s == SyncEngine::State::Live && !m_started) {
            m_started = true;
            QTimer::singleShot(1000, sync, &SyncController::refresh);
        }
    });
    // One grab in the middle of the first full sync: the rows already in
    // and the progress text, while the sync thread writes.
    connect(sync,
            &SyncController::fullSyncProgress,
            this,
            [this](const QString &, qint64 documents, qint64, qint64 total) {
                if (m_syncingGrabbed || documents <= 0 || documents >= total)
                    return;
                m_syncingGrabbed = true;
                QDir().mkpath(m_dir);
                m_ok &= save(m_session->mainWindow(), QStringLiteral("main-window-syncing.png"));
            });
    connect(sync, &SyncController::roundsFinished, this, [this, sync] {
        if (!m_started)
            return;
        if (++m_refreshes < 2)
            QTimer::singleShot(1000, sync, &SyncController::refresh);
        else if (m_refreshes == 2)
            QTimer::singleShot(500, this, &DesktopScreenshots::capture);
    });
}

bool DesktopScreenshots::save(QWidget *widget, const QString &name)
{
    const QString path = QDir(m_dir).filePath(name);
    const bool ok = widget->grab().save(path, "PNG");
    qCInfo(lcShots) << (ok ? "wrote" : "could not write") << path;
    return ok;
}

void DesktopScreenshots::capture()
{
    QDir().mkpath(m_dir);
    MainWindow *window = m_session->mainWindow();
    window->setCurrentCollection(QStringLiteral("events"));
    EventDetailsPane *pane = window->detailsPane();
    if (CollectionTab *tab = window->currentTab()) {
        // The event the tab opened at (the next upcoming one), as staff
        // see it; a row of the first page otherwise.
        if (tab->currentId().isEmpty())
            tab->view()->selectRow(2);
        tab->view()->setFocus();
        // The details pane reads the event on the reader thread: grab once
        // it shows it.
        if (pane && !pane->isShowingEvent()) {
            auto *once = new QObject(this);
            connect(pane, &EventDetailsPane::shown, once, [this, once] {
                delete once;
                // New rows of the pane show on the next turn (queued by
                // their layout): grab after it.
                QTimer::singleShot(0, this, &DesktopScreenshots::captureWindows);
            });
            return;
        }
    }
    captureWindows();
}

void DesktopScreenshots::captureWindows()
{
    MainWindow *window = m_session->mainWindow();
    bool ok = true;
    ok &= save(window, QStringLiteral("main-window.png"));

    window->setCurrentCollection(QStringLiteral("roles"));
    ok &= save(window, QStringLiteral("main-window-roles.png"));
    window->setCurrentCollection(QStringLiteral("events"));

    StatsWindow *stats = window->statsWindow();
    stats->refresh();
    stats->show();
    ok &= save(stats, QStringLiteral("statistics.png"));
    stats->close();

    m_ok &= ok;
    if (!window->canWriteEvents()) {
        captureDialogs();
        return;
    }
    // The editor opens once the event is read from the cache.
    connect(window, &MainWindow::editorShown, this, [this](EventEditorDialog *editor) {
        editor->adjustSize();
        m_ok &= save(editor, QStringLiteral("event-editor.png"));
        editor->tabs()->setCurrentIndex(1);
        m_ok &= save(editor, QStringLiteral("event-editor-line-items.png"));
        editor->tabs()->setCurrentIndex(2);
        m_ok &= save(editor, QStringLiteral("event-editor-staffing.png"));
        editor->tabs()->setCurrentIndex(0);
        const QString title = editor->titleEdit()->text();
        editor->titleEdit()->clear();
        editor->save(); // shows the validation message
        m_ok &= save(editor, QStringLiteral("event-editor-validation.png"));
        editor->titleEdit()->setText(title); // unchanged again: closes without asking
        editor->close();
        captureDialogs();
    });
    window->openEditor(window->currentTab()->currentId());
}

void DesktopScreenshots::captureDialogs()
{
    MainWindow *window = m_session->mainWindow();
    bool ok = m_ok;
    AboutDialog about(window->tokenStorageText(), window->stateDir(), window);
    about.show();
    about.adjustSize();
    ok &= save(&about, QStringLiteral("about.png"));
    about.close();

    LoginDialog login(m_session->api(), m_session->settings(), window);
    login.show();
    login.adjustSize();
    ok &= save(&login, QStringLiteral("login.png"));
    login.close();
    emit finished(ok);
}
