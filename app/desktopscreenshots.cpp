#include "desktopscreenshots.h"

#include "aboutdialog.h"
#include "collectionmodel.h"
#include "collectiontab.h"
#include "desktopsession.h"
#include "eventeditordialog.h"
#include "logindialog.h"
#include "mainwindow.h"
#include "statswindow.h"
#include "syncengine.h"

#include <QDir>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QPixmap>
#include <QSettings>
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
    connect(m_session->engine(), &SyncEngine::stateChanged, this, [this](SyncEngine::State s) {
        if (s == SyncEngine::State::Live && !m_started) {
            m_started = true;
            QTimer::singleShot(1000, m_session->engine(), &SyncEngine::refresh);
        }
    });
    connect(m_session->engine(), &SyncEngine::roundsFinished, this, [this] {
        if (!m_started)
            return;
        if (++m_refreshes < 2)
            QTimer::singleShot(1000, m_session->engine(), &SyncEngine::refresh);
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
    bool ok = true;
    window->setCurrentCollection(QStringLiteral("events"));
    if (CollectionTab *tab = window->currentTab()) {
        tab->view()->selectRow(2);
        tab->view()->setFocus();
    }
    ok &= save(window, QStringLiteral("main-window.png"));

    window->setCurrentCollection(QStringLiteral("roles"));
    ok &= save(window, QStringLiteral("main-window-roles.png"));
    window->setCurrentCollection(QStringLiteral("events"));

    StatsWindow *stats = window->statsWindow();
    stats->refresh();
    stats->show();
    ok &= save(stats, QStringLiteral("statistics.png"));
    stats->close();

    if (window->canWriteEvents()) {
        const QString id = window->currentTab()->currentId();
        window->openEditor(id);
        if (EventEditorDialog *editor = window->editor()) {
            editor->adjustSize();
            ok &= save(editor, QStringLiteral("event-editor.png"));
            editor->titleEdit()->clear();
            editor->save(); // shows the validation message
            ok &= save(editor, QStringLiteral("event-editor-validation.png"));
            editor->close();
        }
    }

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
