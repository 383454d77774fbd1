#include "faultproxy.h"
#include "serverprocess.h"
#include "serverwriter.h"
#include "syncclient.h"
#include "testhttp.h"

#include <QFile>
#include <QRandomGenerator>
#include <QTest>

// Random creates, updates and deletes on the real server while deltadesk-sync
// follows through a proxy that drops the stream at random points: the client
// ends equal to the server. Fixed seeds; the seed is in every failure message.
class TestE2eRandom : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void randomWritesAndDisconnects_data();
    void randomWritesAndDisconnects();

private:
    ServerProcess m_server;
    QTemporaryDir m_files;
    QByteArray m_token;
    std::unique_ptr<SyncClient> m_template;
};

void TestE2eRandom::initTestCase()
{
    QVERIFY(m_server.start(
        {QStringLiteral("--demo"), QStringLiteral("--heartbeat-ms"), QStringLiteral("400")}));
    TestHttp http(m_server.url());
    m_token = http.login(QStringLiteral("manager"), QStringLiteral("manager"));
    QVERIFY(!m_token.isEmpty());
    QFile pw(m_files.filePath(QStringLiteral("pw")));
    QVERIFY(pw.open(QIODevice::WriteOnly));
    pw.write("admin\n");
    pw.close();
    m_template = std::make_unique<SyncClient>(m_server.url().toString());
    const SyncResult r = m_template->run({QStringLiteral("--user"),
                                          QStringLiteral("admin"),
                                          QStringLiteral("--password-file"),
                                          pw.fileName(),
                                          QStringLiteral("sync"),
                                          QStringLiteral("--collections"),
                                          QStringLiteral("events")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
}

void TestE2eRandom::randomWritesAndDisconnects_data()
{
    QTest::addColumn<quint32>("seed");
    // CI runs fixed seeds; DELTADESK_RANDOM_SEED adds one more.
    for (quint32 seed : {1u, 2u, 3u})
        QTest::addRow("seed %u", seed) << seed;
    bool ok = false;
    const quint32 extra = qEnvironmentVariable("DELTADESK_RANDOM_SEED").toUInt(&ok);
    if (ok)
        QTest::addRow("seed %u", extra) << extra;
}

void TestE2eRandom::randomWritesAndDisconnects()
{
    QFETCH(quint32, seed);
    const QString tag = QStringLiteral("seed %1: ").arg(seed);
    QRandomGenerator rng(seed);

    FaultProxy proxy(m_server.url());
    QVERIFY(proxy.listen());
    // Counted, so a run in which no fault happened cannot pass.
    int streamRequests = 0;
    int plannedDrops = 0;
    int disconnects = 0;
    proxy.setPlan([&](const ScriptedRequest &request) {
        if (request.path != QLatin1String("/api/sync/stream"))
            return Fault::None;
        ++streamRequests;
        if (rng.bounded(10) >= 4)
            return Fault::None;
        ++plannedDrops;
        proxy.setStreamDropBytes(200 + int(rng.bounded(3000)));
        return Fault::StreamDrop;
    });
    SyncClient client(proxy.baseUrl());
    QVERIFY(client.copyStateFrom(*m_template));
    QVERIFY(client.startFollow({QStringLiteral("--collections"),
                                QStringLiteral("events"),
                                QStringLiteral("--heartbeat-ms"),
                                QStringLiteral("400"),
                                QStringLiteral("--backoff-ms"),
                                QStringLiteral("20,200")}));
    QTRY_VERIFY_WITH_TIMEOUT(client.followOutput().contains("\"state\":\"live\""), 30000);

    ServerWriter writer(m_server.url(), m_token);
    QStringList ids;
    // From the server: earlier seeds already deleted some of the template's.
    for (const QJsonObject &doc :
         serverDocuments(m_server.url().toString(), m_token, QStringLiteral("events")))
        ids.append(doc.value(QStringLiteral("_id")).toString());
    QByteArray last;
    for (int step = 0; step < 40; ++step) {
        const quint32 op = rng.bounded(10);
        QByteArray cursor;
        if (op < 4) {
            QJsonObject doc;
            cursor = writer.create(QStringLiteral("random %1/%2").arg(seed).arg(step), &doc);
            ids.append(doc.value(QStringLiteral("_id")).toString());
        } else if (op < 7) {
            cursor = writer.update(ids.at(int(rng.bounded(quint32(ids.size())))),
                                   QStringLiteral("upd %1").arg(step));
        } else if (op < 9) {
            const QString id = ids.takeAt(int(rng.bounded(quint32(ids.size()))));
            cursor = writer.remove(id);
        } else {
            // A random disconnect between writes (counted when a stream
            // was there to drop: the client may be reconnecting already).
            disconnects += proxy.openStreams() > 0 ? 1 : 0;
            proxy.dropStreams();
            continue;
        }
        QVERIFY2(!cursor.isEmpty(), qPrintable(tag + QStringLiteral("write %1 failed").arg(step)));
        last = cursor;
    }
    QTRY_VERIFY2_WITH_TIMEOUT(client.followOutput().contains(cursorMarker(last)),
                              qPrintable(tag + QStringLiteral("client never reached ")
                                         + QString::fromLatin1(last)),
                              30000);
    // Faults happened, and the client came back after each disconnect.
    const QString counts = tag
                           + QStringLiteral("%1 stream requests, %2 planned drops, %3 disconnects")
                                 .arg(streamRequests)
                                 .arg(plannedDrops)
                                 .arg(disconnects);
    qInfo("%s", qPrintable(counts));
    QVERIFY2(plannedDrops + disconnects > 0, qPrintable(counts));
    QTRY_VERIFY2_WITH_TIMEOUT(streamRequests > disconnects, qPrintable(counts), 10000);
    const SyncResult r = client.finishFollow();
    QVERIFY2(r.exitCode == 0, qPrintable(tag + QString::fromUtf8(r.err)));
    const QString diff = diffDocuments(client.dump(QStringLiteral("events")),
                                       serverDocuments(m_server.url().toString(),
                                                       m_token,
                                                       QStringLiteral("events")));
    QVERIFY2(diff.isEmpty(), qPrintable(tag + diff));
}

QTEST_GUILESS_MAIN(TestE2eRandom)
#include "tst_e2e_random.moc"
