// The server when PostgreSQL is not there: unreachable at start, a clear
// line and a non-zero exit; lost while running, 503 with a JSON message and
// streams told to retry and closed; back again, the server recovers by
// itself. Runs its own cluster (scripts/pg-test-cluster.sh), because it
// stops and starts it.

#include "servertestutil.h"
#include "sseclient.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTest>

using namespace ServerTest;

class TestServerDbFaults : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void unreachableAtStartExitsWithOneLine();
    void lossWhileRunningAnswers503AndRecovers();

private:
    bool cluster(const QStringList &args, QByteArray *out = nullptr);

    QString m_clusterDir;
};

bool TestServerDbFaults::cluster(const QStringList &args, QByteArray *out)
{
    QProcess script;
    script.start(QStringLiteral(DELTADESK_SOURCE_DIR "/scripts/pg-test-cluster.sh"), args);
    if (!QTest::qWaitFor([&] { return script.state() == QProcess::NotRunning; }, 90000))
        return false;
    if (out)
        *out = script.readAllStandardOutput();
    if (script.exitCode() != 0)
        qWarning("pg-test-cluster.sh %s: %s",
                 qPrintable(args.join(u' ')),
                 script.readAllStandardError().constData());
    return script.exitStatus() == QProcess::NormalExit && script.exitCode() == 0;
}

void TestServerDbFaults::initTestCase()
{
    if (!ServerProcess::usesPostgres())
        QSKIP("a PostgreSQL fault test: run as tst_serverdbfaults_pg");
    QByteArray out;
    QVERIFY(cluster({QStringLiteral("start"), QStringLiteral("--no-fsync")}, &out));
    static const QRegularExpression assignment(QStringLiteral("^(DELTADESK_TEST_PG\\w*)=(.*)$"),
                                               QRegularExpression::MultilineOption);
    auto it = assignment.globalMatch(QString::fromUtf8(out));
    while (it.hasNext()) {
        const auto match = it.next();
        if (match.captured(1) == QLatin1String("DELTADESK_TEST_PG_DIR"))
            m_clusterDir = match.captured(2);
        else
            qputenv("DELTADESK_TEST_PG", match.captured(2).toUtf8()); // PgTestDatabase's cluster
    }
    QVERIFY2(!m_clusterDir.isEmpty(), out.constData());
}

void TestServerDbFaults::cleanupTestCase()
{
    if (!m_clusterDir.isEmpty())
        cluster({QStringLiteral("stop"), m_clusterDir});
}

void TestServerDbFaults::unreachableAtStartExitsWithOneLine()
{
    quint16 closedPort = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        closedPort = probe.serverPort();
    }
    QProcess server;
    server.start(ServerProcess::binaryPath(),
                 {QStringLiteral("--database"),
                  QStringLiteral("postgresql://deltadesk:secret@127.0.0.1:%1/deltadesk")
                      .arg(closedPort),
                  QStringLiteral("--listen"),
                  QStringLiteral("127.0.0.1:0")});
    QVERIFY(QTest::qWaitFor([&] { return server.state() == QProcess::NotRunning; }, 30000));
    QCOMPARE(server.exitStatus(), QProcess::NormalExit);
    QVERIFY(server.exitCode() != 0);
    const QByteArray errors = server.readAllStandardError();
    QCOMPARE(errors.count('\n'), 1);
    QVERIFY2(errors.startsWith("deltadesk-server: cannot open the store (PostgreSQL "),
             errors.constData());
    QVERIFY2(errors.contains(QByteArray(QByteArray("127.0.0.1:") + QByteArray::number(closedPort))),
             errors.constData());
    QVERIFY2(!errors.contains("secret"), "the password is not printed");
    QVERIFY(server.readAllStandardOutput().isEmpty());
}

void TestServerDbFaults::lossWhileRunningAnswers503AndRecovers()
{
    ServerProcess server;
    QVERIFY2(server.start({QStringLiteral("--demo")}), server.standardError().constData());
    TestHttp http(server.url());
    QVERIFY(!http.login(QStringLiteral("admin"), QStringLiteral("admin")).isEmpty());
    SseClient stream;
    stream.open(server.port(), "/api/sync/stream", http.token());
    QTRY_COMPARE(stream.events("connected").size(), 1);
    TestHttp anonymous(server.url());
    const HttpResult healthy = anonymous.get(QStringLiteral("/health"));
    QCOMPARE(healthy.status, 200);
    const QString databaseId = healthy.json().value(QStringLiteral("databaseId")).toString();
    QCOMPARE(databaseId.size(), 32);
    const int retriesBefore = int(
        std::count_if(stream.frames().cbegin(), stream.frames().cend(), [](const SseFrame &f) {
            return !f.retry.isEmpty();
        }));

    QVERIFY(cluster({QStringLiteral("pause"), m_clusterDir}));
    // The stream is told to come back later, then closed.
    QTRY_VERIFY_WITH_TIMEOUT(stream.isClosed(), 10000);
    const int retries = int(std::count_if(stream.frames().cbegin(),
                                          stream.frames().cend(),
                                          [](const SseFrame &f) { return !f.retry.isEmpty(); }));
    QCOMPARE(retries, retriesBefore + 1);
    // Every request: 503 with a JSON message, the token not questioned.
    for (const QString &path : {QStringLiteral("/api/events"), QStringLiteral("/api/sync/stream")}) {
        const HttpResult r = http.get(path);
        QCOMPARE(r.status, 503);
        QCOMPARE(r.json().value(QStringLiteral("error")).toString(),
                 QStringLiteral("service_unavailable"));
        QVERIFY(!r.json().value(QStringLiteral("message")).toString().isEmpty());
        QVERIFY(!r.header("Retry-After").isEmpty());
    }
    // Logins the server could not decide never count against the throttle
    // (5 free failures): more than that many retries stay 503s, never 429.
    TestHttp other(server.url());
    const auto login = [&other] {
        return other
            .postJson(QStringLiteral("/api/auth/login"),
                      {{QStringLiteral("username"), QStringLiteral("admin")},
                       {QStringLiteral("password"), QStringLiteral("admin")}})
            .status;
    };
    for (int i = 0; i < 7; ++i)
        QCOMPARE(login(), 503);
    QCOMPARE(http.postJson(QStringLiteral("/api/events"), eventBody()).status, 503);
    // /health asks the store: not "ok" while the database is away, with and
    // without a token, so a load balancer takes the instance out.
    for (TestHttp *asker : {&anonymous, &http}) {
        const HttpResult health = asker->get(QStringLiteral("/health"));
        QCOMPARE(health.status, 503);
        QCOMPARE(health.json().value(QStringLiteral("status")).toString(),
                 QStringLiteral("unavailable"));
        QCOMPARE(health.json().value(QStringLiteral("error")).toString(),
                 QStringLiteral("service_unavailable"));
        QVERIFY(!health.json().value(QStringLiteral("message")).toString().isEmpty());
        QVERIFY(!health.header("Retry-After").isEmpty());
    }

    QVERIFY(cluster({QStringLiteral("resume"), m_clusterDir}));
    // Back by itself: the same token works, writes and streams too. Once
    // one request got through, every store connection is back: no request
    // after it meets a 503 (nor a 401) left over from the outage.
    // qWaitFor, not QTRY_COMPARE: a request is not an idempotent expression.
    int status = 0;
    const bool back = QTest::qWaitFor(
        [&] { return (status = http.get(QStringLiteral("/api/events?limit=1")).status) == 200; },
        15000);
    QVERIFY2(back, QByteArray::number(status).constData());
    QByteArray afterwards;
    for (int i = 0; i < 12; ++i)
        afterwards += QByteArray::number(http.get(QStringLiteral("/api/events?limit=1")).status)
                      + ' ';
    QCOMPARE(afterwards, QByteArray("200 ").repeated(12));
    const HttpResult health = anonymous.get(QStringLiteral("/health"));
    QCOMPARE(health.status, 200);
    QCOMPARE(health.json().value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
    QCOMPARE(health.json().value(QStringLiteral("databaseId")).toString(), databaseId);
    // The same retrying login gets in: connections that find themselves
    // dead are replaced within the request, and no throttle holds it back.
    QList<int> loginStatuses;
    QTRY_VERIFY_WITH_TIMEOUT((loginStatuses << login()).constLast() == 200, 15000);
    QByteArray statuses;
    for (int status : loginStatuses)
        statuses += QByteArray::number(status) + ' ';
    QVERIFY2(!loginStatuses.contains(429), statuses.constData());
    SseClient again;
    again.open(server.port(), "/api/sync/stream", http.token());
    QTRY_COMPARE(again.events("connected").size(), 1);
    const HttpResult created = http.postJson(QStringLiteral("/api/events"), eventBody());
    QCOMPARE(created.status, 201);
    QTRY_COMPARE_WITH_TIMEOUT(again.changeSeqs(),
                              QList<qint64>{created.header("X-Sync-Cursor").toLongLong()},
                              10000);
    QVERIFY(server.stop());
}

QTEST_GUILESS_MAIN(TestServerDbFaults)
#include "tst_serverdbfaults.moc"
