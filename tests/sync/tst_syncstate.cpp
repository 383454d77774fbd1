#include "syncstate.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

class TestSyncState : public QObject
{
    Q_OBJECT
private slots:
    void roundTripInGroups();
    void clearCursorMakesNextSyncFull();
    void clearAllKeepsToken();
};

void TestSyncState::roundTripInGroups()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("s.ini"));
    const QDateTime at = QDateTime(QDate(2025, 1, 15), QTime(10, 30, 0, 123), Qt::UTC);
    {
        QSettings settings(path, QSettings::IniFormat);
        SyncState state(&settings);
        state.setCursor(QStringLiteral("events"), QStringLiteral("48213"));
        state.setLastSync(QStringLiteral("events"), at);
        state.setToken("tok");
    }
    QSettings settings(path, QSettings::IniFormat);
    QCOMPARE(settings.value(QStringLiteral("sync/events/cursor")).toString(),
             QStringLiteral("48213"));
    QCOMPARE(settings.value(QStringLiteral("sync/events/lastSync")).toString(),
             QStringLiteral("2025-01-15T10:30:00.123Z"));
    SyncState state(&settings);
    QCOMPARE(state.cursor(QStringLiteral("events")), QStringLiteral("48213"));
    QCOMPARE(state.lastSync(QStringLiteral("events")), at);
    QCOMPARE(state.token(), QByteArray("tok"));
    QVERIFY(!state.lastSync(QStringLiteral("users")).isValid());
}

void TestSyncState::clearCursorMakesNextSyncFull()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
    SyncState state(&settings);
    state.setCursor(QStringLiteral("users"), QStringLiteral("5"));
    state.setLastSync(QStringLiteral("users"), QDateTime::fromMSecsSinceEpoch(0, Qt::UTC));
    state.setCursor(QStringLiteral("roles"), QStringLiteral("6"));
    state.clearCursor(QStringLiteral("users"));
    QVERIFY(state.cursor(QStringLiteral("users")).isEmpty());
    QVERIFY(!state.lastSync(QStringLiteral("users")).isValid());
    QCOMPARE(state.cursor(QStringLiteral("roles")), QStringLiteral("6"));
}

void TestSyncState::clearAllKeepsToken()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
    SyncState state(&settings);
    state.setToken("t");
    state.setCursor(QStringLiteral("users"), QStringLiteral("5"));
    state.setCursor(QStringLiteral("events"), QStringLiteral("7"));
    state.clearAll();
    QVERIFY(state.cursor(QStringLiteral("users")).isEmpty());
    QVERIFY(state.cursor(QStringLiteral("events")).isEmpty());
    QCOMPARE(state.token(), QByteArray("t"));
    state.clearToken();
    QVERIFY(state.token().isEmpty());
}

QTEST_GUILESS_MAIN(TestSyncState)
#include "tst_syncstate.moc"
