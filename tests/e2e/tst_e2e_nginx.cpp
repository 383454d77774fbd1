// Two deltadesk-server instances on one PostgreSQL behind a real nginx with
// the shipped site config: deltadesk-sync follows through nginx while the
// instance carrying its stream is killed with SIGKILL in the middle of a
// burst of writes. Every acknowledged write arrives, and a reader that
// resumes by Last-Event-ID through nginx gets nothing twice.

#include "nginxprocess.h"
#include "serverprocess.h"
#include "serverwriter.h"
#include "syncclient.h"
#include "testhttp.h"

#include "../server/sseclient.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTest>

class TestE2eNginx : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void followThroughNginxWhileAnInstanceIsKilled();

private:
    ServerProcess m_a;
    ServerProcess m_b;
    NginxProcess m_nginx;
    QTemporaryDir m_files;
};

void TestE2eNginx::initTestCase()
{
    if (!ServerProcess::usesPostgres())
        QSKIP("two instances need PostgreSQL: run as tst_e2e_nginx_pg");
    QVERIFY2(!NginxProcess::binaryPath().isEmpty(), "nginx is missing: scripts/install-deps.sh");
    m_b.shareDatabaseWith(m_a);
    const QStringList args{QStringLiteral("--demo"),
                           QStringLiteral("--heartbeat-ms"),
                           QStringLiteral("500")};
    QVERIFY2(m_a.start(args), m_a.standardError().constData());
    QVERIFY2(m_b.start(args), m_b.standardError().constData());
    QVERIFY2(m_nginx.start({m_a.port(), m_b.port()}), m_nginx.errorLog().constData());
}

void TestE2eNginx::followThroughNginxWhileAnInstanceIsKilled()
{
    const QString front = m_nginx.url().toString();
    TestHttp http(m_nginx.url());
    const QByteArray token = http.login(QStringLiteral("manager"), QStringLiteral("manager"));
    QVERIFY(!token.isEmpty());
    QFile password(m_files.filePath(QStringLiteral("pw")));
    QVERIFY(password.open(QIODevice::WriteOnly));
    password.write("manager\n");
    password.close();

    SyncClient client(front);
    QCOMPARE(client
                 .run({QStringLiteral("--user"),
                       QStringLiteral("manager"),
                       QStringLiteral("--password-file"),
                       password.fileName(),
                       QStringLiteral("login")})
                 .exitCode,
             0);
    QVERIFY(client.startFollow({QStringLiteral("--heartbeat-ms"),
                                QStringLiteral("500"),
                                QStringLiteral("--backoff-ms"),
                                QStringLiteral("50,300")}));
    QTRY_VERIFY_WITH_TIMEOUT(client.followOutput().contains("\"state\":\"live\""), 60000);

    // The instance that carries deltadesk-sync's stream (its /health counts
    // it, to a caller with a token).
    TestHttp directA(m_a.url());
    TestHttp directB(m_b.url());
    directA.setToken(token);
    directB.setToken(token);
    auto streamsOn = [](TestHttp &direct) {
        return direct.get(QStringLiteral("/health")).json().value(QStringLiteral("streams")).toInt();
    };
    QTRY_COMPARE(streamsOn(directA) + streamsOn(directB), 1);
    ServerProcess &victim = streamsOn(directA) == 1 ? m_a : m_b;
    const QByteArray before = client.followOutput();

    // A raw reader through nginx that resumes by Last-Event-ID whenever its
    // connection ends: what it receives over all its connections.
    QList<qint64> seen;
    std::unique_ptr<SseClient> reader;
    QByteArray lastId = ServerWriter(m_nginx.url(), token).head();
    auto readerConnected = [&] {
        if (reader && !reader->isClosed())
            return;
        if (reader) {
            for (const SseFrame &f : reader->events("change")) {
                seen << f.id.toLongLong();
                lastId = f.id;
            }
        }
        reader = std::make_unique<SseClient>();
        // Connection: close, so the end of the response (nginx ends it when
        // its upstream dies) is the end of the connection.
        reader->open(m_nginx.port(),
                     "/api/sync/stream?collections=events",
                     token,
                     {{"Last-Event-ID", lastId}, {"Connection", "close"}});
    };
    readerConnected();
    QTRY_COMPARE(reader->events("connected").size(), 1);

    ServerWriter writer(m_nginx.url(), token);
    QSet<QString> acknowledged;
    QByteArray lastAcked;
    int refused = 0;
    for (int i = 0; i < 60; ++i) {
        if (i == 20)
            victim.kill(); // SIGKILL: no clean shutdown, requests cut mid-way
        QJsonObject stored;
        const QByteArray cursor = writer.create(QStringLiteral("burst %1").arg(i), &stored);
        if (cursor.isEmpty()) {
            ++refused; // in flight on the killed instance: not acknowledged
            continue;
        }
        acknowledged << stored.value(QStringLiteral("_id")).toString();
        lastAcked = cursor;
        readerConnected();
    }
    qInfo("burst done: last acknowledged %s, reader at %s closed %d",
          lastAcked.constData(),
          reader->changeSeqs().isEmpty()
              ? "-"
              : QByteArray::number(reader->changeSeqs().last()).constData(),
          int(reader->isClosed()));
    QVERIFY(acknowledged.size() >= 55);
    QTRY_VERIFY_WITH_TIMEOUT(client.followOutput().contains(cursorMarker(lastAcked)), 30000);
    QTRY_VERIFY_WITH_TIMEOUT((readerConnected(),
                              !reader->changeSeqs().isEmpty()
                                  && reader->changeSeqs().last() == lastAcked.toLongLong()),
                             30000);
    for (const SseFrame &f : reader->events("change"))
        seen << f.id.toLongLong();

    const SyncResult r = client.finishFollow();
    QCOMPARE(r.exitCode, 0);
    // Every acknowledged write is in the client's cache, which equals the server's.
    QSet<QString> cached;
    for (const QJsonObject &doc : client.dump(QStringLiteral("events")))
        cached << doc.value(QStringLiteral("_id")).toString();
    for (const QString &id : acknowledged)
        QVERIFY2(cached.contains(id), qPrintable(id));
    const QString diff = diffDocuments(client.dump(QStringLiteral("events")),
                                       serverDocuments(front, token, QStringLiteral("events")));
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
    // Nothing twice, nothing out of order, across the reconnects.
    for (int i = 1; i < seen.size(); ++i)
        QVERIFY2(seen[i] > seen[i - 1],
                 qPrintable(QStringLiteral("%1 after %2").arg(seen[i]).arg(seen[i - 1])));
    QVERIFY(seen.size() >= acknowledged.size());
    // deltadesk-sync, cut off by the kill, applied each burst write once.
    int applied = 0;
    for (const QByteArray &line : client.followOutput().mid(before.size()).split('\n')) {
        const QJsonObject json = QJsonDocument::fromJson(line).object();
        if (json.value(QStringLiteral("event")).toString() == QLatin1String("batch")
            && json.value(QStringLiteral("collection")).toString() == QLatin1String("events"))
            applied += json.value(QStringLiteral("changes")).toInt();
    }
    QCOMPARE(applied, int(acknowledged.size()));
    qInfo("%d writes acknowledged, %d refused while an instance died",
          int(acknowledged.size()),
          refused);
}

QTEST_GUILESS_MAIN(TestE2eNginx)
#include "tst_e2e_nginx.moc"
