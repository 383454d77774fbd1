#pragma once

// Read-only SQL over one docs_<collection> table of the cache (schema in
// cacheschema.h): keyset-paged, sorted and filtered rows for the item
// models. Sorting uses the k_<field> keys the writer keeps (names for
// references, natural order for text); the filter searches the writer's
// ftext through the FTS5 trigram index. A value type: the models keep one
// as their query and run copies of it on the reader thread (CacheReader),
// where the connection lives. The only DDL it runs builds a sort index.

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <optional>

class QSqlQuery;

class CacheQuery
{
public:
    // Where a row sits in the sort order: the sort column's key (never
    // NULL) and the id as a tie-breaker.
    struct Key
    {
        QVariant value;
        QString id;
    };

    struct Row
    {
        Key key;
        qint64 version = 0;
        QVariantList values; // one per field of setFields(), in that order
    };

    explicit CacheQuery(const QString &connectionName = {}, const QString &collection = {});

    QString collection() const { return m_collection; }
    void setConnectionName(const QString &name) { m_connectionName = name; }

    // JSON fields (top-level names such as "title") read for each row.
    void setFields(const QStringList &fields);
    QStringList fields() const { return m_fields; }

    // A field shown by the desktop (CollectionFields), sorted by its key;
    // any other (or empty) field: by id alone.
    void setSort(const QString &field, Qt::SortOrder order);
    QString sortField() const { return m_sortField; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }

    // Case-insensitive substring match over what the collection's table
    // shows (names behind references included) and the id.
    void setFilter(const QString &text);
    QString filterText() const { return m_filterText; }

    // Structured conditions ANDed with the text filter (the events tab's
    // quick filters). Each part is off while its field is empty; fields
    // that are not plain identifiers, or (range, equal) not shown fields,
    // switch that part off.
    struct Predicates
    {
        // A Timestamp field's key in [from, until), UTC; an invalid bound is
        // open. Rows without the field never pass.
        QString rangeField;
        QDateTime from;
        QDateTime until;
        // A Text field equal to a value as shown (case does not count).
        QString equalField;
        QString equalValue;
        // An array of objects that holds one whose member equals a value
        // (the event's staffing holding a userId).
        QString arrayField;
        QString arrayMember;
        QString arrayValue;

        bool isEmpty() const
        {
            return rangeField.isEmpty() && equalField.isEmpty() && arrayField.isEmpty();
        }
        friend bool operator==(const Predicates &a, const Predicates &b)
        {
            return a.rangeField == b.rangeField && a.from == b.from && a.until == b.until
                   && a.equalField == b.equalField && a.equalValue == b.equalValue
                   && a.arrayField == b.arrayField && a.arrayMember == b.arrayMember
                   && a.arrayValue == b.arrayValue;
        }
        friend bool operator!=(const Predicates &a, const Predicates &b) { return !(a == b); }
    };
    void setPredicates(const Predicates &predicates);
    Predicates predicates() const { return m_predicates; }
    // Text filter or predicates: not every row passes.
    bool isFiltered() const { return !m_filterText.isEmpty() || !m_predicates.isEmpty(); }

    // CREATE INDEX IF NOT EXISTS on the field's sort key (a shown field).
    bool ensureSortIndex(const QString &field);

    // Up to limit rows after `after` in the current order (from the start
    // when nullopt). nullopt on SQL failure, see errorString().
    std::optional<QList<Row>> page(const std::optional<Key> &after, int limit) const;
    // The rows among ids that pass the filter, in no particular order.
    std::optional<QList<Row>> rowsByIds(const QStringList &ids) const;
    // Rows passing the filter; -1 on failure.
    qint64 count() const;
    // Every row of the collection, filters aside; -1 on failure.
    qint64 collectionCount() const;
    // One whole document, nullopt when it is not cached.
    std::optional<QJsonObject> document(const QString &id) const;

    // SQLite's order of two keys under the current sort (ascending or not),
    // so callers can binary-search rows they hold: <0, 0, >0.
    int compare(const Key &a, const Key &b) const;

    QString errorString() const { return m_errorString; }

    // How many rows in sort order a page with a text filter first looks
    // through before it asks the search index (0: ask it at once). A word
    // that many rows hold fills a screen from the first few thousand; the
    // index would answer all of them, to be sorted, before the first row.
    void setNearScanRows(int rows) { m_nearScanRows = qMax(0, rows); }
    int nearScanRows() const { return m_nearScanRows; }

    // The statement run last and its bound values, so a test can ask
    // SQLite for the plan of exactly what this class runs.
    struct Statement
    {
        QString sql;
        QVariantList values;
    };
    Statement lastStatement() const { return m_lastStatement; }

    static QString tableName(const QString &collection);
    // Field names end up inside SQL text (json paths, index names), so only
    // plain identifiers are accepted.
    static bool isSafeField(const QString &field);

private:
    QString sortExpression() const;
    QString selectList() const;
    QString filterClause() const;
    QString textClause() const;
    QString predicateClause() const;
    void bindFilter(QSqlQuery &query) const;
    void bindPredicates(QSqlQuery &query) const;
    Row readRow(const QSqlQuery &query) const;
    std::optional<QList<Row>> nearPage(const std::optional<Key> &after, int limit) const;
    std::optional<QList<Row>> readRows(QSqlQuery &query, int limit) const;
    bool sortHasIndex() const;
    std::optional<bool> hasSortIndex(const QString &field) const;
    QString afterClause() const;
    static void bindAfter(QSqlQuery &query, const Key &after);
    bool prepare(QSqlQuery &query, const QString &sql) const;
    bool exec(QSqlQuery &query) const;

    QString m_connectionName;
    QString m_collection;
    QString m_table;
    QStringList m_fields;
    QString m_sortField;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    QString m_filterText;
    Predicates m_predicates;
    int m_nearScanRows = 4096;
    mutable QString m_errorString;
    mutable Statement m_lastStatement;
};
