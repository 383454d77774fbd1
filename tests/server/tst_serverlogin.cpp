// Logins on the real deltadesk-server as an attacker on the network tries
// them: throttled per (username, address) with growing delays, so the real
// user elsewhere still gets in; unknown usernames cost the same hashing as
// wrong passwords; successful logins are limited too, and a user's oldest
// tokens go past the bound; hashing never holds up the store; the username
// goes to the log escaped and cut. Loopback addresses 127.0.0.x stand for
// different hosts.

#include "servertestutil.h"

#include "rawhttp.h"
#include "sseclient.h"

#include <QTest>

#include <memory>
#include <vector>

using namespace ServerTest;

namespace {

QByteArray loginBody(const QByteArray &user, const QByteArray &password)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("username"), QString::fromUtf8(user)},
                                     {QStringLiteral("password"), QString::fromUtf8(password)}})
        .toJson(QJsonDocument::Compact);
}

RawResponse login(quint16 port, const char *source, const QByteArray &user, const QByteArray &pass)
{
    return RawHttp::exchange(port,
                             "POST",
                             "/api/auth/login",
                             {},
                             loginBody(user, pass),
                             QHostAddress(QLatin1String(source)));
}

// A login passed on by a reverse proxy at source for the client forwardedFor.
RawResponse proxiedLogin(quint16 port,
                         const char *source,
                         const QByteArray &forwardedFor,
                         const QByteArray &user,
                         const QByteArray &pass)
{
    RawHttp http(port, QHostAddress(QLatin1String(source)));
    http.sendRequest("POST",
                     "/api/auth/login",
                     {},
                     loginBody(user, pass),
                     {{"X-Forwarded-For", forwardedFor}});
    http.waitForResponses();
    return http.last();
}

} // namespace

class TestServerLogin : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void failuresSlowDownOnlyTheirAddress();
    void sprayingFromOneAddressIsHeldBack();
    void unknownUsersCostTheSameHashing();
    void successfulLoginsAreLimited();
    void oldestTokensGoPastTheBound();
    void usernamesAreEscapedInTheLog();
    void loginsDoNotHoldUpTheStore();
    void clientsBehindATrustedProxyCountApart();
    void namesWithControlCharactersAreRefused();

private:
    ServerProcess m_server;
    QByteArray m_rules;
};

void TestServerLogin::initTestCase()
{
    // The hashing path logs at debug level: the server inherits this.
    m_rules = qgetenv("QT_LOGGING_RULES");
    qputenv("QT_LOGGING_RULES", "deltadesk.*.debug=false;deltadesk.server.auth.debug=true");
    QVERIFY2(m_server.start({QStringLiteral("--demo")}), m_server.standardError().constData());
    qputenv("QT_LOGGING_RULES", m_rules);
}

void TestServerLogin::cleanupTestCase()
{
    qputenv("QT_LOGGING_RULES", m_rules);
}

void TestServerLogin::failuresSlowDownOnlyTheirAddress()
{
    const quint16 port = m_server.port();
    for (int i = 0; i < 5; ++i)
        QCOMPARE(login(port, "127.0.0.2", "staff", "guess").status, 401);
    const RawResponse held = login(port, "127.0.0.2", "staff", "guess");
    QCOMPARE(held.status, 429);
    QCOMPARE(held.json().value(QStringLiteral("error")).toString(),
             QStringLiteral("too_many_requests"));
    const int firstWait = held.header("retry-after").toInt();
    QVERIFY(firstWait >= 1);
    // Even the right password waits there...
    QCOMPARE(login(port, "127.0.0.2", "staff", "staff").status, 429);
    // ...but the real user, elsewhere, logs in.
    QCOMPARE(login(port, "127.0.0.3", "staff", "staff").status, 200);
    // Once the delay has passed, one more guess; the next delay is longer.
    int status = 0;
    QVERIFY(QTest::qWaitFor(
        [&] {
            status = login(port, "127.0.0.2", "staff", "guess").status;
            return status != 429;
        },
        5000));
    QCOMPARE(status, 401);
    const RawResponse longer = login(port, "127.0.0.2", "staff", "guess");
    QCOMPARE(longer.status, 429);
    QVERIFY2(longer.header("retry-after").toInt() > firstWait && firstWait == 1,
             longer.header("retry-after").constData());
}

void TestServerLogin::sprayingFromOneAddressIsHeldBack()
{
    // Fifty usernames a minute from one address, then it waits, whoever
    // it tries; another address does not.
    const quint16 port = m_server.port();
    for (int i = 0; i < 50; ++i) {
        const QByteArray user = "sprayed-" + QByteArray::number(i);
        QCOMPARE(login(port, "127.0.0.4", user, "guess").status, 401);
    }
    QCOMPARE(login(port, "127.0.0.4", "manager", "manager").status, 429);
    QCOMPARE(login(port, "127.0.0.5", "manager", "manager").status, 200);
}

void TestServerLogin::unknownUsersCostTheSameHashing()
{
    // Timing is for benchmarks; this asserts the work: an unknown name
    // goes through the same derivation (default rounds) as a known one.
    const quint16 port = m_server.port();
    QCOMPARE(login(port, "127.0.0.10", "nobody-here", "x").status, 401);
    QCOMPARE(login(port, "127.0.0.10", "admin", "wrong").status, 401);
    QTRY_VERIFY(m_server.standardError().contains("password check: account unknown rounds 25000"));
    QTRY_VERIFY(m_server.standardError().contains("password check: account known rounds 25000"));
}

void TestServerLogin::successfulLoginsAreLimited()
{
    const quint16 port = m_server.port();
    for (int i = 0; i < 10; ++i)
        QCOMPARE(login(port, "127.0.0.6", "admin", "admin").status, 200);
    const RawResponse limited = login(port, "127.0.0.6", "admin", "admin");
    QCOMPARE(limited.status, 429);
    QVERIFY(limited.header("retry-after").toInt() > 0);
    QCOMPARE(login(port, "127.0.0.7", "admin", "admin").status, 200);
}

void TestServerLogin::oldestTokensGoPastTheBound()
{
    const quint16 port = m_server.port();
    // 20 live tokens per user: the 21st login revokes the first, and the
    // first token's stream ends with it.
    QList<QByteArray> tokens;
    const char *sources[] = {"127.0.0.11", "127.0.0.12", "127.0.0.13"};
    for (int i = 0; i < 20; ++i) {
        const RawResponse r = login(port, sources[i % 3], "manager", "manager");
        QCOMPARE(r.status, 200);
        tokens.append(r.json().value(QStringLiteral("token")).toString().toUtf8());
    }
    SseClient stream;
    stream.open(port, "/api/sync/stream?collections=roles", tokens.first());
    QTRY_COMPARE(stream.events("connected").size(), 1);
    QCOMPARE(RawHttp::exchange(port, "GET", "/api/roles", tokens.first()).status, 200);
    QCOMPARE(login(port, "127.0.0.14", "manager", "manager").status, 200);
    QCOMPARE(RawHttp::exchange(port, "GET", "/api/roles", tokens.first()).status, 401);
    QCOMPARE(RawHttp::exchange(port, "GET", "/api/roles", tokens.at(1)).status, 200);
    QTRY_VERIFY(stream.isClosed());
}

void TestServerLogin::usernamesAreEscapedInTheLog()
{
    // A newline that would start a forged line and a terminal escape are
    // not in any username: 400, and nothing logged.
    const QByteArray forged = "ghost\nauth: login ok for admin\x1b[31m";
    QCOMPARE(login(m_server.port(), "127.0.0.15", forged, "x").status, 400);
    // What a name may hold still reaches the log escaped and cut: a C1
    // control (CSI), a right-to-left override and 200 more characters.
    const QByteArray odd = "ghost\xc2\x9b[31m\xe2\x80\xae" + QByteArray(200, 'x');
    QCOMPARE(login(m_server.port(), "127.0.0.15", odd, "x").status, 401);
    QTRY_VERIFY(m_server.standardError().contains("failed login for ghost"));
    const QByteArray log = m_server.standardError();
    QVERIFY(!log.contains("login ok for admin"));
    QVERIFY(!log.contains('\x1b'));
    const qsizetype at = log.indexOf("failed login for ghost");
    const QByteArray line = log.mid(at, log.indexOf('\n', at) - at);
    QVERIFY2(line.contains("ghost\\x9b[31m\\u202e"), line.constData());
    QVERIFY2(line.size() < 200, line.constData());
    QVERIFY(line.contains("bytes)"));
    QVERIFY(!line.contains("\xc2\x9b"));
    QVERIFY(!line.contains("\xe2\x80\xae"));
    // Longer names are not logins at all: 400, and nothing logged.
    const QByteArray flood = "flood" + QByteArray(5000, 'y');
    const RawResponse refused = login(m_server.port(), "127.0.0.15", flood, "x");
    QCOMPARE(refused.status, 400);
    QVERIFY(!m_server.standardError().contains("flood"));
}

void TestServerLogin::loginsDoNotHoldUpTheStore()
{
    // Eight clients log in as fast as they are answered (the throttle off,
    // as an attacker with eight addresses would see it). A read sent in the
    // middle must not wait for the hashing queued before it: with PBKDF2 on
    // the store thread it was answered only after every login ahead of it.
    ServerProcess server;
    QVERIFY2(server.start({QStringLiteral("--demo"), QStringLiteral("--no-login-throttle")}),
             server.standardError().constData());
    TestHttp reader(server.url());
    QVERIFY(!reader.login(QStringLiteral("staff"), QStringLiteral("staff")).isEmpty());
    int answered = 0;
    std::vector<std::unique_ptr<RawHttp>> loops;
    for (int i = 0; i < 8; ++i) {
        loops.push_back(std::make_unique<RawHttp>(server.port()));
        RawHttp *loop = loops.back().get();
        connect(loop, &RawHttp::responseReceived, loop, [loop, &answered] {
            ++answered;
            if (answered < 400)
                loop->sendRequest("POST", "/api/auth/login", {}, loginBody("admin", "admin"));
        });
        loop->sendRequest("POST", "/api/auth/login", {}, loginBody("admin", "admin"));
    }
    QTRY_VERIFY_WITH_TIMEOUT(answered >= 16, 30000);
    for (int round = 0; round < 3; ++round) {
        RawHttp read(server.port());
        const int before = answered;
        read.sendRequest("GET", "/api/roles", reader.token());
        QVERIFY(read.waitForResponses());
        QCOMPARE(read.last().status, 200);
        qInfo("logins answered while GET /api/roles waited: %d", answered - before);
        QVERIFY2(answered - before < 4, qPrintable(QString::number(answered - before)));
    }
    for (const auto &loop : loops)
        loop->disconnect();
}

void TestServerLogin::clientsBehindATrustedProxyCountApart()
{
    // Behind a reverse proxy every client has the proxy's address: the
    // throttle must count the client it forwards for, or one attacker
    // would hold back everyone's logins.
    ServerProcess server;
    QVERIFY2(server.start({QStringLiteral("--demo"),
                           QStringLiteral("--trusted-proxy"),
                           QStringLiteral("127.0.0.20"),
                           QStringLiteral("--max-connections-per-address"),
                           QStringLiteral("2")}),
             server.standardError().constData());
    const quint16 port = server.port();
    for (int i = 0; i < 5; ++i)
        QCOMPARE(proxiedLogin(port, "127.0.0.20", "198.51.100.7", "staff", "guess").status, 401);
    QCOMPARE(proxiedLogin(port, "127.0.0.20", "198.51.100.7", "staff", "guess").status, 429);
    // The proxy appends the address it saw; what the client sent before it
    // proves nothing.
    QCOMPARE(proxiedLogin(port, "127.0.0.20", "203.0.113.9, 198.51.100.7", "staff", "staff").status,
             429);
    QCOMPARE(proxiedLogin(port, "127.0.0.20", "198.51.100.8", "staff", "staff").status, 200);

    // From anyone else, X-Forwarded-For is the client's own claim: ignored.
    for (int i = 0; i < 5; ++i) {
        const QByteArray claimed = "192.0.2." + QByteArray::number(i);
        QCOMPARE(proxiedLogin(port, "127.0.0.21", claimed, "staff", "guess").status, 401);
    }
    QCOMPARE(proxiedLogin(port, "127.0.0.21", "192.0.2.99", "staff", "guess").status, 429);

    // The proxy's own connections are not capped per address.
    std::vector<std::unique_ptr<RawHttp>> held;
    for (int i = 0; i < 4; ++i) {
        held.push_back(std::make_unique<RawHttp>(port, QHostAddress(QStringLiteral("127.0.0.20"))));
        held.back()->sendRequest("GET", "/health");
        QVERIFY(held.back()->waitForResponses());
        QCOMPARE(held.back()->last().status, 200);
    }
    for (int i = 0; i < 3; ++i) {
        held.push_back(std::make_unique<RawHttp>(port, QHostAddress(QStringLiteral("127.0.0.22"))));
        held.back()->sendRequest("GET", "/health");
        QVERIFY(held.back()->waitForResponses());
        QCOMPARE(held.back()->last().status, i < 2 ? 200 : 429);
    }
}

void TestServerLogin::namesWithControlCharactersAreRefused()
{
    // libpq reads parameters as C strings: "staff<NUL>1" was the account
    // staff there, while the throttle counted a fresh name per suffix.
    const quint16 port = m_server.port();
    const RawResponse right = login(port, "127.0.0.40", QByteArray("staff\0x", 7), "staff");
    QCOMPARE(right.status, 400);
    QVERIFY(right.json()
                .value(QStringLiteral("message"))
                .toString()
                .contains(QStringLiteral("control character")));
    for (int i = 0; i < 8; ++i) {
        const QByteArray name = QByteArray("staff\0", 6) + QByteArray::number(i);
        QCOMPARE(login(port, "127.0.0.40", name, "guess").status, 400);
    }
    QCOMPARE(login(port, "127.0.0.40", "staff\x1b[2K", "staff").status, 400);
    // The real name still logs in from there: nothing was counted.
    QCOMPARE(login(port, "127.0.0.40", "staff", "staff").status, 200);
}

QTEST_GUILESS_MAIN(TestServerLogin)
#include "tst_serverlogin.moc"
