#include "cachefullreplace.h"

#include "cachestore.h"
#include "cachestore_p.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QVariant>

using namespace CacheSql;

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
    return dropOrEmpty(stageTable(collection))
           && exec(
               QStringLiteral("CREATE TABLE IF NOT EXISTS %1 (id TEXT PRIMARY KEY NOT NULL, "
                              "seq INTEGER NOT NULL DEFAULT 0, version INTEGER NOT NULL DEFAULT 0, "
                              "updated_at TEXT, body TEXT NOT NULL)")
                   .arg(stageTable(collection)));
}

bool CacheFullReplace::dropOrEmpty(const QString &table)
{
    // SQLite refuses DROP TABLE while any statement of the connection is
    // still reading (a view paging through a query): then the table is only
    // emptied, and dropped by a later full sync or the next open.
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
    if (!insert->prepare(insertSql(stageTable(collection))))
        return fail(*insert);
    if (!remove->prepare(QStringLiteral("DELETE FROM %1 WHERE id = ?").arg(stageTable(collection))))
        return fail(*remove);
    m_insert = std::move(insert);
    m_remove = std::move(remove);
    m_preparedFor = collection;
    return true;
}

bool CacheFullReplace::stage(const QString &collection,
                             const QList<QJsonObject> &documents,
                             const QStringList &deleted)
{
    // Nothing to compare against in a staging table: straight inserts
    // through statements prepared once per full replace.
    if (!prepareFor(collection))
        return false;
    QByteArray body;
    for (const QJsonObject &doc : documents) {
        body = compact(doc);
        bindDocument(m_insert.get(),
                     doc.value(QLatin1String("_id")).toString(),
                     doc.value(QLatin1String("_seq")).toInteger(),
                     doc,
                     body);
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

bool CacheFullReplace::swapIn(const QString &collection, CacheChangeSet *changes)
{
    const QString docs = docsTable(collection);
    const QString stage = stageTable(collection);
    reset(); // no statement may hold either table while it is dropped or renamed
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QSqlQuery query(db);
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
    bool swapped = false;
    if (qint64(changes->size()) * 4 > staged) {
        // Most rows change (the first full sync): swapping the tables is far
        // cheaper than copying every row; the UI's indexes on the old table
        // are created again on the new one. A reader still holding the old
        // table makes the DROP fail: then copy after all.
        QStringList indexes;
        if (!collect(QStringLiteral(
                         "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = '%1' "
                         "AND sql IS NOT NULL")
                         .arg(docs),
                     &indexes))
            return false;
        query.finish();
        if (!exec(QStringLiteral("SAVEPOINT swap")))
            return false;
        QSqlQuery drop(db);
        swapped = drop.exec(QStringLiteral("DROP TABLE %1").arg(docs))
                  && exec(QStringLiteral("ALTER TABLE %1 RENAME TO %2").arg(stage, docs));
        for (const QString &sql : std::as_const(indexes))
            swapped = swapped && exec(sql);
        if (!swapped && !exec(QStringLiteral("ROLLBACK TO swap")))
            return false;
        if (!exec(QStringLiteral("RELEASE swap")))
            return false;
    }
    if (!swapped) {
        // A few rows change (a resync): apply just those.
        if (!exec(QStringLiteral("DELETE FROM %1 WHERE id NOT IN (SELECT id FROM %2)")
                      .arg(docs, stage))
            || !exec(
                QStringLiteral("INSERT OR REPLACE INTO %1 (id, seq, version, updated_at, body) "
                               "SELECT s.id, s.seq, s.version, s.updated_at, s.body FROM %2 s "
                               "WHERE NOT EXISTS (SELECT 1 FROM %1 d WHERE d.id = s.id "
                               "AND d.version = s.version AND d.body = s.body)")
                    .arg(docs, stage))
            || !dropOrEmpty(stage))
            return false;
    }
    return true;
}

void CacheFullReplace::abort(const QString &collection)
{
    reset();
    dropOrEmpty(stageTable(collection));
}
