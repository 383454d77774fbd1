// The server's logs and request ids, against the real process: every
// response carries X-Request-Id (a well-formed one the client sent, else a
// new one); --log-format json writes one JSON object per line with time,
// level, category and, for each answered request, request id, method,
// route, status, duration and user; client text cannot forge a line.

#include "servertestutil.h"

#include "protocol.h"
#include "sseclient.h"

#include <QJsonArray>
#include <QJsonParseError>
#include <QTest>

using namespace ServerTest;

class TestServerLogs : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void everyResponseCarriesARequestId();
    void jsonLinesHaveTheFields();
    void clientTextCannotForgeALine();
    void textLinesNameTheRequest();

private:
    QList<QJsonObject> jsonLines();

    ServerProcess m_server;
    std::unique_ptr<TestHttp> m_http;
};

void TestServerLogs::initTestCase()
{
    QVERIFY2(m_server.start(
                 {QStringLiteral("--demo"), QStringLiteral("--log-format"), QStringLiteral("json")}),
             m_server.standardError().constData());
    m_http = std::make_unique<TestHttp>(m_server.url());
    QVERIFY(!m_http->login(QStringLiteral("manager"), QStringLiteral("manager")).isEmpty());
}

// Every stderr line, each of which must be a JSON object.
QList<QJsonObject> TestServerLogs::jsonLines()
{
    QList<QJsonObject> out;
    for (const QByteArray &line : m_server.standardError().split('\n')) {
        if (line.isEmpty())
            continue;
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject()) {
            qWarning("not a JSON line: %s", line.constData());
            return {};
        }
        out << doc.object();
    }
    return out;
}

void TestServerLogs::everyResponseCarriesARequestId()
{
    QSet<QByteArray> ids;
    const QList<HttpResult> answers{
        m_http->get(QStringLiteral("/health")),
        m_http->get(QStringLiteral("/api/roles")),
        m_http->get(QStringLiteral("/api/roles?limit=0")),
        m_http->get(QStringLiteral("/nowhere")),
        m_http->get(QStringLiteral("/api/roles"), {{"Authorization", "Bearer wrong"}}),
        m_http->request("PATCH", QStringLiteral("/api/roles")),
        m_http->request("POST",
                        QStringLiteral("/api/auth/login"),
                        QByteArray(9000, 'x'),
                        {{"Content-Type", "application/json"}}),
    };
    QList<int> statuses;
    for (const HttpResult &r : answers) {
        statuses << r.status;
        const QByteArray id = r.header("X-Request-Id");
        QVERIFY2(!id.isEmpty(), QByteArray::number(r.status).constData());
        ids.insert(id);
    }
    QCOMPARE(statuses, (QList<int>{200, 200, 400, 404, 401, 405, 413}));
    QCOMPARE(ids.size(), answers.size());

    // A proxy's id is kept; one that is not a plain token is replaced.
    QCOMPARE(m_http->get(QStringLiteral("/health"), {{"X-Request-Id", "nginx-7f3a.42"}})
                 .header("X-Request-Id"),
             QByteArray("nginx-7f3a.42"));
    const QByteArray odd = m_http->get(QStringLiteral("/health"), {{"X-Request-Id", "a b\"c"}})
                               .header("X-Request-Id");
    QVERIFY(!odd.isEmpty());
    QVERIFY(!odd.contains(' ') && !odd.contains('"'));

    // The stream's head too.
    SseClient stream;
    stream.open(m_server.port(), "/api/sync/stream", m_http->token(), {{"X-Request-Id", "s-1"}});
    QTRY_COMPARE(stream.events("connected").size(), 1);
    QVERIFY2(stream.head().contains("\r\nX-Request-Id: s-1"), stream.head().constData());
}

void TestServerLogs::jsonLinesHaveTheFields()
{
    QCOMPARE(m_http->get(QStringLiteral("/api/events?limit=1"), {{"X-Request-Id", "fields-1"}})
                 .status,
             200);
    QJsonObject access;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (const QJsonObject &line : jsonLines()) {
                if (line.value(QStringLiteral("requestId")).toString() == QLatin1String("fields-1"))
                    access = line;
            }
            return !access.isEmpty();
        }(),
        5000);
    const QList<QJsonObject> lines = jsonLines();
    QVERIFY(!lines.isEmpty());
    for (const QJsonObject &line : lines) {
        QVERIFY(Protocol::parseTimestamp(line.value(QStringLiteral("time")).toString()));
        QVERIFY(!line.value(QStringLiteral("level")).toString().isEmpty());
        QVERIFY(line.value(QStringLiteral("category"))
                    .toString()
                    .startsWith(QLatin1String("deltadesk.")));
        QVERIFY(line.contains(QStringLiteral("message")));
    }
    QCOMPARE(access.value(QStringLiteral("level")).toString(), QStringLiteral("info"));
    QCOMPARE(access.value(QStringLiteral("category")).toString(),
             QStringLiteral("deltadesk.server.access"));
    QCOMPARE(access.value(QStringLiteral("method")).toString(), QStringLiteral("GET"));
    QCOMPARE(access.value(QStringLiteral("route")).toString(), QStringLiteral("/api/{collection}"));
    QCOMPARE(access.value(QStringLiteral("status")).toInt(), 200);
    QVERIFY(access.value(QStringLiteral("durationMs")).toDouble() > 0);
    QCOMPARE(access.value(QStringLiteral("user")).toString(), QStringLiteral("manager"));
    // Without a token nobody is named.
    bool anonymous = false;
    for (const QJsonObject &line : lines)
        anonymous |= line.value(QStringLiteral("route")).toString() == QLatin1String("unmatched")
                     && line.value(QStringLiteral("status")).toInt() == 404
                     && line.value(QStringLiteral("user")).isNull();
    QVERIFY(anonymous);
}

void TestServerLogs::clientTextCannotForgeALine()
{
    // A newline or an escape is in no username (400, see tst_serverlogin);
    // what a name may hold that still breaks lines or terminals: a line
    // separator and a C1 control.
    const QString forged = QStringLiteral("x") + QChar(0x2028)
                           + QStringLiteral("{\"level\":\"fatal\",\"message\":\"forged\"}")
                           + QChar(0x9b) + QStringLiteral("[31m");
    TestHttp stranger(m_server.url());
    QVERIFY(stranger.login(forged, QStringLiteral("nope")).isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(m_server.standardError().contains("failed login for"), 5000);
    const QList<QJsonObject> lines = jsonLines(); // each line still one object
    QVERIFY(!lines.isEmpty());
    bool sawLogin = false;
    for (const QJsonObject &line : lines) {
        QVERIFY(line.value(QStringLiteral("level")).toString() != QLatin1String("fatal"));
        const QString user = line.value(QStringLiteral("user")).toString();
        const QString message = line.value(QStringLiteral("message")).toString();
        for (const QString &text : {user, message}) {
            QVERIFY(!text.contains(u'\n') && !text.contains(QChar(0x1b)));
            QVERIFY(!text.contains(QChar(0x2028)) && !text.contains(QChar(0x9b)));
        }
        if (line.value(QStringLiteral("route")).toString() == QLatin1String("/api/auth/login")
            && line.value(QStringLiteral("status")).toInt() == 401) {
            sawLogin = true;
            QVERIFY2(user.startsWith(QLatin1String("x\\u2028{")), qPrintable(user));
            QVERIFY2(user.contains(QLatin1String("\\x9b")), qPrintable(user));
        }
    }
    QVERIFY(sawLogin);
}

void TestServerLogs::textLinesNameTheRequest()
{
    ServerProcess text;
    QVERIFY(text.start({QStringLiteral("--demo")}));
    TestHttp http(text.url());
    QVERIFY(!http.login(QStringLiteral("staff"), QStringLiteral("staff")).isEmpty());
    QCOMPARE(http.get(QStringLiteral("/api/roles"), {{"X-Request-Id", "text-1"}}).status, 200);
    QTRY_VERIFY_WITH_TIMEOUT(text.standardError().contains("id=text-1"), 5000);
    QByteArray line;
    for (const QByteArray &l : text.standardError().split('\n')) {
        if (l.contains("id=text-1"))
            line = l;
    }
    QVERIFY2(line.contains("GET /api/{collection} 200") && line.contains(" ms staff "),
             line.constData());
    QVERIFY(!line.startsWith('{'));
}

QTEST_GUILESS_MAIN(TestServerLogs)
#include "tst_serverlogs.moc"
