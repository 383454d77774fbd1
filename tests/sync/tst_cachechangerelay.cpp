#include "cachechangerelay.h"
#include "cachestore.h"

#include <QPointer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

// The relay lives on the store's thread (here the test's own): what it
// merges and when it sends is seen through its signals once the event loop
// turns, as on the sync thread.
class TestCacheChangeRelay : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void commitsOfOneTurnGoOutAsOneSet();
    void aFullSetGoesOutAtOnce();
    void aLargeCommitGoesOutInSlices();
    void collectionsStaySeparate();
    void resetFollowsWhatWaited();
    void deletedWithTheStore();

private:
    static QJsonObject doc(const QString &id, qint64 version)
    {
        return QJsonObject{{QStringLiteral("_id"), id},
                           {QStringLiteral("version"), version},
                           {QStringLiteral("updatedAt"), QStringLiteral("2025-01-15T10:30:00.000Z")},
                           {QStringLiteral("title"), QStringLiteral("t")}};
    }
    bool put(const QString &collection, const QStringList &ids, qint64 version, qint64 cursor)
    {
        QList<QJsonObject> docs;
        for (const QString &id : ids)
            docs.append(doc(id, version));
        return m_store->applyDelta(collection, docs, {}, cursor);
    }
    // Returns once everything posted to this thread before it has run (the
    // relay's flush among it).
    void turnEventLoop()
    {
        bool reached = false;
        QMetaObject::invokeMethod(
            this, [&reached] { reached = true; }, Qt::QueuedConnection);
        QTRY_VERIFY_WITH_TIMEOUT(reached, 5000);
    }
    static CacheChangeSet setAt(const QSignalSpy &spy, int i)
    {
        return spy.at(i).at(1).value<CacheChangeSet>();
    }
    QTemporaryDir m_dir;
    std::unique_ptr<CacheStore> m_store;
    CacheChangeRelay *m_relay = nullptr;
};

void TestCacheChangeRelay::init()
{
    m_store = std::make_unique<CacheStore>();
    QVERIFY2(m_store->open(m_dir.filePath(QStringLiteral("cache.sqlite"))),
             qPrintable(m_store->errorString()));
    QVERIFY(m_store->wipe());
    m_relay = new CacheChangeRelay(m_store.get()); // deleted with the store
}

void TestCacheChangeRelay::cleanup()
{
    m_store.reset();
}

void TestCacheChangeRelay::commitsOfOneTurnGoOutAsOneSet()
{
    QSignalSpy spy(m_relay, &CacheChangeRelay::documentsChanged);
    const QString events = QStringLiteral("events");
    QVERIFY(put(events, {QStringLiteral("a"), QStringLiteral("b")}, 1, 10));
    QVERIFY(put(events, {QStringLiteral("c")}, 1, 11));
    QVERIFY(put(events, {QStringLiteral("a")}, 2, 12));
    QCOMPARE(spy.count(), 0); // not before the event loop turns
    turnEventLoop();
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).toString(), events);
    const CacheChangeSet set = setAt(spy, 0);
    QCOMPARE(set.inserted, QStringList({"a", "b", "c"}));
    QCOMPARE(set.updated, QStringList({"a"}));
    QVERIFY(set.removed.isEmpty());
}

void TestCacheChangeRelay::aFullSetGoesOutAtOnce()
{
    m_relay->setMaxIds(3);
    QSignalSpy spy(m_relay, &CacheChangeRelay::documentsChanged);
    const QString events = QStringLiteral("events");
    QVERIFY(put(events, {QStringLiteral("a"), QStringLiteral("b")}, 1, 10));
    QCOMPARE(spy.count(), 0);
    QVERIFY(put(events, {QStringLiteral("c"), QStringLiteral("d")}, 1, 11));
    QCOMPARE(spy.count(), 1); // reached the bound: sent without waiting for the loop
    QCOMPARE(setAt(spy, 0).inserted, QStringList({"a", "b", "c"}));
    QVERIFY(put(events, {QStringLiteral("e")}, 1, 12));
    QCOMPARE(spy.count(), 1);
    turnEventLoop();
    QCOMPARE(spy.count(), 2);
    QCOMPARE(setAt(spy, 1).inserted, QStringList({"d", "e"}));
}

void TestCacheChangeRelay::aLargeCommitGoesOutInSlices()
{
    m_relay->setMaxIds(2);
    QSignalSpy spy(m_relay, &CacheChangeRelay::documentsChanged);
    const QString events = QStringLiteral("events");
    QVERIFY(put(events, {QStringLiteral("a"), QStringLiteral("b")}, 1, 10));
    QCOMPARE(spy.count(), 1);
    spy.clear();
    QList<QJsonObject> docs{doc(QStringLiteral("a"), 2), doc(QStringLiteral("b"), 2)};
    for (const char *id : {"c", "d", "e"})
        docs.append(doc(QString::fromLatin1(id), 1));
    QVERIFY(m_store->applyDelta(events, docs, {}, 11)); // 3 inserted, 2 updated
    QCOMPARE(spy.count(), 2);
    QCOMPARE(setAt(spy, 0).inserted, QStringList({"c", "d"}));
    QCOMPARE(setAt(spy, 1).inserted, QStringList({"e"}));
    QCOMPARE(setAt(spy, 1).updated, QStringList({"a"}));
    turnEventLoop();
    QCOMPARE(spy.count(), 3);
    QVERIFY(setAt(spy, 2).inserted.isEmpty());
    QCOMPARE(setAt(spy, 2).updated, QStringList({"b"}));
}

void TestCacheChangeRelay::collectionsStaySeparate()
{
    QSignalSpy spy(m_relay, &CacheChangeRelay::documentsChanged);
    QVERIFY(put(QStringLiteral("events"), {QStringLiteral("a")}, 1, 10));
    QVERIFY(put(QStringLiteral("users"), {QStringLiteral("u")}, 1, 10));
    QVERIFY(put(QStringLiteral("events"), {QStringLiteral("b")}, 1, 11));
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 2, 5000);
    // In the order each collection's first change came.
    QCOMPARE(spy.at(0).at(0).toString(), QStringLiteral("events"));
    QCOMPARE(setAt(spy, 0).inserted, QStringList({"a", "b"}));
    QCOMPARE(spy.at(1).at(0).toString(), QStringLiteral("users"));
    QCOMPARE(setAt(spy, 1).inserted, QStringList({"u"}));
}

void TestCacheChangeRelay::resetFollowsWhatWaited()
{
    QStringList seen;
    connect(m_relay,
            &CacheChangeRelay::documentsChanged,
            this,
            [&seen](const QString &c, const CacheChangeSet &) {
                seen << QStringLiteral("changed ") + c;
            });
    connect(m_relay, &CacheChangeRelay::collectionReset, this, [&seen](const QString &c) {
        seen << QStringLiteral("reset ") + c;
    });
    QVERIFY(put(QStringLiteral("events"), {QStringLiteral("a")}, 1, 10));
    QVERIFY(m_store->wipe()); // resets every collection
    QCOMPARE(seen.value(0), QStringLiteral("changed events"));
    QVERIFY(seen.contains(QStringLiteral("reset events")));
    QCOMPARE(seen.count(QStringLiteral("changed events")), 1);
    turnEventLoop(); // the posted flush finds nothing more to send
    QCOMPARE(seen.count(QStringLiteral("changed events")), 1);
}

void TestCacheChangeRelay::deletedWithTheStore()
{
    const QPointer<CacheChangeRelay> relay(m_relay);
    m_store.reset();
    QVERIFY(relay.isNull());
}

QTEST_GUILESS_MAIN(TestCacheChangeRelay)
#include "tst_cachechangerelay.moc"
