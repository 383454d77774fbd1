// Several deltadesk-server instances on one PostgreSQL database: the cursor
// stays gap-free across them, the stream of any instance carries every
// change, a client may page and follow on either, tokens are shared, and a
// reader cannot skip a change whose transaction commits late.

#include "servertestutil.h"
#include "sseclient.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QSet>
#include <QTest>

using namespace ServerTest;

namespace {

QByteArray cursorOf(const HttpResult &r)
{
    return r.header("X-Sync-Cursor");
}

} // namespace

class TestServerCluster : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void writeOnAReachesStreamOnB();
    void tokensWorkOnEveryInstance();
    void pagingAndFollowingAcrossInstancesEndsEqual();
    void heldTransactionIsNeverSkipped();
    void listenerReconnectCatchesUpFromTheLog();

private:
    bool startPair(const QStringList &extraA = {}, const QStringList &extraB = {});

    std::unique_ptr<ServerProcess> m_a;
    std::unique_ptr<ServerProcess> m_b;
};

void TestServerCluster::initTestCase()
{
    if (!ServerProcess::usesPostgres() || PgTestDatabase::adminUrl().isEmpty()) {
        if (qEnvironmentVariableIsSet("CI"))
            QFAIL("several instances need PostgreSQL: DELTADESK_TEST_PG is not set");
        QSKIP("several instances need PostgreSQL: run as tst_servercluster_pg with "
              "DELTADESK_TEST_PG set (scripts/pg-test-cluster.sh start)");
    }
}

void TestServerCluster::init()
{
    m_a = std::make_unique<ServerProcess>();
    m_b = std::make_unique<ServerProcess>();
    m_b->shareDatabaseWith(*m_a);
}

void TestServerCluster::cleanup()
{
    m_b.reset();
    m_a.reset();
}

bool TestServerCluster::startPair(const QStringList &extraA, const QStringList &extraB)
{
    const QStringList common{QStringLiteral("--demo"),
                             QStringLiteral("--heartbeat-ms"),
                             QStringLiteral("500")};
    // Started together: migrations and the seed take turns under the lock.
    const bool a = m_a->start(common + extraA);
    const bool b = m_b->start(common + extraB);
    if (!a)
        qWarning("A: %s", m_a->standardError().constData());
    if (!b)
        qWarning("B: %s", m_b->standardError().constData());
    return a && b;
}

void TestServerCluster::writeOnAReachesStreamOnB()
{
    QVERIFY(startPair());
    TestHttp a(m_a->url());
    TestHttp b(m_b->url());
    QVERIFY(!a.login(QStringLiteral("admin"), QStringLiteral("admin")).isEmpty());
    b.setToken(a.token());
    // One seed for both: the second --demo start found the database filled.
    QCOMPARE(headCursor(b), headCursor(a));

    SseClient stream;
    stream.open(m_b->port(), "/api/sync/stream", a.token());
    QTRY_COMPARE(stream.events("connected").size(), 1);

    const HttpResult created = a.postJson(QStringLiteral("/api/events"), eventBody());
    QCOMPARE(created.status, 201);
    const qint64 seq = cursorOf(created).toLongLong();
    QTRY_COMPARE_WITH_TIMEOUT(stream.changeSeqs(), QList<qint64>{seq}, 10000);
    QVERIFY(stream.events("change").first().data.contains(
        created.json().value(QStringLiteral("_id")).toString().toUtf8()));
    QTRY_COMPARE(headCursor(b), seq);
}

void TestServerCluster::tokensWorkOnEveryInstance()
{
    QVERIFY(startPair());
    TestHttp a(m_a->url());
    TestHttp b(m_b->url());
    QVERIFY(!a.login(QStringLiteral("staff"), QStringLiteral("staff")).isEmpty());
    b.setToken(a.token());
    QCOMPARE(b.get(QStringLiteral("/api/roles")).status, 200);
    SseClient streamOnA;
    streamOnA.open(m_a->port(), "/api/sync/stream", a.token());
    QTRY_COMPARE(streamOnA.events("connected").size(), 1);
    QCOMPARE(b.request("POST", QStringLiteral("/api/auth/logout")).status, 204);
    // Revoked in the database: A refuses it too, and ends its stream.
    QCOMPARE(a.get(QStringLiteral("/api/roles")).status, 401);
    QTRY_VERIFY_WITH_TIMEOUT(streamOnA.isClosed(), 10000);
}

void TestServerCluster::pagingAndFollowingAcrossInstancesEndsEqual()
{
    QVERIFY(startPair());
    TestHttp a(m_a->url());
    TestHttp b(m_b->url());
    QVERIFY(!a.login(QStringLiteral("admin"), QStringLiteral("admin")).isEmpty());
    b.setToken(a.token());
    TestHttp *instances[] = {&a, &b};
    ServerProcess *servers[] = {m_a.get(), m_b.get()};

    // The client: a full sync, then rounds of writes on both instances while
    // it alternates between paging and following the stream, each round on
    // a random instance, dropping the stream at a random point.
    QMap<QString, QJsonObject> state;
    QString cursor;
    QVERIFY(syncAll(a, QStringLiteral("events"), &cursor, &state, 400));
    QRandomGenerator rng(20261201);
    QStringList ids = state.keys();
    for (int round = 0; round < 12; ++round) {
        const int on = int(rng.bounded(2));
        const bool follow = round % 2 == 1;
        std::unique_ptr<SseClient> stream;
        if (follow) {
            stream = std::make_unique<SseClient>();
            stream->open(servers[on]->port(),
                         "/api/sync/stream?collections=events",
                         a.token(),
                         {{"Last-Event-ID", cursor.toUtf8()}});
            QTRY_COMPARE(stream->events("connected").size(), 1);
        }
        // Writers on both instances: inserts, updates and deletes.
        const int writes = 4 + int(rng.bounded(6));
        qint64 lastAcked = 0;
        for (int w = 0; w < writes; ++w) {
            TestHttp &writer = *instances[rng.bounded(2)];
            HttpResult r;
            const int kind = int(rng.bounded(3));
            if (kind == 0 || ids.size() < 10) {
                r = writer.postJson(QStringLiteral("/api/events"),
                                    eventBody(QStringLiteral("round %1").arg(round)));
                QCOMPARE(r.status, 201);
                ids << r.json().value(QStringLiteral("_id")).toString();
            } else {
                const QString id = ids.takeAt(int(rng.bounded(ids.size())));
                if (kind == 1) {
                    r = writer.request("PUT",
                                       QStringLiteral("/api/events/") + id,
                                       QJsonDocument(
                                           QJsonObject{{QStringLiteral("title"),
                                                        QStringLiteral("edited %1").arg(round)}})
                                           .toJson());
                    QCOMPARE(r.status, 200);
                    ids << id;
                } else {
                    r = writer.request("DELETE", QStringLiteral("/api/events/") + id);
                    QCOMPARE(r.status, 204);
                }
            }
            lastAcked = std::max(lastAcked, cursorOf(r).toLongLong());
        }
        if (follow) {
            // Follow until a random point, then drop the connection; what
            // arrived is applied, the rest comes with the next round.
            const qint64 stopAt = rng.bounded(3) == 0 ? lastAcked - 2 : lastAcked;
            QTRY_VERIFY_WITH_TIMEOUT(!stream->changeSeqs().isEmpty()
                                         && stream->changeSeqs().last() >= stopAt,
                                     10000);
            qint64 previous = cursor.toLongLong();
            for (const SseFrame &frame : stream->events("change")) {
                const qint64 seq = frame.id.toLongLong();
                QVERIFY2(seq > previous, "stream out of order or repeated");
                previous = seq;
                const QJsonObject change = QJsonDocument::fromJson(frame.data).object();
                const QString id = change.value(QStringLiteral("documentId")).toString();
                if (change.value(QStringLiteral("operationType")).toString()
                    == QLatin1String("delete"))
                    state.remove(id);
                else
                    state.insert(id, change.value(QStringLiteral("fullDocument")).toObject());
                cursor = QString::number(seq);
                if (seq >= stopAt)
                    break;
            }
        } else {
            QVERIFY(syncAll(*instances[on], QStringLiteral("events"), &cursor, &state, 3));
        }
    }
    QVERIFY(syncAll(b, QStringLiteral("events"), &cursor, &state, 50));

    // The database's own view.
    const auto rows = m_a->database()->query(QStringLiteral(
        "SELECT id, version FROM documents WHERE collection = 'events' AND deleted_at IS NULL"));
    QVERIFY(rows);
    QMap<QString, qint64> expected;
    for (const QString &row : *rows)
        expected.insert(row.section(u'|', 0, 0), row.section(u'|', 1).toLongLong());
    QMap<QString, qint64> got;
    for (auto it = state.cbegin(); it != state.cend(); ++it)
        got.insert(it.key(), it.value().value(QStringLiteral("version")).toInteger());
    QCOMPARE(got.size(), expected.size());
    QCOMPARE(got, expected);
}

void TestServerCluster::heldTransactionIsNeverSkipped()
{
    // A holds each write open for 1.5 s after it took its seq; B commits
    // meanwhile. A reader following the delta on B must get both.
    QVERIFY(startPair({QStringLiteral("--test-commit-delay-ms"), QStringLiteral("1500")}));
    TestHttp a(m_a->url());
    TestHttp b(m_b->url());
    QVERIFY(!a.login(QStringLiteral("admin"), QStringLiteral("admin")).isEmpty());
    b.setToken(a.token());
    QMap<QString, QJsonObject> state;
    QString cursor;
    QVERIFY(syncAll(b, QStringLiteral("events"), &cursor, &state, 1000));
    SseClient stream;
    stream.open(m_b->port(), "/api/sync/stream?collections=events", a.token());
    QTRY_COMPARE(stream.events("connected").size(), 1);

    QNetworkAccessManager nam;
    auto post = [&](TestHttp &http, const QString &title) {
        QNetworkRequest request(http.url(QStringLiteral("/api/events")));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        request.setRawHeader("Authorization", "Bearer " + a.token());
        return nam.post(request, QJsonDocument(eventBody(title)).toJson());
    };
    QNetworkReply *held = post(a, QStringLiteral("held on A"));
    // A's transaction is open (in its commit delay) before B writes.
    const QString sleeping = QStringLiteral(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND state = 'active' AND query LIKE 'SELECT pg_sleep%'");
    QTRY_COMPARE_WITH_TIMEOUT(m_a->database()->query(sleeping).value_or(QStringList()),
                              QStringList{QStringLiteral("1")},
                              10000);
    QNetworkReply *quick = post(b, QStringLiteral("quick on B"));
    // The reader keeps fetching deltas on B while both are in flight.
    int polls = 0;
    while ((!held->isFinished() || !quick->isFinished()) && polls < 5000) {
        QVERIFY(syncAll(b, QStringLiteral("events"), &cursor, &state, 1000));
        ++polls;
    }
    QVERIFY(held->isFinished() && quick->isFinished());
    QCOMPARE(held->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 201);
    QCOMPARE(quick->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 201);
    const qint64 heldSeq = held->rawHeader("X-Sync-Cursor").toLongLong();
    const qint64 quickSeq = quick->rawHeader("X-Sync-Cursor").toLongLong();
    // The seq order is the commit order: B waited for A.
    QVERIFY2(heldSeq < quickSeq, qPrintable(QStringLiteral("%1 %2").arg(heldSeq).arg(quickSeq)));
    QVERIFY(syncAll(b, QStringLiteral("events"), &cursor, &state, 1000));
    const QString heldId
        = QJsonDocument::fromJson(held->readAll()).object().value(QStringLiteral("_id")).toString();
    const QString quickId
        = QJsonDocument::fromJson(quick->readAll()).object().value(QStringLiteral("_id")).toString();
    QVERIFY2(state.contains(heldId), "the reader skipped the change of the held transaction");
    QVERIFY(state.contains(quickId));
    QTRY_COMPARE_WITH_TIMEOUT(stream.changeSeqs(), (QList<qint64>{heldSeq, quickSeq}), 10000);
    QVERIFY(polls > 1);
}

void TestServerCluster::listenerReconnectCatchesUpFromTheLog()
{
    QVERIFY(startPair());
    TestHttp a(m_a->url());
    TestHttp b(m_b->url());
    QVERIFY(!a.login(QStringLiteral("admin"), QStringLiteral("admin")).isEmpty());
    b.setToken(a.token());
    const std::shared_ptr<PgTestDatabase> db = m_a->database();

    // A's listening connection goes away and cannot come back at once; the
    // pools' connections stay. B writes meanwhile: no notification reaches A.
    QVERIFY(PgTestDatabase::adminQuery(
        QStringLiteral("ALTER DATABASE %1 ALLOW_CONNECTIONS false").arg(db->name())));
    QVERIFY(PgTestDatabase::adminQuery(
        QStringLiteral(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '%1' "
            "AND application_name = 'deltadesk-server-listener'")
            .arg(db->name())));
    const HttpResult created = b.postJson(QStringLiteral("/api/events"), eventBody());
    QCOMPARE(created.status, 201);
    const qint64 seq = cursorOf(created).toLongLong();
    // A's listener retried against a database that refuses it, and A has
    // not seen B's write.
    QTRY_VERIFY_WITH_TIMEOUT(m_a->standardError().contains("database unreachable"), 10000);
    QVERIFY(headCursor(a) < seq);
    QVERIFY(PgTestDatabase::adminQuery(
        QStringLiteral("ALTER DATABASE %1 ALLOW_CONNECTIONS true").arg(db->name())));
    // Reconnected, A reads what it missed from the log, with no new write.
    QTRY_COMPARE_WITH_TIMEOUT(headCursor(a), seq, 10000);

    SseClient stream;
    stream.open(m_a->port(), "/api/sync/stream", a.token());
    QTRY_COMPARE(stream.events("connected").size(), 1);
    const HttpResult next = b.postJson(QStringLiteral("/api/events"), eventBody());
    QTRY_COMPARE_WITH_TIMEOUT(stream.changeSeqs(),
                              QList<qint64>{cursorOf(next).toLongLong()},
                              10000);
}

QTEST_GUILESS_MAIN(TestServerCluster)
#include "tst_servercluster.moc"
