#include "faultproxy.h"
#include "serverprocess.h"
#include "serverwriter.h"
#include "syncclient.h"
#include "testhttp.h"

#include <QFile>
#include <QRandomGenerator>
#include <QTest>
#include <QTimer>

// kill -9 of deltadesk-sync in the middle of a full sync, at a point chosen
// by the seed: when the client asks for its k-th page, while it applies the
// one before. The next start shows the old set or the new one, never a mix,
// and its next sync ends equal to the server.
class TestCrashSync : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void killedDuringAFullSyncShowsOldOrNew_data();
    void killedDuringAFullSyncShowsOldOrNew();

private:
    ServerProcess m_server;
    std::unique_ptr<SyncClient> m_template; // logged in, events synced once
    QTemporaryDir m_files;
    QByteArray m_token;
};

void TestCrashSync::initTestCase()
{
    QVERIFY(m_server.start({QStringLiteral("--demo")}));
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

void TestCrashSync::killedDuringAFullSyncShowsOldOrNew_data()
{
    QTest::addColumn<quint32>("seed");
    for (quint32 seed = 1; seed <= 16; ++seed)
        QTest::addRow("seed %u", seed) << seed;
}

void TestCrashSync::killedDuringAFullSyncShowsOldOrNew()
{
    QFETCH(quint32, seed);
    QRandomGenerator rng(seed);
    SyncClient client{QString()}; // the proxy's address, set below
    QVERIFY(client.copyStateFrom(*m_template));
    const QList<QJsonObject> old = client.dump(QStringLiteral("events"));
    QVERIFY(!old.isEmpty());

    // The server moves on, so the old set and the new one differ.
    ServerWriter writer(m_server.url(), m_token);
    QJsonObject created;
    QVERIFY(!writer.create(QStringLiteral("crash seed %1").arg(seed), &created).isEmpty());
    QVERIFY(!writer
                 .update(old.at(100 + int(seed)).value(QStringLiteral("_id")).toString(),
                         QStringLiteral("renamed by seed %1").arg(seed))
                 .isEmpty());
    QVERIFY(
        !writer.remove(old.at(500 + int(seed)).value(QStringLiteral("_id")).toString()).isEmpty());
    const QList<QJsonObject> fresh = serverDocuments(m_server.url().toString(),
                                                     m_token,
                                                     QStringLiteral("events"));
    QVERIFY(!diffDocuments(old, fresh).isEmpty());

    // About eleven pages of 100: killed 0 to 40 (or 400) ms after it asks for page
    // k, so the kill lands while a page is read, staged, or (at the last
    // page) while the stage replaces the collection, or after the run.
    const int killAt = 1 + int(rng.bounded(12u));
    const int delayMs = int(rng.bounded(2u) ? rng.bounded(41u) : rng.bounded(400u));
    FaultProxy proxy(m_server.url());
    QVERIFY(proxy.listen());
    client.setServer(proxy.baseUrl());
    QProcess sync;
    int pages = 0;
    proxy.setPlan([&](const ScriptedRequest &request) {
        if (request.path == QLatin1String("/api/events") && ++pages == killAt)
            QTimer::singleShot(delayMs, &sync, [&sync] {
                if (sync.state() == QProcess::Running)
                    sync.kill(); // SIGKILL
            });
        return Fault::None;
    });
    sync.start(SyncClient::binaryPath(),
               client.baseArgs()
                   + QStringList{QStringLiteral("resync"),
                                 QStringLiteral("events"),
                                 QStringLiteral("--page-limit"),
                                 QStringLiteral("100")});
    QVERIFY(sync.waitForStarted(10000));
    QVERIFY(QTest::qWaitFor([&] { return sync.state() == QProcess::NotRunning; }, 60000));
    const bool killed = sync.exitStatus() == QProcess::CrashExit;
    const QString where = QStringLiteral("seed %1, %2 %3 ms after page %4 of %5 asked")
                              .arg(seed)
                              .arg(killed ? QStringLiteral("killed") : QStringLiteral("finished"))
                              .arg(delayMs)
                              .arg(killAt)
                              .arg(pages);
    QVERIFY2(killed || sync.exitCode() == 0, qPrintable(where));

    // Either set, whole: never some pages of the new one over the old.
    const QList<QJsonObject> after = client.dump(QStringLiteral("events"));
    const bool isOld = diffDocuments(after, old).isEmpty();
    const bool isNew = diffDocuments(after, fresh).isEmpty();
    qInfo("%s: the %s set", qPrintable(where), isOld ? "old" : isNew ? "new" : "MIXED");
    QVERIFY2(isOld || isNew,
             qPrintable(where + QStringLiteral(": a mix; against the old set: ")
                        + diffDocuments(after, old).left(300)));

    // The next run finishes the job.
    client.setServer(m_server.url().toString());
    const SyncResult r = client.run(
        {QStringLiteral("sync"), QStringLiteral("--collections"), QStringLiteral("events")});
    QVERIFY2(r.exitCode == 0, qPrintable(where + QString::fromUtf8(r.err)));
    const QString diff = diffDocuments(client.dump(QStringLiteral("events")),
                                       serverDocuments(m_server.url().toString(),
                                                       m_token,
                                                       QStringLiteral("events")));
    QVERIFY2(diff.isEmpty(), qPrintable(where + QStringLiteral(": ") + diff));
}

QTEST_GUILESS_MAIN(TestCrashSync)
#include "tst_crash_sync.moc"
