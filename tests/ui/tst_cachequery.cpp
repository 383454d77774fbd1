// CacheQuery over a cache written by CacheStore (the schema it owns): keyset
// pages in both orders match SQLite's own ORDER BY on the sort keys, the
// in-memory compare() agrees with it, filters (through the trigram index, or
// a scan for one or two letters) match what the table shows including the
// names behind references, lookups by id honour the filter, and sorting by
// a field uses its key's index.

#include "cachequery.h"
#include "cachestore.h"
#include "protocol.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

class TestCacheQuery : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void pagesCoverEveryRowOnce_data();
    void pagesCoverEveryRowOnce();
    void compareAgreesWithSqlite();
    void filterMatchesFieldsAndReferences();
    void shortFilterScans();
    void nearScanPagesEqualTheIndexs_data();
    void nearScanPagesEqualTheIndexs();
    void rowsByIdsHonoursFilter();
    void sortUsesKeyIndex();
    void predicatesNarrowAndCombine();
    void dateRangeUsesStartIndex();
    void unsafeFieldsAreRejected();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<CacheStore> m_store;
    QString m_conn;
};

void TestCacheQuery::init()
{
    m_store = std::make_unique<CacheStore>();
    QVERIFY(m_store->open(m_dir.filePath(QStringLiteral("c.sqlite"))));
    QVERIFY(m_store->wipe());
    m_conn = m_store->connectionName();
    QList<QJsonObject> clients;
    for (int i = 0; i < 7; ++i)
        clients.append(QJsonObject{{QStringLiteral("_id"), QStringLiteral("c-%1").arg(i)},
                                   {QStringLiteral("version"), 1},
                                   {QStringLiteral("name"),
                                    i == 3 ? QStringLiteral("Zebra Works")
                                           : QStringLiteral("Client %1").arg(i)}});
    QVERIFY(m_store->applyDelta(QStringLiteral("clients"), clients, {}, 1));
    auto *rng = QRandomGenerator::global();
    QList<QJsonObject> events;
    for (int i = 0; i < 500; ++i) {
        QJsonObject doc{
            {QStringLiteral("_id"), QStringLiteral("e-%1").arg(i)},
            {QStringLiteral("version"), 1},
            {QStringLiteral("title"), QStringLiteral("Event %1").arg(rng->bounded(50))},
            {QStringLiteral("clientId"), QStringLiteral("c-%1").arg(i % 7)},
            // One event an hour from 2026-01-01T00:00Z; a third
            // confirmed; u-<i % 5> and u-9 staffed on each.
            {QStringLiteral("startsAt"),
             Protocol::formatTimestamp(
                 QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC).addSecs(3600LL * i))},
            {QStringLiteral("status"),
             i % 3 == 0 ? QStringLiteral("Confirmed") : QStringLiteral("draft")},
            {QStringLiteral("staffing"),
             QJsonArray{QJsonObject{{QStringLiteral("userId"), QStringLiteral("u-%1").arg(i % 5)}},
                        QJsonObject{{QStringLiteral("userId"), QStringLiteral("u-9")}}}}};
        // Some rows miss the field, some hold numbers: both must page right.
        if (i % 11 == 0)
            doc.remove(QStringLiteral("title"));
        else if (i % 13 == 0)
            doc.insert(QStringLiteral("title"), rng->bounded(100));
        events.append(doc);
    }
    QVERIFY(m_store->applyDelta(QStringLiteral("events"), events, {}, 2));
}

void TestCacheQuery::cleanup()
{
    m_store.reset();
}

void TestCacheQuery::pagesCoverEveryRowOnce_data()
{
    QTest::addColumn<Qt::SortOrder>("order");
    QTest::addColumn<int>("pageSize");
    QTest::newRow("asc/7") << Qt::AscendingOrder << 7;
    QTest::newRow("desc/64") << Qt::DescendingOrder << 64;
    QTest::newRow("asc/1") << Qt::AscendingOrder << 1;
}

void TestCacheQuery::pagesCoverEveryRowOnce()
{
    QFETCH(Qt::SortOrder, order);
    QFETCH(int, pageSize);
    CacheQuery query(m_conn, QStringLiteral("events"));
    query.setFields({QStringLiteral("title")});
    query.setSort(QStringLiteral("title"), order);
    QVERIFY(query.ensureSortIndex(QStringLiteral("title")));

    QStringList paged;
    std::optional<CacheQuery::Key> after;
    for (int guard = 0; guard < 1000; ++guard) {
        const auto rows = query.page(after, pageSize);
        QVERIFY2(rows, qPrintable(query.errorString()));
        for (const auto &r : *rows)
            paged.append(r.key.id);
        if (rows->size() < pageSize)
            break;
        after = rows->constLast().key;
    }
    QSqlQuery all(QSqlDatabase::database(m_conn));
    const QString dir = order == Qt::AscendingOrder ? QStringLiteral("ASC")
                                                    : QStringLiteral("DESC");
    QVERIFY(
        all.exec(QStringLiteral("SELECT id FROM docs_events ORDER BY k_title %1, id %1").arg(dir)));
    QStringList expected;
    while (all.next())
        expected.append(all.value(0).toString());
    QCOMPARE(paged.size(), 500);
    QCOMPARE(paged, expected);
    QCOMPARE(query.count(), 500);
}

void TestCacheQuery::compareAgreesWithSqlite()
{
    for (Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
        CacheQuery query(m_conn, QStringLiteral("events"));
        query.setSort(QStringLiteral("title"), order);
        const auto rows = query.page(std::nullopt, 1000);
        QVERIFY(rows);
        QCOMPARE(rows->size(), 500);
        for (qsizetype i = 1; i < rows->size(); ++i)
            QVERIFY2(query.compare(rows->at(i - 1).key, rows->at(i).key) < 0,
                     qPrintable(rows->at(i).key.id));
    }
}

void TestCacheQuery::filterMatchesFieldsAndReferences()
{
    CacheQuery query(m_conn, QStringLiteral("events"));
    query.setFields({QStringLiteral("title"), QStringLiteral("clientId")});
    query.setSort(QStringLiteral("title"), Qt::AscendingOrder);
    // By the referenced client's name: every event of c-3.
    query.setFilter(QStringLiteral("zebra"));
    const auto rows = query.page(std::nullopt, 1000);
    QVERIFY(rows);
    QVERIFY(!rows->isEmpty());
    for (const auto &r : *rows)
        QCOMPARE(r.values.at(1).toString(), QStringLiteral("c-3"));
    QCOMPARE(query.count(), rows->size());
    QCOMPARE(query.count(), 71); // i % 7 == 3 for i < 500
    // Characters FTS5 and LIKE treat specially are literal.
    for (const char *text : {"%", "_", "\"", "ev%nt", "\"event"}) {
        query.setFilter(QLatin1String(text));
        QCOMPARE(query.count(), 0);
    }
    // The id matches too.
    query.setFilter(QStringLiteral("e-499"));
    QCOMPARE(query.count(), 1);
}

void TestCacheQuery::shortFilterScans()
{
    // One or two letters are below the trigram index: a scan, same answer.
    CacheQuery query(m_conn, QStringLiteral("events"));
    query.setFilter(QStringLiteral("ze"));
    QCOMPARE(query.count(), 71);
    query.setFilter(QStringLiteral("ZEB"));
    QCOMPARE(query.count(), 71);
}

void TestCacheQuery::nearScanPagesEqualTheIndexs_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<QString>("sortField"); // empty: by id
    QTest::addColumn<Qt::SortOrder>("order");
    QTest::addColumn<bool>("nearAnswers"); // a full first page within the scanned rows
    // "event" is in nearly every title; "zebra" in one row of 7 (c-3's name),
    // fewer than 8 in the first 16 rows; "event 4" in rows far apart.
    QTest::newRow("common/start/asc")
        << QStringLiteral("event") << QStringLiteral("startsAt") << Qt::AscendingOrder << true;
    QTest::newRow("common/title/desc")
        << QStringLiteral("Event") << QStringLiteral("title") << Qt::DescendingOrder << true;
    QTest::newRow("common/id/asc")
        << QStringLiteral("event") << QString() << Qt::AscendingOrder << true;
    QTest::newRow("sparse/start/asc")
        << QStringLiteral("zebra") << QStringLiteral("startsAt") << Qt::AscendingOrder << false;
    QTest::newRow("sparse/start/desc")
        << QStringLiteral("event 4") << QStringLiteral("startsAt") << Qt::DescendingOrder << false;
}

void TestCacheQuery::nearScanPagesEqualTheIndexs()
{
    // Pages of 8 with the near scan over 16 rows, then over none (the search
    // index alone): the same rows in the same order, page after page,
    // whether the near scan filled a page or handed over to the index.
    QFETCH(QString, filter);
    QFETCH(QString, sortField);
    QFETCH(Qt::SortOrder, order);
    QFETCH(bool, nearAnswers);
    const auto pages = [&](int nearRows, QStringList *sql) {
        CacheQuery query(m_conn, QStringLiteral("events"));
        query.setFields({QStringLiteral("title")});
        if (!sortField.isEmpty())
            query.ensureSortIndex(sortField);
        query.setSort(sortField, order);
        query.setFilter(filter);
        query.setNearScanRows(nearRows);
        QStringList ids;
        std::optional<CacheQuery::Key> after;
        for (int guard = 0; guard < 200; ++guard) {
            const auto rows = query.page(after, 8);
            if (!rows)
                return QStringList{QStringLiteral("error: ") + query.errorString()};
            sql->append(query.lastStatement().sql);
            for (const auto &r : *rows)
                ids.append(r.key.id);
            if (rows->size() < 8)
                break;
            after = rows->constLast().key;
        }
        return ids;
    };
    QStringList nearSql, indexSql;
    const QStringList viaIndex = pages(0, &indexSql);
    const QStringList viaNear = pages(16, &nearSql);
    QVERIFY(viaIndex.size() > 8);
    QCOMPARE(viaNear, viaIndex);
    // Which statement answered the first page: the near scan's own, or the
    // index's after it found too few.
    const bool nearRan = !nearSql.first().contains(QLatin1String(" MATCH "));
    QCOMPARE(nearRan, nearAnswers);
    QVERIFY(!indexSql.first().contains(QLatin1String("LIMIT ?) AND ftext")));
    if (!nearAnswers)
        return;
    // The near scan reads the sort key's index in order: no sort of the
    // whole collection in its subquery (plan rows with a parent).
    CacheQuery again(m_conn, QStringLiteral("events"));
    again.setFields({QStringLiteral("title")});
    again.setSort(sortField, order);
    again.setFilter(filter);
    again.setNearScanRows(16);
    QVERIFY(again.page(std::nullopt, 8));
    const CacheQuery::Statement ran = again.lastStatement();
    QCOMPARE(ran.sql, nearSql.first());
    QSqlQuery plan(QSqlDatabase::database(m_conn));
    QVERIFY(plan.prepare(QStringLiteral("EXPLAIN QUERY PLAN ") + ran.sql));
    for (const QVariant &value : ran.values)
        plan.addBindValue(value);
    QVERIFY2(plan.exec(), qPrintable(plan.lastError().text()));
    QString inner;
    while (plan.next()) {
        if (plan.value(1).toInt() != 0)
            inner += plan.value(3).toString() + QLatin1Char('\n');
    }
    QVERIFY2(inner.contains(QLatin1String("INDEX")), qPrintable(inner));
    QVERIFY2(!inner.contains(QLatin1String("TEMP B-TREE")), qPrintable(inner));
}

void TestCacheQuery::rowsByIdsHonoursFilter()
{
    CacheQuery query(m_conn, QStringLiteral("events"));
    query.setFields({QStringLiteral("clientId")});
    query.setFilter(QStringLiteral("Zebra Works"));
    QStringList ids;
    for (int i = 0; i < 1200; ++i)
        ids.append(QStringLiteral("e-%1").arg(i)); // more than one chunk, some unknown
    const auto rows = query.rowsByIds(ids);
    QVERIFY(rows);
    for (const auto &r : *rows)
        QCOMPARE(r.values.at(0).toString(), QStringLiteral("c-3"));
    QCOMPARE(rows->size(), qsizetype(71));
}

void TestCacheQuery::sortUsesKeyIndex()
{
    // The plan of the very statement a page after a key runs, with its
    // own bound values.
    CacheQuery query(m_conn, QStringLiteral("events"));
    query.setFields({QStringLiteral("title"), QStringLiteral("clientId")});
    QVERIFY(query.ensureSortIndex(QStringLiteral("title")));
    query.setSort(QStringLiteral("title"), Qt::AscendingOrder);
    QVERIFY(query.page(CacheQuery::Key{QStringLiteral("x"), QStringLiteral("y")}, 10));
    const CacheQuery::Statement ran = query.lastStatement();
    QVERIFY2(ran.sql.startsWith(QLatin1String("SELECT ")), qPrintable(ran.sql));
    QSqlQuery plan(QSqlDatabase::database(m_conn));
    QVERIFY(plan.prepare(QStringLiteral("EXPLAIN QUERY PLAN ") + ran.sql));
    for (const QVariant &value : ran.values)
        plan.addBindValue(value);
    QVERIFY2(plan.exec(), qPrintable(plan.lastError().text()));
    QString detail;
    while (plan.next())
        detail += plan.value(3).toString() + QLatin1Char('\n');
    QVERIFY2(detail.contains(QLatin1String("idx_docs_events_k_title")), qPrintable(detail));
    QVERIFY2(!detail.contains(QLatin1String("TEMP B-TREE")), qPrintable(detail));
}

void TestCacheQuery::predicatesNarrowAndCombine()
{
    CacheQuery query(m_conn, QStringLiteral("events"));
    query.setSort(QStringLiteral("startsAt"), Qt::AscendingOrder);
    CacheQuery::Predicates p;
    // Events 24..47: the second day, the end excluded.
    p.rangeField = QStringLiteral("startsAt");
    p.from = QDateTime(QDate(2026, 1, 2), QTime(0, 0), Qt::UTC);
    p.until = QDateTime(QDate(2026, 1, 3), QTime(0, 0), Qt::UTC);
    query.setPredicates(p);
    QVERIFY(query.isFiltered());
    QCOMPARE(query.count(), 24);
    auto rows = query.page(std::nullopt, 100);
    QVERIFY(rows);
    QCOMPARE(rows->size(), qsizetype(24));
    QCOMPARE(rows->constFirst().key.id, QStringLiteral("e-24"));
    QCOMPARE(rows->constLast().key.id, QStringLiteral("e-47"));
    // An open end: from the 480th hour on.
    p.from = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC).addSecs(3600LL * 480);
    p.until = QDateTime();
    query.setPredicates(p);
    QCOMPARE(query.count(), 20);
    // A status as shown, whatever its case in the document: i % 3 == 0.
    p = {};
    p.equalField = QStringLiteral("status");
    p.equalValue = QStringLiteral("confirmed");
    query.setPredicates(p);
    QCOMPARE(query.count(), 167);
    // Staffed on: i % 5 == 2.
    p = {};
    p.arrayField = QStringLiteral("staffing");
    p.arrayMember = QStringLiteral("userId");
    p.arrayValue = QStringLiteral("u-2");
    query.setPredicates(p);
    QCOMPARE(query.count(), 100);
    p.arrayValue = QString(); // nobody: nothing, not everything
    query.setPredicates(p);
    QCOMPARE(query.count(), 0);
    // All of them and the text filter: the second day (24..47), confirmed
    // (i % 3 == 0), u-0 staffed (i % 5 == 0), client Zebra Works (i % 7 ==
    // 3): 45 alone (24 passes all but the staffing).
    p.rangeField = QStringLiteral("startsAt");
    p.from = QDateTime(QDate(2026, 1, 2), QTime(0, 0), Qt::UTC);
    p.until = QDateTime(QDate(2026, 1, 3), QTime(0, 0), Qt::UTC);
    p.equalField = QStringLiteral("status");
    p.equalValue = QStringLiteral("Confirmed");
    p.arrayValue = QStringLiteral("u-0");
    query.setPredicates(p);
    query.setFilter(QStringLiteral("zebra"));
    rows = query.page(std::nullopt, 100);
    QVERIFY(rows);
    QCOMPARE(rows->size(), qsizetype(1));
    QCOMPARE(rows->constFirst().key.id, QStringLiteral("e-45"));
    QCOMPARE(query.count(), 1);
    const QStringList ids{QStringLiteral("e-45"), QStringLiteral("e-30"), QStringLiteral("e-3")};
    const auto byIds = query.rowsByIds(ids);
    QVERIFY(byIds);
    QCOMPARE(byIds->size(), qsizetype(1));
    QCOMPARE(query.collectionCount(), 500);
    // Unsafe or unshown fields switch their part off.
    p = {};
    p.equalField = QStringLiteral("notes");
    p.equalValue = QStringLiteral("x");
    p.arrayField = QStringLiteral("staffing') OR 1 --");
    query.setPredicates(p);
    query.setFilter({});
    QVERIFY(!query.isFiltered());
    QCOMPARE(query.count(), 500);
}

void TestCacheQuery::dateRangeUsesStartIndex()
{
    // The events tab's dates read a range of the start-time index it sorts
    // by: no scan, no sort.
    CacheQuery query(m_conn, QStringLiteral("events"));
    query.setFields({QStringLiteral("title")});
    query.setSort(QStringLiteral("startsAt"), Qt::AscendingOrder);
    CacheQuery::Predicates p;
    p.rangeField = QStringLiteral("startsAt");
    p.from = QDateTime(QDate(2026, 1, 2), QTime(0, 0), Qt::UTC);
    p.until = QDateTime(QDate(2026, 1, 9), QTime(0, 0), Qt::UTC);
    p.equalField = QStringLiteral("status");
    p.equalValue = QStringLiteral("confirmed");
    query.setPredicates(p);
    QVERIFY(query.page(CacheQuery::Key{QStringLiteral("2026-01-03"), QStringLiteral("e-1")}, 10));
    const CacheQuery::Statement ran = query.lastStatement();
    QSqlQuery plan(QSqlDatabase::database(m_conn));
    QVERIFY(plan.prepare(QStringLiteral("EXPLAIN QUERY PLAN ") + ran.sql));
    for (const QVariant &value : ran.values)
        plan.addBindValue(value);
    QVERIFY2(plan.exec(), qPrintable(plan.lastError().text()));
    QString detail;
    while (plan.next())
        detail += plan.value(3).toString() + QLatin1Char('\n');
    QVERIFY2(detail.contains(
                 QLatin1String("SEARCH docs_events USING INDEX idx_docs_events_k_startsAt")),
             qPrintable(detail));
    QVERIFY2(detail.contains(QLatin1String("k_startsAt>? AND k_startsAt<?")), qPrintable(detail));
    QVERIFY2(!detail.contains(QLatin1String("TEMP B-TREE")), qPrintable(detail));
}

void TestCacheQuery::unsafeFieldsAreRejected()
{
    QVERIFY(!CacheQuery::isSafeField(QStringLiteral("title') OR 1=1 --")));
    QVERIFY(!CacheQuery::isSafeField(QString()));
    QVERIFY(CacheQuery::isSafeField(QStringLiteral("amountCents")));
    CacheQuery query(m_conn, QStringLiteral("events"));
    QVERIFY(!query.ensureSortIndex(QStringLiteral("a b")));
    QVERIFY(!query.ensureSortIndex(QStringLiteral("notes"))); // not shown: no key
    query.setSort(QStringLiteral("x'y"), Qt::AscendingOrder);
    QVERIFY(query.sortField().isEmpty());
    QVERIFY(query.page(std::nullopt, 10));
}

QTEST_GUILESS_MAIN(TestCacheQuery)
#include "tst_cachequery.moc"
