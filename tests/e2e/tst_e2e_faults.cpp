#include "faultproxy.h"
#include "serverprocess.h"
#include "serverwriter.h"
#include "syncclient.h"
#include "testhttp.h"

#include <QFile>
#include <QJsonArray>
#include <QTest>

// deltadesk-sync through a fault proxy in front of the real server: after
// each fault the client ends equal to the server, and a failed sync never
// empties or half-replaces the cache.
class TestE2eFaults : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void deltaFaults_data();
    void deltaFaults();
    void fullSyncDropKeepsOldCache();
    void streamDropsMidEvent();
    void serverErrorBurstWhileFollowing();

private:
    QStringList loginArgs() const
    {
        return {QStringLiteral("--user"),
                QStringLiteral("admin"),
                QStringLiteral("--password-file"),
                m_password};
    }
    void writeSome(int round);
    void expectEqual(SyncClient &client, const QString &collection);

    ServerProcess m_server;
    std::unique_ptr<FaultProxy> m_proxy;
    std::unique_ptr<SyncClient> m_template; // logged in, every collection synced once
    QTemporaryDir m_files;
    QString m_password;
    QByteArray m_token;
    // The plan: inject m_fault into the next m_remaining requests that match.
    Fault m_fault = Fault::None;
    int m_remaining = 0;
    QString m_path = QStringLiteral("/api/events");
};

void TestE2eFaults::initTestCase()
{
    QVERIFY(m_server.start(
        {QStringLiteral("--demo"), QStringLiteral("--heartbeat-ms"), QStringLiteral("500")}));
    TestHttp http(m_server.url());
    m_token = http.login(QStringLiteral("manager"), QStringLiteral("manager"));
    QVERIFY(!m_token.isEmpty());
    QFile pw(m_files.filePath(QStringLiteral("pw")));
    QVERIFY(pw.open(QIODevice::WriteOnly));
    pw.write("admin\n");
    m_password = pw.fileName();
    pw.close();
    m_template = std::make_unique<SyncClient>(m_server.url().toString());
    const SyncResult r = m_template->run(loginArgs() + QStringList{QStringLiteral("sync")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
}

void TestE2eFaults::init()
{
    m_proxy = std::make_unique<FaultProxy>(m_server.url());
    QVERIFY(m_proxy->listen());
    m_fault = Fault::None;
    m_remaining = 0;
    m_path = QStringLiteral("/api/events");
    m_proxy->setPlan([this](const ScriptedRequest &request) {
        if (m_remaining <= 0 || (!m_path.isEmpty() && request.path != m_path))
            return Fault::None;
        --m_remaining;
        return m_fault;
    });
}

void TestE2eFaults::writeSome(int round)
{
    ServerWriter writer(m_server.url(), m_token);
    QJsonObject a;
    QVERIFY(!writer.create(QStringLiteral("fault round %1 a").arg(round), &a).isEmpty());
    QVERIFY(!writer.create(QStringLiteral("fault round %1 b").arg(round)).isEmpty());
    QVERIFY(!writer
                 .update(a.value(QStringLiteral("_id")).toString(),
                         QStringLiteral("renamed %1").arg(round))
                 .isEmpty());
    const QList<QJsonObject> docs = serverDocuments(m_server.url().toString(),
                                                    m_token,
                                                    QStringLiteral("events"));
    QVERIFY(!writer.remove(docs.at(round % docs.size()).value(QStringLiteral("_id")).toString())
                 .isEmpty());
}

void TestE2eFaults::expectEqual(SyncClient &client, const QString &collection)
{
    const QString diff
        = diffDocuments(client.dump(collection),
                        serverDocuments(m_server.url().toString(), m_token, collection));
    QVERIFY2(diff.isEmpty(), qPrintable(collection + QStringLiteral(": ") + diff));
}

void TestE2eFaults::deltaFaults_data()
{
    QTest::addColumn<Fault>("fault");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QStringList>("extraArgs");
    QTest::addColumn<bool>("fullSync"); // the recovery is a full sync
    QTest::newRow("drop mid-body") << Fault::DropMidBody << 4 << QStringList() << false;
    QTest::newRow("5xx") << Fault::ServerError << 4 << QStringList() << false;
    // Data the client cannot read: it keeps its cache, then starts over.
    QTest::newRow("malformed json") << Fault::MalformedJson << 1 << QStringList() << true;
    QTest::newRow("truncated gzip") << Fault::TruncatedGzip << 4 << QStringList() << false;
    // The idle timeout is shorter than the gap between two bytes.
    QTest::newRow("one byte per second")
        << Fault::Slow << 4 << QStringList{QStringLiteral("--timeout-ms"), QStringLiteral("700")}
        << false;
    QTest::newRow("410") << Fault::CursorExpired << 0 << QStringList() << true;
    // A 401 clears every cursor (docs/protocol.md): the next login syncs whole.
    QTest::newRow("401") << Fault::Unauthorized << 3 << QStringList() << true;
}

void TestE2eFaults::deltaFaults()
{
    QFETCH(Fault, fault);
    QFETCH(int, exitCode);
    QFETCH(QStringList, extraArgs);
    QFETCH(bool, fullSync);
    static int round = 0;
    ++round;
    SyncClient client(m_proxy->baseUrl());
    QVERIFY(client.copyStateFrom(*m_template));
    const QStringList args{QStringLiteral("sync"),
                           QStringLiteral("--collections"),
                           QStringLiteral("events")};
    SyncResult r = client.run(args);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    writeSome(round);
    const QList<QJsonObject> before = client.dump(QStringLiteral("events"));
    QVERIFY(!before.isEmpty());

    m_fault = fault;
    m_remaining = 1;
    r = client.run(args + extraArgs);
    const SyncResult faulted = r;
    QCOMPARE(m_remaining, 0);
    QVERIFY(!r.crashed);
    QVERIFY2(r.exitCode == exitCode, r.err.constData());
    if (exitCode != 0) {
        QCOMPARE(r.err.count('\n'), 1);
        // Failed: the cache is exactly what it was.
        QVERIFY(diffDocuments(client.dump(QStringLiteral("events")), before).isEmpty());
    }
    r = client.run(loginArgs() + args);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    expectEqual(client, QStringLiteral("events"));
    // A 410 is answered with a full sync in the same run (exit 0), other
    // faults on the next run, as the table says; the rest resume with a
    // delta from the kept cursor.
    const SyncResult &recovered = exitCode == 0 ? faulted : r;
    QVERIFY2(recovered.out.contains("\"mode\":\"full\"") == fullSync, recovered.out.constData());
}

void TestE2eFaults::fullSyncDropKeepsOldCache()
{
    SyncClient client(m_proxy->baseUrl());
    QVERIFY(client.copyStateFrom(*m_template));
    const QStringList args{QStringLiteral("--page-limit"),
                           QStringLiteral("250"),
                           QStringLiteral("--collections"),
                           QStringLiteral("events")};
    QCOMPARE(client.run(QStringList{QStringLiteral("sync")} + args).exitCode, 0);
    writeSome(100);
    const QList<QJsonObject> before = client.dump(QStringLiteral("events"));
    // A full resync in pages of 250; the third page is cut off.
    int pages = 0;
    m_proxy->setPlan([&pages](const ScriptedRequest &request) {
        return request.path == QLatin1String("/api/events") && ++pages == 3 ? Fault::DropMidBody
                                                                            : Fault::None;
    });
    SyncResult r = client.run(QStringList{QStringLiteral("resync"), QStringLiteral("events")}
                              + args);
    QCOMPARE(r.exitCode, 4);
    QVERIFY(diffDocuments(client.dump(QStringLiteral("events")), before).isEmpty());
    r = client.run(QStringList{QStringLiteral("resync"), QStringLiteral("events")} + args);
    QCOMPARE(r.exitCode, 0);
    expectEqual(client, QStringLiteral("events"));
}

void TestE2eFaults::streamDropsMidEvent()
{
    SyncClient client(m_proxy->baseUrl());
    QVERIFY(client.copyStateFrom(*m_template));
    m_proxy->setStreamDropBytes(700);
    m_path = QStringLiteral("/api/sync/stream");
    m_fault = Fault::StreamDrop;
    m_remaining = 3;
    QVERIFY(client.startFollow(QStringList{QStringLiteral("--heartbeat-ms"),
                                           QStringLiteral("500"),
                                           QStringLiteral("--backoff-ms"),
                                           QStringLiteral("50,300")}));
    QTRY_VERIFY_WITH_TIMEOUT(client.followOutput().contains("\"state\":\"live\""), 30000);
    ServerWriter writer(m_server.url(), m_token);
    QByteArray last;
    for (int i = 0; i < 12; ++i) {
        last = writer.create(
            QStringLiteral("streamed %1 with a long enough title to fill the stream").arg(i));
        QVERIFY(!last.isEmpty());
    }
    QTRY_VERIFY_WITH_TIMEOUT(client.followOutput().contains(cursorMarker(last)), 20000);
    QCOMPARE(m_remaining, 0); // every planned drop happened
    const SyncResult r = client.finishFollow();
    QCOMPARE(r.exitCode, 0);
    expectEqual(client, QStringLiteral("events"));
}

void TestE2eFaults::serverErrorBurstWhileFollowing()
{
    SyncClient client(m_proxy->baseUrl());
    QVERIFY(client.copyStateFrom(*m_template));
    m_path.clear(); // every request
    m_fault = Fault::ServerError;
    m_remaining = 4;
    QVERIFY(client.startFollow({QStringLiteral("--heartbeat-ms"),
                                QStringLiteral("500"),
                                QStringLiteral("--backoff-ms"),
                                QStringLiteral("50,300")}));
    QTRY_VERIFY_WITH_TIMEOUT(client.followOutput().contains("\"state\":\"live\""), 30000);
    QVERIFY(client.followOutput().contains("\"state\":\"error\""));
    ServerWriter writer(m_server.url(), m_token);
    const QByteArray last = writer.create(QStringLiteral("after the burst"));
    QTRY_VERIFY_WITH_TIMEOUT(client.followOutput().contains(cursorMarker(last)), 20000);
    QCOMPARE(client.finishFollow().exitCode, 0);
    for (const QString &c :
         {QStringLiteral("events"), QStringLiteral("users"), QStringLiteral("roles")})
        expectEqual(client, c);
}

QTEST_GUILESS_MAIN(TestE2eFaults)
#include "tst_e2e_faults.moc"
