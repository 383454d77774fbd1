#include "protocol.h"
#include "serverprocess.h"
#include "syncclient.h"
#include "testhttp.h"

#include <QFile>
#include <QJsonDocument>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>

// deltadesk-sync against the real deltadesk-server: every command, and the
// cache ends equal to the server's full fetch.
class TestE2eSync : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void helpVersionAndUsage();
    void loginSyncDumpEqualsServer();
    void followAppliesWritesAndEndsOnSigterm();
    void resyncAndLogout();
    void tokenFileAndBadPassword();
    void unreachableServer();

private:
    QString writeFile(const QString &name, const QByteArray &content);
    QJsonObject newEvent(const QString &title) const;

    ServerProcess m_server;
    QTemporaryDir m_files;
    QByteArray m_token; // manager: may write events
    QString m_password;
};

void TestE2eSync::initTestCase()
{
    QVERIFY(!SyncClient::binaryPath().isEmpty());
    QVERIFY(m_server.start(
        {QStringLiteral("--demo"), QStringLiteral("--heartbeat-ms"), QStringLiteral("500")}));
    TestHttp http(m_server.url());
    m_token = http.login(QStringLiteral("manager"), QStringLiteral("manager"));
    QVERIFY(!m_token.isEmpty());
    m_password = writeFile(QStringLiteral("pw"), "admin\n");
}

QString TestE2eSync::writeFile(const QString &name, const QByteArray &content)
{
    QFile file(m_files.filePath(name));
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(content);
    return file.fileName();
}

QJsonObject TestE2eSync::newEvent(const QString &title) const
{
    return QJsonObject{{QStringLiteral("title"), title},
                       {QStringLiteral("startsAt"), QStringLiteral("2026-03-01T10:00:00.000Z")},
                       {QStringLiteral("endsAt"), QStringLiteral("2026-03-01T12:00:00.000Z")},
                       {QStringLiteral("status"), QStringLiteral("draft")}};
}

void TestE2eSync::helpVersionAndUsage()
{
    SyncClient client(m_server.url().toString());
    QProcess help;
    QSignalSpy done(&help, &QProcess::finished);
    help.start(SyncClient::binaryPath(), {QStringLiteral("--help")});
    QVERIFY(done.wait(10000));
    QCOMPARE(help.exitCode(), 0);
    QVERIFY(help.readAllStandardOutput().contains("resync COLLECTION"));

    SyncResult r = client.run({QStringLiteral("--version")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.startsWith("deltadesk-sync "));

    r = client.run({QStringLiteral("frobnicate")});
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.err.count('\n'), 1);
    r = client.run({QStringLiteral("dump"), QStringLiteral("nosuch")});
    QCOMPARE(r.exitCode, 2);
    r = client.run({QStringLiteral("sync")}); // not logged in
    QCOMPARE(r.exitCode, 3);
    QCOMPARE(r.err.count('\n'), 1);
}

void TestE2eSync::loginSyncDumpEqualsServer()
{
    SyncClient client(m_server.url().toString());
    SyncResult r = client.run({QStringLiteral("--user"),
                               QStringLiteral("admin"),
                               QStringLiteral("--password-file"),
                               m_password,
                               QStringLiteral("login")});
    QCOMPARE(r.exitCode, 0);
    QFile settings(client.stateDir() + QStringLiteral("/settings.ini"));
    QCOMPARE(settings.permissions()
                 & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
             QFile::Permissions());

    r = client.run({QStringLiteral("sync")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QList<QJsonObject> lines = r.lines();
    QCOMPARE(lines.size(), 5);
    for (const QJsonObject &line : lines) {
        QCOMPARE(line.value(QStringLiteral("mode")).toString(), QStringLiteral("full"));
        QVERIFY(line.value(QStringLiteral("wireBytes")).toInteger() > 0);
    }
    for (const QString &c : {QStringLiteral("events"),
                             QStringLiteral("users"),
                             QStringLiteral("clients"),
                             QStringLiteral("roles"),
                             QStringLiteral("tariffs")}) {
        const QString diff = diffDocuments(client.dump(c),
                                           serverDocuments(m_server.url().toString(), m_token, c));
        QVERIFY2(diff.isEmpty(), qPrintable(c + QStringLiteral(": ") + diff));
    }

    // Nothing changed: a delta round of a few hundred bytes per collection.
    r = client.run(
        {QStringLiteral("sync"), QStringLiteral("--collections"), QStringLiteral("events,roles")});
    QCOMPARE(r.exitCode, 0);
    lines = r.lines();
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines.at(0).value(QStringLiteral("mode")).toString(), QStringLiteral("delta"));
    QCOMPARE(lines.at(0).value(QStringLiteral("documents")).toInteger(), 0);
    QVERIFY(lines.at(0).value(QStringLiteral("wireBytes")).toInteger() < 1000);
    QVERIFY(lines.at(0).value(QStringLiteral("fullEquivalentBytes")).toInteger() > 10000);

    r = client.run({QStringLiteral("status")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.lines().size(), 5);
    QCOMPARE(r.lines().first().value(QStringLiteral("cached")).toInteger(), 1000);
    QVERIFY(!r.lines().first().value(QStringLiteral("cursor")).toString().isEmpty());
}

void TestE2eSync::followAppliesWritesAndEndsOnSigterm()
{
    SyncClient client(m_server.url().toString());
    QVERIFY(client.startFollow({QStringLiteral("--user"),
                                QStringLiteral("admin"),
                                QStringLiteral("--password-file"),
                                m_password,
                                QStringLiteral("--heartbeat-ms"),
                                QStringLiteral("500")}));
    QTRY_VERIFY_WITH_TIMEOUT(client.followOutput().contains("\"state\":\"live\""), 30000);

    TestHttp http(m_server.url());
    http.setToken(m_token);
    const HttpResult created = http.postJson(QStringLiteral("/api/events"),
                                             newEvent(QStringLiteral("followed")));
    QCOMPARE(created.status, 201);
    const QJsonObject doc = created.json();
    const QString id = doc.value(QStringLiteral("_id")).toString();
    QJsonObject update = newEvent(QStringLiteral("followed, renamed"));
    const HttpResult updated
        = http.request("PUT",
                       QStringLiteral("/api/events/") + id,
                       QJsonDocument(update).toJson(),
                       {{"If-Match",
                         QByteArray::number(doc.value(QStringLiteral("version")).toInt())},
                        {"Content-Type", "application/json"}});
    QCOMPARE(updated.status, 200);
    const QString victim = serverDocuments(m_server.url().toString(),
                                           m_token,
                                           QStringLiteral("events"))
                               .first()
                               .value(QStringLiteral("_id"))
                               .toString();
    const qint64 victimVersion = serverDocuments(m_server.url().toString(),
                                                 m_token,
                                                 QStringLiteral("events"))
                                     .first()
                                     .value(QStringLiteral("version"))
                                     .toInteger();
    const HttpResult deleted = http.request("DELETE",
                                            QStringLiteral("/api/events/") + victim,
                                            {},
                                            {{"If-Match", QByteArray::number(victimVersion)}});
    QCOMPARE(deleted.status, 204);
    const QByteArray head = QByteArray("\"cursor\":\"") + deleted.header("X-Sync-Cursor")
                            + QByteArray("\"");
    QTRY_VERIFY_WITH_TIMEOUT(client.followOutput().contains(head), 15000);

    const SyncResult r = client.finishFollow();
    QVERIFY(!r.crashed);
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("\"event\":\"batch\""));
    const QString diff = diffDocuments(client.dump(QStringLiteral("events")),
                                       serverDocuments(m_server.url().toString(),
                                                       m_token,
                                                       QStringLiteral("events")));
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
}

void TestE2eSync::resyncAndLogout()
{
    SyncClient client(m_server.url().toString());
    const QStringList login{QStringLiteral("--user"),
                            QStringLiteral("admin"),
                            QStringLiteral("--password-file"),
                            m_password};
    QCOMPARE(client.run(login + QStringList{QStringLiteral("sync")}).exitCode, 0);
    SyncResult r = client.run({QStringLiteral("resync"), QStringLiteral("clients")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.lines().size(), 1);
    QCOMPARE(r.lines().first().value(QStringLiteral("mode")).toString(), QStringLiteral("full"));
    QCOMPARE(client.dump(QStringLiteral("clients")).size(), 200);

    QSettings settings(client.stateDir() + QStringLiteral("/settings.ini"), QSettings::IniFormat);
    const QByteArray token = settings.value(QStringLiteral("auth/token")).toString().toUtf8();
    QVERIFY(!token.isEmpty());
    // Before logout the status knows a cursor, a last sync and cached rows
    // for every collection; after it none: one line each, all wiped.
    const auto statusOf = [&client] {
        QMap<QString, QJsonObject> lines;
        const SyncResult status = client.run({QStringLiteral("status")});
        if (status.exitCode == 0)
            for (const QJsonObject &line : status.lines())
                lines.insert(line.value(QStringLiteral("collection")).toString(), line);
        return lines;
    };
    QCOMPARE(statusOf().size(), Protocol::collectionNames().size());
    for (const QJsonObject &line : statusOf()) {
        QVERIFY(!line.value(QStringLiteral("cursor")).toString().isEmpty());
        QVERIFY(!line.value(QStringLiteral("lastSync")).toString().isEmpty());
        QVERIFY(line.value(QStringLiteral("cached")).toInteger() > 0);
    }
    r = client.run({QStringLiteral("logout")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(client.dump(QStringLiteral("events")).isEmpty());
    const QMap<QString, QJsonObject> after = statusOf();
    QStringList names = Protocol::collectionNames();
    names.sort();
    QCOMPARE(after.keys(), names);
    for (const QJsonObject &line : after) {
        QVERIFY(line.value(QStringLiteral("cursor")).toString().isEmpty());
        QVERIFY(line.value(QStringLiteral("lastSync")).toString().isEmpty());
        QCOMPARE(line.value(QStringLiteral("cached")).toInteger(), 0);
    }
    TestHttp http(m_server.url());
    http.setToken(token);
    QCOMPARE(http.get(QStringLiteral("/api/roles")).status, 401);
}

void TestE2eSync::tokenFileAndBadPassword()
{
    SyncClient client(m_server.url().toString());
    const QString tokenFile = writeFile(QStringLiteral("token"), m_token + '\n');
    SyncResult r = client.run({QStringLiteral("--token-file"),
                               tokenFile,
                               QStringLiteral("sync"),
                               QStringLiteral("--collections"),
                               QStringLiteral("tariffs")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(client.dump(QStringLiteral("tariffs")).size(), 30);

    const QString wrong = writeFile(QStringLiteral("wrong"), "nope\n");
    r = client.run({QStringLiteral("--user"),
                    QStringLiteral("admin"),
                    QStringLiteral("--password-file"),
                    wrong,
                    QStringLiteral("sync")});
    QCOMPARE(r.exitCode, 3);
    QCOMPARE(r.err.count('\n'), 1);
    QCOMPARE(client.dump(QStringLiteral("tariffs")).size(), 30); // a failed command leaves the cache
}

void TestE2eSync::unreachableServer()
{
    SyncClient client(QStringLiteral("http://127.0.0.1:1"));
    const QString tokenFile = writeFile(QStringLiteral("token2"), "whatever\n");
    SyncResult r = client.run({QStringLiteral("--token-file"), tokenFile, QStringLiteral("sync")});
    QCOMPARE(r.exitCode, 4);
    QCOMPARE(r.err.count('\n'), 1);
    r = client.run({QStringLiteral("--token-file"),
                    tokenFile,
                    QStringLiteral("follow"),
                    QStringLiteral("--seconds"),
                    QStringLiteral("1"),
                    QStringLiteral("--backoff-ms"),
                    QStringLiteral("50,200")});
    QCOMPARE(r.exitCode, 4);
    QCOMPARE(r.err.count('\n'), 1);
}

QTEST_GUILESS_MAIN(TestE2eSync)
#include "tst_e2e_sync.moc"
