#pragma once

// One collection of the cache as a table, read asynchronously: rows come in
// keyset pages (sort key, id) from the reader thread, only keys of fetched
// rows are held plus a bounded cache of their cells, and committed changes
// touch just their rows. Every read carries the model's generation: a new
// sort or filter drops (and cancels) what was asked before, and the view
// keeps the rows it has until the new ones arrive. The change sets arriving
// in one event-loop turn are merged and applied as the fewest rowsRemoved /
// rowsInserted / dataChanged ranges (a row whose sort key changed moves,
// so its selection follows it). The model is reset only when its query
// changes or the cache says the collection was replaced wholesale.

#include "cachequery.h"
#include "cachereader.h"
#include "collectioncolumns.h"

#include <QAbstractTableModel>
#include <QCache>
#include <QHash>
#include <QList>
#include <QSet>
#include <QTimer>

#include <optional>

class NameLookup;
struct CacheChangeSet;

class CollectionModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Role { IdRole = Qt::UserRole + 1, VersionRole, RawValueRole };

    CollectionModel(CacheReader *reader,
                    NameLookup *lookup,
                    const QString &collection,
                    QObject *parent = nullptr);
    ~CollectionModel() override;

    QString collection() const { return m_collection; }
    const QList<ColumnDef> &columns() const { return m_columns; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    // The filter asked for; its rows replace the shown ones when they arrive.
    void setFilterText(const QString &text);
    QString filterText() const { return m_query.filterText(); }
    // Structured filters ANDed with the text (CacheQuery::Predicates).
    void setPredicates(const CacheQuery::Predicates &predicates);
    CacheQuery::Predicates predicates() const { return m_query.predicates(); }
    // The parameters the rows are read with, for a read of one's own.
    const CacheQuery &query() const { return m_query; }
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_query.sortOrder(); }

    void setPageSize(int rows) { m_pageSize = qMax(1, rows); }
    // Changed rows are read and compared at most this many at a time
    // (default 1000), each slice in its own turn of the GUI thread.
    void setMaxChangedIdsPerRead(int ids) { m_maxChangedIdsPerRead = qMax(1, ids); }
    QString idAt(int row) const;
    int rowOfId(const QString &id) const; // -1 when not fetched
    // Rows passing the filter in the whole cache (not only fetched ones);
    // recounted shortly after changes.
    qint64 totalCount() const { return m_totalCount; }
    // Rows in the whole collection, filters aside (the M of "N of M").
    qint64 collectionCount() const { return m_collectionCount; }
    QString errorString() const { return m_errorString; }
    // Nothing is being read or waiting to be: the rows shown are the
    // cache's as of the last answer.
    bool isSettled() const;
    // A cell's text as the table shows it (names behind references), for
    // rows read elsewhere (an export) to read the same.
    QString displayText(const CacheQuery::Row &row, int column) const;

signals:
    void totalCountChanged(qint64 count);
    // A fetched row's sort key now places it past the fetched rows: it is
    // removed next (paging brings it back), though it still exists.
    void movedPastFetched(const QString &id);
    void collectionCountChanged(qint64 count);
    void settled();

private:
    struct Page
    {
        std::optional<QList<CacheQuery::Row>> rows;
        QString error;
    };

    void reload(const QString &indexField = {});
    void requestPage(bool reset, const QString &indexField = {});
    void onPage(quint64 generation, bool reset, const Page &page);
    // filtered: count the rows passing the filter too, not only the collection.
    void requestCount(bool filtered);
    void onDocumentsChanged(const QString &collection, const CacheChangeSet &changes);
    void onCollectionReset(const QString &collection);
    void onNamesChanged(const QString &collection);
    void scheduleFlush();
    void flushChanges();
    void applyChangedRows(const QStringList &ids, const QList<CacheQuery::Row> &rows);
    void requestCells(int row) const;
    void onCells(const QList<CacheQuery::Row> &rows);
    void checkSettled();
    void setTotalCount(qint64 count);
    void setCollectionCount(qint64 count);

    bool isCovered(const CacheQuery::Key &key) const;
    int lowerBound(const CacheQuery::Key &key) const;
    int loadedRow(const QString &id) const;
    void removeRuns(QList<int> rows);
    void insertSorted(QList<CacheQuery::Row> rows);
    void moveRow(int from, const CacheQuery::Row &data);
    void emitChangedRuns(const QSet<QString> &ids);
    const CacheQuery::Row *rowData(int row) const;

    CacheReader *m_reader;
    NameLookup *m_lookup;
    QString m_collection;
    QList<ColumnDef> m_columns;
    CacheQuery m_query; // parameters only; copies run on the reader thread
    int m_sortColumn = 0;
    int m_pageSize = 256;
    QString m_errorString;

    // Reads in flight belong to one generation; a new query cancels them.
    quint64 m_generation = 0;
    CacheReader::Cancel m_cancel;
    bool m_resetPending = false;
    bool m_fetching = false;
    bool m_readingChanges = false;
    bool m_flushScheduled = false;
    bool m_counting = false;
    bool m_countStale = false;
    mutable int m_cellReads = 0;
    bool m_wasSettled = false;

    // Every row with a key up to m_coverEnd is fetched (all when m_atEnd).
    QList<CacheQuery::Key> m_keys;      // fetched rows in view order
    QHash<QString, QVariant> m_keyOfId; // id -> sort key of fetched rows
    std::optional<CacheQuery::Key> m_coverEnd;
    bool m_atEnd = false;
    mutable QCache<QString, CacheQuery::Row> m_rowCache; // id -> cells, bounded
    mutable QSet<QString> m_cellsAsked;                  // refills asked for
    QSet<QString> m_pendingIds;                          // changed, not yet read
    int m_maxChangedIdsPerRead = 1000;                   // ids per read of changed rows
    qint64 m_totalCount = 0;
    qint64 m_collectionCount = 0;
    QTimer m_recountTimer;
};
