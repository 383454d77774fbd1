// Account administration of the real deltadesk-server while it runs:
// `user passwd` sets a new password and ends every session of the user
// (its tokens and their streams), `user disable` shuts an account out,
// `user enable` lets it back in, `user list` shows them all.

#include "servertestutil.h"

#include "sseclient.h"

#include <QProcess>
#include <QTest>

using namespace ServerTest;

namespace {

struct CommandResult
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

CommandResult runUserCommand(ServerProcess &server,
                             const QStringList &arguments,
                             const QByteArray &input = {})
{
    QProcess process;
    process.start(ServerProcess::binaryPath(),
                  QStringList{QStringLiteral("user")} + arguments + server.storeArgs());
    // QProcess buffers what is written before the child has started.
    process.write(input);
    process.closeWriteChannel();
    CommandResult result;
    if (!QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, 30000))
        return result;
    result.exitCode = process.exitCode();
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

int loginStatus(ServerProcess &server, const QString &user, const QString &password)
{
    TestHttp http(server.url());
    return http
        .postJson(QStringLiteral("/api/auth/login"),
                  {{QStringLiteral("username"), user}, {QStringLiteral("password"), password}})
        .status;
}

} // namespace

class TestServerUsers : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void passwdEndsEverySession();
    void disableShutsTheAccountOut();
    void listShowsAccounts();
    void unknownUsersAreReported();

private:
    ServerProcess m_server;
};

void TestServerUsers::initTestCase()
{
    // Short heartbeats: revoked tokens' streams end at the next one.
    QVERIFY2(m_server.start({QStringLiteral("--demo"),
                             QStringLiteral("--heartbeat-ms"),
                             QStringLiteral("200")}),
             m_server.standardError().constData());
}

void TestServerUsers::passwdEndsEverySession()
{
    TestHttp first(m_server.url());
    TestHttp second(m_server.url());
    QVERIFY(!first.login(QStringLiteral("staff"), QStringLiteral("staff")).isEmpty());
    QVERIFY(!second.login(QStringLiteral("staff"), QStringLiteral("staff")).isEmpty());
    SseClient stream;
    stream.open(m_server.port(), "/api/sync/stream", first.token());
    QTRY_COMPARE(stream.events("connected").size(), 1);

    const CommandResult changed = runUserCommand(m_server,
                                                 {QStringLiteral("passwd"), QStringLiteral("staff")},
                                                 "n3w secret\n");
    QCOMPARE(changed.exitCode, 0);
    QVERIFY2(changed.err.contains("2 session(s) ended"), changed.err.constData());
    QCOMPARE(first.get(QStringLiteral("/api/roles")).status, 401);
    QCOMPARE(second.get(QStringLiteral("/api/roles")).status, 401);
    QTRY_VERIFY_WITH_TIMEOUT(stream.isClosed(), 5000);
    QCOMPARE(loginStatus(m_server, QStringLiteral("staff"), QStringLiteral("staff")), 401);
    QCOMPARE(loginStatus(m_server, QStringLiteral("staff"), QStringLiteral("n3w secret")), 200);
    // Other users keep their sessions.
    TestHttp admin(m_server.url());
    QVERIFY(!admin.login(QStringLiteral("admin"), QStringLiteral("admin")).isEmpty());
    QCOMPARE(runUserCommand(m_server,
                            {QStringLiteral("passwd"), QStringLiteral("staff")},
                            "another\n")
                 .exitCode,
             0);
    QCOMPARE(admin.get(QStringLiteral("/api/roles")).status, 200);
}

void TestServerUsers::disableShutsTheAccountOut()
{
    TestHttp manager(m_server.url());
    QVERIFY(!manager.login(QStringLiteral("manager"), QStringLiteral("manager")).isEmpty());
    SseClient stream;
    stream.open(m_server.port(), "/api/sync/stream", manager.token());
    QTRY_COMPARE(stream.events("connected").size(), 1);

    QCOMPARE(runUserCommand(m_server, {QStringLiteral("disable"), QStringLiteral("manager")})
                 .exitCode,
             0);
    QCOMPARE(manager.get(QStringLiteral("/api/roles")).status, 401);
    QTRY_VERIFY_WITH_TIMEOUT(stream.isClosed(), 5000);
    TestHttp again(m_server.url());
    const HttpResult refused
        = again.postJson(QStringLiteral("/api/auth/login"),
                         {{QStringLiteral("username"), QStringLiteral("manager")},
                          {QStringLiteral("password"), QStringLiteral("manager")}});
    QCOMPARE(refused.status, 401);
    QVERIFY(refused.json()
                .value(QStringLiteral("message"))
                .toString()
                .contains(QLatin1String("disabled")));
    // A wrong password does not learn that the account is disabled.
    const HttpResult wrong = again.postJson(QStringLiteral("/api/auth/login"),
                                            {{QStringLiteral("username"), QStringLiteral("manager")},
                                             {QStringLiteral("password"), QStringLiteral("nope")}});
    QCOMPARE(wrong.status, 401);
    QVERIFY(!wrong.json()
                 .value(QStringLiteral("message"))
                 .toString()
                 .contains(QLatin1String("disabled")));

    QCOMPARE(runUserCommand(m_server, {QStringLiteral("enable"), QStringLiteral("manager")}).exitCode,
             0);
    QCOMPARE(loginStatus(m_server, QStringLiteral("manager"), QStringLiteral("manager")), 200);
}

void TestServerUsers::listShowsAccounts()
{
    TestHttp admin(m_server.url());
    QVERIFY(!admin.login(QStringLiteral("admin"), QStringLiteral("admin")).isEmpty());
    QCOMPARE(runUserCommand(m_server, {QStringLiteral("disable"), QStringLiteral("staff")}).exitCode,
             0);
    const CommandResult listed = runUserCommand(m_server, {QStringLiteral("list")});
    QCOMPARE(listed.exitCode, 0);
    const QList<QByteArray> lines = listed.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 4);
    QCOMPARE(lines.at(0), QByteArray("USER\tROLE\tSTATUS\tSESSIONS\tNAME"));
    QVERIFY2(lines.at(1).startsWith("admin\tadmin\tactive\t"), lines.at(1).constData());
    QVERIFY(lines.at(1).split('\t').value(3).toInt() >= 1);
    QVERIFY2(lines.at(2).startsWith("manager\tmanager\tactive\t"), lines.at(2).constData());
    QVERIFY2(lines.at(3).startsWith("staff\tstaff\tdisabled\t0\t"), lines.at(3).constData());
    // Nothing secret in it.
    QVERIFY(!listed.out.contains("salt") && !listed.out.contains("="));
}

void TestServerUsers::unknownUsersAreReported()
{
    for (const char *verb : {"passwd", "disable", "enable"}) {
        const CommandResult r = runUserCommand(m_server,
                                               {QLatin1String(verb), QStringLiteral("nobody")},
                                               "x\n");
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("no user 'nobody'"), r.err.constData());
    }
    const CommandResult empty = runUserCommand(m_server,
                                               {QStringLiteral("passwd"), QStringLiteral("admin")},
                                               "\n");
    QCOMPARE(empty.exitCode, 2);
    QCOMPARE(loginStatus(m_server, QStringLiteral("admin"), QStringLiteral("admin")), 200);
}

QTEST_GUILESS_MAIN(TestServerUsers)
#include "tst_serverusers.moc"
