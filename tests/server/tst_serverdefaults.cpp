// The defaults docs/protocol.md promises ("Bounds at a glance", the 30 s
// heartbeat, the 30-day tombstone window), as the server's own command
// line parser produces them from a command line that sets none of them.

#include "serveroptions.h"

#include <QTest>

class TestServerDefaults : public QObject
{
    Q_OBJECT

private slots:
    void documentedDefaults();
    void givenValuesWin();
};

void TestServerDefaults::documentedDefaults()
{
    const ServerCommand command = ServerOptions::parse({QStringLiteral("deltadesk-server"),
                                                        QStringLiteral("--data-dir"),
                                                        QStringLiteral("/tmp/x")});
    QCOMPARE(int(command.kind), int(ServerCommand::Kind::Serve));
    const ServerConfig &c = command.config;
    QCOMPARE(c.heartbeatMs, 30000);
    QCOMPARE(c.tombstoneRetentionDays, 30.0);
    QCOMPARE(c.tokenTtlHours, 12.0);
    QCOMPARE(c.maxBodyBytes, uint64_t(1024 * 1024));
    QCOMPARE(c.streamBufferBytes, uint64_t(4 * 1024 * 1024));
    QCOMPARE(c.maxPageBytes, uint64_t(16 * 1024 * 1024));
    QCOMPARE(c.streamDrainTimeoutMs, 60000);
    QCOMPARE(c.maxStreamsPerToken, 8);
    QCOMPARE(c.maxStreamsPerUser, 32);
    QCOMPARE(c.maxConnections, 4096);
    QCOMPARE(c.maxConnectionsPerAddress, 256);
    QCOMPARE(c.maxTokensPerUser, 20);
    QCOMPARE(c.databaseConnections, 4);
    QVERIFY(c.loginThrottle);
    QCOMPARE(c.testReplayHoldMs, 0);
    QCOMPARE(c.testCommitDelayMs, 0);
}

void TestServerDefaults::givenValuesWin()
{
    const ServerCommand command = ServerOptions::parse(
        {QStringLiteral("deltadesk-server"),
         QStringLiteral("--data-dir"),
         QStringLiteral("/tmp/x"),
         QStringLiteral("--heartbeat-ms"),
         QStringLiteral("500"),
         QStringLiteral("--tombstone-retention-days"),
         QStringLiteral("2")});
    QCOMPARE(command.config.heartbeatMs, 500);
    QCOMPARE(command.config.tombstoneRetentionDays, 2.0);
}

QTEST_GUILESS_MAIN(TestServerDefaults)
#include "tst_serverdefaults.moc"
