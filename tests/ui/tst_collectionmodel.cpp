// CollectionModel over a real CacheStore on a writer thread of its own and a
// CacheReader, as the app runs them: QAbstractItemModelTester on every
// collection while the model reads asynchronously, paging on demand, and
// the row-level promise: a stream change touches just its row (no reset),
// keeps the selection, inserts and removes single rows, moves a row whose
// sort value changed, and a failed sync leaves the table as it was. Change
// sets arriving together are applied as the fewest ranges; the selected row
// survives bursts, resyncs and sorts; a filter typed during a burst ends
// with exactly the matching rows.

#include "cachepeek.h"
#include "cachereader.h"
#include "cachestore.h"
#include "collectionmodel.h"
#include "collectiontab.h"
#include "namelookup.h"
#include "protocol.h"
#include "threadedcache.h"

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QLineEdit>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

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
const QString events = QStringLiteral("events");

// Waits until the model has applied what the writer committed before this
// call: the next settled() after a change arrived.
bool waitSettled(CollectionModel &model, int timeout = 10000)
{
    QSignalSpy settled(&model, &CollectionModel::settled);
    return settled.wait(timeout);
}

// Fetches every page, one answer at a time.
bool fetchAll(CollectionModel &model)
{
    for (int guard = 0; guard < 10000; ++guard) {
        if (!QTest::qWaitFor([&model] { return model.isSettled(); }, 10000))
            return false;
        if (!model.canFetchMore({}))
            return true;
        model.fetchMore({});
    }
    return false;
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
    void sortsByShownNameAndNaturalTitle();
    void filterAndSort();
    void failedSyncLeavesTable();
    void filterBoxWaitsForTypingPause();
    void changeBurstRecountsOnce();
    void burstInOneTurnIsFewestRanges();
    void changedRowsAreReadInSlices();
    void staleAnswersAreDropped();
    void selectionSurvivesBurstResyncAndSort();
    void filterTypedDuringBurstEndsExact();

private:
    QTemporaryDir m_dir;
    QString m_path;
    std::unique_ptr<ThreadedCache> m_cache;
};

void TestCollectionModel::init()
{
    // Nothing here may write on the GUI thread: the writer has its own.
    QTest::failOnWarning(QRegularExpression(QStringLiteral("CacheStore write on the GUI thread")));
    m_cache = std::make_unique<ThreadedCache>();
    m_path = m_dir.filePath(QStringLiteral("cache-%1.sqlite").arg(QTest::currentTestFunction()));
    QVERIFY2(m_cache->open(m_path), qPrintable(m_cache->errorString()));
    QVERIFY(m_cache->write([](CacheStore &s) {
        QList<QJsonObject> clients;
        for (int i = 0; i < 3; ++i)
            clients.append(
                QJsonObject{{QStringLiteral("_id"), QStringLiteral("c-%1").arg(i)},
                            {QStringLiteral("version"), 1},
                            {QStringLiteral("name"), QStringLiteral("Client %1").arg(i)}});
        QList<QJsonObject> events;
        for (int i = 0; i < 1000; ++i)
            events.append(makeEvent(i));
        return s.applyDelta(QStringLiteral("clients"), clients, {}, 1003)
               && s.applyDelta(QStringLiteral("tariffs"),
                               {QJsonObject{{QStringLiteral("_id"), QStringLiteral("t-1")},
                                            {QStringLiteral("version"), 1},
                                            {QStringLiteral("name"), QStringLiteral("Standard")},
                                            {QStringLiteral("currency"), QStringLiteral("EUR")},
                                            {QStringLiteral("amountCents"), 12345}}},
                               {},
                               1004)
               && s.applyDelta(QStringLiteral("roles"),
                               {QJsonObject{{QStringLiteral("_id"), QStringLiteral("r-1")},
                                            {QStringLiteral("version"), 1},
                                            {QStringLiteral("name"), QStringLiteral("Manager")},
                                            {QStringLiteral("permissions"),
                                             QJsonArray{QStringLiteral("events:read"),
                                                        QStringLiteral("events:write")}}}},
                               {},
                               1005)
               && s.applyDelta(QStringLiteral("events"), events, {}, 1000);
    }));
}

void TestCollectionModel::cleanup()
{
    m_cache.reset();
}

void TestCollectionModel::testerOnEveryCollection()
{
    NameLookup lookup(m_cache->reader());
    for (const QString &c : Protocol::collectionNames()) {
        CollectionModel model(m_cache->reader(), &lookup, c);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(fetchAll(model));
        for (int col = 0; col < model.columnCount(); ++col) {
            model.sort(col, col % 2 ? Qt::DescendingOrder : Qt::AscendingOrder);
            QVERIFY(model.isSettled() || waitSettled(model)); // the current order: no reload
        }
        model.setFilterText(QStringLiteral("1"));
        QVERIFY(waitSettled(model));
        model.setFilterText({});
        QVERIFY(waitSettled(model));
        QVERIFY(!model.headerData(0, Qt::Horizontal, Qt::DisplayRole).toString().isEmpty());
    }
    CollectionModel tariffs(m_cache->reader(), &lookup, QStringLiteral("tariffs"));
    QTRY_COMPARE(tariffs.rowCount(), 1);
    QCOMPARE(tariffs.data(tariffs.index(0, 2)).toString(), QLocale().toString(123.45, 'f', 2));
    CollectionModel roles(m_cache->reader(), &lookup, QStringLiteral("roles"));
    QTRY_COMPARE(roles.rowCount(), 1);
    QCOMPARE(roles.data(roles.index(0, 1)).toString(), QStringLiteral("events:read, events:write"));
}

void TestCollectionModel::fetchesOnDemand()
{
    CollectionModel model(m_cache->reader(), nullptr, events);
    model.setPageSize(100);
    model.sort(0, Qt::DescendingOrder); // reload with the new page size
    model.sort(1, Qt::AscendingOrder);
    QTRY_VERIFY(model.isSettled());
    QCOMPARE(model.rowCount(), 100);
    QVERIFY(model.canFetchMore({}));
    QCOMPARE(model.totalCount(), 1000);
    model.fetchMore({});
    QCOMPARE(model.rowCount(), 100); // asynchronous: the page is on its way
    QTRY_COMPARE(model.rowCount(), 200);
    QCOMPARE(model.idAt(150), eventId(150)); // by start time
}

void TestCollectionModel::updateTouchesOneRowAndKeepsSelection()
{
    CollectionModel model(m_cache->reader(), nullptr, events);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    // The tester fetches more on every signal; start with everything fetched
    // so the spies below see only what the change itself caused.
    QVERIFY(fetchAll(model));
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
    QVERIFY(m_cache->write([&](CacheStore &s) { return s.applyChanges(events, {change}); }));
    QVERIFY(waitSettled(model));

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
    CollectionModel model(m_cache->reader(), nullptr, events);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(fetchAll(model));
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
    QVERIFY(m_cache->write([&](CacheStore &s) { return s.applyChanges(events, {add}); }));
    QVERIFY(waitSettled(model));
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 3); // same start as e-00002, after it by id
    QCOMPARE(inserted.at(0).at(2).toInt(), 3); // one row
    QCOMPARE(model.rowCount(), before + 1);
    QCOMPARE(selection.currentIndex().row(), 11); // the selected row moved with its data
    QCOMPARE(model.idAt(11), eventId(10));

    CacheChange del{CacheChange::Op::Remove, eventId(0), 3001, {}};
    QVERIFY(m_cache->write([&](CacheStore &s) { return s.applyChanges(events, {del}); }));
    QVERIFY(waitSettled(model));
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.at(0).at(1).toInt(), 0);
    QCOMPARE(removed.at(0).at(2).toInt(), 0);
    QCOMPARE(model.idAt(10), eventId(10));
    QCOMPARE(selection.currentIndex().row(), 10);
    QCOMPARE(reset.size(), 0);
    QTRY_COMPARE(model.totalCount(), 1000);
}

void TestCollectionModel::sortValueChangeMovesRow()
{
    CollectionModel model(m_cache->reader(), nullptr, events);
    // No tester here: it would fetch every page, and this test needs rows
    // beyond the fetched range.
    QTRY_VERIFY(model.isSettled() && model.rowCount() == 256);
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
    QVERIFY(m_cache->write([&](CacheStore &s) {
        return s.applyChanges(events, {{CacheChange::Op::Upsert, eventId(3), 4000, doc}});
    }));
    QVERIFY(waitSettled(model));
    QCOMPARE(moved.size(), 1);
    QCOMPARE(model.idAt(99), eventId(100));
    QCOMPARE(model.idAt(100), eventId(3));
    // Event 4 moves far beyond the fetched range: leaves; paging brings it back.
    QJsonObject far = makeEvent(4, 2);
    far.insert(QStringLiteral("startsAt"), QStringLiteral("2030-01-01T00:00:00.000Z"));
    QVERIFY(m_cache->write([&](CacheStore &s) {
        return s.applyChanges(events, {{CacheChange::Op::Upsert, eventId(4), 4001, far}});
    }));
    QVERIFY(waitSettled(model));
    QCOMPARE(removed.size(), 1);
    QCOMPARE(reset.size(), 0);
    QVERIFY(fetchAll(model));
    QCOMPARE(model.rowCount(), 1000);
    QCOMPARE(model.idAt(999), eventId(4));
}

void TestCollectionModel::referenceNamesResolveAndFollowChanges()
{
    NameLookup lookup(m_cache->reader());
    CollectionModel model(m_cache->reader(), &lookup, events);
    // Names are read before the first page (the reader answers in order).
    QTRY_VERIFY(model.rowCount() > 1);
    QCOMPARE(model.data(model.index(1, 4)).toString(), QStringLiteral("Client 1"));
    QCOMPARE(model.data(model.index(1, 6)).toString(), QStringLiteral("Standard"));
    QTRY_VERIFY(model.isSettled());
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy names(&lookup, &NameLookup::namesChanged);
    QVERIFY(m_cache->write([](CacheStore &s) {
        return s.applyChanges(QStringLiteral("clients"),
                              {{CacheChange::Op::Upsert,
                                QStringLiteral("c-1"),
                                5000,
                                QJsonObject{{QStringLiteral("_id"), QStringLiteral("c-1")},
                                            {QStringLiteral("version"), 2},
                                            {QStringLiteral("name"), QStringLiteral("Acme")}}}});
    }));
    // The events showing c-1 are reported too (their sort key and search
    // text changed): read, nothing of their own cells changed.
    QVERIFY(waitSettled(model));
    QTRY_COMPARE(names.size(), 1);
    QCOMPARE(changed.size(), 1); // the name column of every row, once
    QCOMPARE(changed.at(0).at(0).toModelIndex().column(), 4);
    QCOMPARE(model.data(model.index(1, 4)).toString(), QStringLiteral("Acme"));
}

void TestCollectionModel::sortsByShownNameAndNaturalTitle()
{
    // Client column: by the name shown, not the id; titles: "#12" before
    // "#119", "Event 9" before "Event 10".
    QVERIFY(m_cache->write([](CacheStore &s) {
        const auto client = [](const char *id, const char *name) {
            return QJsonObject{{QStringLiteral("_id"), QLatin1String(id)},
                               {QStringLiteral("version"), 3},
                               {QStringLiteral("name"), QLatin1String(name)}};
        };
        // c-0 "Zeta", c-1 "alpha" (case does not count), c-2 "Mid".
        return s.applyDelta(QStringLiteral("clients"),
                            {client("c-0", "Zeta"), client("c-1", "alpha"), client("c-2", "Mid")},
                            {},
                            6000);
    }));
    NameLookup lookup(m_cache->reader());
    CollectionModel model(m_cache->reader(), &lookup, events);
    model.sort(4, Qt::AscendingOrder);
    QTRY_VERIFY(model.isSettled() && model.sortColumn() == 4 && model.rowCount() > 0);
    QVERIFY(fetchAll(model));
    QStringList shown;
    for (int r = 0; r < model.rowCount(); ++r) {
        const QString name = model.data(model.index(r, 4)).toString();
        if (shown.isEmpty() || shown.constLast() != name)
            shown.append(name);
    }
    QCOMPARE(shown,
             (QStringList{QStringLiteral("alpha"), QStringLiteral("Mid"), QStringLiteral("Zeta")}));

    // Renaming a client re-sorts its events.
    QVERIFY(m_cache->write([](CacheStore &s) {
        return s.applyChanges(QStringLiteral("clients"),
                              {{CacheChange::Op::Upsert,
                                QStringLiteral("c-0"),
                                6001,
                                QJsonObject{{QStringLiteral("_id"), QStringLiteral("c-0")},
                                            {QStringLiteral("version"), 4},
                                            {QStringLiteral("name"), QStringLiteral("Aardvark")}}}});
    }));
    QTRY_COMPARE(model.data(model.index(0, 4)).toString(), QStringLiteral("Aardvark"));
    QTRY_VERIFY(model.isSettled());
    QCOMPARE(model.data(model.index(model.rowCount() - 1, 4)).toString(), QStringLiteral("Mid"));

    QJsonObject show119 = makeEvent(5000, 1, QStringLiteral("Show #119"));
    show119.insert(QStringLiteral("_id"), QStringLiteral("n-119"));
    QJsonObject show12 = makeEvent(5001, 1, QStringLiteral("show #12"));
    show12.insert(QStringLiteral("_id"), QStringLiteral("n-12"));
    QVERIFY(m_cache->write([&](CacheStore &s) {
        return s.applyChanges(events,
                              {{CacheChange::Op::Upsert, QStringLiteral("n-119"), 6002, show119},
                               {CacheChange::Op::Upsert, QStringLiteral("n-12"), 6003, show12}});
    }));
    model.setFilterText(QStringLiteral("show #1"));
    model.sort(0, Qt::AscendingOrder);
    QTRY_VERIFY(model.isSettled() && model.rowCount() == 2);
    QCOMPARE(model.idAt(0), QStringLiteral("n-12"));
    QCOMPARE(model.idAt(1), QStringLiteral("n-119"));
    model.setFilterText(QStringLiteral("Event 9"));
    QTRY_VERIFY(model.isSettled() && model.filterText() == QStringLiteral("Event 9"));
    QVERIFY(fetchAll(model));
    QCOMPARE(model.data(model.index(0, 0)).toString(), QStringLiteral("Event 9"));
    QCOMPARE(model.data(model.index(1, 0)).toString(), QStringLiteral("Event 90"));
    QCOMPARE(model.data(model.index(11, 0)).toString(), QStringLiteral("Event 900"));
}

void TestCollectionModel::filterAndSort()
{
    NameLookup lookup(m_cache->reader());
    CollectionModel model(m_cache->reader(), &lookup, events);
    model.setFilterText(QStringLiteral("Event 99"));
    QTRY_COMPARE(model.totalCount(), 11); // 99, 990..999
    QCOMPARE(model.rowCount(), 11);
    model.sort(0, Qt::DescendingOrder);
    QVERIFY(waitSettled(model));
    QCOMPARE(model.data(model.index(0, 0)).toString(), QStringLiteral("Event 999"));
    // A change that stops matching the filter leaves the view.
    QVERIFY(m_cache->write([](CacheStore &s) {
        return s.applyChanges(events,
                              {{CacheChange::Op::Upsert,
                                eventId(999),
                                6000,
                                makeEvent(999, 2, QStringLiteral("Other"))}});
    }));
    QVERIFY(waitSettled(model));
    QCOMPARE(model.rowCount(), 10);
    // One that starts matching enters at its place.
    QVERIFY(m_cache->write([](CacheStore &s) {
        return s.applyChanges(events,
                              {{CacheChange::Op::Upsert,
                                eventId(5),
                                6001,
                                makeEvent(5, 2, QStringLiteral("Event 995b"))}});
    }));
    QVERIFY(waitSettled(model));
    QCOMPARE(model.rowCount(), 11);
    QCOMPARE(model.data(model.index(3, 0)).toString(), QStringLiteral("Event 995b"));
    model.setFilterText(QStringLiteral("client 2")); // by the client's name
    QTRY_COMPARE(model.totalCount(), 333);
}

void TestCollectionModel::failedSyncLeavesTable()
{
    CollectionModel model(m_cache->reader(), nullptr, events);
    QTRY_VERIFY(model.isSettled() && model.rowCount() > 0);
    const int rows = model.rowCount();
    const QString first = model.data(model.index(0, 0)).toString();
    QSignalSpy any(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy relayed(m_cache->reader(), &CacheReader::documentsChanged);
    // A full sync that fails half way: staged pages are dropped.
    QVERIFY(m_cache->write([](CacheStore &s) {
        if (!s.beginFullReplace(events)
            || !s.stageDocuments(events, {makeEvent(1, 5, QStringLiteral("half"))}, {}))
            return false;
        s.abortFullReplace(events);
        return true;
    }));
    // A page that cannot be stored (no _id) changes nothing either.
    QVERIFY(!m_cache->write([](CacheStore &s) {
        return s.applyDelta(events,
                            {QJsonObject{{QStringLiteral("title"), QStringLiteral("x")}}},
                            {},
                            7000);
    }));
    // A fence: a change of another collection, committed after the above,
    // reaches the GUI thread after anything they could have announced.
    QVERIFY(m_cache->write([](CacheStore &s) {
        return s.applyDelta(QStringLiteral("users"),
                            {QJsonObject{{QStringLiteral("_id"), QStringLiteral("u-1")},
                                         {QStringLiteral("version"), 1}}},
                            {},
                            7001);
    }));
    QTRY_COMPARE(relayed.size(), 1);
    QCOMPARE(relayed.first().at(0).toString(), QStringLiteral("users"));
    QTRY_VERIFY(model.isSettled());
    QCOMPARE(model.rowCount(), rows);
    QCOMPARE(model.data(model.index(0, 0)).toString(), first);
    QCOMPARE(any.size(), 0);
    QCOMPARE(changed.size(), 0);
    QCOMPARE(removed.size(), 0);
}

void TestCollectionModel::filterBoxWaitsForTypingPause()
{
    // Typing runs one query once the keystrokes pause, Enter runs it at once.
    auto *model = new CollectionModel(m_cache->reader(), nullptr, events);
    CollectionTab tab(model);
    QTRY_VERIFY(model->isSettled());
    QSignalSpy resets(model, &QAbstractItemModel::modelReset);
    QVERIFY(resets.isValid());
    QTest::keyClicks(tab.filterEdit(), QStringLiteral("Event 99"));
    QCOMPARE(model->filterText(), QString()); // nothing yet
    QCOMPARE(resets.size(), 0);
    QTRY_COMPARE(model->filterText(), QStringLiteral("Event 99"));
    QTRY_COMPARE(resets.size(), 1); // one query for the whole word
    QTRY_COMPARE(model->totalCount(), 11);

    QTest::keyClicks(tab.filterEdit(), QStringLiteral("9"));
    QTest::keyClick(tab.filterEdit(), Qt::Key_Return);
    QCOMPARE(model->filterText(), QStringLiteral("Event 999"));
    QTRY_COMPARE(resets.size(), 2);
    // The pending delayed query was dropped with it: read from the timer,
    // not by waiting.
    const auto *delay = tab.findChild<QTimer *>(QStringLiteral("filterDelay"));
    QVERIFY(delay);
    QVERIFY(!delay->isActive());
    QCOMPARE(resets.size(), 2);
}

void TestCollectionModel::changeBurstRecountsOnce()
{
    // With a filter on, the count needs a scan: a burst of stream batches
    // costs one recount (the timer is not re-armed by later batches).
    CollectionModel model(m_cache->reader(), nullptr, events);
    model.setFilterText(QStringLiteral("Event 99"));
    QTRY_COMPARE(model.totalCount(), 11);
    QTRY_VERIFY(model.isSettled());
    QSignalSpy counts(&model, &CollectionModel::totalCountChanged);
    QVERIFY(counts.isValid());
    for (int i = 0; i < 20; ++i) {
        QVERIFY(m_cache->write([i](CacheStore &s) {
            return s.applyChanges(events,
                                  {{CacheChange::Op::Upsert,
                                    eventId(2000 + i),
                                    qint64(8000 + i),
                                    makeEvent(2000 + i, 1, QStringLiteral("Event 99-%1").arg(i))}});
        }));
    }
    QCOMPARE(model.totalCount(), 11); // not recounted per batch
    QTRY_COMPARE(model.totalCount(), 31);
    QCOMPARE(counts.size(), 1);
    QTRY_COMPARE(model.rowCount(), 31);
}

void TestCollectionModel::changedRowsAreReadInSlices()
{
    // Five updates in one batch, two ids a read: at least three reads, each
    // compared in its own turn, and every row ends changed.
    CollectionModel model(m_cache->reader(), nullptr, events);
    QVERIFY(fetchAll(model));
    model.setMaxChangedIdsPerRead(2);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QList<CacheChange> updates;
    qint64 seq = 9000;
    for (int i = 40; i < 45; ++i)
        updates.append({CacheChange::Op::Upsert,
                        eventId(i),
                        ++seq,
                        makeEvent(i, 2, QStringLiteral("Changed %1").arg(i))});
    QVERIFY(m_cache->write([&](CacheStore &s) { return s.applyChanges(events, updates); }));
    QVERIFY(waitSettled(model));
    QVERIFY2(changed.size() >= 3, qPrintable(QString::number(changed.size())));
    QSet<int> rows;
    for (const QList<QVariant> &signal : std::as_const(changed)) {
        for (int r = signal.at(0).toModelIndex().row(); r <= signal.at(1).toModelIndex().row(); ++r)
            rows.insert(r);
    }
    QCOMPARE(rows, QSet<int>({40, 41, 42, 43, 44}));
    for (int i = 40; i < 45; ++i)
        QVERIFY(model.index(i, 0).data().toString().startsWith(QStringLiteral("Changed")));
}

void TestCollectionModel::burstInOneTurnIsFewestRanges()
{
    // Nine batches committed while the GUI thread is busy arrive in one
    // event-loop turn: one insert, one removal, one repaint range.
    CollectionModel model(m_cache->reader(), nullptr, events);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(fetchAll(model));
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    qint64 seq = 9000;
    QList<QList<CacheChange>> batches;
    for (int batch = 0; batch < 3; ++batch) {
        QList<CacheChange> adds;
        for (int i = 0; i < 5; ++i) {
            // Between e-00020 and e-00021 by start time.
            QJsonObject doc = makeEvent(20);
            const QString id = QStringLiteral("b-%1").arg(batch * 5 + i, 2, 10, QLatin1Char('0'));
            doc.insert(QStringLiteral("_id"), id);
            doc.insert(QStringLiteral("startsAt"),
                       makeEvent(20)
                           .value(QStringLiteral("startsAt"))
                           .toString()
                           .replace(QLatin1String(":00.000Z"), QLatin1String(":30.000Z")));
            adds.append({CacheChange::Op::Upsert, id, ++seq, doc});
        }
        const CacheChange update{CacheChange::Op::Upsert,
                                 eventId(40 + batch),
                                 ++seq,
                                 makeEvent(40 + batch, 2, QStringLiteral("Changed"))};
        const CacheChange remove{CacheChange::Op::Remove, eventId(60 + batch), ++seq, {}};
        batches << adds << QList<CacheChange>{update} << QList<CacheChange>{remove};
    }
    // Nine commits in one turn of the writer's thread (the stream's chunks
    // of one burst): they cross to this thread as one change set.
    QVERIFY(m_cache->write([&](CacheStore &s) {
        for (const QList<CacheChange> &batch : std::as_const(batches)) {
            if (!s.applyChanges(events, batch))
                return false;
        }
        return true;
    }));
    QVERIFY(waitSettled(model));
    QCOMPARE(reset.size(), 0);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.at(0).at(1).toInt(), 60);
    QCOMPARE(removed.at(0).at(2).toInt(), 62);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 21);
    QCOMPARE(inserted.at(0).at(2).toInt(), 35);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 55); // rows 40..42, below the inserts
    QCOMPARE(changed.at(0).at(1).toModelIndex().row(), 57);
    QCOMPARE(model.rowCount(), 1000 + 15 - 3);
    QCOMPARE(model.data(model.index(56, 0)).toString(), QStringLiteral("Changed"));
}

void TestCollectionModel::staleAnswersAreDropped()
{
    // Three filters asked in a row: the rows of the last one replace the
    // shown rows once; the earlier answers are dropped (or never read).
    CollectionModel model(m_cache->reader(), nullptr, events);
    QTRY_VERIFY(model.isSettled() && model.rowCount() == 256);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    model.setFilterText(QStringLiteral("Event 1"));
    model.setFilterText(QStringLiteral("Event 2"));
    model.setFilterText(QStringLiteral("Event 3"));
    QCOMPARE(model.rowCount(), 256); // the old rows stay until the new ones arrive
    QVERIFY(!model.isSettled());
    QVERIFY(waitSettled(model));
    QCOMPARE(resets.size(), 1);
    QVERIFY(model.rowCount() > 0);
    for (int r = 0; r < model.rowCount(); ++r)
        QVERIFY(model.data(model.index(r, 0)).toString().startsWith(QLatin1String("Event 3")));
}

void TestCollectionModel::selectionSurvivesBurstResyncAndSort()
{
    auto *model = new CollectionModel(m_cache->reader(), nullptr, events);
    CollectionTab tab(model);
    tab.resize(900, 600);
    tab.show();
    QVERIFY(fetchAll(*model));
    tab.view()->selectRow(30);
    const QString selected = model->idAt(30);
    const auto selectedId = [&]() -> QString {
        const QModelIndexList rows = tab.view()->selectionModel()->selectedRows();
        return rows.size() == 1 ? model->idAt(rows.first().row()) : QString();
    };
    QCOMPARE(selectedId(), selected);

    // A burst of 40 batches, not waited for one by one: inserts above the
    // row, deletes above it, and the row itself changing.
    qint64 seq = 10000;
    for (int batch = 0; batch < 40; ++batch) {
        QList<CacheChange> changes;
        QJsonObject doc = makeEvent(0);
        const QString id = QStringLiteral("early-%1").arg(batch);
        doc.insert(QStringLiteral("_id"), id);
        doc.insert(QStringLiteral("startsAt"), QStringLiteral("2025-06-01T00:00:00.000Z"));
        changes.append({CacheChange::Op::Upsert, id, ++seq, doc});
        changes.append({CacheChange::Op::Upsert,
                        selected,
                        ++seq,
                        makeEvent(30, 2 + batch, QStringLiteral("Selected %1").arg(batch))});
        if (batch < 10)
            changes.append({CacheChange::Op::Remove, eventId(batch), ++seq, {}});
        m_cache->post([changes](CacheStore &s) { s.applyChanges(events, changes); });
    }
    QVERIFY(m_cache->fence());
    QTRY_VERIFY(model->isSettled());
    QVERIFY(model->rowOfId(QStringLiteral("early-39")) >= 0);
    QCOMPARE(selectedId(), selected);
    QCOMPARE(model->data(model->index(model->rowOfId(selected), 0)).toString(),
             QStringLiteral("Selected 39"));

    // A resync that changes a few rows: applied row by row.
    QVERIFY(m_cache->write([](CacheStore &s) {
        QList<QJsonObject> docs;
        for (int i = 10; i < 1000; ++i)
            docs.append(makeEvent(i,
                                  i == 30 ? 41 : (i % 100 == 0 ? 7 : 1),
                                  i == 30 ? QStringLiteral("Selected 39") : QString()));
        return s.beginFullReplace(events) && s.stageDocuments(events, docs, {})
               && s.commitFullReplace(events, 20000);
    }));
    QTRY_VERIFY(model->isSettled() && model->rowOfId(QStringLiteral("early-0")) < 0);
    QCOMPARE(selectedId(), selected);

    // A resync too large to diff resets the model: the tab selects the
    // same document again.
    QVERIFY(m_cache->write([](CacheStore &s) {
        s.setResetThreshold(1);
        QList<QJsonObject> docs;
        for (int i = 10; i < 1000; ++i)
            docs.append(makeEvent(i, 50, i == 30 ? QStringLiteral("Selected again") : QString()));
        return s.beginFullReplace(events) && s.stageDocuments(events, docs, {})
               && s.commitFullReplace(events, 20001);
    }));
    QTRY_COMPARE(model->data(model->index(qMax(0, model->rowOfId(selected)), 0)).toString(),
                 QStringLiteral("Selected again"));
    QTRY_COMPARE(selectedId(), selected);

    // A sort puts the row far below the first page ("Selected again" after
    // every "Event ..."): fetched up to it, and selected again.
    tab.view()->sortByColumn(0, Qt::AscendingOrder);
    QTRY_VERIFY(model->isSettled() && model->sortColumn() == 0);
    QTRY_COMPARE(selectedId(), selected);
    QVERIFY(model->rowOfId(selected) > 256);
    QCOMPARE(tab.currentId(), selected);
}

void TestCollectionModel::filterTypedDuringBurstEndsExact()
{
    NameLookup lookup(m_cache->reader());
    auto *model = new CollectionModel(m_cache->reader(), &lookup, events);
    CollectionTab tab(model);
    QTRY_VERIFY(model->isSettled());
    const QString word = QStringLiteral("Gala 1");
    qint64 seq = 30000;
    int n = 0;
    // Each key goes in while a slice of the burst is being written: events
    // renamed into and out of the filter, new ones, deleted ones.
    const auto burstSlice = [&] {
        for (int batch = 0; batch < 10; ++batch, ++n) {
            QList<CacheChange> changes;
            changes.append({CacheChange::Op::Upsert,
                            eventId(n % 1000),
                            ++seq,
                            makeEvent(n % 1000, 100 + n, QStringLiteral("Gala %1").arg(n))});
            changes.append({CacheChange::Op::Upsert,
                            eventId((n * 7) % 1000),
                            ++seq,
                            makeEvent((n * 7) % 1000, 100 + n, QStringLiteral("Dinner %1").arg(n))});
            QJsonObject fresh = makeEvent(3000 + n, 1, QStringLiteral("gala 1%1").arg(n));
            changes.append({CacheChange::Op::Upsert, eventId(3000 + n), ++seq, fresh});
            if (n % 3 == 0)
                changes.append({CacheChange::Op::Remove, eventId((n * 13) % 1000), ++seq, {}});
            m_cache->post([changes](CacheStore &s) { s.applyChanges(events, changes); });
        }
    };
    QString typed;
    for (const QChar c : word) {
        burstSlice();
        QTest::keyClick(tab.filterEdit(), c.toLatin1());
        typed += c;
        QTRY_COMPARE(model->filterText(), typed.trimmed());
    }
    burstSlice();
    QVERIFY(m_cache->fence()); // every change set is with the model
    QVERIFY(fetchAll(*model));
    QTRY_VERIFY(model->isSettled());

    // What should show, worked out from the documents themselves.
    CachePeek peek(m_path);
    QHash<QString, QString> clientNames;
    for (const QJsonObject &c : peek.documents(QStringLiteral("clients")))
        clientNames.insert(c.value(QStringLiteral("_id")).toString(),
                           c.value(QStringLiteral("name")).toString());
    QList<std::pair<QString, QString>> expected; // (startsAt, id)
    for (const QJsonObject &doc : peek.documents(events)) {
        QStringList shown{doc.value(QStringLiteral("_id")).toString()};
        for (const char *f : {"title", "startsAt", "endsAt", "location", "status"})
            shown.append(doc.value(QLatin1String(f)).toString());
        shown.append(clientNames.value(doc.value(QStringLiteral("clientId")).toString()));
        shown.append(QStringLiteral("Standard")); // every event's tariff t-1
        if (shown.join(QChar(0x1f)).contains(word, Qt::CaseInsensitive))
            expected.append({doc.value(QStringLiteral("startsAt")).toString(),
                             doc.value(QStringLiteral("_id")).toString()});
    }
    std::sort(expected.begin(), expected.end());
    QStringList expectedIds;
    for (const auto &e : std::as_const(expected))
        expectedIds.append(e.second);
    QVERIFY(expectedIds.size() > 10);
    QStringList shownIds;
    for (int r = 0; r < model->rowCount(); ++r)
        shownIds.append(model->idAt(r));
    if (shownIds != expectedIds) {
        const QSet<QString> shownSet(shownIds.cbegin(), shownIds.cend());
        const QSet<QString> expectedSet(expectedIds.cbegin(), expectedIds.cend());
        qWarning() << "shown, not expected:" << (shownSet - expectedSet);
        qWarning() << "expected, not shown:" << (expectedSet - shownSet);
    }
    QCOMPARE(shownIds, expectedIds);
    QCOMPARE(model->totalCount(), qint64(expectedIds.size()));
}

QTEST_MAIN(TestCollectionModel)
#include "tst_collectionmodel.moc"
