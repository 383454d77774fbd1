// deltadesk-sync across a server restored from an older backup: the client's
// cursors are newer than the restored head, and the new database id makes it
// resync every collection in full instead of keeping (silently) what the
// restore took away. SQLite only: backup/restore copy its file.

#include "protocol.h"
#include "serverprocess.h"
#include "serverwriter.h"
#include "syncclient.h"
#include "testhttp.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using CommandResult = ServerProcess::CommandResult;

class TestE2eRestore : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void clientAheadOfRestoredServerResyncsInFull();

private:
    QTemporaryDir m_files;
};

void TestE2eRestore::initTestCase()
{
    if (ServerProcess::usesPostgres())
        QSKIP("backup/restore copy the SQLite store");
    QVERIFY(!SyncClient::binaryPath().isEmpty());
    QVERIFY(m_files.isValid());
}

void TestE2eRestore::clientAheadOfRestoredServerResyncsInFull()
{
    ServerProcess server;
    QVERIFY2(server.start({QStringLiteral("--demo")}), server.standardError().constData());
    TestHttp http(server.url());
    const QByteArray token = http.login(QStringLiteral("manager"), QStringLiteral("manager"));
    QVERIFY(!token.isEmpty());
    ServerWriter writer(server.url(), token);

    QFile password(m_files.filePath(QStringLiteral("pw")));
    QVERIFY(password.open(QIODevice::WriteOnly));
    password.write("admin\n");
    password.close();
    SyncClient client(server.url().toString());
    SyncResult r = client.run({QStringLiteral("--user"),
                               QStringLiteral("admin"),
                               QStringLiteral("--password-file"),
                               password.fileName(),
                               QStringLiteral("login")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = client.run({QStringLiteral("sync")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QJsonObject kept;
    QVERIFY(!writer.create(QStringLiteral("kept by the backup"), &kept).isEmpty());
    r = client.run({QStringLiteral("sync")});
    QVERIFY2(r.exitCode == 0, r.err.constData());

    const QString backupFile = m_files.filePath(QStringLiteral("deltadesk.backup"));
    CommandResult backup = ServerProcess::runCommand({QStringLiteral("backup"),
                                                      QStringLiteral("--data-dir"),
                                                      server.dataDir(),
                                                      QStringLiteral("--to"),
                                                      backupFile});
    QVERIFY2(backup.exitCode == 0, backup.err.constData());

    // Written after the backup: the restore takes these away again.
    QJsonObject lost;
    QVERIFY(!writer.create(QStringLiteral("lost with the restore"), &lost).isEmpty());
    const QString keptId = kept.value(QStringLiteral("_id")).toString();
    QVERIFY(!writer.update(keptId, QStringLiteral("renamed after the backup")).isEmpty());
    const QByteArray headBeforeRestore = writer.head();
    r = client.run({QStringLiteral("sync")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const auto cachedTitle = [&client](const QString &id) {
        for (const QJsonObject &doc : client.dump(QStringLiteral("events"))) {
            if (doc.value(QStringLiteral("_id")).toString() == id)
                return doc.value(QStringLiteral("title")).toString();
        }
        return QString();
    };
    QCOMPARE(cachedTitle(lost.value(QStringLiteral("_id")).toString()),
             QStringLiteral("lost with the restore"));
    QCOMPARE(cachedTitle(keptId), QStringLiteral("renamed after the backup"));

    QVERIFY(server.stop());
    CommandResult restore = ServerProcess::runCommand({QStringLiteral("restore"),
                                                       QStringLiteral("--data-dir"),
                                                       server.dataDir(),
                                                       QStringLiteral("--from"),
                                                       backupFile,
                                                       QStringLiteral("--force")});
    QVERIFY2(restore.exitCode == 0, restore.err.constData());
    QVERIFY2(server.start(), server.standardError().constData());
    client.setServer(server.url().toString());
    TestHttp restored(server.url());
    restored.setToken(token); // tokens are kept by the restore
    QVERIFY(restored.get(QStringLiteral("/health"))
                .json()
                .value(QStringLiteral("cursor"))
                .toString()
                .toLongLong()
            < headBeforeRestore.toLongLong());

    r = client.run({QStringLiteral("sync")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    // The cache is the restored server's data exactly: the lost writes gone.
    for (const QString &c : Protocol::collectionNames()) {
        const QString diff = diffDocuments(client.dump(c),
                                           serverDocuments(server.url().toString(), token, c));
        QVERIFY2(diff.isEmpty(), qPrintable(c + QStringLiteral(": ") + diff));
    }
    QCOMPARE(cachedTitle(lost.value(QStringLiteral("_id")).toString()), QString());
    QCOMPARE(cachedTitle(keptId), QStringLiteral("kept by the backup"));
    QVERIFY2(r.out.contains("\"event\":\"databaseReplaced\""), r.out.constData());
    int fullRounds = 0;
    for (const QJsonObject &line : r.lines()) {
        if (line.value(QStringLiteral("mode")).toString() == QLatin1String("full"))
            ++fullRounds;
    }
    QCOMPARE(fullRounds, int(Protocol::collectionNames().size()));

    // Settled: the next sync is a delta again.
    r = client.run({QStringLiteral("sync")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(!r.out.contains("databaseReplaced"));
    for (const QJsonObject &line : r.lines())
        QCOMPARE(line.value(QStringLiteral("mode")).toString(), QStringLiteral("delta"));
    QVERIFY(server.stop());
}

QTEST_GUILESS_MAIN(TestE2eRestore)
#include "tst_e2e_restore.moc"
