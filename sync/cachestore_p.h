#pragma once

// Helpers shared by CacheStore and CacheFullReplace: table names, the stored
// form of a document and the one INSERT both write rows with.

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSqlQuery>
#include <QString>

Q_DECLARE_LOGGING_CATEGORY(lcCache)

namespace CacheSql {

// Table names are built only from Protocol::collectionNames(), never from
// user text, so they can be spliced into SQL.
inline QString docsTable(const QString &collection)
{
    return QStringLiteral("docs_") + collection;
}
inline QString stageTable(const QString &collection)
{
    return QStringLiteral("stage_") + collection;
}
inline QByteArray compact(const QJsonObject &doc)
{
    return QJsonDocument(doc).toJson(QJsonDocument::Compact);
}
inline qint64 versionOf(const QJsonObject &doc)
{
    return doc.value(QLatin1String("version")).toInteger();
}

// The body is bound as the UTF-8 bytes toJson() made and CAST to TEXT in
// SQL: binding a QString would convert it to UTF-16 and SQLite back to UTF-8,
// the largest cost of a full sync after the JSON itself. The column keeps
// TEXT values (json_extract, body comparisons in the full-replace diff).
inline QString insertSql(const QString &table)
{
    return QStringLiteral("INSERT OR REPLACE INTO %1 (id, seq, version, updated_at, body) "
                          "VALUES (?, ?, ?, ?, CAST(? AS TEXT))")
        .arg(table);
}
// Binds one row to a query prepared from insertSql(); `body` must outlive
// exec() (the driver binds it without a copy).
inline void bindDocument(
    QSqlQuery *query, const QString &id, qint64 seq, const QJsonObject &doc, const QByteArray &body)
{
    query->bindValue(0, id);
    query->bindValue(1, seq);
    query->bindValue(2, versionOf(doc));
    query->bindValue(3, doc.value(QLatin1String("updatedAt")).toString());
    query->bindValue(4, body);
}

} // namespace CacheSql
