#include "cachefullreplace.h"

#include "cacherowbuilder.h"
#include "cacheschema.h"
#include "cachestore.h"
#include "cachestore_p.h"

#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

CacheFullReplace::CacheFullReplace(const QString &connectionName)
    : m_connectionName(connectionName)
{}

CacheFullReplace::~CacheFullReplace() = default;

void CacheFullReplace::reset()
{
    m_insert.reset();
    m_remove.reset();
    m_preparedFor.clear();
}

bool CacheFullReplace::exec(const QString &sql)
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!query.exec(sql))
        return fail(query);
    return true;
}

bool CacheFullReplace::fail(const QSqlQuery &query)
{
    m_errorString = query.lastError().text();
    qCWarning(lcCache) << "SQL failed:" << m_errorString << query.lastQuery();
    return false;
}

bool CacheFullReplace::begin(const QString &collection)
{
    reset(); // statements on a dropped table must be prepared again
    const QString stage = CacheSchema::stageTable(collection);
    return dropOrEmpty(stage) && exec(CacheSchema::tableDefinition(stage, collection));
}

bool CacheFullReplace::dropOrEmpty(const QString &table)
{
    // SQLite refuses DROP TABLE while any statement of the connection is
    // still reading: then the table is only emptied, and dropped by a later
    // full sync or the next open.
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (query.exec(QStringLiteral("DROP TABLE IF EXISTS %1").arg(table)))
        return true;
    QSqlQuery exists(QSqlDatabase::database(m_connectionName, false));
    if (!exists.exec(
            QStringLiteral("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '%1'")
                .arg(table)))
        return fail(exists);
    const bool present = exists.next();
    exists.finish();
    return !present || exec(QStringLiteral("DELETE FROM %1").arg(table));
}

bool CacheFullReplace::prepareFor(const QString &collection)
{
    if (m_insert && m_preparedFor == collection)
        return true;
    reset();
    const QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    auto insert = std::make_unique<QSqlQuery>(db);
    auto remove = std::make_unique<QSqlQuery>(db);
    const QString stage = CacheSchema::stageTable(collection);
    if (!insert->prepare(CacheSchema::insertSql(stage, collection, false)))
        return fail(*insert);
    if (!remove->prepare(QStringLiteral("DELETE FROM %1 WHERE id = ?").arg(stage)))
        return fail(*remove);
    m_insert = std::move(insert);
    m_remove = std::move(remove);
    m_preparedFor = collection;
    return true;
}

bool CacheFullReplace::stage(const QString &collection,
                             const QList<QJsonObject> &documents,
                             const QStringList &deleted,
                             CacheNames *names)
{
    // Nothing to compare against in a staging table: straight inserts
    // through statements prepared once per full replace.
    if (!prepareFor(collection))
        return false;
    CacheRow row;
    for (const QJsonObject &doc : documents) {
        if (!CacheRowBuilder::build(collection,
                                    doc,
                                    doc.value(QLatin1String("_seq")).toInteger(),
                                    names,
                                    &row)) {
            m_errorString = QStringLiteral("a document of %1 has no _id").arg(collection);
            return false;
        }
        CacheSchema::bindRow(m_insert.get(), row);
        if (!m_insert->exec())
            return fail(*m_insert);
    }
    for (const QString &id : deleted) {
        m_remove->bindValue(0, id);
        if (!m_remove->exec())
            return fail(*m_remove);
    }
    return true;
}

bool CacheFullReplace::swapIn(const QString &collection, CacheChangeSet *changes, bool *swapped)
{
    const QString docs = CacheSchema::docsTable(collection);
    const QString stage = CacheSchema::stageTable(collection);
    reset(); // no statement may hold either table while it is dropped or renamed
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.setForwardOnly(true);
    const auto collect = [&](const QString &sql, QStringList *ids) {
        if (!query.exec(sql))
            return fail(query);
        while (query.next())
            ids->append(query.value(0).toString());
        return true;
    };
    if (!collect(QStringLiteral("SELECT id FROM %1 WHERE id NOT IN (SELECT id FROM %2)")
                     .arg(docs, stage),
                 &changes->removed)
        || !collect(QStringLiteral("SELECT id FROM %2 WHERE id NOT IN (SELECT id FROM %1)")
                        .arg(docs, stage),
                    &changes->inserted)
        || !collect(QStringLiteral("SELECT s.id FROM %2 s JOIN %1 d ON d.id = s.id "
                                   "WHERE d.version != s.version OR d.body != s.body")
                        .arg(docs, stage),
                    &changes->updated))
        return false;
    if (!query.exec(QStringLiteral("SELECT COUNT(*) FROM %1").arg(stage)) || !query.next())
        return fail(query);
    const qint64 staged = query.value(0).toLongLong();
    query.finish();
    *swapped = false;
    // Most rows change (the first full sync): swapping the tables is far
    // cheaper than copying every row. A few rows change (a resync): apply
    // just those.
    if (qint64(changes->size()) * 4 > staged && !swapTables(collection, swapped))
        return false;
    return *swapped || copyDiff(collection);
}

bool CacheFullReplace::swapTables(const QString &collection, bool *swapped)
{
    const QString docs = CacheSchema::docsTable(collection);
    const QString stage = CacheSchema::stageTable(collection);
    // The sort indexes readers built on the old table are built again on
    // the new one; the search index is emptied and rebuilt in steps
    // (CacheSearchIndexer). A statement of this connection still reading
    // the old table makes the DROP fail: then copy after all.
    QStringList indexes;
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT sql FROM sqlite_master WHERE type = 'index' AND "
                                   "tbl_name = '%1' AND sql IS NOT NULL")
                        .arg(docs)))
        return fail(query);
    while (query.next())
        indexes.append(query.value(0).toString());
    query.finish();
    if (!exec(QStringLiteral("SAVEPOINT swap")))
        return false;
    QSqlQuery drop(QSqlDatabase::database(m_connectionName, false));
    bool ok = drop.exec(QStringLiteral("DROP TABLE %1").arg(docs))
              && exec(QStringLiteral("ALTER TABLE %1 RENAME TO %2").arg(stage, docs));
    for (const QString &sql : std::as_const(indexes))
        ok = ok && exec(sql);
    for (const QString &sql : CacheSchema::completionSql(collection))
        ok = ok && exec(sql);
    ok = ok
         && exec(QStringLiteral("INSERT INTO %1 (%1) VALUES ('delete-all')")
                     .arg(CacheSchema::ftsTable(collection)))
         && exec(QStringLiteral("DELETE FROM %1").arg(CacheSchema::queueTable(collection)))
         && exec(QStringLiteral("UPDATE fts_state SET upto = 0 WHERE collection = '%1'")
                     .arg(collection));
    if (!ok && !exec(QStringLiteral("ROLLBACK TO swap")))
        return false;
    if (!exec(QStringLiteral("RELEASE swap")))
        return false;
    *swapped = ok;
    return true;
}

bool CacheFullReplace::copyDiff(const QString &collection)
{
    const QString docs = CacheSchema::docsTable(collection);
    const QString stage = CacheSchema::stageTable(collection);
    const QString columns = CacheSchema::rowColumns(collection);
    QStringList sets;
    QStringList staged;
    for (const QString &c : columns.split(QLatin1String(", "))) {
        staged.append(QLatin1String("s.") + c);
        if (c != QLatin1String("id"))
            sets.append(QStringLiteral("%1 = excluded.%1").arg(c));
    }
    // The rows going, and the rows whose text changes, are queued for the
    // search index with the text it holds; then the rows are written (an
    // upsert keeps each row's rid); then the new rows (above the old
    // highest rid) are queued.
    const QString queue = CacheSchema::queueTable(collection);
    const QString upto = CacheSchema::indexedUptoSql(collection);
    QSqlQuery top(QSqlDatabase::database(m_connectionName, false));
    if (!top.exec(QStringLiteral("SELECT IFNULL(MAX(rid), 0) FROM %1").arg(docs)) || !top.next())
        return fail(top);
    const qint64 highest = top.value(0).toLongLong();
    top.finish();
    return exec(QStringLiteral("INSERT OR IGNORE INTO %1 (rid, old) SELECT rid, ftext FROM %2 "
                               "WHERE id NOT IN (SELECT id FROM %3) AND rid <= %4")
                    .arg(queue, docs, stage, upto))
           && exec(QStringLiteral("INSERT OR IGNORE INTO %1 (rid, old) SELECT d.rid, d.ftext FROM "
                                  "%2 d JOIN %3 s ON s.id = d.id WHERE d.ftext IS NOT s.ftext AND "
                                  "d.rid <= %4")
                       .arg(queue, docs, stage, upto))
           && exec(
               QStringLiteral("DELETE FROM %1 WHERE id NOT IN (SELECT id FROM %2)").arg(docs, stage))
           && exec(QStringLiteral("INSERT INTO %1 (%2) SELECT %3 FROM %4 s WHERE NOT EXISTS "
                                  "(SELECT 1 FROM %1 d WHERE d.id = s.id AND d.version = s.version "
                                  "AND d.body = s.body) ON CONFLICT(id) DO UPDATE SET %5")
                       .arg(docs, columns, staged.join(QLatin1String(", ")), stage)
                       .arg(sets.join(QLatin1String(", "))))
           && exec(QStringLiteral("INSERT OR IGNORE INTO %1 (rid, old) SELECT rid, NULL FROM %2 "
                                  "WHERE rid > %3 AND rid <= %4")
                       .arg(queue, docs)
                       .arg(highest)
                       .arg(upto))
           && dropOrEmpty(stage);
}

void CacheFullReplace::abort(const QString &collection)
{
    reset();
    dropOrEmpty(CacheSchema::stageTable(collection));
}
