#include "apiclient.h"
#include "cachestore.h"
#include "scriptedserver.h"
#include "serverprocess.h"
#include "syncengine.h"
#include "syncstate.h"
#include "syncstats.h"
#include "testhttp.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

// The engine against the real deltadesk-server (demo data), plus a scripted
// server for the failure paths the real one does not produce on demand.
class TestSyncEngine : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void startGoesLiveAndFollowsWrites();
    void resyncReportsProgressAndKeepsRows();
    void unauthorizedClearsTokenAndCursors();
    void logoutWipes();
    void serverErrorsBackOffThenRecover();
    void backoffGrowsCappedWithJitterAndKeepsTheCursor();
    void unreadableStreamMessageBacksOffAndKeepsTheCache();
    void unreadablePagesBackOffAndKeepTheCache();
    void anotherDatabaseIdOnTheStreamResyncsInFull();

private:
    void makeEngine(const QUrl &url, const QByteArray &token);

    ServerProcess m_server;
    QByteArray m_adminToken;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<ApiClient> m_api;
    std::unique_ptr<CacheStore> m_cache;
    std::unique_ptr<SyncState> m_state;
    std::unique_ptr<SyncStats> m_stats;
    std::unique_ptr<SyncEngine> m_engine;
};

void TestSyncEngine::initTestCase()
{
    QVERIFY(m_server.start(
        {QStringLiteral("--demo"), QStringLiteral("--heartbeat-ms"), QStringLiteral("500")}));
    TestHttp http(m_server.url());
    m_adminToken = http.login(QStringLiteral("admin"), QStringLiteral("admin"));
    QVERIFY(!m_adminToken.isEmpty());
}

void TestSyncEngine::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
}

void TestSyncEngine::cleanup()
{
    m_engine.reset();
    m_stats.reset();
    m_state.reset();
    m_cache.reset();
    m_api.reset();
    m_settings.reset();
    m_dir.reset();
}

void TestSyncEngine::makeEngine(const QUrl &url, const QByteArray &token)
{
    m_settings = std::make_unique<QSettings>(m_dir->filePath(QStringLiteral("s.ini")),
                                             QSettings::IniFormat);
    m_api = std::make_unique<ApiClient>();
    m_api->setBaseUrl(url);
    m_api->setToken(token);
    m_cache = std::make_unique<CacheStore>();
    QVERIFY(m_cache->open(m_dir->filePath(QStringLiteral("c.sqlite"))));
    m_state = std::make_unique<SyncState>(m_settings.get());
    m_state->setToken(token);
    m_stats = std::make_unique<SyncStats>();
    m_engine
        = std::make_unique<SyncEngine>(m_api.get(), m_cache.get(), m_state.get(), m_stats.get());
    m_engine->setHeartbeatInterval(500);
    m_engine->setBackoff(20, 200);
}

void TestSyncEngine::startGoesLiveAndFollowsWrites()
{
    makeEngine(m_server.url(), m_adminToken);
    QSignalSpy states(m_engine.get(), &SyncEngine::stateChanged);
    QSignalSpy rounds(m_engine.get(), &SyncEngine::roundFinished);
    QSignalSpy applied(m_engine.get(), &SyncEngine::changesApplied);
    QVERIFY(states.isValid());
    m_engine->start();
    QTRY_COMPARE_WITH_TIMEOUT(m_engine->state(), SyncEngine::State::Live, 20000);
    QCOMPARE(rounds.count(), 5);
    QCOMPARE(states.first().at(0).value<SyncEngine::State>(), SyncEngine::State::Syncing);
    QCOMPARE(m_cache->count(QStringLiteral("events")), 1000);
    QCOMPARE(m_cache->count(QStringLiteral("clients")), 200);
    QVERIFY(m_engine->lastSynced().isValid());
    QVERIFY(!m_state->cursor(QStringLiteral("events")).isEmpty());

    TestHttp http(m_server.url());
    http.setToken(m_adminToken);
    const HttpResult created
        = http.postJson(QStringLiteral("/api/events"),
                        QJsonObject{{QStringLiteral("title"), QStringLiteral("engine test")},
                                    {QStringLiteral("startsAt"),
                                     QStringLiteral("2026-01-01T10:00:00.000Z")},
                                    {QStringLiteral("endsAt"),
                                     QStringLiteral("2026-01-01T11:00:00.000Z")},
                                    {QStringLiteral("status"), QStringLiteral("draft")}});
    QCOMPARE(created.status, 201);
    const QString id = created.json().value(QStringLiteral("_id")).toString();
    QTRY_VERIFY_WITH_TIMEOUT(m_cache->document(QStringLiteral("events"), id).has_value(), 10000);
    QVERIFY(!applied.isEmpty());
    QCOMPARE(applied.last().at(0).toString(), QStringLiteral("events"));
    // SyncState follows the cache within a second (settings writes are coalesced).
    QTRY_COMPARE_WITH_TIMEOUT(m_state->cursor(QStringLiteral("events")),
                              QString::fromLatin1(created.header("X-Sync-Cursor")),
                              5000);
    QCOMPARE(m_stats->totals().fullRounds, 5);
}

void TestSyncEngine::resyncReportsProgressAndKeepsRows()
{
    makeEngine(m_server.url(), m_adminToken);
    m_engine->setPageLimit(50);
    m_engine->start();
    QTRY_COMPARE_WITH_TIMEOUT(m_engine->state(), SyncEngine::State::Live, 20000);
    QSignalSpy progress(m_engine.get(), &SyncEngine::fullSyncProgress);
    QSignalSpy reset(m_cache.get(), &CacheStore::collectionReset);
    QSignalSpy changed(m_cache.get(), &CacheStore::documentsChanged);
    QSignalSpy rounds(m_engine.get(), &SyncEngine::roundsFinished);
    m_engine->resync(QStringLiteral("clients"));
    QVERIFY(rounds.wait(20000));
    QCOMPARE(rounds.first().at(0).toBool(), true);
    QVERIFY(progress.count() >= 4); // 200 clients in pages of 50
    QCOMPARE(progress.last().at(1).toLongLong(), 200);
    QCOMPARE(progress.last().at(3).toLongLong(), 200); // total from the server
    QCOMPARE(m_cache->count(QStringLiteral("clients")), 200);
    QCOMPARE(reset.count(), 0);
    QCOMPARE(changed.count(), 0); // same set: nothing to tell the views
    QTRY_COMPARE_WITH_TIMEOUT(m_engine->state(), SyncEngine::State::Live, 20000);
}

void TestSyncEngine::unauthorizedClearsTokenAndCursors()
{
    makeEngine(m_server.url(), m_adminToken);
    m_engine->setCollections({QStringLiteral("roles")});
    QSignalSpy rounds(m_engine.get(), &SyncEngine::roundsFinished);
    m_engine->syncOnce();
    QVERIFY(rounds.wait(20000));
    QCOMPARE(m_cache->count(QStringLiteral("roles")), 8);

    m_api->setToken("not-a-token");
    QSignalSpy login(m_engine.get(), &SyncEngine::loginRequired);
    m_engine->start();
    QVERIFY(login.wait(20000));
    QCOMPARE(m_engine->state(), SyncEngine::State::Error);
    QVERIFY(m_api->token().isEmpty());
    QVERIFY(m_state->token().isEmpty());
    QVERIFY(m_state->cursor(QStringLiteral("roles")).isEmpty());
    QCOMPARE(m_cache->count(QStringLiteral("roles")), 8); // the cache stays until a new full sync
}

void TestSyncEngine::logoutWipes()
{
    TestHttp http(m_server.url());
    const QByteArray token = http.login(QStringLiteral("staff"), QStringLiteral("staff"));
    QVERIFY(!token.isEmpty());
    makeEngine(m_server.url(), token);
    m_engine->setCollections({QStringLiteral("tariffs")});
    m_engine->start();
    QTRY_COMPARE_WITH_TIMEOUT(m_engine->state(), SyncEngine::State::Live, 20000);
    QCOMPARE(m_cache->count(QStringLiteral("tariffs")), 30);
    QSignalSpy out(m_engine.get(), &SyncEngine::loggedOut);
    m_engine->logout();
    QVERIFY(out.wait(10000));
    QCOMPARE(m_cache->count(QStringLiteral("tariffs")), 0);
    QVERIFY(m_state->cursor(QStringLiteral("tariffs")).isEmpty());
    QVERIFY(m_state->token().isEmpty());
    // The token was revoked on the server.
    http.setToken(token);
    QCOMPARE(http.get(QStringLiteral("/api/tariffs")).status, 401);
}

void TestSyncEngine::serverErrorsBackOffThenRecover()
{
    ScriptedServer fake;
    QVERIFY(fake.listen());
    int failuresLeft = 3;
    fake.setHandler([&failuresLeft](const ScriptedRequest &req, QTcpSocket *) {
        if (failuresLeft > 0) {
            --failuresLeft;
            return ScriptedResponse{503, R"({"error":"internal_error","message":"Busy."})"};
        }
        if (req.path == QLatin1String("/api/sync/stream")) {
            ScriptedResponse r;
            r.stream = true;
            return r;
        }
        return ScriptedResponse{
            200,
            R"({"roles":[{"_id":"r1","version":1}],"deleted":[],"cursor":"7","hasMore":false,)"
            R"("deltaSync":false,"serverTimestamp":"2025-01-15T10:30:00.000Z"})"};
    });
    makeEngine(QUrl(fake.baseUrl()), "tok");
    m_engine->setCollections({QStringLiteral("roles")});
    QSignalSpy states(m_engine.get(), &SyncEngine::stateChanged);
    QSignalSpy opened(&fake, &ScriptedServer::streamOpened);
    m_engine->start();
    QVERIFY(opened.wait(10000));
    fake.sendToStreams("event: connected\ndata: {\"type\":\"connected\",\"cursor\":\"7\"}\n\n");
    QTRY_COMPARE(m_engine->state(), SyncEngine::State::Live);
    QCOMPARE(failuresLeft, 0);
    int errors = 0;
    for (const auto &args : std::as_const(states))
        errors += args.at(0).value<SyncEngine::State>() == SyncEngine::State::Error ? 1 : 0;
    QVERIFY(errors >= 1);
    QCOMPARE(m_cache->count(QStringLiteral("roles")), 1);
    QCOMPARE(m_state->cursor(QStringLiteral("roles")), QStringLiteral("7"));
}

namespace {

// A document nested past what QJsonDocument reads (1024 levels), as one
// server stored before it checked depths: every page and stream frame that
// carries it is invalid data to the client.
QByteArray unreadableDocument()
{
    QByteArray nested = "1";
    for (int i = 0; i < 1100; ++i)
        nested = "[" + nested + "]";
    return R"({"_id":"r1","version":2,"deep":)" + nested + "}";
}

QByteArray rolesPage(const QByteArray &document, const char *cursor, bool full)
{
    return R"({"roles":[)" + document + R"(],"deleted":[],"cursor":")" + cursor
           + R"(","hasMore":false,"deltaSync":)" + (full ? "false" : "true")
           + R"(,"serverTimestamp":"2025-01-15T10:30:00.000Z"})";
}

// The smallest backoff step the schedule allows after the n-th failure in a
// row (min 20, max 200, jitter down to 50 %), less 10 % for timer slack.
int shortestStep(int failures)
{
    return int(0.45 * qMin(20 << qMin(failures - 1, 16), 200));
}

} // namespace

void TestSyncEngine::backoffGrowsCappedWithJitterAndKeepsTheCursor()
{
    // The schedule read from the engine's retry timer as each retry arrives
    // (the interval that led to it), not measured against a clock:
    // min * 2^(n-1), capped at max, each within 50-150 % of its step.
    ScriptedServer fake;
    QVERIFY(fake.listen());
    constexpr int failures = 7;
    bool failing = false;
    int failed = 0;
    QList<int> intervals;
    QStringList cursors;
    const QTimer *retry = nullptr;
    fake.setHandler([&](const ScriptedRequest &req, QTcpSocket *) {
        if (failing) {
            if (failed > 0)
                intervals << retry->interval();
            cursors << req.query.queryItemValue(QStringLiteral("cursor"));
            if (++failed == failures)
                failing = false;
            return ScriptedResponse{503, R"({"error":"internal_error","message":"Busy."})"};
        }
        const char *cursor = failed == failures ? "8" : "7";
        return ScriptedResponse{200,
                                QByteArray(R"({"roles":[{"_id":"r1","version":1}],"deleted":[],)")
                                    + R"("cursor":")" + cursor
                                    + R"(","hasMore":false,"deltaSync":true,)"
                                      R"("serverTimestamp":"2025-01-15T10:30:00.000Z"})"};
    });
    makeEngine(QUrl(fake.baseUrl()), "tok");
    m_engine->setCollections({QStringLiteral("roles")});
    m_engine->setLiveEnabled(false);
    retry = m_engine->findChild<QTimer *>(QStringLiteral("retry"));
    QVERIFY(retry);
    QSignalSpy rounds(m_engine.get(), &SyncEngine::roundsFinished);
    m_engine->syncOnce();
    QVERIFY(rounds.wait(10000));
    QCOMPARE(m_state->cursor(QStringLiteral("roles")), QStringLiteral("7"));

    failing = true;
    m_engine->start();
    QTRY_COMPARE_WITH_TIMEOUT(m_state->cursor(QStringLiteral("roles")), QStringLiteral("8"), 20000);
    QCOMPARE(intervals.size(), failures - 1);
    int exact = 0;
    for (int n = 1; n < failures; ++n) {
        const int step = qMin(20 << (n - 1), 200);
        const int interval = intervals.at(n - 1);
        QVERIFY2(interval >= step / 2 && interval <= step * 3 / 2,
                 qPrintable(QStringLiteral("retry %1: %2 ms for a step of %3")
                                .arg(n)
                                .arg(interval)
                                .arg(step)));
        exact += interval == step ? 1 : 0;
    }
    QVERIFY(exact < failures - 1); // jittered, not the bare steps
    // The cursor survived every failure: each retry asked from it.
    QCOMPARE(cursors, QStringList(failures, QStringLiteral("7")));
}

void TestSyncEngine::unreadableStreamMessageBacksOffAndKeepsTheCache()
{
    ScriptedServer fake;
    QVERIFY(fake.listen());
    bool broken = false;
    int streams = 0;
    QList<qint64> fullSyncs; // ms since start, of each full fetch after the break
    QElapsedTimer clock;
    clock.start();
    fake.setHandler([&](const ScriptedRequest &req, QTcpSocket *) {
        if (req.path == QLatin1String("/api/sync/stream")) {
            ++streams;
            ScriptedResponse r;
            r.stream = true;
            return r;
        }
        const bool full = !req.query.hasQueryItem(QStringLiteral("cursor"));
        if (!broken)
            return ScriptedResponse{200, rolesPage(R"({"_id":"r1","version":1})", "7", full)};
        if (full)
            fullSyncs.append(clock.elapsed());
        return ScriptedResponse{200, rolesPage(unreadableDocument(), "8", full)};
    });
    makeEngine(QUrl(fake.baseUrl()), "tok");
    m_engine->setCollections({QStringLiteral("roles")});
    QSignalSpy opened(&fake, &ScriptedServer::streamOpened);
    m_engine->start();
    QVERIFY(opened.wait(10000));
    fake.sendToStreams("event: connected\ndata: {\"type\":\"connected\",\"cursor\":\"7\"}\n\n");
    QTRY_COMPARE(m_engine->state(), SyncEngine::State::Live);
    const std::optional<QJsonObject> before = m_cache->document(QStringLiteral("roles"),
                                                                QStringLiteral("r1"));
    QVERIFY(before);

    // The change frame carries the unreadable document.
    broken = true;
    fake.sendToStreams("id: 8\nevent: change\ndata: {\"type\":\"change\",\"collection\":\"roles\","
                       "\"operationType\":\"update\",\"documentId\":\"r1\",\"fullDocument\":"
                       + unreadableDocument() + ",\"cursor\":\"8\"}\n\n");
    QTRY_COMPARE(m_engine->state(), SyncEngine::State::Error);
    // Said by the stream, then by the rounds that follow.
    QVERIFY2(m_engine->errorString().contains(QLatin1String("too deeply nested")),
             qPrintable(m_engine->errorString()));
    QCOMPARE(m_engine->lastError(), ApiError::InvalidData);
    // Then rounds, each after a longer wait: the delta finds the document
    // too and drops the cursor, so they are full syncs; never a tight loop
    // of reconnects or fetches.
    QTRY_VERIFY_WITH_TIMEOUT(fullSyncs.size() >= 5, 15000);
    QCOMPARE(streams, 1);
    for (int i = 1; i < fullSyncs.size(); ++i) {
        // The first full sync follows failures 1 (stream) and 2 (delta).
        const qint64 gap = fullSyncs.at(i) - fullSyncs.at(i - 1);
        QVERIFY2(gap >= shortestStep(i + 2),
                 qPrintable(QStringLiteral("gap %1: %2 ms").arg(i).arg(gap)));
    }
    // Between rounds it says so (the last fetch may still be in flight).
    QTRY_COMPARE(m_engine->state(), SyncEngine::State::Error);
    // The cache keeps what it had.
    QCOMPARE(m_cache->count(QStringLiteral("roles")), 1);
    QCOMPARE(m_cache->document(QStringLiteral("roles"), QStringLiteral("r1")), before);
}

void TestSyncEngine::unreadablePagesBackOffAndKeepTheCache()
{
    ScriptedServer fake;
    QVERIFY(fake.listen());
    bool broken = false;
    QList<qint64> fetches;
    QElapsedTimer clock;
    clock.start();
    fake.setHandler([&](const ScriptedRequest &req, QTcpSocket *) {
        if (broken)
            fetches.append(clock.elapsed());
        const bool full = !req.query.hasQueryItem(QStringLiteral("cursor"));
        return ScriptedResponse{200,
                                rolesPage(broken ? unreadableDocument()
                                                 : QByteArray(R"({"_id":"r1","version":1})"),
                                          "7",
                                          full)};
    });
    makeEngine(QUrl(fake.baseUrl()), "tok");
    m_engine->setCollections({QStringLiteral("roles")});
    QSignalSpy rounds(m_engine.get(), &SyncEngine::roundsFinished);
    m_engine->syncOnce();
    QVERIFY(rounds.wait(10000));
    QCOMPARE(m_cache->count(QStringLiteral("roles")), 1);
    const std::optional<QJsonObject> before = m_cache->document(QStringLiteral("roles"),
                                                                QStringLiteral("r1"));

    broken = true;
    m_engine->start();
    QTRY_VERIFY_WITH_TIMEOUT(fetches.size() >= 6, 15000);
    for (int i = 1; i < fetches.size(); ++i) {
        const qint64 gap = fetches.at(i) - fetches.at(i - 1);
        QVERIFY2(gap >= shortestStep(i),
                 qPrintable(QStringLiteral("gap %1: %2 ms").arg(i).arg(gap)));
    }
    // Between rounds it says so (the last fetch may still be in flight).
    QTRY_COMPARE(m_engine->state(), SyncEngine::State::Error);
    QVERIFY(!m_engine->errorString().isEmpty());
    QVERIFY(m_state->cursor(QStringLiteral("roles")).isEmpty()); // the next round is full
    QCOMPARE(m_cache->count(QStringLiteral("roles")), 1);
    QCOMPARE(m_cache->document(QStringLiteral("roles"), QStringLiteral("r1")), before);
}

void TestSyncEngine::anotherDatabaseIdOnTheStreamResyncsInFull()
{
    // Database "old" holds r1 at cursor 7; the server is then restored to
    // database "new", which holds r2 at cursor 3.
    ScriptedServer fake;
    QVERIFY(fake.listen());
    bool restored = false;
    int fullFetches = 0;
    fake.setHandler([&](const ScriptedRequest &req, QTcpSocket *) {
        if (req.path == QLatin1String("/api/sync/stream")) {
            ScriptedResponse r;
            r.stream = true;
            return r;
        }
        const bool full = !req.query.hasQueryItem(QStringLiteral("cursor"));
        if (restored && full)
            ++fullFetches;
        QByteArray page = restored ? rolesPage(R"({"_id":"r2","version":1})", "3", full)
                                   : rolesPage(R"({"_id":"r1","version":1})", "7", full);
        page.chop(1);
        page += restored ? R"(,"databaseId":"new"})" : R"(,"databaseId":"old"})";
        return ScriptedResponse{200, page};
    });
    makeEngine(QUrl(fake.baseUrl()), "tok");
    m_engine->setCollections({QStringLiteral("roles")});
    QSignalSpy opened(&fake, &ScriptedServer::streamOpened);
    QSignalSpy replaced(m_engine.get(), &SyncEngine::databaseReplaced);
    QVERIFY(replaced.isValid());
    m_engine->start();
    QVERIFY(opened.wait(10000));
    fake.sendToStreams("event: connected\ndata: {\"type\":\"connected\",\"cursor\":\"7\","
                       "\"databaseId\":\"old\"}\n\n");
    QTRY_COMPARE(m_engine->state(), SyncEngine::State::Live);
    QCOMPARE(m_state->databaseId(), QStringLiteral("old"));
    QCOMPARE(m_state->cursor(QStringLiteral("roles")), QStringLiteral("7"));

    // The stream comes back on the restored database; a change of it in
    // the same chunk is not applied on top of the old cursors: the cache
    // shows the old rows until the full set is in.
    QSignalSpy applied(m_engine.get(), &SyncEngine::changesApplied);
    restored = true;
    fake.sendToStreams("event: connected\ndata: {\"type\":\"connected\",\"cursor\":\"3\","
                       "\"databaseId\":\"new\"}\n\n"
                       "id: 8\nevent: change\ndata: {\"type\":\"change\",\"collection\":\"roles\","
                       "\"operationType\":\"insert\",\"documentId\":\"r9\",\"fullDocument\":"
                       "{\"_id\":\"r9\",\"version\":1},\"cursor\":\"8\"}\n\n");
    QTRY_COMPARE(replaced.count(), 1);
    QVERIFY(replaced.first().first().toString().contains(QLatin1String("restored or replaced")));
    QTRY_COMPARE(m_engine->state(), SyncEngine::State::Connecting);
    QCOMPARE(fullFetches, 1);
    QCOMPARE(m_state->databaseId(), QStringLiteral("new"));
    QCOMPARE(m_state->cursor(QStringLiteral("roles")), QStringLiteral("3"));
    QCOMPARE(m_cache->count(QStringLiteral("roles")), 1);
    QVERIFY(m_cache->document(QStringLiteral("roles"), QStringLiteral("r2")));
    QVERIFY(!m_cache->document(QStringLiteral("roles"), QStringLiteral("r9")));
    QCOMPARE(applied.count(), 0);
}

QTEST_GUILESS_MAIN(TestSyncEngine)
#include "tst_syncengine.moc"
