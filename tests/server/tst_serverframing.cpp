// Requests at the edge of HTTP on the real deltadesk-server: framing RFC
// 9112 makes a 400 (a Transfer-Encoding not ending in chunked, one beside
// Content-Length, a missing or doubled Host), 401 before any other answer
// on /api/, bad percent-encoding a 400, every body valid UTF-8, and headers
// that tell an attacker nothing and let no browser sniff.

#include "servertestutil.h"

#include "rawhttp.h"

#include <QRegularExpression>
#include <QStringDecoder>
#include <QTest>

using namespace ServerTest;

namespace {

bool isUtf8(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringConverter::Flag::Stateless);
    const QString text = decoder(bytes);
    return !decoder.hasError();
}

} // namespace

class TestServerFraming : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void badFramingGets400_data();
    void badFramingGets400();
    void chunkedBodiesStillWork();
    void tokenComesBeforeEverythingElse_data();
    void tokenComesBeforeEverythingElse();
    void permissionComesBeforeParameters();
    void badPercentEncodingGets400_data();
    void badPercentEncodingGets400();
    void errorBodiesAreUtf8_data();
    void errorBodiesAreUtf8();
    void headersTellNothing();
    void healthWithoutTokenSaysOnlyStatus();

private:
    ServerProcess m_server;
    QByteArray m_token;
    QByteArray m_staffToken;
};

void TestServerFraming::initTestCase()
{
    QVERIFY2(m_server.start({QStringLiteral("--demo")}), m_server.standardError().constData());
    TestHttp http(m_server.url());
    m_token = http.login(QStringLiteral("manager"), QStringLiteral("manager"));
    m_staffToken = http.login(QStringLiteral("staff"), QStringLiteral("staff"));
    QVERIFY(!m_token.isEmpty() && !m_staffToken.isEmpty());
}

void TestServerFraming::badFramingGets400_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    const QByteArray host = "Host: 127.0.0.1\r\n";
    QTest::newRow("transfer-encoding gzip")
        << "POST /api/auth/login HTTP/1.1\r\n" + host + "Transfer-Encoding: gzip\r\n\r\n"
        << 400;
    QTest::newRow("chunked, then gzip")
        << "POST /api/auth/login HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked, gzip\r\n\r\n"
        << 400;
    QTest::newRow("gzip, then chunked") << "POST /api/auth/login HTTP/1.1\r\n" + host
                                               + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n"
                                        << 501;
    QTest::newRow("two transfer-encoding fields")
        << "POST /api/auth/login HTTP/1.1\r\n" + host
               + "Transfer-Encoding: identity\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
        << 501;
    QTest::newRow("transfer-encoding and content-length")
        << "POST /api/auth/login HTTP/1.1\r\n" + host
               + "Transfer-Encoding: gzip\r\nContent-Length: 5\r\n\r\nhello"
        << 400;
    QTest::newRow("transfer-encoding in HTTP/1.0") << QByteArray(
        "POST /api/auth/login HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
                                                   << 400;
    QTest::newRow("no host") << QByteArray("GET /health HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("two hosts") << "GET /health HTTP/1.1\r\n" + host + host + "\r\n" << 400;
}

void TestServerFraming::badFramingGets400()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    RawHttp http(m_server.port());
    http.send(request);
    QVERIFY(http.waitForResponses());
    QCOMPARE(http.last().status, status);
    QVERIFY(!http.last().json().value(QStringLiteral("message")).toString().isEmpty());
    // A request whose length is unknown ends its connection.
    QVERIFY(http.waitClosed());
}

void TestServerFraming::chunkedBodiesStillWork()
{
    const QByteArray body = QJsonDocument(eventBody()).toJson(QJsonDocument::Compact);
    RawHttp http(m_server.port());
    http.send("POST /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + m_token
              + "\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n"
              + QByteArray::number(10, 16) + "\r\n" + body.left(10) + "\r\n"
              + QByteArray::number(body.size() - 10, 16) + "\r\n" + body.mid(10) + "\r\n0\r\n\r\n");
    QVERIFY(http.waitForResponses());
    QCOMPARE(http.last().status, 201);
    // HTTP/1.0 without Host is still fine.
    RawHttp old(m_server.port());
    old.send("GET /health HTTP/1.0\r\n\r\n");
    QVERIFY(old.waitForResponses());
    QCOMPARE(old.last().status, 200);
}

void TestServerFraming::tokenComesBeforeEverythingElse_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<int>("withToken"); // the status once logged in
    QTest::newRow("unknown collection") << QByteArray("GET") << QByteArray("/api/foo") << 400;
    QTest::newRow("bad limit") << QByteArray("GET") << QByteArray("/api/events?limit=0") << 400;
    QTest::newRow("bad since") << QByteArray("GET") << QByteArray("/api/sync/stream?since=x")
                               << 400;
    QTest::newRow("bad encoding") << QByteArray("GET") << QByteArray("/api/events/%FF%FE") << 404;
    QTest::newRow("deep path") << QByteArray("GET") << QByteArray("/api/events/e-1/history") << 404;
    QTest::newRow("read-only collection")
        << QByteArray("DELETE") << QByteArray("/api/tariffs/t-1") << 405;
    QTest::newRow("logout") << QByteArray("POST") << QByteArray("/api/auth/logout") << 204;
}

void TestServerFraming::tokenComesBeforeEverythingElse()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    QFETCH(int, withToken);
    const RawResponse anonymous = RawHttp::exchange(m_server.port(), method, target);
    QCOMPARE(anonymous.status, 401);
    QCOMPARE(anonymous.json().value(QStringLiteral("error")).toString(),
             QStringLiteral("unauthorized"));
    if (method == "POST") {
        // Logging out ends the token; use one of its own.
        TestHttp http(m_server.url());
        const QByteArray token = http.login(QStringLiteral("admin"), QStringLiteral("admin"));
        QCOMPARE(RawHttp::exchange(m_server.port(), method, target, token).status, withToken);
        return;
    }
    const int expected = target.contains("%FF") ? 400 : withToken;
    QCOMPARE(RawHttp::exchange(m_server.port(), method, target, m_token).status, expected);
}

void TestServerFraming::permissionComesBeforeParameters()
{
    // staff may not write: 403, whatever else is wrong with the request.
    RawHttp http(m_server.port());
    http.sendRequest("PUT", "/api/events/e-1", m_staffToken, "{", {{"If-Match", "latest"}});
    QVERIFY(http.waitForResponses());
    QCOMPARE(http.last().status, 403);
    QCOMPARE(RawHttp::exchange(m_server.port(), "DELETE", "/api/events/%FF", m_staffToken).status,
             400);
}

void TestServerFraming::badPercentEncodingGets400_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target");
    QTest::newRow("invalid UTF-8 in an id")
        << QByteArray("PUT") << QByteArray("/api/events/%FF%FE");
    QTest::newRow("truncated escape") << QByteArray("PUT") << QByteArray("/api/events/e-1%2");
    QTest::newRow("not hex") << QByteArray("DELETE") << QByteArray("/api/events/%zz");
    QTest::newRow("overlong in a collection") << QByteArray("GET") << QByteArray("/api/%C0%AF");
    QTest::newRow("bad query value") << QByteArray("GET") << QByteArray("/api/events?cursor=%FF");
    QTest::newRow("bad query name") << QByteArray("GET") << QByteArray("/api/events?%E2%82=1");
    // libpq would cut the id at the NUL and name another document.
    QTest::newRow("nul in an id") << QByteArray("PUT") << QByteArray("/api/events/e-1%00zz");
    QTest::newRow("nul in a delete") << QByteArray("DELETE") << QByteArray("/api/events/e-1%00");
    QTest::newRow("control characters in an id")
        << QByteArray("DELETE") << QByteArray("/api/events/x%0D%0Alogin%20ok%1B%5B2K");
}

void TestServerFraming::badPercentEncodingGets400()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    const RawResponse r = RawHttp::exchange(m_server.port(), method, target, m_token, "{}");
    QCOMPARE(r.status, 400);
    QCOMPARE(r.json().value(QStringLiteral("error")).toString(), QStringLiteral("bad_request"));
    QVERIFY(isUtf8(r.body));
}

void TestServerFraming::errorBodiesAreUtf8_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::newRow("raw bytes in a collection") << QByteArray("/api/\xff\xfe");
    QTest::newRow("raw bytes in an unknown path") << QByteArray("/nothing/\xff");
    QTest::newRow("encoded UTF-8 collection") << QByteArray("/api/caf%C3%A9");
    QTest::newRow("raw bytes in an id") << QByteArray("/api/events/\xc3\x28");
}

void TestServerFraming::errorBodiesAreUtf8()
{
    QFETCH(QByteArray, target);
    const RawResponse r = RawHttp::exchange(m_server.port(), "GET", target, m_token);
    QVERIFY(r.status >= 400 && r.status < 500);
    QVERIFY2(isUtf8(r.body), r.body.toHex().constData());
    QVERIFY(!r.json().value(QStringLiteral("message")).toString().isEmpty());
}

void TestServerFraming::headersTellNothing()
{
    for (const QByteArray &target : {QByteArray("/health"), QByteArray("/api/roles")}) {
        const RawResponse r = RawHttp::exchange(m_server.port(), "GET", target, m_token);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("x-content-type-options"), QByteArray("nosniff"));
        QCOMPARE(r.header("server"), QByteArray("deltadesk-server"));
    }
    const RawResponse error = RawHttp::exchange(m_server.port(), "GET", "/api/roles");
    QCOMPARE(error.status, 401);
    QCOMPARE(error.header("x-content-type-options"), QByteArray("nosniff"));
    // The stream's head too (it has no length: the frames follow it).
    RawHttp stream(m_server.port());
    stream.sendRequest("GET", "/api/sync/stream", m_token);
    QVERIFY(stream.waitForResponses());
    QCOMPARE(stream.last().header("content-type"), QByteArray("text/event-stream"));
    QCOMPARE(stream.last().header("x-content-type-options"), QByteArray("nosniff"));
    QCOMPARE(stream.last().header("server"), QByteArray("deltadesk-server"));
}

void TestServerFraming::healthWithoutTokenSaysOnlyStatus()
{
    const RawResponse anonymous = RawHttp::exchange(m_server.port(), "GET", "/health");
    QCOMPARE(anonymous.status, 200);
    static const QRegularExpression shape(
        QStringLiteral(R"(^\{"status":"ok","databaseId":"[0-9a-f]{32}"\}$)"));
    QVERIFY2(shape.match(QString::fromLatin1(anonymous.body)).hasMatch(),
             anonymous.body.constData());
    const RawResponse stale = RawHttp::exchange(m_server.port(), "GET", "/health", "not-a-token");
    QCOMPARE(stale.body, anonymous.body);
    const RawResponse known = RawHttp::exchange(m_server.port(), "GET", "/health", m_token);
    QVERIFY(known.json().contains(QStringLiteral("cursor")));
    QVERIFY(known.json().contains(QStringLiteral("streams")));
}

QTEST_GUILESS_MAIN(TestServerFraming)
#include "tst_serverframing.moc"
