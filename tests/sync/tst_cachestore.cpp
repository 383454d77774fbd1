#include "cachequery.h"
#include "cacheschema.h"
#include "cachestore.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

class TestCacheStore : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void openCreatesSchemaInWal();
    void deltaReportsExactIds();
    void deltaNeverDowngradesVersion();
    void streamChangesSkipSeqAtOrBelowCursor();
    void fullReplaceIsAtomicAndDiffed();
    void abortedFullReplaceKeepsOldRows();
    void fullReplaceSwapKeepsIndexes();
    void fullReplaceWithActiveReaderCopies();
    void failedBatchRollsBack();
    void wipeEmptiesAndResets();
    void reopenKeepsData();
    void sortKeysAndSearchText();
    void searchIndexStaysExact();
    void migratesVersionOneKeepingRows();

private:
    static QJsonObject doc(const QString &id,
                           qint64 version,
                           const QString &title = QStringLiteral("t"))
    {
        return QJsonObject{{QStringLiteral("_id"), id},
                           {QStringLiteral("version"), version},
                           {QStringLiteral("updatedAt"), QStringLiteral("2025-01-15T10:30:00.000Z")},
                           {QStringLiteral("title"), title}};
    }
    QTemporaryDir m_dir;
    std::unique_ptr<CacheStore> m_cache;
};

void TestCacheStore::init()
{
    m_cache = std::make_unique<CacheStore>();
    QVERIFY2(m_cache->open(m_dir.filePath(QStringLiteral("cache.sqlite"))),
             qPrintable(m_cache->errorString()));
    QVERIFY(m_cache->wipe());
}

void TestCacheStore::cleanup()
{
    m_cache.reset();
}

void TestCacheStore::openCreatesSchemaInWal()
{
    QSqlQuery query(QSqlDatabase::database(m_cache->connectionName()));
    QVERIFY(query.exec(QStringLiteral("PRAGMA journal_mode")));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toString(), QStringLiteral("wal"));
    QVERIFY(
        query.exec(QStringLiteral("SELECT id, seq, version, updated_at, body FROM docs_events")));
    QCOMPARE(m_cache->count(QStringLiteral("events")), 0);
}

void TestCacheStore::deltaReportsExactIds()
{
    QSignalSpy spy(m_cache.get(), &CacheStore::documentsChanged);
    QVERIFY(spy.isValid());
    QVERIFY(m_cache->applyDelta(QStringLiteral("events"),
                                {doc(QStringLiteral("a"), 1), doc(QStringLiteral("b"), 1)},
                                {},
                                10));
    QCOMPARE(spy.count(), 1);
    auto changes = spy.takeFirst().at(1).value<CacheChangeSet>();
    QCOMPARE(changes.inserted, (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
    QVERIFY(changes.updated.isEmpty());
    QCOMPARE(m_cache->storedCursor(QStringLiteral("events")), 10);

    QVERIFY(m_cache->applyDelta(QStringLiteral("events"),
                                {doc(QStringLiteral("a"), 2, QStringLiteral("new"))},
                                {QStringLiteral("b"), QStringLiteral("missing")},
                                12));
    changes = spy.takeFirst().at(1).value<CacheChangeSet>();
    QCOMPARE(changes.updated, QStringList{QStringLiteral("a")});
    QCOMPARE(changes.removed, QStringList{QStringLiteral("b")}); // "missing" was never there
    QCOMPARE(m_cache->document(QStringLiteral("events"), QStringLiteral("a"))
                 ->value(QStringLiteral("title"))
                 .toString(),
             QStringLiteral("new"));

    // The same page again: nothing changes, nothing is announced.
    QVERIFY(m_cache->applyDelta(QStringLiteral("events"),
                                {doc(QStringLiteral("a"), 2, QStringLiteral("new"))},
                                {},
                                12));
    QCOMPARE(spy.count(), 0);
}

void TestCacheStore::deltaNeverDowngradesVersion()
{
    QVERIFY(m_cache->applyDelta(QStringLiteral("events"),
                                {doc(QStringLiteral("a"), 5, QStringLiteral("v5"))},
                                {},
                                20));
    QVERIFY(m_cache->applyDelta(QStringLiteral("events"),
                                {doc(QStringLiteral("a"), 4, QStringLiteral("v4"))},
                                {},
                                19));
    QCOMPARE(m_cache->document(QStringLiteral("events"), QStringLiteral("a"))
                 ->value(QStringLiteral("version"))
                 .toInt(),
             5);
    QCOMPARE(m_cache->storedCursor(QStringLiteral("events")), 20);
}

void TestCacheStore::streamChangesSkipSeqAtOrBelowCursor()
{
    QVERIFY(m_cache->applyDelta(QStringLiteral("users"), {doc(QStringLiteral("u1"), 1)}, {}, 100));
    QSignalSpy spy(m_cache.get(), &CacheStore::documentsChanged);
    CacheChange old{CacheChange::Op::Remove, QStringLiteral("u1"), 100, {}};
    CacheChange fresh{CacheChange::Op::Upsert,
                      QStringLiteral("u2"),
                      101,
                      doc(QStringLiteral("u2"), 1)};
    CacheChange unknownSeq{CacheChange::Op::Upsert,
                           QStringLiteral("u3"),
                           0,
                           doc(QStringLiteral("u3"), 1)};
    QVERIFY(m_cache->applyChanges(QStringLiteral("users"), {old, fresh, unknownSeq}));
    QCOMPARE(m_cache->count(QStringLiteral("users")), 3); // u1 kept: seq 100 was already applied
    QCOMPARE(m_cache->storedCursor(QStringLiteral("users")), 101);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(1).value<CacheChangeSet>().inserted,
             (QStringList{QStringLiteral("u2"), QStringLiteral("u3")}));
    // Replaying the same batch is a no-op.
    QVERIFY(m_cache->applyChanges(QStringLiteral("users"), {fresh}));
    QCOMPARE(spy.count(), 1);
}

void TestCacheStore::fullReplaceIsAtomicAndDiffed()
{
    const QString c = QStringLiteral("clients");
    QVERIFY(m_cache->applyDelta(c,
                                {doc(QStringLiteral("keep"), 1),
                                 doc(QStringLiteral("change"), 1),
                                 doc(QStringLiteral("gone"), 1)},
                                {},
                                5));
    QSignalSpy spy(m_cache.get(), &CacheStore::documentsChanged);
    QVERIFY(m_cache->beginFullReplace(c));
    QVERIFY(
        m_cache->stageDocuments(c,
                                {doc(QStringLiteral("keep"), 1), doc(QStringLiteral("change"), 2)},
                                {}));
    // Mid full sync the old rows are all still there.
    QCOMPARE(m_cache->count(c), 3);
    QVERIFY(m_cache->stageDocuments(c,
                                    {doc(QStringLiteral("new"), 1), doc(QStringLiteral("late"), 1)},
                                    {QStringLiteral("late")}));
    QCOMPARE(m_cache->count(c), 3);
    QVERIFY(m_cache->commitFullReplace(c, 50));
    QCOMPARE(m_cache->count(c), 3);
    QCOMPARE(spy.count(), 1);
    const auto changes = spy.at(0).at(1).value<CacheChangeSet>();
    QCOMPARE(changes.inserted, QStringList{QStringLiteral("new")});
    QCOMPARE(changes.updated, QStringList{QStringLiteral("change")});
    QCOMPARE(changes.removed, QStringList{QStringLiteral("gone")});
    QCOMPARE(m_cache->storedCursor(c), 50);
    QVERIFY(!m_cache->document(c, QStringLiteral("late")));
}

void TestCacheStore::fullReplaceSwapKeepsIndexes()
{
    // Every row changes: the tables are swapped, and the UI's expression
    // index must come along.
    const QString c = QStringLiteral("events");
    QVERIFY(m_cache->applyDelta(c, {doc(QStringLiteral("old"), 1)}, {}, 3));
    QSqlQuery query(QSqlDatabase::database(m_cache->connectionName()));
    QVERIFY(query.exec(QStringLiteral("CREATE INDEX IF NOT EXISTS idx_docs_events_title ON "
                                      "docs_events (json_extract(body, '$.title'))")));
    QSignalSpy spy(m_cache.get(), &CacheStore::documentsChanged);
    QVERIFY(m_cache->beginFullReplace(c));
    QVERIFY(m_cache->stageDocuments(c,
                                    {doc(QStringLiteral("n1"), 1), doc(QStringLiteral("n2"), 1)},
                                    {}));
    QVERIFY(m_cache->commitFullReplace(c, 9));
    QCOMPARE(m_cache->count(c), 2);
    QCOMPARE(spy.count(), 1);
    const auto changes = spy.at(0).at(1).value<CacheChangeSet>();
    QCOMPARE(changes.inserted, (QStringList{QStringLiteral("n1"), QStringLiteral("n2")}));
    QCOMPARE(changes.removed, QStringList{QStringLiteral("old")});
    QVERIFY(query.exec(
        QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE name = 'idx_docs_events_title'")));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toInt(), 1);
    QVERIFY(
        query.exec(QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE name LIKE 'stage_%'")));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toInt(), 0);
}

void TestCacheStore::fullReplaceWithActiveReaderCopies()
{
    // A view's query is still stepping through the old table: the swap
    // cannot drop it, so the rows are copied instead; nothing fails.
    const QString c = QStringLiteral("users");
    QVERIFY(
        m_cache->applyDelta(c, {doc(QStringLiteral("a"), 1), doc(QStringLiteral("b"), 1)}, {}, 3));
    QSqlQuery reader(QSqlDatabase::database(m_cache->connectionName()));
    reader.setForwardOnly(true);
    QVERIFY(reader.exec(QStringLiteral("SELECT id FROM docs_users ORDER BY id")));
    QVERIFY(reader.next());
    QVERIFY(m_cache->beginFullReplace(c));
    QVERIFY(
        m_cache->stageDocuments(c, {doc(QStringLiteral("x"), 1), doc(QStringLiteral("y"), 1)}, {}));
    QVERIFY2(m_cache->commitFullReplace(c, 9), qPrintable(m_cache->errorString()));
    reader.finish();
    const QList<QJsonObject> docs = m_cache->documents(c);
    QCOMPARE(docs.size(), 2);
    QCOMPARE(docs.first().value(QStringLiteral("_id")).toString(), QStringLiteral("x"));
}

void TestCacheStore::abortedFullReplaceKeepsOldRows()
{
    const QString c = QStringLiteral("roles");
    QVERIFY(m_cache->applyDelta(c, {doc(QStringLiteral("r1"), 1)}, {}, 3));
    QVERIFY(m_cache->beginFullReplace(c));
    QVERIFY(m_cache->stageDocuments(c, {}, {}));
    m_cache->abortFullReplace(c);
    QCOMPARE(m_cache->count(c), 1);
    QCOMPARE(m_cache->storedCursor(c), 3);
}

void TestCacheStore::failedBatchRollsBack()
{
    const QString c = QStringLiteral("tariffs");
    QVERIFY(m_cache->applyDelta(c, {doc(QStringLiteral("t1"), 1)}, {}, 3));
    // Another connection holds the write lock: BEGIN IMMEDIATE fails, nothing
    // of the batch is applied.
    {
        QSqlDatabase other = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"),
                                                       QStringLiteral("other"));
        other.setDatabaseName(m_dir.filePath(QStringLiteral("cache.sqlite")));
        QVERIFY(other.open());
        QSqlQuery lock(other);
        QVERIFY(lock.exec(QStringLiteral("PRAGMA busy_timeout=0")));
        QVERIFY(lock.exec(QStringLiteral("BEGIN IMMEDIATE")));
        QSqlQuery mine(QSqlDatabase::database(m_cache->connectionName()));
        QVERIFY(mine.exec(QStringLiteral("PRAGMA busy_timeout=10")));
        QVERIFY(!m_cache->applyDelta(c, {doc(QStringLiteral("t2"), 1)}, {QStringLiteral("t1")}, 9));
        QVERIFY(lock.exec(QStringLiteral("ROLLBACK")));
        other.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("other"));
    QCOMPARE(m_cache->count(c), 1);
    QVERIFY(m_cache->document(c, QStringLiteral("t1")));
    QCOMPARE(m_cache->storedCursor(c), 3);
}

void TestCacheStore::wipeEmptiesAndResets()
{
    QVERIFY(m_cache->applyDelta(QStringLiteral("events"), {doc(QStringLiteral("a"), 1)}, {}, 3));
    QSignalSpy spy(m_cache.get(), &CacheStore::collectionReset);
    QVERIFY(m_cache->wipe());
    QCOMPARE(spy.count(), 5);
    QCOMPARE(m_cache->count(QStringLiteral("events")), 0);
    QCOMPARE(m_cache->storedCursor(QStringLiteral("events")), 0);
}

void TestCacheStore::reopenKeepsData()
{
    QVERIFY(m_cache->applyDelta(QStringLiteral("events"), {doc(QStringLiteral("a"), 1)}, {}, 3));
    m_cache->close();
    QVERIFY(m_cache->open(m_dir.filePath(QStringLiteral("cache.sqlite"))));
    QCOMPARE(m_cache->count(QStringLiteral("events")), 1);
    QCOMPARE(m_cache->documents(QStringLiteral("events"))
                 .first()
                 .value(QStringLiteral("_id"))
                 .toString(),
             QStringLiteral("a"));
}

namespace {
qint64 matching(const CacheStore &cache, const QString &collection, const QString &text)
{
    CacheQuery query(cache.connectionName(), collection);
    query.setFilter(text);
    return query.count();
}

bool indexIntact(const CacheStore &cache, const QString &collection)
{
    // FTS5's own check of an external-content index against its table.
    QSqlQuery query(QSqlDatabase::database(cache.connectionName()));
    return query.exec(
        QStringLiteral("INSERT INTO fts_%1 (fts_%1) VALUES ('integrity-check')").arg(collection));
}

bool waitIndexed(CacheStore &cache, const QString &collection)
{
    if (cache.isSearchIndexComplete(collection))
        return true;
    QSignalSpy done(&cache, &CacheStore::searchIndexCompleted);
    for (int guard = 0; guard < 100 && !cache.isSearchIndexComplete(collection); ++guard) {
        if (!done.wait(10000))
            return false;
    }
    return cache.isSearchIndexComplete(collection);
}
} // namespace

void TestCacheStore::sortKeysAndSearchText()
{
    // Natural order ("#12" before "#119"), case-folded; references by the
    // name shown; the search text holds what the table shows.
    QVERIFY(
        m_cache->applyDelta(QStringLiteral("clients"),
                            {QJsonObject{{QStringLiteral("_id"), QStringLiteral("c1")},
                                         {QStringLiteral("version"), 1},
                                         {QStringLiteral("name"), QStringLiteral("Zebra Works")}}},
                            {},
                            1));
    QJsonObject a = doc(QStringLiteral("a"), 1, QStringLiteral("Show #119"));
    a.insert(QStringLiteral("clientId"), QStringLiteral("c1"));
    QJsonObject b = doc(QStringLiteral("b"), 1, QStringLiteral("show #12"));
    b.insert(QStringLiteral("clientId"), QStringLiteral("unknown"));
    QVERIFY(m_cache->applyDelta(QStringLiteral("events"), {a, b}, {}, 2));
    QSqlQuery query(QSqlDatabase::database(m_cache->connectionName()));
    QVERIFY(
        query.exec(QStringLiteral("SELECT id, k_title, k_clientId, ftext FROM docs_events ORDER BY "
                                  "k_title")));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toString(), QStringLiteral("b"));
    QCOMPARE(query.value(1).toString(), QStringLiteral("show #0212"));
    QCOMPARE(query.value(2).toString(), QStringLiteral("unknown")); // not synced: the id, as shown
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toString(), QStringLiteral("a"));
    QCOMPARE(query.value(1).toString(), QStringLiteral("show #03119"));
    QCOMPARE(query.value(2).toString(), QStringLiteral("zebra works"));
    QVERIFY(query.value(3).toString().contains(QLatin1String("zebra works")));
    QVERIFY(query.value(3).toString().contains(QLatin1String("show #119")));

    // A rename re-keys the events showing the name, reported as updated.
    QSignalSpy spy(m_cache.get(), &CacheStore::documentsChanged);
    QVERIFY(
        m_cache->applyChanges(QStringLiteral("clients"),
                              {{CacheChange::Op::Upsert,
                                QStringLiteral("c1"),
                                3,
                                QJsonObject{{QStringLiteral("_id"), QStringLiteral("c1")},
                                            {QStringLiteral("version"), 2},
                                            {QStringLiteral("name"), QStringLiteral("Acme")}}}}));
    QCOMPARE(spy.count(), 2);
    QCOMPARE(spy.at(0).at(0).toString(), QStringLiteral("clients"));
    QCOMPARE(spy.at(1).at(0).toString(), QStringLiteral("events"));
    QCOMPARE(spy.at(1).at(1).value<CacheChangeSet>().updated, QStringList{QStringLiteral("a")});
    QVERIFY(query.exec(QStringLiteral("SELECT k_clientId FROM docs_events WHERE id = 'a'")));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toString(), QStringLiteral("acme"));
    QCOMPARE(matching(*m_cache, QStringLiteral("events"), QStringLiteral("acme")), 1);
    QCOMPARE(matching(*m_cache, QStringLiteral("events"), QStringLiteral("zebra")), 0);
}

void TestCacheStore::searchIndexStaysExact()
{
    // Between writes and the steps that index them, and after, a filter
    // finds exactly the rows whose shown text matches; the index agrees
    // with the table (FTS5's integrity-check) once it is current.
    const QString c = QStringLiteral("events");
    QList<QJsonObject> docs;
    for (int i = 0; i < 50; ++i)
        docs.append(doc(QStringLiteral("e%1").arg(i), 1, QStringLiteral("Alpha %1").arg(i)));
    QVERIFY(m_cache->applyDelta(c, docs, {}, 10));
    QVERIFY(!m_cache->isSearchIndexComplete(c)); // queued, indexed in a moment
    QCOMPARE(matching(*m_cache, c, QStringLiteral("alpha 1")), 11);
    QVERIFY(waitIndexed(*m_cache, c));
    QCOMPARE(matching(*m_cache, c, QStringLiteral("alpha 1")), 11);
    QVERIFY(indexIntact(*m_cache, c));

    // An update and a delete: the index still holds the old text for a
    // moment; the answer does not.
    QVERIFY(m_cache->applyDelta(c,
                                {doc(QStringLiteral("e10"), 2, QStringLiteral("Beta"))},
                                {QStringLiteral("e11")},
                                11));
    QCOMPARE(matching(*m_cache, c, QStringLiteral("alpha 1")), 9);
    QCOMPARE(matching(*m_cache, c, QStringLiteral("beta")), 1);
    QVERIFY(waitIndexed(*m_cache, c));
    QCOMPARE(matching(*m_cache, c, QStringLiteral("alpha 1")), 9);
    QCOMPARE(matching(*m_cache, c, QStringLiteral("beta")), 1);
    QVERIFY(indexIntact(*m_cache, c));

    // A wholesale replace swaps the table: the index is rebuilt in steps.
    QVERIFY(m_cache->beginFullReplace(c));
    QList<QJsonObject> fresh;
    for (int i = 0; i < 30; ++i)
        fresh.append(doc(QStringLiteral("n%1").arg(i), 1, QStringLiteral("Gamma %1").arg(i)));
    QVERIFY(m_cache->stageDocuments(c, fresh, {}));
    QVERIFY(m_cache->commitFullReplace(c, 20));
    QCOMPARE(matching(*m_cache, c, QStringLiteral("alpha")), 0);
    QCOMPARE(matching(*m_cache, c, QStringLiteral("gamma 7")), 1);
    QVERIFY(waitIndexed(*m_cache, c));
    QCOMPARE(matching(*m_cache, c, QStringLiteral("gamma 7")), 1);
    QCOMPARE(matching(*m_cache, c, QStringLiteral("gamma")), 30);
    QVERIFY(indexIntact(*m_cache, c));

    QVERIFY(m_cache->wipe());
    QCOMPARE(matching(*m_cache, c, QStringLiteral("gamma")), 0);
    QVERIFY(m_cache->isSearchIndexComplete(c));
    QVERIFY(indexIntact(*m_cache, c));
}

void TestCacheStore::migratesVersionOneKeepingRows()
{
    // A cache written by the first version (body only): opened, its rows
    // stay, with keys and search text, and its index is built.
    const QString path = m_dir.filePath(QStringLiteral("v1.sqlite"));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v1"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery q(db);
        for (const char *c : {"events", "users", "clients", "roles", "tariffs"})
            QVERIFY(q.exec(QStringLiteral("CREATE TABLE docs_%1 (id TEXT PRIMARY KEY NOT NULL, seq "
                                          "INTEGER NOT NULL DEFAULT 0, version INTEGER NOT NULL "
                                          "DEFAULT 0, updated_at TEXT, body TEXT NOT NULL)")
                               .arg(QLatin1String(c))));
        QVERIFY(q.exec(QStringLiteral("CREATE TABLE sync_cursor (collection TEXT PRIMARY KEY NOT "
                                      "NULL, seq INTEGER NOT NULL DEFAULT 0)")));
        QVERIFY(q.exec(QStringLiteral("INSERT INTO sync_cursor VALUES ('events', 77)")));
        QVERIFY(q.exec(QStringLiteral("INSERT INTO docs_clients VALUES ('c1', 5, 1, '', "
                                      "'{\"_id\":\"c1\",\"name\":\"Zebra\"}')")));
        QVERIFY(q.exec(QStringLiteral("INSERT INTO docs_events VALUES ('e1', 7, 3, '', "
                                      "'{\"_id\":\"e1\",\"version\":3,\"title\":\"Event "
                                      "#12\",\"clientId\":\"c1\"}')")));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("v1"));
    m_cache->close();
    QVERIFY2(m_cache->open(path), qPrintable(m_cache->errorString()));
    QCOMPARE(m_cache->count(QStringLiteral("events")), 1);
    QCOMPARE(m_cache->storedCursor(QStringLiteral("events")), 77);
    QCOMPARE(m_cache->document(QStringLiteral("events"), QStringLiteral("e1"))
                 ->value(QStringLiteral("title"))
                 .toString(),
             QStringLiteral("Event #12"));
    QSqlQuery query(QSqlDatabase::database(m_cache->connectionName()));
    QVERIFY(query.exec(QStringLiteral("SELECT k_title, k_clientId, seq FROM docs_events")));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toString(), QStringLiteral("event #0212"));
    QCOMPARE(query.value(1).toString(), QStringLiteral("zebra"));
    QCOMPARE(query.value(2).toLongLong(), 7);
    QCOMPARE(matching(*m_cache, QStringLiteral("events"), QStringLiteral("zebra")), 1);
    QVERIFY(waitIndexed(*m_cache, QStringLiteral("events")));
    QCOMPARE(matching(*m_cache, QStringLiteral("events"), QStringLiteral("zebra")), 1);
    QVERIFY(indexIntact(*m_cache, QStringLiteral("events")));
}

QTEST_GUILESS_MAIN(TestCacheStore)
#include "tst_cachestore.moc"
