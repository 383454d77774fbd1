// CacheQuery over a docs_<c> table built here by hand (the documented
// schema): keyset pages in both orders match SQLite's own ORDER BY, the
// in-memory compare() agrees with it, filters and lookups by id work, and
// sorting by a field uses the expression index.

#include "cachequery.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSqlDatabase>
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
    void rowsByIdsHonoursFilter();
    void sortUsesExpressionIndex();
    void unsafeFieldsAreRejected();

private:
    void insert(const QString &table, const QJsonObject &doc);
    QTemporaryDir m_dir;
    QString m_conn = QStringLiteral("tst_cachequery");
};

void TestCacheQuery::insert(const QString &table, const QJsonObject &doc)
{
    QSqlQuery q(QSqlDatabase::database(m_conn));
    QVERIFY(
        q.prepare(QStringLiteral(
                      "INSERT INTO %1 (id, seq, version, updated_at, body) VALUES (?, 0, 1, '', ?)")
                      .arg(table)));
    q.addBindValue(doc.value(QLatin1String("_id")).toString());
    q.addBindValue(QString::fromUtf8(QJsonDocument(doc).toJson(QJsonDocument::Compact)));
    QVERIFY(q.exec());
}

void TestCacheQuery::init()
{
    auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_conn);
    db.setDatabaseName(m_dir.filePath(QStringLiteral("c.sqlite")));
    QVERIFY(db.open());
    QSqlQuery q(db);
    for (const char *c : {"events", "clients"}) {
        QVERIFY(q.exec(QStringLiteral("DROP TABLE IF EXISTS docs_%1").arg(QLatin1String(c))));
        QVERIFY(
            q.exec(QStringLiteral(
                       "CREATE TABLE docs_%1 (id TEXT PRIMARY KEY NOT NULL, seq INTEGER NOT NULL "
                       "DEFAULT 0, "
                       "version INTEGER NOT NULL DEFAULT 0, updated_at TEXT, body TEXT NOT NULL)")
                       .arg(QLatin1String(c))));
    }
    QVERIFY(q.exec(QStringLiteral("BEGIN")));
    auto *rng = QRandomGenerator::global();
    for (int i = 0; i < 500; ++i) {
        QJsonObject doc{{QStringLiteral("_id"), QStringLiteral("e-%1").arg(i)},
                        {QStringLiteral("title"), QStringLiteral("Event %1").arg(rng->bounded(50))},
                        {QStringLiteral("clientId"), QStringLiteral("c-%1").arg(i % 7)}};
        // Some rows miss the field, some hold numbers: both must page right.
        if (i % 11 == 0)
            doc.remove(QStringLiteral("title"));
        else if (i % 13 == 0)
            doc.insert(QStringLiteral("title"), rng->bounded(100));
        insert(QStringLiteral("docs_events"), doc);
    }
    for (int i = 0; i < 7; ++i)
        insert(QStringLiteral("docs_clients"),
               QJsonObject{{QStringLiteral("_id"), QStringLiteral("c-%1").arg(i)},
                           {QStringLiteral("name"),
                            i == 3 ? QStringLiteral("Zebra Works")
                                   : QStringLiteral("Client %1").arg(i)}});
    QVERIFY(q.exec(QStringLiteral("COMMIT")));
}

void TestCacheQuery::cleanup()
{
    QSqlDatabase::database(m_conn).close();
    QSqlDatabase::removeDatabase(m_conn);
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
    QVERIFY(all.exec(
        QStringLiteral(
            "SELECT id FROM docs_events ORDER BY IFNULL(json_extract(body,'$.title'),'') %1, id %1")
            .arg(dir)));
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
    query.setFilter(QStringLiteral("zebra"),
                    {QStringLiteral("title")},
                    {{QStringLiteral("clientId"),
                      QStringLiteral("clients"),
                      QStringLiteral("name")}});
    const auto rows = query.page(std::nullopt, 1000);
    QVERIFY(rows);
    QVERIFY(!rows->isEmpty());
    for (const auto &r : *rows)
        QCOMPARE(r.values.at(1).toString(), QStringLiteral("c-3"));
    QCOMPARE(query.count(), rows->size());
    // LIKE wildcards in the text are literal.
    query.setFilter(QStringLiteral("%"), {QStringLiteral("title")});
    QCOMPARE(query.count(), 0);
}

void TestCacheQuery::rowsByIdsHonoursFilter()
{
    CacheQuery query(m_conn, QStringLiteral("events"));
    query.setFields({QStringLiteral("clientId")});
    query.setFilter(QStringLiteral("c-1"), {QStringLiteral("clientId")});
    QStringList ids;
    for (int i = 0; i < 1200; ++i)
        ids.append(QStringLiteral("e-%1").arg(i)); // more than one chunk, some unknown
    const auto rows = query.rowsByIds(ids);
    QVERIFY(rows);
    // c-1 and nothing else matches "c-1" (ids e-1.. match "e-1", not "c-1").
    for (const auto &r : *rows)
        QCOMPARE(r.values.at(0).toString(), QStringLiteral("c-1"));
    QCOMPARE(rows->size(), qsizetype(500 / 7 + 1));
}

void TestCacheQuery::sortUsesExpressionIndex()
{
    CacheQuery query(m_conn, QStringLiteral("events"));
    QVERIFY(query.ensureSortIndex(QStringLiteral("title")));
    QSqlQuery plan(QSqlDatabase::database(m_conn));
    QVERIFY(plan.exec(
        QStringLiteral("EXPLAIN QUERY PLAN SELECT id FROM docs_events WHERE "
                       "(IFNULL(json_extract(body,'$.title'),''), id) > ('x', 'y') "
                       "ORDER BY IFNULL(json_extract(body,'$.title'),'') ASC, id ASC LIMIT 10")));
    QString detail;
    while (plan.next())
        detail += plan.value(3).toString() + QLatin1Char('\n');
    QVERIFY2(detail.contains(QLatin1String("idx_docs_events_title")), qPrintable(detail));
    QVERIFY2(!detail.contains(QLatin1String("TEMP B-TREE")), qPrintable(detail));
}

void TestCacheQuery::unsafeFieldsAreRejected()
{
    QVERIFY(!CacheQuery::isSafeField(QStringLiteral("title') OR 1=1 --")));
    QVERIFY(!CacheQuery::isSafeField(QString()));
    QVERIFY(CacheQuery::isSafeField(QStringLiteral("amountCents")));
    CacheQuery query(m_conn, QStringLiteral("events"));
    QVERIFY(!query.ensureSortIndex(QStringLiteral("a b")));
    query.setSort(QStringLiteral("x'y"), Qt::AscendingOrder);
    QVERIFY(query.sortField().isEmpty());
    QVERIFY(query.page(std::nullopt, 10));
}

QTEST_GUILESS_MAIN(TestCacheQuery)
#include "tst_cachequery.moc"
