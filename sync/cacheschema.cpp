#include "cacheschema.h"

#include "cacherow.h"
#include "collectionfields.h"

#include <QSqlQuery>
#include <QVariant>

QString CacheSchema::docsTable(const QString &collection)
{
    return QLatin1String("docs_") + collection;
}

QString CacheSchema::stageTable(const QString &collection)
{
    return QLatin1String("stage_") + collection;
}

QString CacheSchema::ftsTable(const QString &collection)
{
    return QLatin1String("fts_") + collection;
}

bool CacheSchema::hasKeyColumn(const QString &collection, const QString &field)
{
    for (const FieldDef &f : CollectionFields::forCollection(collection)) {
        if (f.name == field)
            return true;
    }
    return false;
}

QString CacheSchema::tableDefinition(const QString &table, const QString &collection)
{
    QString sql = QStringLiteral("CREATE TABLE IF NOT EXISTS %1 (rid INTEGER PRIMARY KEY, "
                                 "id TEXT NOT NULL UNIQUE, seq INTEGER NOT NULL DEFAULT 0, "
                                 "version INTEGER NOT NULL DEFAULT 0, updated_at TEXT, "
                                 "body TEXT NOT NULL, ftext TEXT NOT NULL DEFAULT ''")
                      .arg(table);
    const QList<FieldDef> &fields = CollectionFields::forCollection(collection);
    for (const FieldDef &f : fields)
        sql += QStringLiteral(", %1 NOT NULL DEFAULT ''").arg(keyColumn(f.name));
    for (const FieldDef &f : fields) {
        if (f.kind == FieldDef::Kind::Reference)
            sql += QStringLiteral(", %1 TEXT").arg(refColumn(f.name));
    }
    return sql + QLatin1Char(')');
}

QString CacheSchema::rowColumns(const QString &collection)
{
    QStringList columns{QStringLiteral("id"),
                        QStringLiteral("seq"),
                        QStringLiteral("version"),
                        QStringLiteral("updated_at"),
                        QStringLiteral("body"),
                        QStringLiteral("ftext")};
    const QList<FieldDef> &fields = CollectionFields::forCollection(collection);
    for (const FieldDef &f : fields)
        columns.append(keyColumn(f.name));
    for (const FieldDef &f : fields) {
        if (f.kind == FieldDef::Kind::Reference)
            columns.append(refColumn(f.name));
    }
    return columns.join(QLatin1String(", "));
}

QString CacheSchema::insertSql(const QString &table, const QString &collection, bool upsert)
{
    const QStringList columns = rowColumns(collection).split(QLatin1String(", "));
    QStringList marks;
    for (const QString &c : columns) {
        // The body is bound as the UTF-8 bytes toJson() made and CAST to
        // TEXT: binding a QString would convert it to UTF-16 and SQLite back.
        marks.append(c == QLatin1String("body") ? QStringLiteral("CAST(? AS TEXT)")
                                                : QStringLiteral("?"));
    }
    QString sql = QStringLiteral("INSERT %1INTO %2 (%3) VALUES (%4)")
                      .arg(upsert ? QString() : QStringLiteral("OR REPLACE "),
                           table,
                           columns.join(QLatin1String(", ")),
                           marks.join(QLatin1String(", ")));
    if (upsert) {
        QStringList sets;
        for (const QString &c : columns.mid(1))
            sets.append(QStringLiteral("%1 = excluded.%1").arg(c));
        sql += QStringLiteral(" ON CONFLICT(id) DO UPDATE SET ") + sets.join(QLatin1String(", "));
    }
    return sql;
}

void CacheSchema::bindRow(QSqlQuery *query, const CacheRow &row)
{
    int i = 0;
    query->bindValue(i++, row.id);
    query->bindValue(i++, row.seq);
    query->bindValue(i++, row.version);
    query->bindValue(i++, row.updatedAt);
    query->bindValue(i++, row.body);
    query->bindValue(i++, row.ftext);
    for (const QVariant &key : row.keys)
        query->bindValue(i++, key);
    for (const QString &ref : row.refs)
        query->bindValue(i++, ref);
}

QString CacheSchema::createFtsStateSql()
{
    return QStringLiteral("CREATE TABLE IF NOT EXISTS fts_state (collection TEXT PRIMARY KEY NOT "
                          "NULL, upto INTEGER NOT NULL)");
}

QString CacheSchema::queueTable(const QString &collection)
{
    return QLatin1String("ftsq_") + collection;
}

QString CacheSchema::queueSql(const QString &collection)
{
    // The first text queued for a row wins: it is what the index holds.
    return QStringLiteral("INSERT OR IGNORE INTO %1 (rid, old) VALUES (?, ?)")
        .arg(queueTable(collection));
}

QString CacheSchema::indexedUptoSql(const QString &collection)
{
    return QStringLiteral("(SELECT upto FROM fts_state WHERE collection = '%1')").arg(collection);
}

QStringList CacheSchema::completionSql(const QString &collection)
{
    const QString docs = docsTable(collection);
    const QString fts = ftsTable(collection);
    const QString queue = queueTable(collection);
    QStringList sql{
        QStringLiteral("CREATE VIRTUAL TABLE IF NOT EXISTS %1 USING fts5(ftext, content='%2', "
                       "content_rowid='rid', tokenize='trigram')")
            .arg(fts, docs),
        QStringLiteral("CREATE TABLE IF NOT EXISTS %1 (rid INTEGER PRIMARY KEY, old TEXT)")
            .arg(queue),
        QStringLiteral("INSERT OR IGNORE INTO fts_state (collection, upto) VALUES ('%1', %2)")
            .arg(collection)
            .arg(allIndexed),
    };
    const QString sortField = CollectionFields::defaultSortField(collection);
    if (!sortField.isEmpty())
        sql.append(QStringLiteral("CREATE INDEX IF NOT EXISTS idx_%1_%2 ON %1 (%2, id)")
                       .arg(docs, keyColumn(sortField)));
    for (const FieldDef &f : CollectionFields::forCollection(collection)) {
        if (f.kind == FieldDef::Kind::Reference)
            sql.append(QStringLiteral("CREATE INDEX IF NOT EXISTS idx_%1_%2 ON %1 (%2)")
                           .arg(docs, refColumn(f.name)));
    }
    return sql;
}
