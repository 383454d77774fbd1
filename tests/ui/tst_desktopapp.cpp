// The desktop app as staff use it, against the real deltadesk-server:
// a write on the server updates just its row and keeps the selection; the
// window grabs to a PNG; logout wipes token, cursors and cache, also while
// the sync thread is in the middle of a full sync; the first download says
// so in the empty table; an offline start shows the cached rows and their
// age and reconnects by itself; the editor's 412
// path; read-only users do not see the editor. Throughout, no cache write
// may run on the GUI thread (a warning fails the test; a debug build
// asserts first).

#include "apiclient.h"
#include "cachepeek.h"
#include "collectionmodel.h"
#include "collectiontab.h"
#include "desktopsession.h"
#include "desktopsessiontest.h"
#include "eventeditordialog.h"
#include "logindialog.h"
#include "mainwindow.h"
#include "serverprocess.h"
#include "synccontroller.h"
#include "syncstatusbar.h"
#include "testhttp.h"

#include <QAction>
#include <QImage>
#include <QLineEdit>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>

namespace {
constexpr int longWait = 30000;
}

class TestDesktopApp : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void liveChangeUpdatesOneRowAndKeepsSelection();
    void firstDownloadSaysSoInTheEmptyTable();
    void logoutWipesTokenCursorsAndCache();
    void logoutWhileFullSyncEndsClean();
    void offlineStartShowsCachedRowsAndReconnects();
    void editorConflictOffersReloadOrOverwrite();
    void readOnlyUserHasNoEditor();

private:
    std::unique_ptr<DesktopSession> startSession(const QString &user, bool withLogin = true);
    bool waitLive(DesktopSession *session);
    CollectionModel *events(DesktopSession *s) const
    {
        return s->mainWindow()->tab(QStringLiteral("events"))->model();
    }

    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<QTemporaryDir> m_state;
};

void TestDesktopApp::init()
{
    QTest::failOnWarning(QRegularExpression(QStringLiteral("CacheStore write on the GUI thread")));
    m_server = std::make_unique<ServerProcess>();
    QVERIFY2(m_server->start({QStringLiteral("--demo")}), m_server->standardError().constData());
    m_state = std::make_unique<QTemporaryDir>();
}

void TestDesktopApp::cleanup()
{
    m_server.reset();
    m_state.reset();
}

std::unique_ptr<DesktopSession> TestDesktopApp::startSession(const QString &user, bool withLogin)
{
    return DesktopTest::startSession(m_state->path(), m_server->url(), user, withLogin);
}

bool TestDesktopApp::waitLive(DesktopSession *session)
{
    return DesktopTest::waitLive(session, longWait);
}

void TestDesktopApp::liveChangeUpdatesOneRowAndKeepsSelection()
{
    auto session = startSession(QStringLiteral("manager"));
    QVERIFY(session);
    QVERIFY(waitLive(session.get()));
    CollectionModel *model = events(session.get());
    QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() > 10, longWait);
    QTableView *view = session->mainWindow()->tab(QStringLiteral("events"))->view();
    view->selectRow(3);
    const QString id = model->idAt(3);
    const qint64 version
        = model->data(model->index(3, 0), CollectionModel::VersionRole).toLongLong();
    view->scrollTo(model->index(3, 0));
    const int scroll = view->verticalScrollBar()->value();

    QSignalSpy changed(model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(model, &QAbstractItemModel::modelReset);
    TestHttp http(m_server->url());
    QVERIFY(!http.login(QStringLiteral("manager"), QStringLiteral("manager")).isEmpty());
    const QJsonObject doc = *CachePeek(session->cachePath()).document(QStringLiteral("events"), id);
    QJsonObject fields = doc;
    fields.remove(QStringLiteral("_id"));
    fields.remove(QStringLiteral("version"));
    fields.remove(QStringLiteral("updatedAt"));
    fields.insert(QStringLiteral("title"), QStringLiteral("Changed on the server"));
    const HttpResult put = http.request("PUT",
                                        QStringLiteral("/api/events/") + id,
                                        QJsonDocument(fields).toJson(QJsonDocument::Compact),
                                        {{"Content-Type", "application/json"},
                                         {"If-Match", QByteArray::number(version)}});
    QCOMPARE(put.status, 200);

    QTRY_COMPARE_WITH_TIMEOUT(model->data(model->index(3, 0)).toString(),
                              QStringLiteral("Changed on the server"),
                              longWait);
    QCOMPARE(reset.size(), 0);
    QVERIFY(!changed.isEmpty());
    for (const auto &args : std::as_const(changed)) {
        QCOMPARE(args.at(0).toModelIndex().row(), 3);
        QCOMPARE(args.at(1).toModelIndex().row(), 3);
    }
    QVERIFY(view->selectionModel()->isRowSelected(3, {}));
    QCOMPARE(model->idAt(3), id);
    QCOMPARE(view->verticalScrollBar()->value(), scroll);

    // The window as staff see it, as a PNG.
    const QString png = m_state->filePath(QStringLiteral("main-window.png"));
    QVERIFY(session->mainWindow()->grab().save(png, "PNG"));
    QImage image(png);
    QVERIFY(!image.isNull());
    QVERIFY(image.width() > 400 && image.height() > 300);
}

void TestDesktopApp::firstDownloadSaysSoInTheEmptyTable()
{
    // The first full sync stages its rows and swaps them in at the end:
    // meanwhile the empty table says what is happening, and stops saying it
    // once the rows are in.
    auto session = startSession(QStringLiteral("manager"));
    QVERIFY(session);
    CollectionTab *tab = session->mainWindow()->tab(QStringLiteral("events"));
    QStringList shown;
    connect(session->sync(),
            &SyncController::fullSyncProgress,
            this,
            [&shown, tab](const QString &collection) {
                if (collection == QLatin1String("events") && tab->model()->rowCount() == 0)
                    shown.append(tab->placeholderText());
            });
    QVERIFY(waitLive(session.get()));
    QVERIFY(!shown.isEmpty());
    QVERIFY2(shown.first().startsWith(QLatin1String("Downloading Events")),
             qPrintable(shown.first()));
    QTRY_VERIFY(tab->model()->rowCount() > 0);
    QCOMPARE(tab->placeholderText(), QString());
}

void TestDesktopApp::logoutWipesTokenCursorsAndCache()
{
    auto session = startSession(QStringLiteral("manager"));
    QVERIFY(session);
    QVERIFY(waitLive(session.get()));
    CachePeek peek(session->cachePath());
    QTRY_VERIFY_WITH_TIMEOUT(peek.count(QStringLiteral("events")) > 0, longWait);
    QSettings *settings = session->settings();
    QTRY_VERIFY(!settings->value(QStringLiteral("auth/token")).toString().isEmpty());
    QVERIFY(!settings->value(QStringLiteral("sync/events/cursor")).toString().isEmpty());

    QSignalSpy loggedOut(session.get(), &DesktopSession::loggedOut);
    emit session->mainWindow()->logoutConfirmed(); // what "Yes" in the confirmation does
    QVERIFY(loggedOut.wait(longWait));
    settings->sync();
    QVERIFY(settings->value(QStringLiteral("auth/token")).toString().isEmpty());
    for (const QString &c : {QStringLiteral("events"),
                             QStringLiteral("users"),
                             QStringLiteral("clients"),
                             QStringLiteral("roles"),
                             QStringLiteral("tariffs")}) {
        QVERIFY(settings->value(QStringLiteral("sync/%1/cursor").arg(c)).toString().isEmpty());
        QCOMPARE(peek.count(c), 0);
    }
    QTRY_COMPARE(events(session.get())->rowCount(), 0);
    QTRY_VERIFY(session->loginDialog() && session->loginDialog()->isVisible());
    QVERIFY(!session->mainWindow()->newEventAction()->isVisible());
}

void TestDesktopApp::logoutWhileFullSyncEndsClean()
{
    auto session = startSession(QStringLiteral("manager"));
    QVERIFY(session);
    QVERIFY(waitLive(session.get()));
    // A full resync of the events in many small pages keeps the sync thread
    // busy; the logout comes while it stages them.
    session->sync()->setPageLimit(20);
    QSignalSpy progress(session->sync(), &SyncController::fullSyncProgress);
    QSignalSpy loggedOut(session.get(), &DesktopSession::loggedOut);
    session->sync()->resync(QStringLiteral("events"));
    QVERIFY(progress.wait(longWait));
    emit session->mainWindow()->logoutConfirmed();
    QVERIFY(loggedOut.wait(longWait));
    QTRY_VERIFY(session->loginDialog() && session->loginDialog()->isVisible());
    {
        CachePeek peek(session->cachePath());
        for (const QString &c : {QStringLiteral("events"),
                                 QStringLiteral("users"),
                                 QStringLiteral("clients"),
                                 QStringLiteral("roles"),
                                 QStringLiteral("tariffs")})
            QCOMPARE(peek.count(c), 0);
        // The aborted staging table goes with the fetcher.
        QTRY_VERIFY(peek.tables().filter(QStringLiteral("stage_")).isEmpty());
    }
    QSettings *settings = session->settings();
    settings->sync();
    QVERIFY(settings->value(QStringLiteral("auth/token")).toString().isEmpty());
    QVERIFY(settings->value(QStringLiteral("sync/events/cursor")).toString().isEmpty());
    QTRY_COMPARE(events(session.get())->rowCount(), 0);
    // Closing now ends both threads and removes their connections.
    session.reset();
    QCOMPARE(QSqlDatabase::connectionNames(), QStringList());
}

void TestDesktopApp::offlineStartShowsCachedRowsAndReconnects()
{
    qint64 cached = 0;
    {
        auto session = startSession(QStringLiteral("staff"));
        QVERIFY(session);
        QVERIFY(waitLive(session.get()));
        QTRY_VERIFY_WITH_TIMEOUT(events(session.get())->totalCount() > 0, longWait);
        cached = events(session.get())->totalCount();
    }
    const quint16 port = m_server->port();
    QVERIFY(m_server->stop());

    // Restart without login options: the stored token is used, the server is down.
    auto session = startSession(QString(), false);
    QVERIFY(session);
    CollectionModel *model = events(session.get());
    QTRY_VERIFY(model->rowCount() > 0); // read on the reader thread, no network needed
    QTRY_COMPARE(model->totalCount(), cached);
    SyncStatusBar *bar = session->mainWindow()->syncStatusBar();
    // A refused connection is a network error: Offline, said as such.
    QTRY_COMPARE_WITH_TIMEOUT(session->sync()->state(), SyncEngine::State::Offline, longWait);
    QVERIFY2(bar->ageText().startsWith(QLatin1String("Data from")), qPrintable(bar->ageText()));
    QTRY_VERIFY2(bar->stateText().startsWith(QLatin1String("Offline since")),
                 qPrintable(bar->stateText()));
    // A failed refresh leaves the table as it was: compared once the
    // refresh's rounds have failed, not before they could.
    const QString first = model->data(model->index(0, 0)).toString();
    QSignalSpy rounds(session->sync(), &SyncController::roundsFinished);
    session->mainWindow()->refreshAction()->trigger();
    QVERIFY(rounds.wait(longWait));
    QCOMPARE(rounds.last().at(0).toBool(), false);
    QCOMPARE(model->totalCount(), cached);
    QCOMPARE(model->data(model->index(0, 0)).toString(), first);

    // The server returns on the same port: the app reconnects by itself.
    QVERIFY(m_server->start({QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port)}));
    QVERIFY(waitLive(session.get()));
    QCOMPARE(bar->stateText(), QStringLiteral("Up to date"));
}

void TestDesktopApp::editorConflictOffersReloadOrOverwrite()
{
    auto session = startSession(QStringLiteral("manager"));
    QVERIFY(session);
    QVERIFY(waitLive(session.get()));
    MainWindow *window = session->mainWindow();
    QTRY_VERIFY(window->newEventAction()->isVisible());
    CollectionModel *model = events(session.get());
    QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() > 5, longWait);
    const QString id = model->idAt(5);
    window->tab(QStringLiteral("events"))->view()->selectRow(5);
    QSignalSpy shown(window, &MainWindow::editorShown);
    window->openEditor(id);
    QVERIFY(shown.wait(longWait)); // once the event is read from the cache
    QPointer<EventEditorDialog> editor = window->editor();
    QVERIFY(editor);

    // Empty title: a clear message, nothing sent.
    editor->titleEdit()->clear();
    editor->save();
    QVERIFY(editor->messageText().contains(QLatin1String("title")));

    // Someone else saves first.
    TestHttp http(m_server->url());
    QVERIFY(!http.login(QStringLiteral("admin"), QStringLiteral("admin")).isEmpty());
    QJsonObject theirs = *CachePeek(session->cachePath()).document(QStringLiteral("events"), id);
    const qint64 base = theirs.value(QStringLiteral("version")).toInteger();
    theirs.remove(QStringLiteral("_id"));
    theirs.remove(QStringLiteral("version"));
    theirs.remove(QStringLiteral("updatedAt"));
    theirs.insert(QStringLiteral("title"), QStringLiteral("Their title"));
    QCOMPARE(http.request("PUT",
                          QStringLiteral("/api/events/") + id,
                          QJsonDocument(theirs).toJson(QJsonDocument::Compact),
                          {{"Content-Type", "application/json"},
                           {"If-Match", QByteArray::number(base)}})
                 .status,
             200);

    QSignalSpy conflict(editor.data(), &EventEditorDialog::conflictDetected);
    editor->titleEdit()->setText(QStringLiteral("My title"));
    editor->save();
    QVERIFY(conflict.wait(longWait));
    QCOMPARE(editor->conflictDocument().value(QStringLiteral("title")).toString(),
             QStringLiteral("Their title"));
    QCOMPARE(editor->conflictDocument().value(QStringLiteral("version")).toInteger(), base + 1);

    // Reload puts their version in the form.
    editor->reloadFromServer();
    QCOMPARE(editor->titleEdit()->text(), QStringLiteral("Their title"));
    QCOMPARE(editor->baseVersion(), base + 1);

    // Another conflict, then overwrite: ours wins and arrives through the stream.
    theirs.insert(QStringLiteral("title"), QStringLiteral("Their second title"));
    QCOMPARE(http.request("PUT",
                          QStringLiteral("/api/events/") + id,
                          QJsonDocument(theirs).toJson(QJsonDocument::Compact),
                          {{"Content-Type", "application/json"},
                           {"If-Match", QByteArray::number(base + 1)}})
                 .status,
             200);
    editor->titleEdit()->setText(QStringLiteral("My title"));
    editor->save();
    QVERIFY(conflict.wait(longWait));
    QSignalSpy saved(editor.data(), &EventEditorDialog::saved);
    QSignalSpy rounds(session->sync(), &SyncController::roundFinished);
    editor->overwrite();
    QVERIFY2(saved.wait(longWait),
             qPrintable(editor ? editor->messageText() : QStringLiteral("closed")));
    const int row = model->rowOfId(id);
    QVERIFY(row >= 0);
    QTRY_COMPARE_WITH_TIMEOUT(model->data(model->index(row, 0)).toString(),
                              QStringLiteral("My title"),
                              longWait);
    QCOMPARE(rounds.size(), 0); // no resync after a write: the stream brought it
}

void TestDesktopApp::readOnlyUserHasNoEditor()
{
    auto session = startSession(QStringLiteral("staff"));
    QVERIFY(session);
    QVERIFY(waitLive(session.get()));
    MainWindow *window = session->mainWindow();
    QVERIFY(!window->canWriteEvents());
    QVERIFY(!window->newEventAction()->isVisible());
    QVERIFY(!window->editEventAction()->isVisible());
    QVERIFY(!window->deleteEventAction()->isVisible());
    // Nor their separator: never two side by side in the tool bar.
    const auto *bar = window->findChild<QToolBar *>(QStringLiteral("mainToolBar"));
    QVERIFY(bar);
    bool lastWasSeparator = false;
    for (const QAction *a : bar->actions()) {
        if (!a->isVisible())
            continue;
        QVERIFY2(!(a->isSeparator() && lastWasSeparator), "two separators side by side");
        lastWasSeparator = a->isSeparator();
    }
    window->openEditor({});
    QVERIFY(!window->editor());
}

QTEST_MAIN(TestDesktopApp)
#include "tst_desktopapp.moc"
