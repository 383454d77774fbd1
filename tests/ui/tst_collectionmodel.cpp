// CollectionModel over a real CacheStore: QAbstractItemModelTester on every
// collection, paging on demand, and the row-level promise: a stream change
// touches just its row (no reset), keeps the selection, inserts and removes
// single rows, moves a row whose sort value changed, and a failed sync
// leaves the table as it was.

#include "cachestore.h"
#include "collectionmodel.h"
#include "collectiontab.h"
#include "namelookup.h"
#include "protocol.h"

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {
QJsonObject makeEvent(int i, int version = 1, const QString &title = {})
{
    return QJsonObject{{QStringLiteral("_id"),
                        QStringLiteral("e-%1").arg(i, 5, 10, QLatin1Char('0'))},
                       {QStringLiteral("version"), version},
                       {QStringLiteral("updatedAt"), QStringLiteral("2026-01-01T00:00:00.000Z")},
                       {QStringLiteral("title"),
                        title.isEmpty() ? QStringLiteral("Event %1").arg(i) : title},
                       {QStringLiteral("startsAt"),
                        Protocol::formatTimestamp(
                            QDateTime(QDate(2026, 1, 1), QTime(8, 0), Qt::UTC).addSecs(3600LL * i))},
                       {QStringLiteral("endsAt"),
                        Protocol::formatTimestamp(
                            QDateTime(QDate(2026, 1, 1), QTime(10, 0), Qt::UTC).addSecs(3600LL * i))},
                       {QStringLiteral("clientId"), QStringLiteral("c-%1").arg(i % 3)},
                       {QStringLiteral("status"), QStringLiteral("confirmed")},
                       {QStringLiteral("tariffId"), QStringLiteral("t-1")}};
}
QString eventId(int i)
{
    return QStringLiteral("e-%1").arg(i, 5, 10, QLatin1Char('0'));
}
} // namespace

class TestCollectionModel : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void testerOnEveryCollection();
    void fetchesOnDemand();
    void updateTouchesOneRowAndKeepsSelection();
    void insertAndRemoveAreSingleRows();
    void sortValueChangeMovesRow();
    void referenceNamesResolveAndFollowChanges();
    void filterAndSort();
    void failedSyncLeavesTable();
    void filterBoxWaitsForTypingPause();
    void changeBurstRecountsOnce();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<CacheStore> m_cache;
};

void TestCollectionModel::init()
{
    m_cache = std::make_unique<CacheStore>();
    QVERIFY2(m_cache->open(m_dir.filePath(
                 QStringLiteral("cache-%1.sqlite").arg(QTest::currentTestFunction()))),
             qPrintable(m_cache->errorString()));
    QList<QJsonObject> events;
    for (int i = 0; i < 1000; ++i)
        events.append(makeEvent(i));
    QVERIFY(m_cache->applyDelta(QStringLiteral("events"), events, {}, 1000));
    QList<QJsonObject> clients;
    for (int i = 0; i < 3; ++i)
        clients.append(QJsonObject{{QStringLiteral("_id"), QStringLiteral("c-%1").arg(i)},
                                   {QStringLiteral("version"), 1},
                                   {QStringLiteral("name"), QStringLiteral("Client %1").arg(i)}});
    QVERIFY(m_cache->applyDelta(QStringLiteral("clients"), clients, {}, 1003));
    QVERIFY(m_cache->applyDelta(QStringLiteral("tariffs"),
                                {QJsonObject{{QStringLiteral("_id"), QStringLiteral("t-1")},
                                             {QStringLiteral("version"), 1},
                                             {QStringLiteral("name"), QStringLiteral("Standard")},
                                             {QStringLiteral("currency"), QStringLiteral("EUR")},
                                             {QStringLiteral("amountCents"), 12345}}},
                                {},
                                1004));
    QVERIFY(m_cache->applyDelta(QStringLiteral("roles"),
                                {QJsonObject{{QStringLiteral("_id"), QStringLiteral("r-1")},
                                             {QStringLiteral("version"), 1},
                                             {QStringLiteral("name"), QStringLiteral("Manager")},
                                             {QStringLiteral("permissions"),
                                              QJsonArray{QStringLiteral("events:read"),
                                                         QStringLiteral("events:write")}}}},
                                {},
                                1005));
}

void TestCollectionModel::cleanup()
{
    m_cache.reset();
}

void TestCollectionModel::testerOnEveryCollection()
{
    NameLookup lookup(m_cache.get());
    for (const QString &c : Protocol::collectionNames()) {
        CollectionModel model(m_cache.get(), &lookup, c);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        while (model.canFetchMore({}))
            model.fetchMore({});
        for (int col = 0; col < model.columnCount(); ++col)
            model.sort(col, col % 2 ? Qt::DescendingOrder : Qt::AscendingOrder);
        model.setFilterText(QStringLiteral("1"));
        model.setFilterText({});
        QVERIFY(!model.headerData(0, Qt::Horizontal, Qt::DisplayRole).toString().isEmpty());
    }
    CollectionModel tariffs(m_cache.get(), &lookup, QStringLiteral("tariffs"));
    QCOMPARE(tariffs.rowCount(), 1);
    QCOMPARE(tariffs.data(tariffs.index(0, 2)).toString(), QLocale().toString(123.45, 'f', 2));
    CollectionModel roles(m_cache.get(), &lookup, QStringLiteral("roles"));
    QCOMPARE(roles.data(roles.index(0, 1)).toString(), QStringLiteral("events:read, events:write"));
}

void TestCollectionModel::fetchesOnDemand()
{
    CollectionModel model(m_cache.get(), nullptr, QStringLiteral("events"));
    model.setPageSize(100);
    model.sort(0, Qt::DescendingOrder); // reload with the new page size
    model.sort(1, Qt::AscendingOrder);
    QCOMPARE(model.rowCount(), 100);
    QVERIFY(model.canFetchMore({}));
    QCOMPARE(model.totalCount(), 1000);
    model.fetchMore({});
    QCOMPARE(model.rowCount(), 200);
    QCOMPARE(model.idAt(150), eventId(150)); // by start time
}

void TestCollectionModel::updateTouchesOneRowAndKeepsSelection()
{
    CollectionModel model(m_cache.get(), nullptr, QStringLiteral("events"));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    // The tester fetches more on every signal; start with everything fetched
    // so the spies below see only what the change itself caused.
    while (model.canFetchMore({}))
        model.fetchMore({});
    QItemSelectionModel selection(&model);
    selection.setCurrentIndex(model.index(5, 0),
                              QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QVERIFY(changed.isValid() && reset.isValid());

    CacheChange change;
    change.id = eventId(7);
    change.seq = 2000;
    change.document = makeEvent(7, 2, QStringLiteral("Renamed")); // same start: stays at row 7
    QVERIFY(m_cache->applyChanges(QStringLiteral("events"), {change}));

    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 7);
    QCOMPARE(changed.at(0).at(1).toModelIndex().row(), 7);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(removed.size(), 0);
    QCOMPARE(model.data(model.index(7, 0)).toString(), QStringLiteral("Renamed"));
    QCOMPARE(model.data(model.index(7, 0), CollectionModel::VersionRole).toLongLong(), 2);
    QCOMPARE(selection.currentIndex().row(), 5);
    QVERIFY(selection.isRowSelected(5, {}));
}

void TestCollectionModel::insertAndRemoveAreSingleRows()
{
    CollectionModel model(m_cache.get(), nullptr, QStringLiteral("events"));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    // The tester fetches more on every signal; start with everything fetched
    // so the spies below see only what the change itself caused.
    while (model.canFetchMore({}))
        model.fetchMore({});
    QItemSelectionModel selection(&model);
    selection.setCurrentIndex(model.index(10, 0),
                              QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    const int before = model.rowCount();
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    // A new event between rows 2 and 3 by start time.
    QJsonObject doc = makeEvent(2);
    doc.insert(QStringLiteral("_id"), QStringLiteral("new-1"));
    CacheChange add{CacheChange::Op::Upsert, QStringLiteral("new-1"), 3000, doc};
    QVERIFY(m_cache->applyChanges(QStringLiteral("events"), {add}));
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 3); // same start as e-00002, after it by id
    QCOMPARE(model.rowCount(), before + 1);
    QCOMPARE(selection.currentIndex().row(), 11); // the selected row moved with its data
    QCOMPARE(model.idAt(11), eventId(10));

    CacheChange del{CacheChange::Op::Remove, eventId(0), 3001, {}};
    QVERIFY(m_cache->applyChanges(QStringLiteral("events"), {del}));
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.at(0).at(1).toInt(), 0);
    QCOMPARE(model.idAt(10), eventId(10));
    QCOMPARE(selection.currentIndex().row(), 10);
    QCOMPARE(reset.size(), 0);
    QTRY_COMPARE(model.totalCount(), 1000);
}

void TestCollectionModel::sortValueChangeMovesRow()
{
    CollectionModel model(m_cache.get(), nullptr, QStringLiteral("events"));
    // No tester here: it would fetch every page, and this test needs rows
    // beyond the fetched range.
    QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    // Event 3 moves to just after event 100 (fetched: first page is 256).
    QJsonObject doc = makeEvent(3, 2);
    doc.insert(QStringLiteral("startsAt"),
               makeEvent(100)
                   .value(QStringLiteral("startsAt"))
                   .toString()
                   .replace(QLatin1String(":00.000Z"), QLatin1String(":30.000Z")));
    QVERIFY(m_cache->applyChanges(QStringLiteral("events"),
                                  {{CacheChange::Op::Upsert, eventId(3), 4000, doc}}));
    QCOMPARE(moved.size(), 1);
    QCOMPARE(model.idAt(99), eventId(100));
    QCOMPARE(model.idAt(100), eventId(3));
    // Event 4 moves far beyond the fetched range: leaves; paging brings it back.
    QJsonObject far = makeEvent(4, 2);
    far.insert(QStringLiteral("startsAt"), QStringLiteral("2030-01-01T00:00:00.000Z"));
    QVERIFY(m_cache->applyChanges(QStringLiteral("events"),
                                  {{CacheChange::Op::Upsert, eventId(4), 4001, far}}));
    QCOMPARE(removed.size(), 1);
    QCOMPARE(reset.size(), 0);
    while (model.canFetchMore({}))
        model.fetchMore({});
    QCOMPARE(model.rowCount(), 1000);
    QCOMPARE(model.idAt(999), eventId(4));
}

void TestCollectionModel::referenceNamesResolveAndFollowChanges()
{
    NameLookup lookup(m_cache.get());
    CollectionModel model(m_cache.get(), &lookup, QStringLiteral("events"));
    QCOMPARE(model.data(model.index(1, 4)).toString(), QStringLiteral("Client 1"));
    QCOMPARE(model.data(model.index(1, 6)).toString(), QStringLiteral("Standard"));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QVERIFY(
        m_cache->applyChanges(QStringLiteral("clients"),
                              {{CacheChange::Op::Upsert,
                                QStringLiteral("c-1"),
                                5000,
                                QJsonObject{{QStringLiteral("_id"), QStringLiteral("c-1")},
                                            {QStringLiteral("version"), 2},
                                            {QStringLiteral("name"), QStringLiteral("Acme")}}}}));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex().column(), 4);
    QCOMPARE(model.data(model.index(1, 4)).toString(), QStringLiteral("Acme"));
}

void TestCollectionModel::filterAndSort()
{
    NameLookup lookup(m_cache.get());
    CollectionModel model(m_cache.get(), &lookup, QStringLiteral("events"));
    model.setFilterText(QStringLiteral("Event 99"));
    QTRY_COMPARE(model.totalCount(), 11); // 99, 990..999
    QCOMPARE(model.rowCount(), 11);
    model.sort(0, Qt::DescendingOrder);
    QCOMPARE(model.data(model.index(0, 0)).toString(), QStringLiteral("Event 999"));
    // A change that stops matching the filter leaves the view.
    QVERIFY(m_cache->applyChanges(QStringLiteral("events"),
                                  {{CacheChange::Op::Upsert,
                                    eventId(999),
                                    6000,
                                    makeEvent(999, 2, QStringLiteral("Other"))}}));
    QCOMPARE(model.rowCount(), 10);
    // One that starts matching enters at its place.
    QVERIFY(m_cache->applyChanges(QStringLiteral("events"),
                                  {{CacheChange::Op::Upsert,
                                    eventId(5),
                                    6001,
                                    makeEvent(5, 2, QStringLiteral("Event 995b"))}}));
    QCOMPARE(model.rowCount(), 11);
    QCOMPARE(model.data(model.index(3, 0)).toString(), QStringLiteral("Event 995b"));
    model.setFilterText(QStringLiteral("client 2")); // by the client's name
    QTRY_COMPARE(model.totalCount(), 333);
}

void TestCollectionModel::failedSyncLeavesTable()
{
    CollectionModel model(m_cache.get(), nullptr, QStringLiteral("events"));
    const int rows = model.rowCount();
    const QString first = model.data(model.index(0, 0)).toString();
    QSignalSpy any(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    // A full sync that fails half way: staged pages are dropped.
    QVERIFY(m_cache->beginFullReplace(QStringLiteral("events")));
    QVERIFY(m_cache->stageDocuments(QStringLiteral("events"),
                                    {makeEvent(1, 5, QStringLiteral("half"))},
                                    {}));
    m_cache->abortFullReplace(QStringLiteral("events"));
    // A page that cannot be stored (no _id) changes nothing either.
    QVERIFY(!m_cache->applyDelta(QStringLiteral("events"),
                                 {QJsonObject{{QStringLiteral("title"), QStringLiteral("x")}}},
                                 {},
                                 7000));
    QCOMPARE(model.rowCount(), rows);
    QCOMPARE(model.data(model.index(0, 0)).toString(), first);
    QCOMPARE(any.size(), 0);
    QCOMPARE(changed.size(), 0);
    QCOMPARE(removed.size(), 0);
}

void TestCollectionModel::filterBoxWaitsForTypingPause()
{
    // Each filter query scans the whole cache: typing runs one query once
    // the keystrokes pause, Enter runs it at once.
    auto *model = new CollectionModel(m_cache.get(), nullptr, QStringLiteral("events"));
    CollectionTab tab(model);
    QSignalSpy resets(model, &QAbstractItemModel::modelReset);
    QVERIFY(resets.isValid());
    QTest::keyClicks(tab.filterEdit(), QStringLiteral("Event 99"));
    QCOMPARE(model->filterText(), QString()); // nothing yet
    QCOMPARE(resets.size(), 0);
    QTRY_COMPARE(model->filterText(), QStringLiteral("Event 99"));
    QCOMPARE(resets.size(), 1); // one query for the whole word
    QTRY_COMPARE(model->totalCount(), 11);

    QTest::keyClicks(tab.filterEdit(), QStringLiteral("9"));
    QTest::keyClick(tab.filterEdit(), Qt::Key_Return);
    QCOMPARE(model->filterText(), QStringLiteral("Event 999"));
    QCOMPARE(resets.size(), 2);
    // The pending delayed query was dropped with it.
    QVERIFY(!resets.wait(600));
    QCOMPARE(resets.size(), 2);
}

void TestCollectionModel::changeBurstRecountsOnce()
{
    // With a filter on, the count needs a scan: a burst of stream batches
    // costs one recount (the timer is not re-armed by later batches).
    CollectionModel model(m_cache.get(), nullptr, QStringLiteral("events"));
    model.setFilterText(QStringLiteral("Event 99"));
    QTRY_COMPARE(model.totalCount(), 11);
    QSignalSpy counts(&model, &CollectionModel::totalCountChanged);
    QVERIFY(counts.isValid());
    for (int i = 0; i < 20; ++i) {
        QVERIFY(
            m_cache->applyChanges(QStringLiteral("events"),
                                  {{CacheChange::Op::Upsert,
                                    eventId(2000 + i),
                                    qint64(8000 + i),
                                    makeEvent(2000 + i, 1, QStringLiteral("Event 99-%1").arg(i))}}));
    }
    QCOMPARE(model.totalCount(), 11); // not recounted per batch
    QTRY_COMPARE(model.totalCount(), 31);
    QCOMPARE(counts.size(), 1);
    QCOMPARE(model.rowCount(), 31);
}

QTEST_MAIN(TestCollectionModel)
#include "tst_collectionmodel.moc"
