// Delta fetch of the real deltadesk-server: full sync, cursor and legacy
// lastSync deltas, paging under concurrent writes, bad parameters, gzip,
// routing errors, and the plan of the delta query.

#include "servertestutil.h"

#include "gzip.h"
#include "postgreschangelogstore.h"
#include "protocol.h"
#include "sqlitechangelogstore.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace ServerTest;

class TestServerDelta : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void fullSyncHasTheOriginalShape();
    void legacyLastSyncIsADelta();
    void pagesCoverTheCollectionOnce();
    void cursorDeltaHasOnlyLaterWrites();
    void pageCursorIsItsLastItemsSeq();
    void pagingWhileAnotherConnectionWritesEndsWithServerState();
    void badParametersGet400_data();
    void badParametersGet400();
    void gzipDecodesToTheSameJson();
    void serverTimingNamesStoreAndGzipTime_data();
    void serverTimingNamesStoreAndGzipTime();
    void unknownRoutesAndMethods_data();
    void unknownRoutesAndMethods();
    void deltaQueryUsesTheSeqIndex();

private:
    ServerProcess m_server;
    std::unique_ptr<TestHttp> m_http;
    std::unique_ptr<TestHttp> m_writer;
};

void TestServerDelta::initTestCase()
{
    QVERIFY2(m_server.start({QStringLiteral("--demo")}), m_server.standardError().constData());
    m_http = std::make_unique<TestHttp>(m_server.url());
    QVERIFY(!m_http->login(QStringLiteral("staff"), QStringLiteral("staff")).isEmpty());
    m_writer = std::make_unique<TestHttp>(m_server.url());
    QVERIFY(!m_writer->login(QStringLiteral("manager"), QStringLiteral("manager")).isEmpty());
}

void TestServerDelta::fullSyncHasTheOriginalShape()
{
    // Without a token /health says only that the server is up and which
    // database it serves; with one it also gives the head.
    const HttpResult health = m_http->get(QStringLiteral("/health"), {{"Authorization", ""}});
    QCOMPARE(health.status, 200);
    QCOMPARE(health.json().value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
    QCOMPARE(health.json().keys(),
             (QStringList{QStringLiteral("databaseId"), QStringLiteral("status")}));
    const HttpResult detailed = m_http->get(QStringLiteral("/health"));
    QCOMPARE(detailed.json().value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
    const qint64 head = detailed.json().value(QStringLiteral("cursor")).toString().toLongLong();
    QVERIFY(head >= 1288);
    const HttpResult r = m_http->get(QStringLiteral("/api/clients"));
    QCOMPARE(r.status, 200);
    const QJsonObject page = r.json();
    QCOMPARE(page.value(QStringLiteral("deltaSync")).toBool(true), false);
    QCOMPARE(page.value(QStringLiteral("hasMore")).toBool(true), false);
    QCOMPARE(page.value(QStringLiteral("clients")).toArray().size(), 200);
    QCOMPARE(page.value(QStringLiteral("total")).toInt(), 200);
    QVERIFY(page.value(QStringLiteral("deleted")).isArray());
    QCOMPARE(page.value(QStringLiteral("cursor")).toString().toLongLong(), head);
    QVERIFY(Protocol::parseTimestamp(page.value(QStringLiteral("serverTimestamp")).toString()));
    const QJsonObject first = page.value(QStringLiteral("clients")).toArray().first().toObject();
    QVERIFY(!first.value(QStringLiteral("_id")).toString().isEmpty());
    QCOMPARE(first.value(QStringLiteral("version")).toInt(), 1);
    QVERIFY(Protocol::parseTimestamp(first.value(QStringLiteral("updatedAt")).toString()));
    for (const char *field : {"name", "company", "email", "phone"})
        QVERIFY2(first.contains(QLatin1String(field)), field);

    // Demo proportions and cross references.
    QMap<QString, QJsonObject> events, clients, tariffs, roles, users;
    QString c1, c2, c3, c4, c5;
    QVERIFY(syncAll(*m_http, QStringLiteral("events"), &c1, &events, 10000));
    QVERIFY(syncAll(*m_http, QStringLiteral("clients"), &c2, &clients, 10000));
    QVERIFY(syncAll(*m_http, QStringLiteral("tariffs"), &c3, &tariffs, 10000));
    QVERIFY(syncAll(*m_http, QStringLiteral("roles"), &c4, &roles, 10000));
    QVERIFY(syncAll(*m_http, QStringLiteral("users"), &c5, &users, 10000));
    QVERIFY(events.size() >= 1000);
    QCOMPARE(tariffs.size(), 30);
    QCOMPARE(roles.size(), 8);
    QCOMPARE(users.size(), 50);
    qint64 bytes = 0;
    for (const QJsonObject &e : std::as_const(events)) {
        QVERIFY(clients.contains(e.value(QStringLiteral("clientId")).toString()));
        QVERIFY(tariffs.contains(e.value(QStringLiteral("tariffId")).toString()));
        bytes += QJsonDocument(e).toJson(QJsonDocument::Compact).size();
    }
    QVERIFY2(bytes / events.size() > 3500, qPrintable(QString::number(bytes / events.size())));
    for (const QJsonObject &u : std::as_const(users))
        QVERIFY(roles.contains(u.value(QStringLiteral("roleId")).toString()));
}

void TestServerDelta::legacyLastSyncIsADelta()
{
    const HttpResult old = m_http->get(
        QStringLiteral("/api/roles?lastSync=2024-01-01T00:00:00.000Z"));
    QCOMPARE(old.status, 200);
    QCOMPARE(old.json().value(QStringLiteral("deltaSync")).toBool(), true);
    QCOMPARE(old.json().value(QStringLiteral("roles")).toArray().size(), 8);

    const QString now = old.json().value(QStringLiteral("serverTimestamp")).toString();
    const HttpResult none = m_http->get(QStringLiteral("/api/roles?lastSync=") + now);
    QCOMPARE(none.status, 200);
    QCOMPARE(none.json().value(QStringLiteral("roles")).toArray().size(), 0);
    QCOMPARE(none.json().value(QStringLiteral("deltaSync")).toBool(), true);
}

void TestServerDelta::pagesCoverTheCollectionOnce()
{
    QString cursor;
    QMap<QString, QJsonObject> state;
    int pages = 0;
    QSet<QString> seen;
    for (int guard = 0; guard < 100; ++guard) {
        QString path = QStringLiteral("/api/clients?limit=30");
        if (!cursor.isEmpty())
            path += QStringLiteral("&cursor=") + cursor;
        const QJsonObject page = m_http->get(path).json();
        ++pages;
        QCOMPARE(page.value(QStringLiteral("total")).toInt(), 200);
        qint64 lastSeq = cursor.toLongLong();
        for (const QJsonValue &v : page.value(QStringLiteral("clients")).toArray()) {
            const QString id = v.toObject().value(QStringLiteral("_id")).toString();
            QVERIFY2(!seen.contains(id), qPrintable(id));
            seen.insert(id);
        }
        const qint64 next = page.value(QStringLiteral("cursor")).toString().toLongLong();
        QVERIFY(next > lastSeq);
        cursor = page.value(QStringLiteral("cursor")).toString();
        if (!page.value(QStringLiteral("hasMore")).toBool())
            break;
    }
    QCOMPARE(seen.size(), 200);
    QCOMPARE(pages, 7);
}

void TestServerDelta::cursorDeltaHasOnlyLaterWrites()
{
    const qint64 start = headCursor(*m_http);
    const HttpResult created = m_writer->postJson(QStringLiteral("/api/events"), eventBody());
    QCOMPARE(created.status, 201);
    const QString newId = created.json().value(QStringLiteral("_id")).toString();
    const HttpResult e5 = m_writer->request("PUT",
                                            QStringLiteral("/api/events/e-5"),
                                            R"({"title":"Renamed"})");
    QCOMPARE(e5.status, 200);
    QCOMPARE(m_writer->request("DELETE", QStringLiteral("/api/events/e-6")).status, 204);

    const HttpResult r = m_http->get(QStringLiteral("/api/events?cursor=%1").arg(start));
    QCOMPARE(r.status, 200);
    const QJsonObject page = r.json();
    QCOMPARE(page.value(QStringLiteral("deltaSync")).toBool(), true);
    const QJsonArray docs = page.value(QStringLiteral("events")).toArray();
    QCOMPARE(docs.size(), 2);
    QCOMPARE(docs.at(0).toObject().value(QStringLiteral("_id")).toString(), newId);
    QCOMPARE(docs.at(1).toObject().value(QStringLiteral("title")).toString(),
             QStringLiteral("Renamed"));
    QCOMPARE(page.value(QStringLiteral("deleted")).toArray(), QJsonArray{QStringLiteral("e-6")});
    QCOMPARE(page.value(QStringLiteral("cursor")).toString().toLongLong(), start + 3);

    // The default page is 1000 items: the change log of events now holds
    // 1001 (1000 seeded + 1 created, one of them a tombstone).
    const QJsonObject first = m_http->get(QStringLiteral("/api/events")).json();
    QCOMPARE(first.value(QStringLiteral("events")).toArray().size()
                 + first.value(QStringLiteral("deleted")).toArray().size(),
             Protocol::defaultPageLimit);
    QCOMPARE(first.value(QStringLiteral("hasMore")).toBool(), true);
    QCOMPARE(first.value(QStringLiteral("deltaSync")).toBool(true), false);

    // At the head: nothing, same cursor.
    const QJsonObject empty
        = m_http->get(QStringLiteral("/api/events?cursor=%1").arg(start + 3)).json();
    QCOMPARE(empty.value(QStringLiteral("events")).toArray().size(), 0);
    QCOMPARE(empty.value(QStringLiteral("cursor")).toString().toLongLong(), start + 3);
}

void TestServerDelta::pageCursorIsItsLastItemsSeq()
{
    // docs/protocol.md: while hasMore, the cursor is the seq of the page's
    // last item; on the last page, the head when it was read.
    const qint64 start = headCursor(*m_writer);
    QList<qint64> seqs;
    QStringList ids;
    for (int i = 0; i < 5; ++i) {
        const HttpResult r = m_writer->postJson(QStringLiteral("/api/events"), eventBody());
        QCOMPARE(r.status, 201);
        seqs << r.header("X-Sync-Cursor").toLongLong();
        ids << r.json().value(QStringLiteral("_id")).toString();
    }
    QCOMPARE(seqs.last(), start + 5);
    QString cursor = QString::number(start);
    for (int page = 0; page < 2; ++page) {
        const QJsonObject body
            = m_http->get(QStringLiteral("/api/events?cursor=%1&limit=2").arg(cursor)).json();
        QVERIFY(body.value(QStringLiteral("hasMore")).toBool());
        const QJsonArray items = body.value(QStringLiteral("events")).toArray();
        QCOMPARE(items.size(), 2);
        QCOMPARE(items.last().toObject().value(QStringLiteral("_id")).toString(),
                 ids.at(page * 2 + 1));
        cursor = body.value(QStringLiteral("cursor")).toString();
        QCOMPARE(cursor.toLongLong(), seqs.at(page * 2 + 1));
    }
    const QJsonObject last
        = m_http->get(QStringLiteral("/api/events?cursor=%1&limit=2").arg(cursor)).json();
    QVERIFY(!last.value(QStringLiteral("hasMore")).toBool());
    QCOMPARE(last.value(QStringLiteral("events")).toArray().size(), 1);
    QCOMPARE(last.value(QStringLiteral("cursor")).toString().toLongLong(), headCursor(*m_writer));
}

void TestServerDelta::pagingWhileAnotherConnectionWritesEndsWithServerState()
{
    QString cursor;
    QMap<QString, QJsonObject> state;
    int round = 0;
    QStringList created;
    for (int guard = 0; guard < 1000; ++guard) {
        QString path = QStringLiteral("/api/events?limit=97");
        if (!cursor.isEmpty())
            path += QStringLiteral("&cursor=") + cursor;
        const HttpResult r = m_http->get(path);
        QCOMPARE(r.status, 200);
        const QJsonObject page = r.json();
        for (const QJsonValue &v : page.value(QStringLiteral("events")).toArray())
            state.insert(v.toObject().value(QStringLiteral("_id")).toString(), v.toObject());
        for (const QJsonValue &v : page.value(QStringLiteral("deleted")).toArray())
            state.remove(v.toString());
        cursor = page.value(QStringLiteral("cursor")).toString();
        if (!page.value(QStringLiteral("hasMore")).toBool())
            break;
        // Between pages: edit one already delivered, one not yet, delete one
        // of each, and create one.
        ++round;
        const QString early = QStringLiteral("/api/events/e-%1").arg(10 + round);
        const QString late = QStringLiteral("/api/events/e-%1").arg(990 - round);
        QCOMPARE(m_writer->request("PUT", early, R"({"status":"cancelled"})").status, 200);
        QCOMPARE(m_writer->request("PUT", late, R"({"location":"Moved"})").status, 200);
        QCOMPARE(m_writer->request("DELETE", QStringLiteral("/api/events/e-%1").arg(100 + round))
                     .status,
                 204);
        QCOMPARE(m_writer->request("DELETE", QStringLiteral("/api/events/e-%1").arg(900 - round))
                     .status,
                 204);
        const HttpResult c = m_writer->postJson(QStringLiteral("/api/events"), eventBody());
        QCOMPARE(c.status, 201);
        created << c.json().value(QStringLiteral("_id")).toString();
    }
    QVERIFY(round >= 9);

    QMap<QString, QJsonObject> truth;
    QString fresh;
    QVERIFY(syncAll(*m_http, QStringLiteral("events"), &fresh, &truth, 10000));
    QCOMPARE(state.size(), truth.size());
    QCOMPARE(state.keys(), truth.keys());
    for (auto it = truth.cbegin(); it != truth.cend(); ++it)
        QCOMPARE(state.value(it.key()), it.value());
    for (const QString &id : std::as_const(created))
        QVERIFY(state.contains(id));
}

void TestServerDelta::badParametersGet400_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("unknown collection") << "/api/invoices";
    QTest::newRow("cursor text") << "/api/events?cursor=abc";
    QTest::newRow("cursor negative") << "/api/events?cursor=-1";
    QTest::newRow("cursor empty") << "/api/events?cursor=";
    QTest::newRow("limit zero") << "/api/events?limit=0";
    QTest::newRow("limit too big") << "/api/events?limit=10001";
    QTest::newRow("limit text") << "/api/events?limit=ten";
    QTest::newRow("lastSync text") << "/api/events?lastSync=yesterday";
    QTest::newRow("lastSync hour only") << "/api/events?lastSync=2024-01-01T10";
    QTest::newRow("lastSync bad month") << "/api/events?lastSync=2024-13-01T00:00:00.000Z";
}

void TestServerDelta::badParametersGet400()
{
    QFETCH(QString, path);
    const qint64 before = headCursor(*m_http);
    const HttpResult r = m_http->get(path);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.json().value(QStringLiteral("error")).toString(), QStringLiteral("bad_request"));
    QVERIFY(!r.json().value(QStringLiteral("message")).toString().isEmpty());
    QCOMPARE(headCursor(*m_http), before);
}

void TestServerDelta::gzipDecodesToTheSameJson()
{
    const QString path = QStringLiteral("/api/events?limit=300");
    const HttpResult plain = m_http->get(path, {{"Accept-Encoding", "identity"}});
    const HttpResult packed = m_http->get(path, {{"Accept-Encoding", "gzip, deflate"}});
    QCOMPARE(plain.status, 200);
    QCOMPARE(packed.status, 200);
    QVERIFY(plain.header("Content-Encoding").isEmpty());
    QCOMPARE(packed.header("Content-Encoding"), QByteArray("gzip"));
    QVERIFY(packed.body.size() * 3 < plain.body.size());
    const std::optional<std::string> unpacked = Gzip::decompress(packed.body.toStdString());
    QVERIFY(unpacked);
    QJsonObject a = plain.json();
    QJsonObject b = QJsonDocument::fromJson(QByteArray::fromStdString(*unpacked)).object();
    a.remove(QStringLiteral("serverTimestamp"));
    b.remove(QStringLiteral("serverTimestamp"));
    QCOMPARE(b, a);
    // Errors are JSON either way.
    const HttpResult error = m_http->get(QStringLiteral("/api/events?limit=0"),
                                         {{"Accept-Encoding", "gzip"}});
    QCOMPARE(error.status, 400);
}

void TestServerDelta::serverTimingNamesStoreAndGzipTime_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("encoding");
    QTest::addColumn<bool>("gzipTimed");
    // A few events gzip on the store thread, 300 (> 64 KiB) on the
    // compression thread; both report it.
    QTest::newRow("plain") << QStringLiteral("/api/events?limit=5") << QByteArray("identity")
                           << false;
    QTest::newRow("small gzip") << QStringLiteral("/api/events?limit=5") << QByteArray("gzip")
                                << true;
    QTest::newRow("large gzip") << QStringLiteral("/api/events?limit=300") << QByteArray("gzip")
                                << true;
    QTest::newRow("cursor delta") << QStringLiteral("/api/events?cursor=1") << QByteArray("gzip")
                                  << true;
}

void TestServerDelta::serverTimingNamesStoreAndGzipTime()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, encoding);
    QFETCH(bool, gzipTimed);
    const HttpResult r = m_http->get(path, {{"Accept-Encoding", encoding}});
    QCOMPARE(r.status, 200);
    const QByteArray timing = r.header("Server-Timing");
    const QList<QByteArray> metrics = timing.split(',');
    QCOMPARE(metrics.size(), gzipTimed ? 2 : 1);
    const char *names[] = {"store;dur=", "gzip;dur="};
    for (int i = 0; i < metrics.size(); ++i) {
        const QByteArray metric = metrics.at(i).trimmed();
        QVERIFY2(metric.startsWith(names[i]), timing.constData());
        bool ok = false;
        QVERIFY(metric.mid(qstrlen(names[i])).toDouble(&ok) >= 0);
        QVERIFY2(ok, timing.constData());
    }
    QCOMPARE(r.header("Content-Encoding").isEmpty(), !gzipTimed);
}

void TestServerDelta::unknownRoutesAndMethods_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("status");
    // Allow names only the methods that would succeed there, never one
    // that is itself refused with 405.
    QTest::addColumn<QByteArray>("allow");
    QTest::newRow("unknown root") << QByteArray("GET") << "/nothing-here" << 404 << QByteArray();
    QTest::newRow("deep path") << QByteArray("GET") << "/api/events/e-1/history" << 404
                               << QByteArray();
    QTest::newRow("health post") << QByteArray("POST") << "/health" << 405 << QByteArray("GET");
    QTest::newRow("login get") << QByteArray("GET") << "/api/auth/login" << 405
                               << QByteArray("POST");
    QTest::newRow("stream post") << QByteArray("POST") << "/api/sync/stream" << 405 << QByteArray();
    QTest::newRow("patch event") << QByteArray("PATCH") << "/api/events/e-1" << 405
                                 << QByteArray("PUT, DELETE");
    QTest::newRow("get event") << QByteArray("GET") << "/api/events/e-1" << 405
                               << QByteArray("PUT, DELETE");
    QTest::newRow("options events")
        << QByteArray("OPTIONS") << "/api/events" << 405 << QByteArray("GET, POST");
    QTest::newRow("post clients") << QByteArray("POST") << "/api/clients" << 405
                                  << QByteArray("GET");
    QTest::newRow("delete tariff")
        << QByteArray("DELETE") << "/api/tariffs/t-1" << 405 << QByteArray("GET");
}

void TestServerDelta::unknownRoutesAndMethods()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(int, status);
    QFETCH(QByteArray, allow);
    const qint64 before = headCursor(*m_http);
    const HttpResult r = m_http->request(method,
                                         path,
                                         method == "GET" || method == "OPTIONS" ? QByteArray()
                                                                                : "{}");
    QCOMPARE(r.status, status);
    QVERIFY(!r.json().value(QStringLiteral("error")).toString().isEmpty());
    QVERIFY(!r.json().value(QStringLiteral("message")).toString().isEmpty());
    if (!allow.isEmpty())
        QCOMPARE(r.header("Allow"), allow);
    QCOMPARE(headCursor(*m_http), before);
}

void TestServerDelta::deltaQueryUsesTheSeqIndex()
{
    if (ServerProcess::usesPostgres()) {
        // The server's own database, with its 1000 demo events analysed.
        QVERIFY(m_server.database()->query(QStringLiteral("ANALYZE documents")));
        PostgresChangeLogStore::Options options;
        options.url = m_server.database()->url().toStdString();
        PostgresChangeLogStore store(options);
        QVERIFY2(store.open(false), store.lastError().c_str());
        const std::string plan = store.explainDeltaQuery();
        qInfo("delta query plan: %s", plan.c_str());
        QVERIFY2(plan.find("documents_collection_seq") != std::string::npos, plan.c_str());
        QVERIFY2(plan.find("Sort") == std::string::npos, plan.c_str());
        return;
    }
    QTemporaryDir dir;
    SqliteChangeLogStore store;
    QVERIFY(store.open(dir.path().toStdString()));
    const std::string plan = store.explainDeltaQuery();
    qInfo("delta query plan: %s", plan.c_str());
    QVERIFY2(plan.find("documents_collection_seq") != std::string::npos, plan.c_str());
    QVERIFY2(plan.find("TEMP B-TREE") == std::string::npos, plan.c_str());
    QVERIFY2(plan.find("SEARCH") != std::string::npos, plan.c_str());
}

QTEST_GUILESS_MAIN(TestServerDelta)
#include "tst_serverdelta.moc"
