#include "collectionmodel.h"

#include "cachestore.h"
#include "namelookup.h"

#include <QLoggingCategory>

#include <algorithm>

Q_LOGGING_CATEGORY(lcModel, "deltadesk.ui.model")

namespace {
// Cells are re-read around a row that fell out of the cache, this many each
// side, so scrolling back costs one read per screenful.
constexpr int refillRadius = 96;
constexpr int rowCacheSize = 8192;
const QList<int> cellRoles{Qt::DisplayRole,
                           Qt::ToolTipRole,
                           CollectionModel::VersionRole,
                           CollectionModel::RawValueRole};
} // namespace

CollectionModel::CollectionModel(CacheReader *reader,
                                 NameLookup *lookup,
                                 const QString &collection,
                                 QObject *parent)
    : QAbstractTableModel(parent)
    , m_reader(reader)
    , m_lookup(lookup)
    , m_collection(collection)
    , m_columns(CollectionColumns::forCollection(collection))
    , m_query(QString(), collection)
    , m_cancel(CacheReader::newCancel())
    , m_rowCache(rowCacheSize)
{
    QStringList fields;
    for (const ColumnDef &c : std::as_const(m_columns))
        fields.append(c.field);
    m_query.setFields(fields);
    m_sortColumn = CollectionColumns::defaultSortColumn(collection);
    if (m_sortColumn < m_columns.size())
        m_query.setSort(m_columns.at(m_sortColumn).field, Qt::AscendingOrder);

    m_recountTimer.setSingleShot(true);
    m_recountTimer.setInterval(500);
    connect(&m_recountTimer, &QTimer::timeout, this, [this] { requestCount(true); });

    connect(m_reader, &CacheReader::documentsChanged, this, &CollectionModel::onDocumentsChanged);
    connect(m_reader, &CacheReader::collectionReset, this, &CollectionModel::onCollectionReset);
    if (m_lookup)
        connect(m_lookup, &NameLookup::namesChanged, this, &CollectionModel::onNamesChanged);
    reload(m_sortColumn < m_columns.size() ? m_columns.at(m_sortColumn).field : QString());
}

CollectionModel::~CollectionModel()
{
    m_cancel->store(true); // what is still queued on the reader is skipped
}

int CollectionModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_keys.size());
}

int CollectionModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

QVariant CollectionModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const int column = index.column();
    switch (role) {
    case IdRole:
        return m_keys.at(row).id;
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
    case VersionRole:
    case RawValueRole: {
        const CacheQuery::Row *r = rowData(row);
        if (!r)
            return {}; // asked for; dataChanged follows
        if (role == VersionRole)
            return r->version;
        if (role == RawValueRole)
            return r->values.value(column);
        return displayText(*r, column);
    }
    case Qt::TextAlignmentRole:
        if (m_columns.at(column).kind == ColumnDef::Kind::Money)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QString CollectionModel::displayText(const CacheQuery::Row &row, int column) const
{
    const ColumnDef &def = m_columns.at(column);
    const QVariant raw = row.values.value(column);
    if (def.kind == ColumnDef::Kind::Reference && m_lookup) {
        const QString id = raw.toString();
        if (id.isEmpty())
            return {};
        const QString name = m_lookup->name(def.referenceCollection, id);
        return name.isEmpty() ? id : name; // not synced yet: the id beats a blank
    }
    return CollectionColumns::displayText(def, raw);
}

QVariant CollectionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole && section >= 0
        && section < m_columns.size())
        return m_columns.at(section).title;
    if (orientation == Qt::Vertical && role == Qt::DisplayRole && section >= 0
        && section < m_keys.size())
        return section + 1;
    return {};
}

bool CollectionModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_atEnd && !m_resetPending;
}

void CollectionModel::fetchMore(const QModelIndex &parent)
{
    // Asynchronous: the rows are inserted when the page arrives.
    if (parent.isValid() || !canFetchMore(parent) || m_fetching)
        return;
    requestPage(false);
}

void CollectionModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= m_columns.size())
        return;
    if (column == m_sortColumn && order == m_query.sortOrder())
        return;
    m_sortColumn = column;
    const QString field = m_columns.at(column).field;
    m_query.setSort(field, order);
    reload(field);
}

void CollectionModel::setFilterText(const QString &text)
{
    if (text.trimmed() == m_query.filterText())
        return;
    m_query.setFilter(text);
    reload();
}

void CollectionModel::setPredicates(const CacheQuery::Predicates &predicates)
{
    CacheQuery checked = m_query;
    checked.setPredicates(predicates);
    if (checked.predicates() == m_query.predicates())
        return;
    m_query = checked;
    reload();
}

QString CollectionModel::idAt(int row) const
{
    return row >= 0 && row < m_keys.size() ? m_keys.at(row).id : QString();
}

int CollectionModel::rowOfId(const QString &id) const
{
    return loadedRow(id);
}

bool CollectionModel::isSettled() const
{
    return !m_resetPending && !m_fetching && !m_readingChanges && !m_flushScheduled && !m_counting
           && m_cellReads == 0 && m_pendingIds.isEmpty() && !m_recountTimer.isActive();
}

void CollectionModel::checkSettled()
{
    const bool now = isSettled();
    if (now && !m_wasSettled)
        emit settled();
    m_wasSettled = now;
}

void CollectionModel::reload(const QString &indexField)
{
    // Everything asked for the old query is void; its rows stay on screen
    // until the new first page arrives.
    m_cancel->store(true);
    m_cancel = CacheReader::newCancel();
    ++m_generation;
    m_fetching = m_readingChanges = m_counting = false;
    m_cellReads = 0;
    m_recountTimer.stop();
    m_resetPending = true;
    m_wasSettled = false;
    requestPage(true, indexField);
}

void CollectionModel::requestPage(bool reset, const QString &indexField)
{
    CacheQuery query = m_query;
    const std::optional<CacheQuery::Key> after = reset ? std::nullopt : m_coverEnd;
    const int limit = m_pageSize;
    const quint64 generation = m_generation;
    if (!reset)
        m_fetching = true;
    m_wasSettled = false;
    m_reader->read(
        this,
        [query, after, limit, indexField](const QString &connection) mutable {
            query.setConnectionName(connection);
            // A sort column's index is built on first use (the reader's
            // only DDL); the page then reads it as a range scan.
            if (!indexField.isEmpty())
                query.ensureSortIndex(indexField);
            Page page;
            page.rows = query.page(after, limit);
            if (!page.rows)
                page.error = query.errorString();
            return page;
        },
        [this, generation, reset](const Page &page) { onPage(generation, reset, page); },
        m_cancel);
}

void CollectionModel::onPage(quint64 generation, bool reset, const Page &page)
{
    if (generation != m_generation)
        return;
    if (!page.rows) {
        // Leave what is shown as it is; a later change or sort retries.
        m_errorString = page.error;
        qCWarning(lcModel) << "cannot read" << m_collection << page.error;
    }
    const QList<CacheQuery::Row> rows = page.rows.value_or(QList<CacheQuery::Row>());
    const bool atEnd = !page.rows || rows.size() < m_pageSize;
    if (reset) {
        m_resetPending = false;
        beginResetModel();
        m_keys.clear();
        m_keyOfId.clear();
        m_rowCache.clear();
        m_cellsAsked.clear();
        for (const CacheQuery::Row &r : rows) {
            m_keys.append(r.key);
            m_keyOfId.insert(r.key.id, r.key.value);
            m_rowCache.insert(r.key.id, new CacheQuery::Row(r));
        }
        // Set before the reset is announced: a listener may fetch more at once
        // (asynchronously, after these rows).
        m_coverEnd = rows.isEmpty() ? std::nullopt : std::optional(rows.constLast().key);
        m_atEnd = atEnd;
        endResetModel();
        if (m_atEnd && !m_query.isFiltered()) {
            setTotalCount(m_keys.size());
            setCollectionCount(m_keys.size());
        } else if (m_atEnd) {
            setTotalCount(m_keys.size()); // no second scan of a filter
            requestCount(false);
        } else {
            requestCount(true);
        }
    } else {
        m_fetching = false;
        // Rows a change inserted meanwhile sort at or before the cover's
        // end, so a page never repeats one; the check guards against a key
        // changing between the two reads.
        QList<CacheQuery::Row> fresh;
        fresh.reserve(rows.size());
        for (const CacheQuery::Row &r : rows) {
            if (!m_keyOfId.contains(r.key.id))
                fresh.append(r);
        }
        if (!rows.isEmpty())
            m_coverEnd = rows.constLast().key;
        m_atEnd = atEnd;
        if (!fresh.isEmpty()) {
            const int first = int(m_keys.size());
            beginInsertRows({}, first, first + int(fresh.size()) - 1);
            for (const CacheQuery::Row &r : std::as_const(fresh)) {
                m_keys.append(r.key);
                m_keyOfId.insert(r.key.id, r.key.value);
                m_rowCache.insert(r.key.id, new CacheQuery::Row(r));
            }
            endInsertRows();
        }
    }
    if (!m_pendingIds.isEmpty())
        scheduleFlush();
    checkSettled();
}

void CollectionModel::requestCount(bool filtered)
{
    struct Counts
    {
        qint64 filtered = -1;
        qint64 collection = -1;
    };
    CacheQuery query = m_query;
    const quint64 generation = m_generation;
    m_counting = true;
    m_countStale = false;
    m_reader->read(
        this,
        [query, filtered](const QString &connection) mutable {
            query.setConnectionName(connection);
            Counts counts;
            if (filtered)
                counts.filtered = query.count();
            counts.collection = query.isFiltered() ? query.collectionCount() : counts.filtered;
            return counts;
        },
        [this, generation](const Counts &counts) {
            if (generation != m_generation)
                return;
            m_counting = false;
            if (counts.filtered >= 0)
                setTotalCount(counts.filtered);
            if (counts.collection >= 0)
                setCollectionCount(counts.collection);
            if (m_countStale && !m_recountTimer.isActive())
                m_recountTimer.start(); // changes came while it counted
            checkSettled();
        },
        m_cancel);
}

void CollectionModel::setTotalCount(qint64 count)
{
    if (count == m_totalCount)
        return;
    m_totalCount = count;
    emit totalCountChanged(count);
}

void CollectionModel::setCollectionCount(qint64 count)
{
    if (count == m_collectionCount)
        return;
    m_collectionCount = count;
    emit collectionCountChanged(count);
}

void CollectionModel::onDocumentsChanged(const QString &collection, const CacheChangeSet &changes)
{
    if (collection != m_collection || changes.isEmpty())
        return;
    for (const QStringList *ids : {&changes.inserted, &changes.updated, &changes.removed}) {
        for (const QString &id : *ids) {
            m_pendingIds.insert(id);
            m_cellsAsked.remove(id);
        }
    }
    if (!m_query.isFiltered() && !m_counting && !m_resetPending) {
        // Unfiltered, the store's own inserted/removed lists are the exact
        // difference: no COUNT(*) over a million rows on every batch.
        setTotalCount(m_totalCount + changes.inserted.size() - changes.removed.size());
        setCollectionCount(m_totalCount);
    } else if (m_counting) {
        m_countStale = true; // the count may or may not include this batch
    } else if (!m_resetPending && !m_recountTimer.isActive()) {
        m_recountTimer.start(); // a burst costs one recount
    }
    scheduleFlush();
}

void CollectionModel::onCollectionReset(const QString &collection)
{
    if (collection == m_collection) {
        m_pendingIds.clear();
        reload();
    }
}

void CollectionModel::scheduleFlush()
{
    if (m_flushScheduled)
        return;
    m_flushScheduled = true;
    m_wasSettled = false;
    // Everything that arrives in this event-loop turn goes into one read.
    QTimer::singleShot(0, this, &CollectionModel::flushChanges);
}

void CollectionModel::flushChanges()
{
    m_flushScheduled = false;
    // After a reset lands, or after the read in flight: then with all that
    // arrived meanwhile.
    if (m_resetPending || m_readingChanges || m_pendingIds.isEmpty()) {
        checkSettled();
        return;
    }
    // A slice at a time: the rows of a read are compared on this thread in
    // one turn, so a backlog (the reader behind a burst) costs several
    // short turns instead of one long one. The rest goes in the next read.
    QStringList ids;
    ids.reserve(qMin<qsizetype>(m_pendingIds.size(), m_maxChangedIdsPerRead));
    for (auto it = m_pendingIds.begin();
         it != m_pendingIds.end() && ids.size() < m_maxChangedIdsPerRead;) {
        ids.append(*it);
        it = m_pendingIds.erase(it);
    }
    CacheQuery query = m_query;
    const quint64 generation = m_generation;
    m_readingChanges = true;
    m_reader->read(
        this,
        [query, ids](const QString &connection) mutable {
            query.setConnectionName(connection);
            return query.rowsByIds(ids);
        },
        [this, generation, ids](const std::optional<QList<CacheQuery::Row>> &rows) {
            if (generation != m_generation)
                return;
            m_readingChanges = false;
            if (rows)
                applyChangedRows(ids, *rows);
            else
                qCWarning(lcModel) << "cannot read changed rows of" << m_collection;
            if (!m_pendingIds.isEmpty())
                scheduleFlush();
            checkSettled();
        },
        m_cancel);
}

bool CollectionModel::isCovered(const CacheQuery::Key &key) const
{
    return m_atEnd || (m_coverEnd && m_query.compare(key, *m_coverEnd) <= 0);
}

// The rows as the cache holds them now (absent: deleted or no longer
// passing the filter) against what is fetched: removals, moves, inserts
// and repaints, in that order, as contiguous ranges.
void CollectionModel::applyChangedRows(const QStringList &ids, const QList<CacheQuery::Row> &rows)
{
    QHash<QString, const CacheQuery::Row *> byId;
    byId.reserve(rows.size());
    for (const CacheQuery::Row &r : rows)
        byId.insert(r.key.id, &r);
    QList<int> removals;
    QList<const CacheQuery::Row *> moves;
    QList<CacheQuery::Row> inserts;
    QSet<QString> repaints;
    for (const QString &id : ids) {
        const CacheQuery::Row *now = byId.value(id);
        const int row = loadedRow(id);
        if (row < 0) {
            m_rowCache.remove(id);
            if (now && isCovered(now->key))
                inserts.append(*now); // otherwise a later page brings it
            continue;
        }
        if (!now) {
            removals.append(row);
            continue;
        }
        // Reported but unchanged as shown (a client's new name reaches the
        // events showing it through the lookup): nothing to repaint.
        const CacheQuery::Row *cached = m_rowCache.object(id);
        const bool sameCells = cached && cached->version == now->version
                               && cached->values == now->values;
        m_rowCache.insert(id, new CacheQuery::Row(*now));
        if (m_query.compare(m_keys.at(row), now->key) == 0) {
            if (!sameCells)
                repaints.insert(id);
        } else if (!isCovered(now->key)) {
            removals.append(row); // moved beyond the fetched rows: paging brings it back
            emit movedPastFetched(id);
        } else
            moves.append(now);
    }
    removeRuns(removals);
    for (const CacheQuery::Row *r : std::as_const(moves)) {
        const int from = loadedRow(r->key.id);
        if (from >= 0)
            moveRow(from, *r);
        repaints.insert(r->key.id);
    }
    insertSorted(inserts);
    emitChangedRuns(repaints);
}

void CollectionModel::removeRuns(QList<int> rows)
{
    // From the bottom up, so the rows above keep their numbers.
    std::sort(rows.begin(), rows.end(), std::greater<int>());
    qsizetype i = 0;
    while (i < rows.size()) {
        const int last = rows.at(i);
        int first = last;
        while (i + 1 < rows.size() && rows.at(i + 1) == first - 1)
            first = rows.at(++i);
        ++i;
        beginRemoveRows({}, first, last);
        for (int r = first; r <= last; ++r) {
            m_keyOfId.remove(m_keys.at(r).id);
            m_rowCache.remove(m_keys.at(r).id);
        }
        m_keys.remove(first, last - first + 1);
        endRemoveRows();
    }
}

void CollectionModel::insertSorted(QList<CacheQuery::Row> rows)
{
    if (rows.isEmpty())
        return;
    std::sort(rows.begin(), rows.end(), [this](const CacheQuery::Row &a, const CacheQuery::Row &b) {
        return m_query.compare(a.key, b.key) < 0;
    });
    // Rows landing between the same two fetched rows are one insert.
    qsizetype i = 0;
    while (i < rows.size()) {
        const int at = lowerBound(rows.at(i).key);
        qsizetype end = i + 1;
        while (end < rows.size()
               && (at >= m_keys.size() || m_query.compare(rows.at(end).key, m_keys.at(at)) < 0))
            ++end;
        beginInsertRows({}, at, at + int(end - i) - 1);
        for (qsizetype j = i; j < end; ++j) {
            const CacheQuery::Row &r = rows.at(j);
            m_keys.insert(at + int(j - i), r.key);
            m_keyOfId.insert(r.key.id, r.key.value);
            m_rowCache.insert(r.key.id, new CacheQuery::Row(r));
        }
        endInsertRows();
        i = end;
    }
}

// A fetched row whose sort key changed: moved where it now belongs, so a
// selection on it follows.
void CollectionModel::moveRow(int from, const CacheQuery::Row &data)
{
    int to = lowerBound(data.key);
    if (to > from)
        --to; // the row itself is not among "the others"
    if (to == from) {
        m_keys[from] = data.key;
        m_keyOfId.insert(data.key.id, data.key.value);
        return;
    }
    const int destination = to > from ? to + 1 : to;
    beginMoveRows({}, from, from, {}, destination);
    m_keys.removeAt(from);
    m_keys.insert(to, data.key);
    m_keyOfId.insert(data.key.id, data.key.value);
    endMoveRows();
}

void CollectionModel::emitChangedRuns(const QSet<QString> &ids)
{
    QList<int> rows;
    rows.reserve(ids.size());
    for (const QString &id : ids) {
        const int row = loadedRow(id);
        if (row >= 0)
            rows.append(row);
    }
    std::sort(rows.begin(), rows.end());
    qsizetype i = 0;
    while (i < rows.size()) {
        const int first = rows.at(i);
        int last = first;
        while (i + 1 < rows.size() && rows.at(i + 1) == last + 1)
            last = rows.at(++i);
        ++i;
        emit dataChanged(index(first, 0), index(last, columnCount() - 1), cellRoles);
    }
}

void CollectionModel::onNamesChanged(const QString &collection)
{
    if (m_keys.isEmpty())
        return;
    for (int c = 0; c < m_columns.size(); ++c) {
        if (m_columns.at(c).referenceCollection == collection)
            emit dataChanged(index(0, c), index(int(m_keys.size()) - 1, c), {Qt::DisplayRole});
    }
}

int CollectionModel::lowerBound(const CacheQuery::Key &key) const
{
    const auto it = std::lower_bound(m_keys.cbegin(),
                                     m_keys.cend(),
                                     key,
                                     [this](const CacheQuery::Key &a, const CacheQuery::Key &b) {
                                         return m_query.compare(a, b) < 0;
                                     });
    return int(it - m_keys.cbegin());
}

int CollectionModel::loadedRow(const QString &id) const
{
    const auto it = m_keyOfId.constFind(id);
    if (it == m_keyOfId.constEnd())
        return -1;
    const int row = lowerBound({*it, id});
    if (row < m_keys.size() && m_keys.at(row).id == id)
        return row;
    // Keys are kept sorted, so this is a bug; fall back to a scan.
    qCWarning(lcModel) << "row key out of order for" << id;
    for (int i = 0; i < m_keys.size(); ++i) {
        if (m_keys.at(i).id == id)
            return i;
    }
    return -1;
}

const CacheQuery::Row *CollectionModel::rowData(int row) const
{
    const QString &id = m_keys.at(row).id;
    if (const CacheQuery::Row *r = m_rowCache.object(id))
        return r;
    requestCells(row);
    return nullptr;
}

void CollectionModel::requestCells(int row) const
{
    // The neighbourhood of a row whose cells left the cache, in one read
    // (a view asks for every cell of a screen within one paint).
    if (m_cellsAsked.contains(m_keys.at(row).id))
        return;
    const int first = qMax(0, row - refillRadius);
    const int last = qMin(int(m_keys.size()) - 1, row + refillRadius);
    QStringList ids;
    for (int i = first; i <= last; ++i) {
        const QString &id = m_keys.at(i).id;
        if (!m_rowCache.contains(id) && !m_cellsAsked.contains(id)) {
            ids.append(id);
            m_cellsAsked.insert(id);
        }
    }
    CacheQuery query = m_query;
    const quint64 generation = m_generation;
    ++m_cellReads;
    auto *self = const_cast<CollectionModel *>(this);
    m_reader->read(
        self,
        [query, ids](const QString &connection) mutable {
            query.setConnectionName(connection);
            return query.rowsByIds(ids);
        },
        [self, generation](const std::optional<QList<CacheQuery::Row>> &rows) {
            if (generation != self->m_generation)
                return;
            --self->m_cellReads;
            if (rows)
                self->onCells(*rows);
            self->checkSettled();
        },
        m_cancel);
}

void CollectionModel::onCells(const QList<CacheQuery::Row> &rows)
{
    QSet<QString> arrived;
    for (const CacheQuery::Row &r : rows) {
        if (!m_keyOfId.contains(r.key.id))
            continue;
        m_rowCache.insert(r.key.id, new CacheQuery::Row(r));
        m_cellsAsked.remove(r.key.id);
        arrived.insert(r.key.id);
    }
    emitChangedRuns(arrived);
}
