#include "syncstats.h"
#include "syncstatsjournal.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TestSyncStats : public QObject
{
    Q_OBJECT
private slots:
    void totals();
    void estimateScalesLastFullFetch();
    void json();
    void maxRoundsFoldsIntoTotals();
    void journalSurvivesRestart();
    void journalIgnoresBadFile();
};

static SyncRound round(bool full, qint64 wire, qint64 fullEquivalent, qint64 docs = 1)
{
    SyncRound r;
    r.collection = QStringLiteral("events");
    r.full = full;
    r.documents = docs;
    r.wireBytes = wire;
    r.decodedBytes = wire * 3;
    r.fullEquivalentBytes = fullEquivalent;
    r.at = QDateTime::currentDateTimeUtc();
    return r;
}

void TestSyncStats::totals()
{
    SyncStats stats;
    QSignalSpy spy(&stats, &SyncStats::roundRecorded);
    QVERIFY(spy.isValid());
    stats.record(round(true, 1000, 1000, 10));
    stats.record(round(false, 100, 1000));
    stats.record(round(false, 50, 1000));
    stats.record(round(false, 2000, 1000)); // a delta larger than full saves nothing, never negative
    QCOMPARE(spy.count(), 4);
    const SyncTotals t = stats.totals();
    QCOMPARE(t.rounds, 4);
    QCOMPARE(t.fullRounds, 1);
    QCOMPARE(t.deltaHitRate, 0.75);
    QCOMPARE(t.bytesSaved, 900 + 950);
    QCOMPARE(t.bytesSavedToday, 900 + 950);
    QCOMPARE(t.wireBytes, 3150);
}

void TestSyncStats::estimateScalesLastFullFetch()
{
    SyncStats stats;
    QCOMPARE(stats.fullEquivalentEstimate(QStringLiteral("events"), 10, 5000),
             5000); // no full fetch yet
    stats.record(round(true, 1000, 1000, 10));
    QCOMPARE(stats.fullEquivalentEstimate(QStringLiteral("events"), 20, 5000), 2000);
}

void TestSyncStats::json()
{
    SyncStats stats;
    stats.record(round(false, 10, 100));
    const QJsonObject json = stats.toJson();
    QCOMPARE(json.value(QStringLiteral("rounds")).toArray().size(), 1);
    const QJsonObject r = json.value(QStringLiteral("rounds")).toArray().first().toObject();
    QCOMPARE(r.value(QStringLiteral("mode")).toString(), QStringLiteral("delta"));
    QCOMPARE(r.value(QStringLiteral("wireBytes")).toInteger(), 10);
    QCOMPARE(json.value(QStringLiteral("totals"))
                 .toObject()
                 .value(QStringLiteral("bytesSaved"))
                 .toInteger(),
             90);
}

void TestSyncStats::maxRoundsFoldsIntoTotals()
{
    SyncStats stats;
    stats.setMaxRounds(2);
    for (int i = 0; i < 5; ++i)
        stats.record(round(false, 10, 100));
    QCOMPARE(stats.rounds().size(), 2);
    QCOMPARE(stats.totals().rounds, 5);
    QCOMPARE(stats.totals().bytesSaved, 450);
}

void TestSyncStats::journalSurvivesRestart()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("syncstats.json"));
    SyncTotals before;
    {
        SyncStats stats;
        SyncStatsJournal journal(&stats, path);
        QVERIFY(journal.load()); // no file yet: nothing to restore, no error
        stats.record(round(true, 1000, 1000, 10));
        stats.record(round(false, 10, 100));
        stats.record(round(false, 20, 100));
        before = stats.totals();
    }
    SyncStats stats;
    QSignalSpy recorded(&stats, &SyncStats::roundRecorded);
    QVERIFY(recorded.isValid());
    SyncStatsJournal journal(&stats, path);
    QVERIFY2(journal.load(), qPrintable(journal.errorString()));
    QCOMPARE(recorded.count(), 0); // restoring announces nothing
    QCOMPARE(stats.rounds().size(), 3);
    QCOMPARE(stats.totals().bytesSaved, before.bytesSaved);
    QCOMPARE(stats.totals().bytesSavedToday, 170);
    QCOMPARE(stats.totals().fullRounds, 1);
    // The last full fetch is known again, so estimates do not start over.
    QCOMPARE(stats.fullEquivalentEstimate(QStringLiteral("events"), 20, 0), 2000);
}

void TestSyncStats::journalIgnoresBadFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("syncstats.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\"rounds\": [ {\"collection\": 5}, ");
    file.close();
    SyncStats stats;
    SyncStatsJournal journal(&stats, path);
    QVERIFY(!journal.load());
    QVERIFY(!journal.errorString().isEmpty());
    QCOMPARE(stats.rounds().size(), 0);
    stats.record(round(false, 10, 100)); // the next round writes a good file
    SyncStats again;
    SyncStatsJournal reread(&again, path);
    QVERIFY(reread.load());
    QCOMPARE(again.rounds().size(), 1);
}

QTEST_GUILESS_MAIN(TestSyncStats)
#include "tst_syncstats.moc"
