// Login, logout, token expiry, permissions, rate limit and the account CLI
// of the real deltadesk-server.

#include "servertestutil.h"
#include "sseclient.h"

#include <QFile>
#include <QJsonArray>
#include <QProcess>

#include <sqlite3.h>

#include "protocol.h"
#include <QTest>

using namespace ServerTest;

class TestServerAuth : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void loginReturnsTokenAndUser();
    void wrongCredentialsGet401_data();
    void wrongCredentialsGet401();
    void malformedLoginGets400();
    void requestsNeedAValidToken_data();
    void requestsNeedAValidToken();
    void logoutRevokesTheToken();
    void logoutEndsTheTokensStreams();
    void permissionsGate403();
    void usersNeverCarryPasswords();
    void rateLimitAnswers429();
    void tokensExpire();
    void userAddCommandCreatesAnAccount();

private:
    // Every account's salt and derived key, read behind the server's back.
    QStringList accountSecrets();

    ServerProcess m_server;
};

void TestServerAuth::initTestCase()
{
    QVERIFY2(m_server.start({QStringLiteral("--demo")}), m_server.standardError().constData());
}

void TestServerAuth::loginReturnsTokenAndUser()
{
    TestHttp http(m_server.url());
    const HttpResult r = http.postJson(QStringLiteral("/api/auth/login"),
                                       {{QStringLiteral("username"), QStringLiteral("manager")},
                                        {QStringLiteral("password"), QStringLiteral("manager")}});
    QCOMPARE(r.status, 200);
    const QJsonObject body = r.json();
    const QString token = body.value(QStringLiteral("token")).toString();
    QVERIFY(token.size() >= 40);
    QVERIFY(!token.contains(u'=') && !token.contains(u'+') && !token.contains(u'/'));
    QVERIFY(Protocol::parseTimestamp(body.value(QStringLiteral("expiresAt")).toString()));
    const QJsonObject user = body.value(QStringLiteral("user")).toObject();
    QCOMPARE(user.value(QStringLiteral("username")).toString(), QStringLiteral("manager"));
    QCOMPARE(user.value(QStringLiteral("role")).toString(), QStringLiteral("manager"));
    QVERIFY(!user.value(QStringLiteral("name")).toString().isEmpty());
    QVERIFY(
        user.value(QStringLiteral("permissions")).toArray().contains(QStringLiteral("events:write")));

    TestHttp staff(m_server.url());
    QVERIFY(!staff.login(QStringLiteral("staff"), QStringLiteral("staff")).isEmpty());
    QVERIFY(!staff.get(QStringLiteral("/api/tariffs")).json().isEmpty());
}

void TestServerAuth::wrongCredentialsGet401_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    // "manager" exists (logs in with "manager" in loginReturnsToken).
    QTest::newRow("wrong password") << "manager"
                                    << "nope";
    QTest::newRow("unknown user") << "nobody"
                                  << "nobody";
    QTest::newRow("empty password") << "admin"
                                    << "";
}

void TestServerAuth::wrongCredentialsGet401()
{
    QFETCH(QString, user);
    QFETCH(QString, password);
    TestHttp http(m_server.url());
    const HttpResult r = http.postJson(QStringLiteral("/api/auth/login"),
                                       {{QStringLiteral("username"), user},
                                        {QStringLiteral("password"), password}});
    QCOMPARE(r.status, 401);
    QCOMPARE(r.json().value(QStringLiteral("error")).toString(), QStringLiteral("unauthorized"));
    QVERIFY(!r.json().value(QStringLiteral("message")).toString().isEmpty());
}

void TestServerAuth::malformedLoginGets400()
{
    TestHttp http(m_server.url());
    for (const QByteArray &body :
         {QByteArray("{"), QByteArray("[]"), QByteArray("{\"username\":1}")}) {
        const HttpResult r = http.request("POST", QStringLiteral("/api/auth/login"), body);
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json().value(QStringLiteral("error")).toString(), QStringLiteral("bad_request"));
    }
}

void TestServerAuth::requestsNeedAValidToken_data()
{
    QTest::addColumn<QByteArray>("authorization");
    QTest::newRow("missing") << QByteArray();
    QTest::newRow("not bearer") << QByteArray("Basic YWRtaW46YWRtaW4=");
    QTest::newRow("unknown token")
        << QByteArray("Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    QTest::newRow("empty bearer") << QByteArray("Bearer ");
}

void TestServerAuth::requestsNeedAValidToken()
{
    QFETCH(QByteArray, authorization);
    TestHttp http(m_server.url());
    TestHttp::Headers headers;
    if (!authorization.isEmpty())
        headers.append({"Authorization", authorization});
    for (const QString &path : {QStringLiteral("/api/events"), QStringLiteral("/api/sync/stream")}) {
        const HttpResult r = http.request("GET", path, {}, headers);
        QCOMPARE(r.status, 401);
        QCOMPARE(r.json().value(QStringLiteral("error")).toString(), QStringLiteral("unauthorized"));
    }
    // /health gives the head only to a logged-in client.
    TestHttp observer(m_server.url());
    QVERIFY(!observer.login(QStringLiteral("admin"), QStringLiteral("admin")).isEmpty());
    const qint64 before = headCursor(observer);
    const HttpResult write = http.request("POST",
                                          QStringLiteral("/api/events"),
                                          QJsonDocument(eventBody()).toJson(),
                                          headers);
    QCOMPARE(write.status, 401);
    QCOMPARE(headCursor(observer), before);
    // /health needs no token.
    QCOMPARE(http.get(QStringLiteral("/health")).status, 200);
}

void TestServerAuth::logoutRevokesTheToken()
{
    TestHttp http(m_server.url());
    QVERIFY(!http.login(QStringLiteral("admin"), QStringLiteral("admin")).isEmpty());
    QCOMPARE(http.get(QStringLiteral("/api/roles")).status, 200);
    QCOMPARE(http.request("POST", QStringLiteral("/api/auth/logout")).status, 204);
    const HttpResult after = http.get(QStringLiteral("/api/roles"));
    QCOMPARE(after.status, 401);
    QCOMPARE(http.request("POST", QStringLiteral("/api/auth/logout")).status, 401);
}

void TestServerAuth::logoutEndsTheTokensStreams()
{
    TestHttp first(m_server.url());
    TestHttp second(m_server.url());
    QVERIFY(!first.login(QStringLiteral("staff"), QStringLiteral("staff")).isEmpty());
    QVERIFY(!second.login(QStringLiteral("staff"), QStringLiteral("staff")).isEmpty());
    SseClient mine;
    SseClient other;
    mine.open(m_server.port(), "/api/sync/stream", first.token());
    other.open(m_server.port(), "/api/sync/stream", second.token());
    QTRY_COMPARE(mine.events("connected").size(), 1);
    QTRY_COMPARE(other.events("connected").size(), 1);
    QCOMPARE(first.request("POST", QStringLiteral("/api/auth/logout")).status, 204);
    QTRY_VERIFY(mine.isClosed());
    // The same user's other session keeps its stream.
    QTRY_COMPARE(streamCount(second), 1);
    QVERIFY(!other.isClosed());
}

void TestServerAuth::permissionsGate403()
{
    TestHttp staff(m_server.url());
    QVERIFY(!staff.login(QStringLiteral("staff"), QStringLiteral("staff")).isEmpty());
    const qint64 before = headCursor(staff);
    const HttpResult create = staff.postJson(QStringLiteral("/api/events"), eventBody());
    QCOMPARE(create.status, 403);
    QCOMPARE(create.json().value(QStringLiteral("error")).toString(), QStringLiteral("forbidden"));
    QCOMPARE(staff.request("PUT", QStringLiteral("/api/events/e-1"), "{}").status, 403);
    QCOMPARE(staff.request("DELETE", QStringLiteral("/api/events/e-1")).status, 403);
    QCOMPARE(headCursor(staff), before);
    for (const char *c : {"events", "users", "clients", "roles", "tariffs"})
        QCOMPARE(staff.get(QStringLiteral("/api/%1?limit=1").arg(QLatin1String(c))).status, 200);

    TestHttp manager(m_server.url());
    QVERIFY(!manager.login(QStringLiteral("manager"), QStringLiteral("manager")).isEmpty());
    QCOMPARE(manager.postJson(QStringLiteral("/api/events"), eventBody()).status, 201);
}

void TestServerAuth::usersNeverCarryPasswords()
{
    TestHttp http(m_server.url());
    QVERIFY(!http.login(QStringLiteral("admin"), QStringLiteral("admin")).isEmpty());
    const HttpResult r = http.get(QStringLiteral("/api/users"));
    QCOMPARE(r.status, 200);
    const QJsonArray users = r.json().value(QStringLiteral("users")).toArray();
    QCOMPARE(users.size(), 50);
    for (const QJsonValue &u : users) {
        const QJsonObject user = u.toObject();
        QVERIFY(!user.contains(QStringLiteral("password")));
        QVERIFY(!user.contains(QStringLiteral("hash")));
        QVERIFY(!user.contains(QStringLiteral("salt")));
    }
    // Nor anywhere else in the body: no account's salt or key.
    const QStringList secrets = accountSecrets();
    QVERIFY(secrets.size() >= 6); // salt and key of at least the three demo accounts
    for (const QString &secret : secrets)
        QVERIFY2(!r.body.contains(secret.toUtf8()), qPrintable(secret));
}

QStringList TestServerAuth::accountSecrets()
{
    if (ServerProcess::usesPostgres()) {
        const auto rows = m_server.database()->query(
            QStringLiteral("SELECT salt FROM accounts UNION ALL SELECT hash FROM accounts"));
        return rows.value_or(QStringList());
    }
    QStringList out;
    sqlite3 *db = nullptr;
    const QByteArray path = (m_server.dataDir() + QStringLiteral("/deltadesk.sqlite")).toUtf8();
    if (sqlite3_open_v2(path.constData(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt *statement = nullptr;
        if (sqlite3_prepare_v2(db,
                               "SELECT salt FROM accounts UNION ALL SELECT hash FROM accounts",
                               -1,
                               &statement,
                               nullptr)
            == SQLITE_OK) {
            while (sqlite3_step(statement) == SQLITE_ROW)
                out << QString::fromUtf8(
                    reinterpret_cast<const char *>(sqlite3_column_text(statement, 0)));
        }
        sqlite3_finalize(statement);
    }
    sqlite3_close(db);
    return out;
}

void TestServerAuth::rateLimitAnswers429()
{
    TestHttp http(m_server.url());
    const QJsonObject wrong{{QStringLiteral("username"), QStringLiteral("staff")},
                            {QStringLiteral("password"), QStringLiteral("guess")}};
    int status = 0;
    HttpResult r;
    for (int i = 0; i < 12 && status != 429; ++i) {
        r = http.postJson(QStringLiteral("/api/auth/login"), wrong);
        status = r.status;
    }
    QCOMPARE(status, 429);
    QVERIFY(r.header("Retry-After").toInt() > 0);
    QCOMPARE(r.json().value(QStringLiteral("error")).toString(),
             QStringLiteral("too_many_requests"));
    // Even the right password waits now.
    const HttpResult right = http.postJson(QStringLiteral("/api/auth/login"),
                                           {{QStringLiteral("username"), QStringLiteral("staff")},
                                            {QStringLiteral("password"), QStringLiteral("staff")}});
    QCOMPARE(right.status, 429);
}

void TestServerAuth::tokensExpire()
{
    ServerProcess shortLived;
    // 0.0004 h = 1.44 s.
    QVERIFY(shortLived.start({QStringLiteral("--demo"),
                              QStringLiteral("--token-ttl-hours"),
                              QStringLiteral("0.0004"),
                              QStringLiteral("--heartbeat-ms"),
                              QStringLiteral("200")}));
    TestHttp http(shortLived.url());
    QVERIFY(!http.login(QStringLiteral("staff"), QStringLiteral("staff")).isEmpty());
    QCOMPARE(http.get(QStringLiteral("/api/roles")).status, 200);
    SseClient stream;
    stream.open(shortLived.port(), "/api/sync/stream", http.token());
    QTRY_COMPARE(stream.events("connected").size(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(http.get(QStringLiteral("/api/roles")).status, 401, 10000);
    // The stream opened with the token ends with it.
    QTRY_VERIFY_WITH_TIMEOUT(stream.isClosed(), 5000);
    QVERIFY(shortLived.stop());
}

void TestServerAuth::userAddCommandCreatesAnAccount()
{
    ServerProcess server;
    QProcess add;
    add.start(ServerProcess::binaryPath(),
              QStringList{QStringLiteral("user"),
                          QStringLiteral("add"),
                          QStringLiteral("carol"),
                          QStringLiteral("--role"),
                          QStringLiteral("manager")}
                  + server.storeArgs());
    // QProcess buffers what is written before the child has started.
    add.write("s3cret pass\n");
    add.closeWriteChannel();
    QTRY_COMPARE_WITH_TIMEOUT(add.state(), QProcess::NotRunning, 30000);
    QCOMPARE(add.exitCode(), 0);

    QProcess badRole;
    badRole.start(ServerProcess::binaryPath(),
                  QStringList{QStringLiteral("user"),
                              QStringLiteral("add"),
                              QStringLiteral("dave"),
                              QStringLiteral("--role"),
                              QStringLiteral("emperor")}
                      + server.storeArgs());
    badRole.write("x\n");
    badRole.closeWriteChannel();
    QTRY_COMPARE_WITH_TIMEOUT(badRole.state(), QProcess::NotRunning, 30000);
    QVERIFY(badRole.exitCode() != 0);

    QVERIFY(server.start());
    TestHttp http(server.url());
    QVERIFY(http.login(QStringLiteral("carol"), QStringLiteral("wrong")).isEmpty());
    QVERIFY(!http.login(QStringLiteral("carol"), QStringLiteral("s3cret pass")).isEmpty());
    QCOMPARE(http.postJson(QStringLiteral("/api/auth/login"),
                           {{QStringLiteral("username"), QStringLiteral("dave")},
                            {QStringLiteral("password"), QStringLiteral("x")}})
                 .status,
             401);
    // The database holds no clear-text password.
    if (ServerProcess::usesPostgres()) {
        const auto rows = server.database()->query(
            QStringLiteral("SELECT username || name || role || salt || hash FROM accounts"));
        QVERIFY(rows && !rows->isEmpty());
        QVERIFY(!rows->join(u' ').contains(QLatin1String("s3cret pass")));
        QVERIFY(server.stop());
        return;
    }
    QFile db(server.dataDir() + QStringLiteral("/deltadesk.sqlite"));
    QVERIFY(server.stop());
    QVERIFY(db.open(QIODevice::ReadOnly));
    QVERIFY(!db.readAll().contains("s3cret pass"));
}

QTEST_GUILESS_MAIN(TestServerAuth)
#include "tst_serverauth.moc"
