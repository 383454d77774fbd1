#pragma once

// Read-only SQL over one docs_<collection> table of the cache (schema in
// SYNC_API.md): keyset-paged, sorted and filtered rows for the item models.
// It never writes documents; the only DDL it runs is the expression index
// that makes a sort column's keyset paging an index range scan.

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <optional>

class QSqlQuery;

class CacheQuery
{
public:
    // Where a row sits in the sort order: the sort column's value (never
    // NULL: missing fields read as '') and the id as a tie-breaker.
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

    CacheQuery(const QString &connectionName, const QString &collection);

    QString collection() const { return m_collection; }

    // JSON fields (top-level names such as "title") read for each row.
    void setFields(const QStringList &fields);
    QStringList fields() const { return m_fields; }

    // Empty field: order by id alone.
    void setSort(const QString &field, Qt::SortOrder order);
    QString sortField() const { return m_sortField; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }

    // A field holding the id of a document in another collection (clientId
    // -> clients): the filter also matches that document's name field.
    struct Reference
    {
        QString field;
        QString collection;
        QString nameField;
    };

    // Case-insensitive (ASCII) substring match over the given fields, the
    // names behind the references, and the id.
    void setFilter(const QString &text,
                   const QStringList &fields,
                   const QList<Reference> &references = {});
    QString filterText() const { return m_filterText; }

    // CREATE INDEX IF NOT EXISTS idx_docs_<c>_<field> on the sort expression.
    bool ensureSortIndex(const QString &field);

    // Up to limit rows after `after` in the current order (from the start
    // when nullopt). nullopt on SQL failure, see errorString().
    std::optional<QList<Row>> page(const std::optional<Key> &after, int limit) const;
    // The rows among ids that pass the filter, in no particular order.
    std::optional<QList<Row>> rowsByIds(const QStringList &ids) const;
    // Rows passing the filter; -1 on failure.
    qint64 count() const;

    // SQLite's order of two keys under the current sort (ascending or not),
    // so callers can binary-search rows they hold: <0, 0, >0.
    int compare(const Key &a, const Key &b) const;

    QString errorString() const { return m_errorString; }

    static QString tableName(const QString &collection);
    // Field names end up inside SQL text (json paths, index names), so only
    // plain identifiers are accepted.
    static bool isSafeField(const QString &field);

private:
    QString sortExpression() const;
    QString selectList() const;
    QString filterClause() const; // call before bindFilter()
    bool bodyPrefilterUsable() const;
    QList<Reference> matchingReferences() const;
    void bindFilter(QSqlQuery &query) const;
    Row readRow(const QSqlQuery &query) const;
    bool exec(QSqlQuery &query) const;

    QString m_connectionName;
    QString m_collection;
    QString m_table;
    QStringList m_fields;
    QString m_sortField;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    QString m_filterText;
    QStringList m_filterFields;
    QList<Reference> m_filterReferences;
    mutable QString m_errorString;
    mutable QList<Reference> m_activeReferences; // set by filterClause()
};
