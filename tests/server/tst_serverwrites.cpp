// Event writes on the real deltadesk-server: create/update/delete with
// If-Match, 412 with the current document, X-Sync-Cursor, validation that
// stores nothing, and concurrent writers never showing seqs out of order.

#include "servertestutil.h"

#include "protocol.h"
#include "sseclient.h"

#include <QJsonArray>
#include <QNetworkProxy>
#include <QNetworkRequest>
#include <QTest>

using namespace ServerTest;

class TestServerWrites : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void createSetsServerFields();
    void updateWithIfMatch();
    void staleIfMatchGets412WithCurrentDocument();
    void writesStampTheWritingAccount();
    void deleteLeavesATombstone();
    void missingDocumentsGet404();
    void invalidBodiesStoreNothing_data();
    void invalidBodiesStoreNothing();
    void oversizedBodyGets413();
    void badIfMatchGets400();
    void concurrentWritersKeepSeqOrder();
    void overlappingTransactionsKeepSeqOrder();

private:
    // `writes` writes on three connections at once: every seq once, and the
    // stream in seq order without a gap.
    void writeConcurrently(ServerProcess &server, TestHttp &http, int writes);
    QJsonObject fetchEvent(const QString &id);

    ServerProcess m_server;
    std::unique_ptr<TestHttp> m_http;
};

void TestServerWrites::initTestCase()
{
    QVERIFY2(m_server.start({QStringLiteral("--demo"),
                             QStringLiteral("--max-body-bytes"),
                             QStringLiteral("65536")}),
             m_server.standardError().constData());
    m_http = std::make_unique<TestHttp>(m_server.url());
    QVERIFY(!m_http->login(QStringLiteral("admin"), QStringLiteral("admin")).isEmpty());
}

QJsonObject TestServerWrites::fetchEvent(const QString &id)
{
    QMap<QString, QJsonObject> all;
    QString cursor;
    if (!syncAll(*m_http, QStringLiteral("events"), &cursor, &all, 10000))
        return {};
    return all.value(id);
}

void TestServerWrites::createSetsServerFields()
{
    const qint64 before = headCursor(*m_http);
    QJsonObject body = eventBody(QStringLiteral("Launch"));
    body.insert(QStringLiteral("_id"), QStringLiteral("mine"));
    body.insert(QStringLiteral("version"), 41);
    body.insert(QStringLiteral("notes"), QStringLiteral("line one\nline two"));
    const HttpResult r = m_http->postJson(QStringLiteral("/api/events"), body);
    QCOMPARE(r.status, 201);
    const QJsonObject doc = r.json();
    QVERIFY(doc.value(QStringLiteral("_id")).toString() != QStringLiteral("mine"));
    QCOMPARE(doc.value(QStringLiteral("version")).toInt(), 1);
    QVERIFY(Protocol::parseTimestamp(doc.value(QStringLiteral("updatedAt")).toString()));
    QCOMPARE(doc.value(QStringLiteral("title")).toString(), QStringLiteral("Launch"));
    QCOMPARE(doc.value(QStringLiteral("notes")).toString(), QStringLiteral("line one\nline two"));
    QCOMPARE(r.header("X-Sync-Cursor").toLongLong(), before + 1);
    QCOMPARE(headCursor(*m_http), before + 1);
    QCOMPARE(fetchEvent(doc.value(QStringLiteral("_id")).toString()), doc);

    // status defaults to draft.
    QJsonObject noStatus = eventBody();
    noStatus.remove(QStringLiteral("status"));
    const HttpResult draft = m_http->postJson(QStringLiteral("/api/events"), noStatus);
    QCOMPARE(draft.status, 201);
    QCOMPARE(draft.json().value(QStringLiteral("status")).toString(), QStringLiteral("draft"));
}

void TestServerWrites::updateWithIfMatch()
{
    const QJsonObject created = m_http->postJson(QStringLiteral("/api/events"), eventBody()).json();
    const QString path = QStringLiteral("/api/events/")
                         + created.value(QStringLiteral("_id")).toString();
    const HttpResult r = m_http->request("PUT",
                                         path,
                                         R"({"title":"Renamed","location":"Hall 2"})",
                                         {{"If-Match", "\"1\""}});
    QCOMPARE(r.status, 200);
    const QJsonObject doc = r.json();
    QCOMPARE(doc.value(QStringLiteral("version")).toInt(), 2);
    QCOMPARE(doc.value(QStringLiteral("title")).toString(), QStringLiteral("Renamed"));
    QCOMPARE(doc.value(QStringLiteral("clientId")).toString(), QStringLiteral("c-1"));
    QVERIFY(r.header("X-Sync-Cursor").toLongLong() > 0);
    QVERIFY(doc.value(QStringLiteral("updatedAt")).toString()
            >= created.value(QStringLiteral("updatedAt")).toString());
    // null removes an optional field.
    const HttpResult cleared
        = m_http->request("PUT", path, R"({"location":null})", {{"If-Match", "2"}});
    QCOMPARE(cleared.status, 200);
    QVERIFY(!cleared.json().contains(QStringLiteral("location")));
}

void TestServerWrites::staleIfMatchGets412WithCurrentDocument()
{
    const QJsonObject created = m_http->postJson(QStringLiteral("/api/events"), eventBody()).json();
    const QString path = QStringLiteral("/api/events/")
                         + created.value(QStringLiteral("_id")).toString();
    const HttpResult first
        = m_http->request("PUT", path, R"({"title":"First"})", {{"If-Match", "1"}});
    QCOMPARE(first.status, 200);
    const qint64 before = headCursor(*m_http);
    const HttpResult stale
        = m_http->request("PUT", path, R"({"title":"Second"})", {{"If-Match", "1"}});
    QCOMPARE(stale.status, 412);
    QCOMPARE(stale.json(), first.json());
    const HttpResult staleDelete = m_http->request("DELETE", path, {}, {{"If-Match", "1"}});
    QCOMPARE(staleDelete.status, 412);
    QCOMPARE(staleDelete.json().value(QStringLiteral("title")).toString(), QStringLiteral("First"));
    QCOMPARE(headCursor(*m_http), before);
}

void TestServerWrites::writesStampTheWritingAccount()
{
    // A client's own updatedBy is not believed: the server says who wrote.
    QJsonObject body = eventBody(QStringLiteral("Stamped"));
    body.insert(QStringLiteral("updatedBy"), QStringLiteral("mallory"));
    const HttpResult created = m_http->postJson(QStringLiteral("/api/events"), body);
    QCOMPARE(created.status, 201);
    QCOMPARE(created.json().value(QStringLiteral("updatedBy")).toString(), QStringLiteral("admin"));
    const QString id = created.json().value(QStringLiteral("_id")).toString();

    TestHttp manager(m_server.url());
    QVERIFY(!manager.login(QStringLiteral("manager"), QStringLiteral("manager")).isEmpty());
    const HttpResult updated = manager.request("PUT",
                                               QStringLiteral("/api/events/") + id,
                                               R"({"title":"By the manager","updatedBy":"x"})",
                                               {{"If-Match", "1"}});
    QCOMPARE(updated.status, 200);
    QCOMPARE(updated.json().value(QStringLiteral("updatedBy")).toString(),
             QStringLiteral("manager"));
    // Stored, not only answered: the delta carries it to other clients.
    QCOMPARE(fetchEvent(id).value(QStringLiteral("updatedBy")).toString(),
             QStringLiteral("manager"));
}

void TestServerWrites::deleteLeavesATombstone()
{
    const qint64 start = headCursor(*m_http);
    const QJsonObject created = m_http->postJson(QStringLiteral("/api/events"), eventBody()).json();
    const QString id = created.value(QStringLiteral("_id")).toString();
    const HttpResult r
        = m_http->request("DELETE", QStringLiteral("/api/events/") + id, {}, {{"If-Match", "1"}});
    QCOMPARE(r.status, 204);
    QVERIFY(r.body.isEmpty());
    QCOMPARE(r.header("X-Sync-Cursor").toLongLong(), start + 2);
    const QJsonObject delta = m_http->get(QStringLiteral("/api/events?cursor=%1").arg(start)).json();
    QCOMPARE(delta.value(QStringLiteral("deleted")).toArray(), QJsonArray{id});
    QCOMPARE(delta.value(QStringLiteral("events")).toArray().size(), 0);
    QVERIFY(fetchEvent(id).isEmpty());
    QCOMPARE(m_http->request("DELETE", QStringLiteral("/api/events/") + id).status, 404);
    QCOMPARE(m_http->request("PUT", QStringLiteral("/api/events/") + id, "{}").status, 404);
}

void TestServerWrites::missingDocumentsGet404()
{
    const HttpResult r = m_http->request("PUT",
                                         QStringLiteral("/api/events/e-nope"),
                                         R"({"title":"x"})");
    QCOMPARE(r.status, 404);
    QCOMPARE(r.json().value(QStringLiteral("error")).toString(), QStringLiteral("not_found"));
}

void TestServerWrites::invalidBodiesStoreNothing_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    const QByteArray good = QJsonDocument(eventBody()).toJson(QJsonDocument::Compact);
    auto with = [](const char *key, const QJsonValue &value) {
        QJsonObject o = eventBody();
        if (value.isUndefined())
            o.remove(QLatin1String(key));
        else
            o.insert(QLatin1String(key), value);
        return QJsonDocument(o).toJson(QJsonDocument::Compact);
    };
    const QString events = QStringLiteral("/api/events");
    QTest::newRow("malformed json")
        << QByteArray("POST") << events << QByteArray("{\"title\":") << 400;
    QTest::newRow("empty body") << QByteArray("POST") << events << QByteArray("") << 400;
    QTest::newRow("array body") << QByteArray("POST") << events << QByteArray("[]") << 400;
    QTest::newRow("string body") << QByteArray("POST") << events << QByteArray("\"x\"") << 400;
    QTest::newRow("missing title")
        << QByteArray("POST") << events << with("title", QJsonValue::Undefined) << 422;
    QTest::newRow("empty title") << QByteArray("POST") << events << with("title", QString()) << 422;
    QTest::newRow("title number") << QByteArray("POST") << events << with("title", 5) << 422;
    QTest::newRow("startsAt bad") << QByteArray("POST") << events
                                  << with("startsAt", QStringLiteral("soon")) << 422;
    QTest::newRow("endsAt number") << QByteArray("POST") << events << with("endsAt", 7) << 422;
    QTest::newRow("ends before starts")
        << QByteArray("POST") << events
        << with("endsAt", QStringLiteral("2025-03-01T09:00:00.000Z")) << 422;
    QTest::newRow("bad status") << QByteArray("POST") << events
                                << with("status", QStringLiteral("maybe")) << 422;
    QTest::newRow("unknown client")
        << QByteArray("POST") << events << with("clientId", QStringLiteral("c-99999")) << 422;
    QTest::newRow("client number") << QByteArray("POST") << events << with("clientId", 3) << 422;
    QTest::newRow("unknown tariff")
        << QByteArray("POST") << events << with("tariffId", QStringLiteral("t-0")) << 422;
    QTest::newRow("notes object") << QByteArray("POST") << events << with("notes", QJsonObject())
                                  << 422;
    QTest::newRow("staffing string")
        << QByteArray("POST") << events << with("staffing", QStringLiteral("x")) << 422;
    QTest::newRow("put malformed")
        << QByteArray("PUT") << "/api/events/e-3" << QByteArray("{") << 400;
    QTest::newRow("put bad status")
        << QByteArray("PUT") << "/api/events/e-3" << QByteArray(R"({"status":1})") << 422;
    QTest::newRow("put clears title")
        << QByteArray("PUT") << "/api/events/e-3" << QByteArray(R"({"title":null})") << 422;
    QTest::newRow("put ends early") << QByteArray("PUT") << "/api/events/e-3"
                                    << QByteArray(R"({"endsAt":"2000-01-01T00:00:00Z"})") << 422;
    QTest::newRow("write to clients") << QByteArray("POST") << "/api/clients" << good << 405;
    QTest::newRow("write to users") << QByteArray("PUT") << "/api/users/u-1" << good << 405;
}

void TestServerWrites::invalidBodiesStoreNothing()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    const qint64 before = headCursor(*m_http);
    const HttpResult r = m_http->request(method, path, body, {{"Content-Type", "application/json"}});
    QCOMPARE(r.status, status);
    QVERIFY(!r.json().value(QStringLiteral("error")).toString().isEmpty());
    QVERIFY2(!r.json().value(QStringLiteral("message")).toString().isEmpty(), r.body.constData());
    QCOMPARE(headCursor(*m_http), before);
    // Nothing in the change log after the cursor: no document changed.
    const QJsonObject delta
        = m_http->get(QStringLiteral("/api/events?cursor=%1").arg(before)).json();
    QCOMPARE(delta.value(QStringLiteral("events")).toArray().size(), 0);
    QCOMPARE(delta.value(QStringLiteral("deleted")).toArray().size(), 0);
}

void TestServerWrites::oversizedBodyGets413()
{
    const qint64 before = headCursor(*m_http);
    QJsonObject body = eventBody();
    body.insert(QStringLiteral("notes"), QString(70000, u'x'));
    const HttpResult r = m_http->postJson(QStringLiteral("/api/events"), body);
    QCOMPARE(r.status, 413);
    QCOMPARE(r.json().value(QStringLiteral("error")).toString(),
             QStringLiteral("payload_too_large"));
    QCOMPARE(headCursor(*m_http), before);
    // A body just under the limit is fine.
    body.insert(QStringLiteral("notes"), QString(60000, u'x'));
    QCOMPARE(m_http->postJson(QStringLiteral("/api/events"), body).status, 201);
}

void TestServerWrites::badIfMatchGets400()
{
    const qint64 before = headCursor(*m_http);
    const HttpResult r = m_http->request("PUT",
                                         QStringLiteral("/api/events/e-4"),
                                         R"({"title":"x"})",
                                         {{"If-Match", "latest"}});
    QCOMPARE(r.status, 400);
    QCOMPARE(headCursor(*m_http), before);
}

void TestServerWrites::concurrentWritersKeepSeqOrder()
{
    writeConcurrently(m_server, *m_http, 60);
}

void TestServerWrites::overlappingTransactionsKeepSeqOrder()
{
    // On one SQLite writer thread the writes above cannot overlap. On
    // PostgreSQL they can: four store connections, each write held open
    // 100 ms before COMMIT, so transactions that took seqs in one order
    // try to commit in another while the stream reads.
    if (!ServerProcess::usesPostgres())
        QSKIP("needs several store connections: runs as tst_serverwrites_pg");
    ServerProcess server;
    QVERIFY2(server.start({QStringLiteral("--demo"),
                           QStringLiteral("--database-connections"),
                           QStringLiteral("4"),
                           QStringLiteral("--test-commit-delay-ms"),
                           QStringLiteral("100")}),
             server.standardError().constData());
    TestHttp http(server.url());
    QVERIFY(!http.login(QStringLiteral("admin"), QStringLiteral("admin")).isEmpty());
    writeConcurrently(server, http, 24);
    QVERIFY(server.stop());
}

void TestServerWrites::writeConcurrently(ServerProcess &server, TestHttp &http, int writes)
{
    SseClient stream;
    stream.open(server.port(), "/api/sync/stream?collections=events", http.token());
    QTRY_COMPARE(stream.events("connected").size(), 1);
    const qint64 start = headCursor(http);

    // Three connections fire the writes without waiting for each other.
    QList<QNetworkAccessManager *> nams;
    QList<QNetworkReply *> replies;
    for (int n = 0; n < 3; ++n) {
        auto *nam = new QNetworkAccessManager(this);
        nam->setProxy(QNetworkProxy::NoProxy);
        nams << nam;
    }
    for (int i = 0; i < writes; ++i) {
        QNetworkRequest req(http.url(i % 2 ? QStringLiteral("/api/events")
                                           : QStringLiteral("/api/events/e-%1").arg(20 + i)));
        req.setRawHeader("Authorization", "Bearer " + http.token());
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        const QByteArray body = i % 2 ? QJsonDocument(eventBody()).toJson()
                                      : QByteArray(R"({"status":"confirmed"})");
        replies << nams[i % 3]->sendCustomRequest(req, i % 2 ? "POST" : "PUT", body);
    }
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(replies.begin(),
                                         replies.end(),
                                         [](QNetworkReply *r) { return r->isFinished(); }),
                             60000);
    QSet<qint64> cursors;
    for (QNetworkReply *r : std::as_const(replies)) {
        QVERIFY(r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() < 300);
        cursors.insert(r->rawHeader("X-Sync-Cursor").toLongLong());
        r->deleteLater();
    }
    QCOMPARE(cursors.size(), writes);
    QCOMPARE(*std::max_element(cursors.begin(), cursors.end()), start + writes);
    QCOMPARE(*std::min_element(cursors.begin(), cursors.end()), start + 1);

    // The stream shows every seq once, strictly increasing.
    QTRY_COMPARE_WITH_TIMEOUT(stream.changeSeqs().size(), writes, 15000);
    const QList<qint64> seqs = stream.changeSeqs();
    for (int i = 0; i < seqs.size(); ++i)
        QCOMPARE(seqs.at(i), start + 1 + i);
    qDeleteAll(nams);
}

QTEST_GUILESS_MAIN(TestServerWrites)
#include "tst_serverwrites.moc"
