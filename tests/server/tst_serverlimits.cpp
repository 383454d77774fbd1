// Connection-level limits of the real deltadesk-server, over raw sockets:
// header and body limits (413 before the body is read), keep-alive,
// Connection: close, idle timeout, malformed requests.

#include "servertestutil.h"

#include <QHostAddress>
#include <QTcpSocket>
#include <QTest>

using namespace ServerTest;

namespace {

// Everything the server sent until it closed or timeoutMs passed.
struct RawExchange
{
    QTcpSocket socket;
    QByteArray received;
    bool closed = false;

    explicit RawExchange(quint16 port)
    {
        QObject::connect(&socket, &QTcpSocket::readyRead, &socket, [this] {
            received += socket.readAll();
        });
        QObject::connect(&socket, &QTcpSocket::disconnected, &socket, [this] { closed = true; });
        socket.connectToHost(QHostAddress::LocalHost, port);
    }
    int responses() const { return int(received.count("HTTP/1.1 ")); }
    int lastStatus() const
    {
        const qsizetype at = received.lastIndexOf("HTTP/1.1 ");
        return at < 0 ? 0 : received.mid(at + 9, 3).toInt();
    }
};

QByteArray healthRequest(const QByteArray &extra = {})
{
    return "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra + "\r\n";
}

} // namespace

class TestServerLimits : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void keepAliveServesSeveralRequests();
    void connectionCloseIsHonoured();
    void http10ClosesByDefault();
    void oversizedHeadersAreRefused();
    void oversizedBodyIsRefusedBeforeItIsRead();
    void malformedRequestGets400();
    void idleConnectionsTimeOut();
    void manyConnectionsAtOnce();

private:
    ServerProcess m_server;
    QByteArray m_token;
};

void TestServerLimits::initTestCase()
{
    QVERIFY2(m_server.start({QStringLiteral("--demo"),
                             QStringLiteral("--max-body-bytes"),
                             QStringLiteral("4096"),
                             QStringLiteral("--idle-timeout-ms"),
                             QStringLiteral("800")}),
             m_server.standardError().constData());
    TestHttp http(m_server.url());
    m_token = http.login(QStringLiteral("manager"), QStringLiteral("manager"));
    QVERIFY(!m_token.isEmpty());
}

void TestServerLimits::keepAliveServesSeveralRequests()
{
    RawExchange x(m_server.port());
    x.socket.write(healthRequest());
    QTRY_COMPARE(x.responses(), 1);
    x.socket.write(healthRequest());
    QTRY_COMPARE(x.responses(), 2);
    // Pipelined.
    x.socket.write(healthRequest() + healthRequest());
    QTRY_COMPARE(x.responses(), 4);
    QVERIFY(!x.closed);
    QCOMPARE(x.lastStatus(), 200);
}

void TestServerLimits::connectionCloseIsHonoured()
{
    RawExchange x(m_server.port());
    x.socket.write(healthRequest("Connection: close\r\n"));
    QTRY_VERIFY(x.closed);
    QCOMPARE(x.responses(), 1);
    QVERIFY(x.received.toLower().contains("connection: close"));
}

void TestServerLimits::http10ClosesByDefault()
{
    RawExchange x(m_server.port());
    x.socket.write("GET /health HTTP/1.0\r\n\r\n");
    QTRY_VERIFY(x.closed);
    QVERIFY(x.received.startsWith("HTTP/1.0 200") || x.received.startsWith("HTTP/1.1 200"));
}

void TestServerLimits::oversizedHeadersAreRefused()
{
    RawExchange x(m_server.port());
    x.socket.write(healthRequest("X-Padding: " + QByteArray(20000, 'p') + "\r\n"));
    QTRY_VERIFY(x.closed);
    QCOMPARE(x.lastStatus(), 431);
    QVERIFY(x.received.contains("\"error\""));
}

void TestServerLimits::oversizedBodyIsRefusedBeforeItIsRead()
{
    // Announce 10 MB and send none of it: the answer must not wait for it.
    // With a token (without one, 401 comes first: tst_serverhardening).
    RawExchange x(m_server.port());
    x.socket.write(
        "POST /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        "Authorization: Bearer "
        + m_token + "\r\nContent-Length: 10000000\r\n\r\n");
    QTRY_COMPARE(x.responses(), 1);
    QCOMPARE(x.lastStatus(), 413);
    QVERIFY(x.received.contains("payload_too_large"));
}

void TestServerLimits::malformedRequestGets400()
{
    RawExchange x(m_server.port());
    x.socket.write("THIS IS NOT HTTP\r\n\r\n");
    QTRY_VERIFY(x.closed);
    QCOMPARE(x.lastStatus(), 400);
}

void TestServerLimits::idleConnectionsTimeOut()
{
    RawExchange silent(m_server.port());
    QTRY_VERIFY(silent.socket.state() == QAbstractSocket::ConnectedState);
    QTRY_VERIFY_WITH_TIMEOUT(silent.closed, 5000);
    QCOMPARE(silent.responses(), 0);

    // Half a request, then silence: also closed.
    RawExchange partial(m_server.port());
    partial.socket.write("GET /health HTTP/1.1\r\nHost: 127");
    QTRY_VERIFY_WITH_TIMEOUT(partial.closed, 5000);
}

void TestServerLimits::manyConnectionsAtOnce()
{
    std::vector<std::unique_ptr<RawExchange>> clients;
    for (int i = 0; i < 200; ++i) {
        clients.push_back(std::make_unique<RawExchange>(m_server.port()));
        clients.back()->socket.write(healthRequest());
    }
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(clients.begin(),
                                         clients.end(),
                                         [](const auto &c) { return c->responses() == 1; }),
                             15000);
}

QTEST_GUILESS_MAIN(TestServerLimits)
#include "tst_serverlimits.moc"
