#pragma once

// One collection of the cache as a table: rows are fetched on demand in
// keyset pages (sort value, id), only keys of fetched rows are held plus a
// bounded cache of their cells, and a committed change touches just its
// rows (dataChanged / rowsInserted / rowsRemoved / rowsMoved). The model is
// reset only when its query changes (sort, filter) or the cache says the
// collection was replaced wholesale.

#include "cachequery.h"
#include "collectioncolumns.h"

#include <QAbstractTableModel>
#include <QCache>
#include <QHash>
#include <QList>
#include <QTimer>

class CacheStore;
class NameLookup;
struct CacheChangeSet;

class CollectionModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Role { IdRole = Qt::UserRole + 1, VersionRole, RawValueRole };

    CollectionModel(CacheStore *cache,
                    NameLookup *lookup,
                    const QString &collection,
                    QObject *parent = nullptr);

    QString collection() const { return m_collection; }
    const QList<ColumnDef> &columns() const { return m_columns; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    void setFilterText(const QString &text);
    QString filterText() const { return m_query.filterText(); }
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_query.sortOrder(); }

    void setPageSize(int rows) { m_pageSize = qMax(1, rows); }
    QString idAt(int row) const;
    int rowOfId(const QString &id) const; // -1 when not fetched
    // Rows passing the filter in the whole cache (not only fetched ones);
    // recounted shortly after changes.
    qint64 totalCount() const { return m_totalCount; }
    QString errorString() const { return m_query.errorString(); }

signals:
    void totalCountChanged(qint64 count);

private:
    void reload();
    void recount();
    void applyChanges(const QString &collection, const CacheChangeSet &changes);
    void onNamesChanged(const QString &collection);
    bool isLoaded(const QString &id) const { return m_keyOfId.contains(id); }
    int lowerBound(const CacheQuery::Key &key) const;
    int loadedRow(const QString &id) const;
    void removeLoadedRow(int row);
    void insertRow(int row, const CacheQuery::Row &data);
    void placeChangedRow(int from, const CacheQuery::Row &data);
    const CacheQuery::Row *rowData(int row) const;
    QString displayText(const CacheQuery::Row &row, int column) const;

    CacheStore *m_cache;
    NameLookup *m_lookup;
    QString m_collection;
    QList<ColumnDef> m_columns;
    CacheQuery m_query;
    int m_sortColumn = 0;
    int m_pageSize = 256;
    bool m_atEnd = false;
    bool m_resetting = false;

    QList<CacheQuery::Key> m_keys;                       // fetched rows in view order
    QHash<QString, QVariant> m_keyOfId;                  // id -> sort value of fetched rows
    mutable QCache<QString, CacheQuery::Row> m_rowCache; // id -> cells, bounded
    qint64 m_totalCount = 0;
    QTimer m_recountTimer;
};
