// /metrics of the real server on --metrics-listen: off by default, never on
// the API's port, the Prometheus text format (`promtool check metrics`), and
// figures that follow what happens: requests, logins, streams, fan-out,
// slow readers, documents and tombstones, on either store.

#include "servertestutil.h"

#include "sseclient.h"

#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>

using namespace ServerTest;

class TestServerMetrics : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void offByDefaultAndNotOnTheApiPort();
    void promtoolAcceptsTheScrape();
    void requestsAndLoginsAreCounted();
    void documentsAndTombstonesPerCollection();
    void streamsAndFanOutLag();
    void slowReadersDroppedAreCounted();

private:
    QByteArray scrape();
    double value(const QByteArray &text, const QString &sample);

    ServerProcess m_server;
    std::unique_ptr<TestHttp> m_http;
    std::unique_ptr<TestHttp> m_metrics;
};

void TestServerMetrics::initTestCase()
{
    QVERIFY2(m_server.start({QStringLiteral("--demo"),
                             QStringLiteral("--metrics-listen"),
                             QStringLiteral("127.0.0.1:0"),
                             QStringLiteral("--stream-drain-timeout-ms"),
                             QStringLiteral("300")}),
             m_server.standardError().constData());
    const QRegularExpressionMatch port
        = QRegularExpression(QStringLiteral(R"(metrics on http://127\.0\.0\.1:(\d+)/metrics)"))
              .match(QString::fromUtf8(m_server.standardOutput()));
    QVERIFY2(port.hasMatch(), m_server.standardOutput().constData());
    QUrl base(QStringLiteral("http://127.0.0.1"));
    base.setPort(port.captured(1).toInt());
    m_metrics = std::make_unique<TestHttp>(base);
    m_http = std::make_unique<TestHttp>(m_server.url());
    QVERIFY(!m_http->login(QStringLiteral("manager"), QStringLiteral("manager")).isEmpty());
}

QByteArray TestServerMetrics::scrape()
{
    const HttpResult r = m_metrics->get(QStringLiteral("/metrics"));
    if (r.status != 200 || !r.header("Content-Type").startsWith("text/plain; version=0.0.4"))
        return {};
    return r.body;
}

// The value of one sample line ("name{labels}"), NaN when it is absent.
double TestServerMetrics::value(const QByteArray &text, const QString &sample)
{
    const QByteArray prefix = sample.toUtf8() + ' ';
    for (const QByteArray &line : text.split('\n')) {
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).toDouble();
    }
    return qQNaN();
}

void TestServerMetrics::offByDefaultAndNotOnTheApiPort()
{
    // The API's port has no /metrics, with a token or without.
    QCOMPARE(m_http->get(QStringLiteral("/metrics")).status, 404);
    ServerProcess plain;
    QVERIFY(plain.start());
    QVERIFY(!plain.standardOutput().contains("metrics on"));
    QCOMPARE(TestHttp(plain.url()).get(QStringLiteral("/metrics")).status, 404);
}

void TestServerMetrics::promtoolAcceptsTheScrape()
{
    const QString promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"));
    if (promtool.isEmpty()) {
        if (qEnvironmentVariable("CI") == QLatin1String("true"))
            QFAIL("promtool is missing (Debian package prometheus: scripts/install-deps.sh)");
        QSKIP("promtool is missing: scripts/install-deps.sh installs the prometheus package");
    }
    // Every family has samples to check: a stream, a write, a failed login.
    SseClient stream;
    stream.open(m_server.port(), "/api/sync/stream", m_http->token());
    QTRY_COMPARE(stream.events("connected").size(), 1);
    QCOMPARE(m_http->postJson(QStringLiteral("/api/events"), eventBody()).status, 201);
    QTRY_COMPARE(stream.events("change").size(), 1);
    TestHttp stranger(m_server.url());
    QVERIFY(stranger.login(QStringLiteral("manager"), QStringLiteral("wrong")).isEmpty());

    const QByteArray text = scrape();
    QVERIFY(!text.isEmpty());
    QProcess check;
    check.start(promtool, {QStringLiteral("check"), QStringLiteral("metrics")});
    QVERIFY(check.waitForStarted());
    check.write(text);
    check.closeWriteChannel();
    // promtool is a separate process: its end is waited for like the
    // server's answers, with the event loop running.
    QTRY_VERIFY_WITH_TIMEOUT(check.state() == QProcess::NotRunning, 30000);
    const QByteArray report = check.readAllStandardOutput() + check.readAllStandardError();
    QVERIFY2(check.exitCode() == 0, report.constData());
    QVERIFY2(report.trimmed().isEmpty(), report.constData()); // no lint warnings either
}

void TestServerMetrics::requestsAndLoginsAreCounted()
{
    const QString ok = QStringLiteral(
        R"(deltadesk_http_requests_total{route="/api/{collection}",method="GET",status="200"})");
    const QString bad = QStringLiteral(
        R"(deltadesk_http_requests_total{route="/api/{collection}",method="GET",status="400"})");
    const QString failed = QStringLiteral(R"(deltadesk_logins_total{result="failure"})");
    const QString succeeded = QStringLiteral(R"(deltadesk_logins_total{result="success"})");
    const QString latency = QStringLiteral(
        R"(deltadesk_http_request_duration_seconds_count{route="/api/{collection}"})");
    const QByteArray before = scrape();
    const auto count = [&](const QByteArray &text, const QString &sample) {
        const double v = value(text, sample);
        return qIsNaN(v) ? 0.0 : v;
    };
    for (int i = 0; i < 3; ++i)
        QCOMPARE(m_http->get(QStringLiteral("/api/roles")).status, 200);
    QCOMPARE(m_http->get(QStringLiteral("/api/roles?limit=0")).status, 400);
    TestHttp other(m_server.url());
    QVERIFY(other.login(QStringLiteral("staff"), QStringLiteral("nope")).isEmpty());
    QVERIFY(!other.login(QStringLiteral("staff"), QStringLiteral("staff")).isEmpty());
    // A verb nobody knows is counted as OTHER: clients cannot grow the labels.
    QCOMPARE(m_http->request("BREW", QStringLiteral("/api/roles")).status, 405);
    const QByteArray after = scrape();
    QCOMPARE(count(after, ok) - count(before, ok), 3.0);
    QCOMPARE(count(after, bad) - count(before, bad), 1.0);
    // The three, the 400 and the 405 of the unknown verb.
    QCOMPARE(count(after, latency) - count(before, latency), 5.0);
    QCOMPARE(count(after, failed) - count(before, failed), 1.0);
    QCOMPARE(count(after, succeeded) - count(before, succeeded), 1.0);
    QVERIFY(after.contains(R"(method="OTHER",status="405")"));
    QVERIFY(!after.contains("BREW"));
}

void TestServerMetrics::documentsAndTombstonesPerCollection()
{
    const QString live = QStringLiteral(R"(deltadesk_documents{collection="events",state="live"})");
    const QString dead = QStringLiteral(
        R"(deltadesk_documents{collection="events",state="tombstone"})");
    const QByteArray before = scrape();
    QCOMPARE(value(before,
                   QStringLiteral(R"(deltadesk_documents{collection="roles",state="live"})")),
             8.0);
    QVERIFY(value(before, QStringLiteral("deltadesk_database_size_bytes")) > 100000);
    QCOMPARE(value(before, QStringLiteral("deltadesk_database_up")), 1.0);
    const HttpResult a = m_http->postJson(QStringLiteral("/api/events"), eventBody());
    const HttpResult b = m_http->postJson(QStringLiteral("/api/events"), eventBody());
    QCOMPARE(b.status, 201);
    QCOMPARE(m_http
                 ->request("DELETE",
                           QStringLiteral("/api/events/")
                               + a.json().value(QStringLiteral("_id")).toString())
                 .status,
             204);
    const QByteArray after = scrape();
    QCOMPARE(value(after, live) - value(before, live), 1.0);
    QCOMPARE(value(after, dead) - value(before, dead), 1.0);
}

void TestServerMetrics::streamsAndFanOutLag()
{
    const QString open = QStringLiteral("deltadesk_streams_open");
    const QString lag = QStringLiteral("deltadesk_stream_fanout_lag_seconds_count");
    const QByteArray before = scrape();
    SseClient first;
    SseClient second;
    first.open(m_server.port(), "/api/sync/stream", m_http->token());
    second.open(m_server.port(), "/api/sync/stream?collections=events", m_http->token());
    QTRY_COMPARE(first.events("connected").size(), 1);
    QTRY_COMPARE(second.events("connected").size(), 1);
    QCOMPARE(value(scrape(), open), value(before, open) + 2);
    QCOMPARE(m_http->postJson(QStringLiteral("/api/events"), eventBody()).status, 201);
    QTRY_COMPARE(second.events("change").size(), 1);
    const QByteArray after = scrape();
    // One change, one observation however many streams it went to.
    QCOMPARE(value(after, lag) - value(before, lag), 1.0);
    QVERIFY(value(after, QStringLiteral(R"(deltadesk_stream_fanout_lag_seconds_bucket{le="+Inf"})"))
            >= 1);
}

void TestServerMetrics::slowReadersDroppedAreCounted()
{
    const QString drained = QStringLiteral(
        R"(deltadesk_stream_slow_readers_dropped_total{reason="drain_timeout"})");
    const double before = value(scrape(), drained);
    // A reader that takes nothing: its queue never drains within 300 ms.
    SseClient stalled;
    stalled.open(m_server.port(), "/api/sync/stream?since=0", m_http->token(), {}, true);
    QTRY_VERIFY_WITH_TIMEOUT(value(scrape(), drained) >= before + 1, 20000);
}

QTEST_GUILESS_MAIN(TestServerMetrics)
#include "tst_servermetrics.moc"
