#pragma once

// The cache's SQL schema (version 2), in one place:
//
//   docs_<c>(rid INTEGER PRIMARY KEY, id TEXT UNIQUE, seq, version,
//            updated_at, body, ftext, k_<field>..., r_<field>...)
//   fts_<c>  FTS5 trigram index over docs_<c>.ftext (external content,
//            rowid = rid)
//   ftsq_<c>(rid, old): rows written since they were indexed, with the text
//            the index holds for them (NULL: none). Indexing a row costs a
//            hundred microseconds and more (a trigram per character), so a
//            write only queues it and the writer indexes the queue in steps
//            between batches.
//   fts_state(collection, upto): rows with rid above upto are not in fts_<c>
//            at all (after a wholesale replace, indexed in steps too)
//
// Readers search the index for rows it is current for and scan the rest
// (queued, or above upto) with LIKE, so a filter's answer is always exact.
//   meta, sync_cursor
//
// k_<field> is the sort key of each shown field (CollectionFields), r_<field>
// the raw id behind each reference field (indexed, so a renamed client finds
// its events). Table and column names come from Protocol::collectionNames()
// and CollectionFields, never from user text. Used by the writer
// (CacheStore, CacheFullReplace) and, for names only, by CacheQuery.

#include <QString>
#include <QStringList>

class QSqlQuery;
struct CacheRow;

class CacheSchema
{
public:
    static constexpr int version = 2;
    // rowids at or below this are indexed: "all of them".
    static constexpr qint64 allIndexed = 9223372036854775807LL;

    static QString docsTable(const QString &collection);
    static QString stageTable(const QString &collection);
    static QString ftsTable(const QString &collection);
    static QString queueTable(const QString &collection);
    static QString keyColumn(const QString &field) { return QLatin1String("k_") + field; }
    static QString refColumn(const QString &field) { return QLatin1String("r_") + field; }
    static bool hasKeyColumn(const QString &collection, const QString &field);

    // Column definitions of docs_<c> (and of its staging twin).
    static QString tableDefinition(const QString &table, const QString &collection);
    // The written columns in CacheRow order: id, seq, version, updated_at,
    // body, ftext, k_..., r_...
    static QString rowColumns(const QString &collection);
    // INSERT of one CacheRow; `upsert`: keep the rid of an existing id (the
    // search index is keyed by it) instead of replacing the row.
    static QString insertSql(const QString &table, const QString &collection, bool upsert);
    // Binds a CacheRow to a query prepared from insertSql(); the row must
    // outlive exec() (the body is bound without a copy).
    static void bindRow(QSqlQuery *query, const CacheRow &row);

    // Every statement that makes docs_<c> complete around its table: the
    // search table and its queue, the reference indexes and the default sort
    // index. Run again after a staging table was renamed into place.
    static QStringList completionSql(const QString &collection);
    // Queues (rid, text the index holds) for indexing; see ftsq_<c>.
    static QString queueSql(const QString &collection);
    // A subquery: rows with rid above it are not in the index (not queued).
    static QString indexedUptoSql(const QString &collection);
    static QString createFtsStateSql();
};
