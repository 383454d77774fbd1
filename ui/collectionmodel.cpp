#include "collectionmodel.h"

#include "cachestore.h"
#include "namelookup.h"

#include <QLoggingCategory>

#include <algorithm>

Q_LOGGING_CATEGORY(lcModel, "deltadesk.ui.model")

namespace {
// Cells are re-read around a row that fell out of the cache, this many each
// side, so scrolling back costs one query per screenful.
constexpr int refillRadius = 96;
constexpr int rowCacheSize = 8192;
} // namespace

CollectionModel::CollectionModel(CacheStore *cache,
                                 NameLookup *lookup,
                                 const QString &collection,
                                 QObject *parent)
    : QAbstractTableModel(parent)
    , m_cache(cache)
    , m_lookup(lookup)
    , m_collection(collection)
    , m_columns(CollectionColumns::forCollection(collection))
    , m_query(cache->connectionName(), collection)
    , m_rowCache(rowCacheSize)
{
    QStringList fields;
    QStringList filterFields;
    QList<CacheQuery::Reference> references;
    for (const ColumnDef &c : std::as_const(m_columns)) {
        fields.append(c.field);
        if (c.kind == ColumnDef::Kind::Reference)
            references.append({c.field, c.referenceCollection, QStringLiteral("name")});
        else
            filterFields.append(c.field);
    }
    m_query.setFields(fields);
    m_query.setFilter({}, filterFields, references);
    m_sortColumn = CollectionColumns::defaultSortColumn(collection);
    if (m_sortColumn < m_columns.size()) {
        m_query.setSort(m_columns.at(m_sortColumn).field, Qt::AscendingOrder);
        m_query.ensureSortIndex(m_columns.at(m_sortColumn).field);
    }

    m_recountTimer.setSingleShot(true);
    m_recountTimer.setInterval(500);
    connect(&m_recountTimer, &QTimer::timeout, this, &CollectionModel::recount);

    connect(m_cache, &CacheStore::documentsChanged, this, &CollectionModel::applyChanges);
    connect(m_cache, &CacheStore::collectionReset, this, [this](const QString &c) {
        if (c == m_collection)
            reload();
    });
    if (m_lookup)
        connect(m_lookup, &NameLookup::namesChanged, this, &CollectionModel::onNamesChanged);
    reload();
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
            return {};
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
    return !parent.isValid() && !m_atEnd && !m_resetting;
}

void CollectionModel::fetchMore(const QModelIndex &parent)
{
    if (parent.isValid() || m_atEnd || m_resetting)
        return;
    std::optional<CacheQuery::Key> after;
    if (!m_keys.isEmpty())
        after = m_keys.constLast();
    const auto rows = m_query.page(after, m_pageSize);
    if (!rows) {
        // Leave what is shown as it is; a later change or sort retries.
        m_atEnd = true;
        return;
    }
    if (rows->size() < m_pageSize)
        m_atEnd = true;
    // Rows the stream inserted meanwhile sort at or before `after`, so a
    // page never repeats one; the check guards against a key changing under
    // us between signals.
    QList<CacheQuery::Row> fresh;
    fresh.reserve(rows->size());
    for (const CacheQuery::Row &r : *rows) {
        if (!isLoaded(r.key.id))
            fresh.append(r);
    }
    if (fresh.isEmpty())
        return;
    const int first = int(m_keys.size());
    beginInsertRows({}, first, first + int(fresh.size()) - 1);
    for (const CacheQuery::Row &r : std::as_const(fresh)) {
        m_keys.append(r.key);
        m_keyOfId.insert(r.key.id, r.key.value);
        m_rowCache.insert(r.key.id, new CacheQuery::Row(r));
    }
    endInsertRows();
}

void CollectionModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= m_columns.size())
        return;
    if (column == m_sortColumn && order == m_query.sortOrder())
        return;
    m_sortColumn = column;
    const QString field = m_columns.at(column).field;
    m_query.ensureSortIndex(field);
    m_query.setSort(field, order);
    reload();
}

void CollectionModel::setFilterText(const QString &text)
{
    if (text.trimmed() == m_query.filterText())
        return;
    QStringList filterFields;
    QList<CacheQuery::Reference> references;
    for (const ColumnDef &c : std::as_const(m_columns)) {
        if (c.kind == ColumnDef::Kind::Reference)
            references.append({c.field, c.referenceCollection, QStringLiteral("name")});
        else
            filterFields.append(c.field);
    }
    m_query.setFilter(text, filterFields, references);
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

void CollectionModel::reload()
{
    beginResetModel();
    m_keys.clear();
    m_keyOfId.clear();
    m_rowCache.clear();
    m_atEnd = false;
    // The first page is part of the reset (no insert signals inside it).
    if (const auto rows = m_query.page(std::nullopt, m_pageSize)) {
        m_atEnd = rows->size() < m_pageSize;
        for (const CacheQuery::Row &r : *rows) {
            m_keys.append(r.key);
            m_keyOfId.insert(r.key.id, r.key.value);
            m_rowCache.insert(r.key.id, new CacheQuery::Row(r));
        }
    } else {
        m_atEnd = true;
    }
    // Listeners of modelReset (views, testers) must not fetch more while the
    // reset is still being announced.
    m_resetting = true;
    endResetModel();
    m_resetting = false;
    if (m_atEnd) {
        // Everything is fetched: no second scan (a filter over a large
        // table is a full scan).
        if (m_totalCount != m_keys.size()) {
            m_totalCount = m_keys.size();
            emit totalCountChanged(m_totalCount);
        }
    } else {
        recount();
    }
}

void CollectionModel::recount()
{
    const qint64 n = m_query.count();
    if (n >= 0 && n != m_totalCount) {
        m_totalCount = n;
        emit totalCountChanged(n);
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

void CollectionModel::removeLoadedRow(int row)
{
    const QString id = m_keys.at(row).id;
    beginRemoveRows({}, row, row);
    m_keys.removeAt(row);
    m_keyOfId.remove(id);
    m_rowCache.remove(id);
    endRemoveRows();
}

void CollectionModel::insertRow(int row, const CacheQuery::Row &data)
{
    beginInsertRows({}, row, row);
    m_keys.insert(row, data.key);
    m_keyOfId.insert(data.key.id, data.key.value);
    m_rowCache.insert(data.key.id, new CacheQuery::Row(data));
    endInsertRows();
}

// A fetched row whose document changed: repaint it where it is, or move it
// to where its new sort value belongs (or drop it when that lies beyond the
// fetched range; paging brings it back).
void CollectionModel::placeChangedRow(int from, const CacheQuery::Row &data)
{
    const CacheQuery::Key &old = m_keys.at(from);
    m_rowCache.insert(data.key.id, new CacheQuery::Row(data));
    if (m_query.compare(old, data.key) == 0) {
        emit dataChanged(index(from, 0),
                         index(from, columnCount() - 1),
                         {Qt::DisplayRole, Qt::ToolTipRole, VersionRole, RawValueRole});
        return;
    }
    const bool beforePrev = from > 0 && m_query.compare(data.key, m_keys.at(from - 1)) < 0;
    const bool afterNext = from + 1 < m_keys.size()
                           && m_query.compare(data.key, m_keys.at(from + 1)) > 0;
    if (!beforePrev && !afterNext) {
        m_keys[from] = data.key;
        m_keyOfId.insert(data.key.id, data.key.value);
        emit dataChanged(index(from, 0), index(from, columnCount() - 1));
        return;
    }
    if (afterNext && !m_atEnd && m_query.compare(data.key, m_keys.constLast()) > 0) {
        removeLoadedRow(from);
        return;
    }
    // Position among the other rows, then in pre-move coordinates.
    int to = lowerBound(data.key);
    if (to > from)
        --to; // the row itself is not among "the others"
    const int destination = to > from ? to + 1 : to;
    beginMoveRows({}, from, from, {}, destination);
    m_keys.removeAt(from);
    m_keys.insert(to, data.key);
    m_keyOfId.insert(data.key.id, data.key.value);
    endMoveRows();
    emit dataChanged(index(to, 0), index(to, columnCount() - 1));
}

void CollectionModel::applyChanges(const QString &collection, const CacheChangeSet &changes)
{
    if (collection != m_collection || changes.isEmpty())
        return;
    for (const QString &id : changes.removed) {
        const int row = loadedRow(id);
        if (row >= 0)
            removeLoadedRow(row);
        else
            m_rowCache.remove(id);
    }
    const QStringList touched = changes.inserted + changes.updated;
    if (!touched.isEmpty()) {
        const auto rows = m_query.rowsByIds(touched);
        if (!rows) {
            qCWarning(lcModel) << "cannot read changed rows of" << m_collection << errorString();
        } else {
            QHash<QString, const CacheQuery::Row *> byId;
            byId.reserve(rows->size());
            for (const CacheQuery::Row &r : *rows)
                byId.insert(r.key.id, &r);
            for (const QString &id : touched) {
                const CacheQuery::Row *now = byId.value(id);
                const int row = loadedRow(id);
                if (row >= 0) {
                    if (now)
                        placeChangedRow(row, *now);
                    else
                        removeLoadedRow(row); // no longer passes the filter
                    continue;
                }
                m_rowCache.remove(id);
                if (!now)
                    continue;
                // Not fetched: show it if it sorts inside the fetched range,
                // otherwise the next page brings it.
                if (!m_atEnd
                    && (m_keys.isEmpty() || m_query.compare(now->key, m_keys.constLast()) > 0))
                    continue;
                insertRow(lowerBound(now->key), *now);
            }
        }
    }
    if (m_query.filterText().isEmpty()) {
        // Unfiltered, the store's own inserted/removed lists are the exact
        // difference: no COUNT(*) over a million rows on every batch.
        const qint64 n = m_totalCount + changes.inserted.size() - changes.removed.size();
        if (n != m_totalCount) {
            m_totalCount = n;
            emit totalCountChanged(n);
        }
    } else if (!m_recountTimer.isActive()) {
        m_recountTimer.start();
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

const CacheQuery::Row *CollectionModel::rowData(int row) const
{
    const QString &id = m_keys.at(row).id;
    if (const CacheQuery::Row *r = m_rowCache.object(id))
        return r;
    // Refill the neighbourhood in one query.
    const int first = qMax(0, row - refillRadius);
    const int last = qMin(int(m_keys.size()) - 1, row + refillRadius);
    QStringList ids;
    for (int i = first; i <= last; ++i) {
        if (!m_rowCache.contains(m_keys.at(i).id))
            ids.append(m_keys.at(i).id);
    }
    const auto rows = m_query.rowsByIds(ids);
    if (rows) {
        for (const CacheQuery::Row &r : *rows)
            m_rowCache.insert(r.key.id, new CacheQuery::Row(r));
    }
    return m_rowCache.object(id);
}
