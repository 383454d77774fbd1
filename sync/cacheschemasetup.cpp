#include "cacheschemasetup.h"

#include "cacherow.h"
#include "cacherowbuilder.h"
#include "cacheschema.h"
#include "cachestore_p.h"
#include "cachetransaction.h"
#include "collectionfields.h"
#include "protocol.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

CacheSchemaSetup::CacheSchemaSetup(const QString &connectionName, CacheNames *names)
    : m_connectionName(connectionName)
    , m_names(names)
{}

bool CacheSchemaSetup::fail(const QString &error, const QString &sql)
{
    m_errorString = error;
    qCWarning(lcCache) << "SQL failed:" << error << sql;
    return false;
}

bool CacheSchemaSetup::exec(const QString &sql)
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    return query.exec(sql) || fail(query.lastError().text(), sql);
}

bool CacheSchemaSetup::run()
{
    // WAL: readers (the UI's reader thread) never block the writer and see
    // the old rows until a batch commits. A reader building a sort index
    // holds the write lock for a while: wait for it rather than fail.
    // Stream changes land anywhere in a file of a gigabyte and more: with
    // SQLite's default 2 MiB page cache nearly every statement re-reads the
    // inner pages of the table and its key indexes from the kernel; 32 MiB
    // keeps them (the writer's connection only).
    if (!exec(QStringLiteral("PRAGMA journal_mode=WAL"))
        || !exec(QStringLiteral("PRAGMA synchronous=NORMAL"))
        || !exec(QStringLiteral("PRAGMA busy_timeout=30000"))
        || !exec(QStringLiteral("PRAGMA cache_size=-32768")))
        return false;
    CacheTransaction tx(m_connectionName);
    if (!tx.isActive())
        return fail(tx.errorString(), QStringLiteral("BEGIN"));
    if (!exec(QStringLiteral(
            "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY NOT NULL, value TEXT)"))
        || !exec(
            QStringLiteral("CREATE TABLE IF NOT EXISTS sync_cursor ("
                           "collection TEXT PRIMARY KEY NOT NULL, seq INTEGER NOT NULL DEFAULT 0)"))
        || !exec(CacheSchema::createFtsStateSql()))
        return false;
    // Referenced collections first: a migrated event finds its client's name.
    for (const QString &c : CollectionFields::syncOrder(Protocol::collectionNames())) {
        const QString docs = CacheSchema::docsTable(c);
        bool version1 = false;
        if (!isVersion1(docs, &version1))
            return false;
        // A staging table left by a crash mid full sync is worthless.
        if (!exec(QStringLiteral("DROP TABLE IF EXISTS %1").arg(CacheSchema::stageTable(c))))
            return false;
        if (version1 && !migrateFromVersion1(c))
            return false;
        if (!exec(CacheSchema::tableDefinition(docs, c)))
            return false;
        for (const QString &sql : CacheSchema::completionSql(c)) {
            if (!exec(sql))
                return false;
        }
    }
    if (!exec(QStringLiteral(
                  "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', '%1')")
                  .arg(CacheSchema::version)))
        return false;
    return tx.commit() || fail(tx.errorString(), QStringLiteral("COMMIT"));
}

bool CacheSchemaSetup::isVersion1(const QString &docsTable, bool *version1)
{
    // Version 1 had the table without a rid.
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    const QString sql = QStringLiteral("SELECT EXISTS(SELECT 1 FROM sqlite_master WHERE type = "
                                       "'table' AND name = '%1'), (SELECT COUNT(*) FROM "
                                       "pragma_table_info('%1') WHERE name = 'rid')")
                            .arg(docsTable);
    if (!query.exec(sql) || !query.next())
        return fail(query.lastError().text(), sql);
    *version1 = query.value(0).toBool() && query.value(1).toInt() == 0;
    return true;
}

bool CacheSchemaSetup::migrateFromVersion1(const QString &collection)
{
    // Version 1 kept only the body: the rows are copied into the new table
    // with their keys and search text; the search index follows in steps.
    const QString docs = CacheSchema::docsTable(collection);
    const QString old = QLatin1String("v1_") + docs;
    qCInfo(lcCache) << "migrating" << docs << "to schema version" << CacheSchema::version;
    if (!exec(QStringLiteral("DROP TABLE IF EXISTS %1").arg(old))
        || !exec(QStringLiteral("ALTER TABLE %1 RENAME TO %2").arg(docs, old))
        || !exec(CacheSchema::tableDefinition(docs, collection)))
        return false;
    QSqlQuery insert(QSqlDatabase::database(m_connectionName, false));
    if (!insert.prepare(CacheSchema::insertSql(docs, collection, false)))
        return fail(insert.lastError().text(), insert.lastQuery());
    QSqlQuery rows(QSqlDatabase::database(m_connectionName, false));
    rows.setForwardOnly(true);
    if (!rows.exec(QStringLiteral("SELECT seq, body FROM %1").arg(old)))
        return fail(rows.lastError().text(), rows.lastQuery());
    CacheRow row;
    while (rows.next()) {
        const QJsonObject doc = QJsonDocument::fromJson(rows.value(1).toByteArray()).object();
        if (!CacheRowBuilder::build(collection, doc, rows.value(0).toLongLong(), m_names, &row))
            continue;
        CacheSchema::bindRow(&insert, row);
        if (!insert.exec())
            return fail(insert.lastError().text(), insert.lastQuery());
    }
    rows.finish();
    return exec(QStringLiteral("DROP TABLE %1").arg(old))
           && exec(QStringLiteral("INSERT OR REPLACE INTO fts_state (collection, upto) "
                                  "VALUES ('%1', 0)")
                       .arg(collection));
}
