#include "apiclient.h"
#include "cachestore.h"
#include "scriptedserver.h"
#include "syncengine.h"
#include "syncstate.h"
#include "syncstats.h"

#include <QJsonArray>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

// Rules of docs/protocol.md that only the client can keep, each against a
// scripted server that says exactly what the rule is about: a `replace`
// change, `event: reset`, F5, 401/403 on a read, and the clock the client
// sends (never its own).
class TestSyncProtocolRules : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void replaceChangeReplacesTheWholeDocument();
    void resetRunsADeltaThenAFullSyncOn410();
    void refreshRunsADeltaAtOnce();
    void refusedReadClearsEveryCursor_data();
    void refusedReadClearsEveryCursor();
    void lastSyncIsTheServersOwnTimestamp();

private:
    void makeEngine(const QStringList &collections);
    // Started and live at cursor 7 with roles r1 {name: "first", extra: 1}.
    void goLive();

    std::unique_ptr<ScriptedServer> m_server; // a new one per test
    QList<ScriptedRequest> m_fetches;         // every request but the stream's
    std::function<ScriptedResponse(const ScriptedRequest &)> m_pages;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<ApiClient> m_api;
    std::unique_ptr<CacheStore> m_cache;
    std::unique_ptr<SyncState> m_state;
    std::unique_ptr<SyncStats> m_stats;
    std::unique_ptr<SyncEngine> m_engine;
};

namespace {

QByteArray page(const char *collection,
                const QByteArray &documents,
                const char *cursor,
                bool full,
                const char *serverTimestamp = "2025-01-15T10:30:00.000Z")
{
    return QByteArray("{\"") + collection + "\":[" + documents + R"(],"deleted":[],)"
           + (cursor ? QByteArray(R"("cursor":")") + cursor + "\"," : QByteArray())
           + R"("hasMore":false,"deltaSync":)" + (full ? "false" : "true")
           + R"(,"serverTimestamp":")" + serverTimestamp + "\"}";
}

const QByteArray firstRole = R"({"_id":"r1","version":1,"name":"first","extra":1})";

} // namespace

void TestSyncProtocolRules::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_fetches.clear();
    m_server = std::make_unique<ScriptedServer>();
    m_pages = [](const ScriptedRequest &req) {
        const bool full = !req.query.hasQueryItem(QStringLiteral("cursor"));
        const QString collection = req.path.mid(int(qstrlen("/api/")));
        if (collection == QLatin1String("roles"))
            return ScriptedResponse{200, page("roles", full ? firstRole : QByteArray(), "7", full)};
        return ScriptedResponse{200,
                                page(qPrintable(collection),
                                     full ? R"({"_id":"t1","version":1})" : "",
                                     "7",
                                     full)};
    };
    QVERIFY(m_server->listen());
    m_server->setHandler([this](const ScriptedRequest &req, QTcpSocket *) {
        if (req.path == QLatin1String("/api/sync/stream")) {
            ScriptedResponse r;
            r.stream = true;
            return r;
        }
        m_fetches.append(req);
        return m_pages(req);
    });
}

void TestSyncProtocolRules::cleanup()
{
    m_engine.reset();
    m_stats.reset();
    m_state.reset();
    m_cache.reset();
    m_api.reset();
    m_settings.reset();
    m_dir.reset();
    m_server.reset();
}

void TestSyncProtocolRules::makeEngine(const QStringList &collections)
{
    m_settings = std::make_unique<QSettings>(m_dir->filePath(QStringLiteral("s.ini")),
                                             QSettings::IniFormat);
    m_api = std::make_unique<ApiClient>();
    m_api->setBaseUrl(QUrl(m_server->baseUrl()));
    m_api->setToken("tok");
    m_cache = std::make_unique<CacheStore>();
    QVERIFY(m_cache->open(m_dir->filePath(QStringLiteral("c.sqlite"))));
    m_state = std::make_unique<SyncState>(m_settings.get());
    m_state->setToken("tok");
    m_stats = std::make_unique<SyncStats>();
    m_engine
        = std::make_unique<SyncEngine>(m_api.get(), m_cache.get(), m_state.get(), m_stats.get());
    m_engine->setCollections(collections);
    m_engine->setHeartbeatInterval(60000); // no heartbeat timeouts in these tests
    m_engine->setBackoff(20, 200);
}

void TestSyncProtocolRules::goLive()
{
    QSignalSpy opened(m_server.get(), &ScriptedServer::streamOpened);
    m_engine->start();
    QVERIFY(opened.wait(10000));
    m_server->sendToStreams(
        "event: connected\ndata: {\"type\":\"connected\",\"cursor\":\"7\"}\n\n");
    QTRY_COMPARE(m_engine->state(), SyncEngine::State::Live);
    QCOMPARE(m_state->cursor(QStringLiteral("roles")), QStringLiteral("7"));
}

void TestSyncProtocolRules::replaceChangeReplacesTheWholeDocument()
{
    makeEngine({QStringLiteral("roles")});
    goLive();
    QCOMPARE(m_cache->document(QStringLiteral("roles"), QStringLiteral("r1"))
                 ->value(QStringLiteral("extra"))
                 .toInt(),
             1);
    // MongoDB's `replace`: the document is the whole new one, `extra` gone.
    m_server->sendToStreams(
        "id: 8\nevent: change\ndata: {\"type\":\"change\",\"collection\":\"roles\","
        "\"operationType\":\"replace\",\"documentId\":\"r1\",\"fullDocument\":"
        "{\"_id\":\"r1\",\"version\":2,\"name\":\"second\"},\"cursor\":\"8\"}\n\n");
    QTRY_COMPARE(m_state->cursor(QStringLiteral("roles")), QStringLiteral("8"));
    const std::optional<QJsonObject> doc = m_cache->document(QStringLiteral("roles"),
                                                             QStringLiteral("r1"));
    QVERIFY(doc);
    QCOMPARE(doc->value(QStringLiteral("name")).toString(), QStringLiteral("second"));
    QCOMPARE(doc->value(QStringLiteral("version")).toInt(), 2);
    QVERIFY(!doc->contains(QStringLiteral("extra")));
    QCOMPARE(m_cache->count(QStringLiteral("roles")), 1);
}

void TestSyncProtocolRules::resetRunsADeltaThenAFullSyncOn410()
{
    makeEngine({QStringLiteral("roles")});
    goLive();
    m_fetches.clear();
    m_pages = [](const ScriptedRequest &req) {
        if (req.query.hasQueryItem(QStringLiteral("cursor")))
            return ScriptedResponse{410, R"({"error":"cursor_expired","message":"Too old."})"};
        return ScriptedResponse{200,
                                page("roles", R"({"_id":"r2","version":1,"name":"new"})", "9", true)};
    };
    QSignalSpy rounds(m_engine.get(), &SyncEngine::roundsFinished);
    m_server->sendToStreams(
        "event: reset\ndata: {\"type\":\"reset\",\"reason\":\"cursor_expired\"}\n\n");
    QVERIFY(rounds.wait(10000));
    // First the delta from the kept cursor, then, told 410, a full sync.
    QCOMPARE(m_fetches.size(), 2);
    QCOMPARE(m_fetches.at(0).query.queryItemValue(QStringLiteral("cursor")), QStringLiteral("7"));
    QVERIFY(!m_fetches.at(1).query.hasQueryItem(QStringLiteral("cursor")));
    QVERIFY(!m_fetches.at(1).query.hasQueryItem(QStringLiteral("lastSync")));
    QCOMPARE(m_state->cursor(QStringLiteral("roles")), QStringLiteral("9"));
    // The full sync replaced the collection: r1 is gone, r2 is there.
    QVERIFY(!m_cache->document(QStringLiteral("roles"), QStringLiteral("r1")));
    QVERIFY(m_cache->document(QStringLiteral("roles"), QStringLiteral("r2")));
}

void TestSyncProtocolRules::refreshRunsADeltaAtOnce()
{
    makeEngine({QStringLiteral("roles"), QStringLiteral("tariffs")});
    goLive();
    m_fetches.clear();
    m_engine->refresh();
    // Asked at once, one delta per collection from its cursor: no timer,
    // no full sync.
    QTRY_COMPARE_WITH_TIMEOUT(m_fetches.size(), 2, 5000);
    QSet<QString> paths;
    for (const ScriptedRequest &req : std::as_const(m_fetches)) {
        paths.insert(req.path);
        QCOMPARE(req.query.queryItemValue(QStringLiteral("cursor")), QStringLiteral("7"));
    }
    QCOMPARE(paths, (QSet<QString>{QStringLiteral("/api/roles"), QStringLiteral("/api/tariffs")}));
}

void TestSyncProtocolRules::refusedReadClearsEveryCursor_data()
{
    QTest::addColumn<int>("status");
    QTest::newRow("401") << 401;
    QTest::newRow("403") << 403;
}

void TestSyncProtocolRules::refusedReadClearsEveryCursor()
{
    QFETCH(int, status);
    makeEngine({QStringLiteral("roles"), QStringLiteral("tariffs")});
    goLive();
    QCOMPARE(m_state->cursor(QStringLiteral("tariffs")), QStringLiteral("7"));
    // Only the roles read is refused; the tariffs cursor goes too.
    m_pages = [status, pages = m_pages](const ScriptedRequest &req) {
        if (req.path == QLatin1String("/api/roles"))
            return ScriptedResponse{status,
                                    status == 401
                                        ? QByteArray(R"({"error":"unauthorized","message":"x"})")
                                        : QByteArray(R"({"error":"forbidden","message":"x"})")};
        return pages(req);
    };
    QSignalSpy login(m_engine.get(), &SyncEngine::loginRequired);
    m_engine->refresh();
    QVERIFY(login.wait(10000));
    QVERIFY(m_state->token().isEmpty());
    QVERIFY(m_api->token().isEmpty());
    QVERIFY(m_state->cursor(QStringLiteral("roles")).isEmpty());
    QVERIFY(m_state->cursor(QStringLiteral("tariffs")).isEmpty());
    QCOMPARE(m_cache->count(QStringLiteral("roles")), 1); // shown until the next full sync
}

void TestSyncProtocolRules::lastSyncIsTheServersOwnTimestamp()
{
    // The original design's server: no cursor, only serverTimestamp, in a
    // year the client's clock is not in.
    m_pages = [](const ScriptedRequest &req) {
        const bool full = !req.query.hasQueryItem(QStringLiteral("lastSync"));
        return ScriptedResponse{200,
                                page("roles",
                                     full ? firstRole : QByteArray(),
                                     nullptr,
                                     full,
                                     full ? "2031-05-06T07:08:09.123Z"
                                          : "2031-05-06T07:09:00.000Z")};
    };
    makeEngine({QStringLiteral("roles")});
    m_engine->setLiveEnabled(false);
    QSignalSpy rounds(m_engine.get(), &SyncEngine::roundsFinished);
    m_engine->syncOnce();
    QVERIFY(rounds.wait(10000));
    m_engine->syncOnce();
    QVERIFY(rounds.wait(10000));
    m_engine->syncOnce();
    QVERIFY(rounds.wait(10000));
    QCOMPARE(m_fetches.size(), 3);
    QVERIFY(!m_fetches.at(0).query.hasQueryItem(QStringLiteral("lastSync")));
    // Each delta asks from what the server said last, to the character.
    QCOMPARE(m_fetches.at(1).query.queryItemValue(QStringLiteral("lastSync")),
             QStringLiteral("2031-05-06T07:08:09.123Z"));
    QCOMPARE(m_fetches.at(2).query.queryItemValue(QStringLiteral("lastSync")),
             QStringLiteral("2031-05-06T07:09:00.000Z"));
    for (const ScriptedRequest &req : std::as_const(m_fetches))
        QVERIFY(!req.query.hasQueryItem(QStringLiteral("cursor")));
}

QTEST_GUILESS_MAIN(TestSyncProtocolRules)
#include "tst_syncprotocolrules.moc"
