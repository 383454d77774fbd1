#include "cachequery.h"

#include "cacherowbuilder.h"
#include "cacheschema.h"
#include "collectionfields.h"
#include "protocol.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

Q_LOGGING_CATEGORY(lcCacheQuery, "deltadesk.sync.cachequery")

namespace {

// SQLite's storage-class order: NULL < numbers < text < blob.
int storageClass(const QVariant &v)
{
    if (v.isNull())
        return 0;
    switch (v.metaType().id()) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Double:
    case QMetaType::Bool:
        return 1;
    case QMetaType::QByteArray:
        return 3;
    default:
        return 2;
    }
}

int compareValues(const QVariant &a, const QVariant &b)
{
    const int ca = storageClass(a);
    const int cb = storageClass(b);
    if (ca != cb)
        return ca < cb ? -1 : 1;
    if (ca == 1) {
        if (a.metaType().id() != QMetaType::Double && b.metaType().id() != QMetaType::Double) {
            const qint64 x = a.toLongLong();
            const qint64 y = b.toLongLong();
            return x < y ? -1 : (x > y ? 1 : 0);
        }
        const double x = a.toDouble();
        const double y = b.toDouble();
        return x < y ? -1 : (x > y ? 1 : 0);
    }
    if (ca == 2) {
        // BINARY collation compares UTF-8 bytes.
        const int c = a.toString().toUtf8().compare(b.toString().toUtf8());
        return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    if (ca == 3) {
        const int c = a.toByteArray().compare(b.toByteArray());
        return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    return 0;
}

QString jsonField(const QString &field)
{
    return QStringLiteral("json_extract(body,'$.%1')").arg(field);
}

QString likePattern(const QString &text)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    escaped.replace(QLatin1Char('%'), QLatin1String("\\%"));
    escaped.replace(QLatin1Char('_'), QLatin1String("\\_"));
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}

std::optional<FieldDef> shownField(const QString &collection, const QString &name)
{
    for (const FieldDef &f : CollectionFields::forCollection(collection)) {
        if (f.name == name)
            return f;
    }
    return std::nullopt;
}

// The trigram index answers substrings of three characters or more.
bool indexCanAnswer(const QString &text)
{
    return text.toUcs4().size() >= 3;
}

} // namespace

CacheQuery::CacheQuery(const QString &connectionName, const QString &collection)
    : m_connectionName(connectionName)
    , m_collection(collection)
    , m_table(tableName(collection))
{}

QString CacheQuery::tableName(const QString &collection)
{
    return CacheSchema::docsTable(collection);
}

bool CacheQuery::isSafeField(const QString &field)
{
    if (field.isEmpty() || field.size() > 64)
        return false;
    for (const QChar c : field) {
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != QLatin1Char('_'))
            return false;
    }
    return true;
}

void CacheQuery::setFields(const QStringList &fields)
{
    m_fields.clear();
    for (const QString &f : fields) {
        if (isSafeField(f))
            m_fields.append(f);
        else
            qCWarning(lcCacheQuery) << "ignoring unsafe field name" << f;
    }
}

void CacheQuery::setSort(const QString &field, Qt::SortOrder order)
{
    m_sortField = isSafeField(field) && CacheSchema::hasKeyColumn(m_collection, field) ? field
                                                                                       : QString();
    m_sortOrder = order;
}

void CacheQuery::setFilter(const QString &text)
{
    m_filterText = text.trimmed();
}

void CacheQuery::setPredicates(const Predicates &predicates)
{
    m_predicates = predicates;
    Predicates &p = m_predicates;
    const auto field = shownField(m_collection, p.rangeField);
    if (!isSafeField(p.rangeField) || !field || field->kind != FieldDef::Kind::Timestamp)
        p.rangeField.clear();
    if (!isSafeField(p.equalField) || !shownField(m_collection, p.equalField))
        p.equalField.clear();
    if (!isSafeField(p.arrayField) || !isSafeField(p.arrayMember))
        p.arrayField.clear();
}

QString CacheQuery::sortExpression() const
{
    // The writer never stores a NULL key, so row-value comparisons are total.
    if (m_sortField.isEmpty())
        return QStringLiteral("''");
    return CacheSchema::keyColumn(m_sortField);
}

QString CacheQuery::selectList() const
{
    QString list = sortExpression() + QLatin1String(" AS k, id, version");
    for (const QString &f : m_fields)
        list += QLatin1String(", ") + jsonField(f);
    return list;
}

QString CacheQuery::filterClause() const
{
    const QString predicates = predicateClause();
    if (predicates.isEmpty())
        return textClause();
    return QLatin1Char('(') + textClause() + QLatin1String(") AND ") + predicates;
}

// Keys compare as the writer stores them: timestamps in the wire's one
// spelling, text as its natural key; so a range on the start time is a
// range scan of the sort index the events tab opens with.
QString CacheQuery::predicateClause() const
{
    QStringList parts;
    const Predicates &p = m_predicates;
    if (!p.rangeField.isEmpty()) {
        parts.append(CacheSchema::keyColumn(p.rangeField) + QLatin1String(" >= ?"));
        if (p.until.isValid())
            parts.append(CacheSchema::keyColumn(p.rangeField) + QLatin1String(" < ?"));
    }
    if (!p.equalField.isEmpty())
        parts.append(CacheSchema::keyColumn(p.equalField) + QLatin1String(" = ?"));
    if (!p.arrayField.isEmpty())
        parts.append(QStringLiteral("EXISTS (SELECT 1 FROM json_each(body, '$.%1') WHERE "
                                    "json_extract(value, '$.%2') = ?)")
                         .arg(p.arrayField, p.arrayMember));
    return parts.join(QLatin1String(" AND "));
}

void CacheQuery::bindPredicates(QSqlQuery &query) const
{
    const Predicates &p = m_predicates;
    if (!p.rangeField.isEmpty()) {
        // "0" sorts after the '' of a missing field and before every year.
        query.addBindValue(p.from.isValid() ? Protocol::formatTimestamp(p.from.toUTC())
                                            : QStringLiteral("0"));
        if (p.until.isValid())
            query.addBindValue(Protocol::formatTimestamp(p.until.toUTC()));
    }
    if (!p.equalField.isEmpty()) {
        const FieldDef field = *shownField(m_collection, p.equalField);
        query.addBindValue(CacheRowBuilder::sortKey(field, QJsonValue(p.equalValue), p.equalValue));
    }
    if (!p.arrayField.isEmpty())
        query.addBindValue(p.arrayValue);
}

QString CacheQuery::textClause() const
{
    if (m_filterText.isEmpty())
        return QStringLiteral("1");
    if (!indexCanAnswer(m_filterText))
        return QStringLiteral("ftext LIKE ? ESCAPE '\\'");
    // The index answers for the rows it is current for; the rows written
    // since (queued) or not indexed yet (above fts_state.upto, after a
    // wholesale replace) are scanned: the answer is exact either way.
    return QStringLiteral("((rid IN (SELECT rowid FROM %1 WHERE %1 MATCH ?) AND rid NOT IN (SELECT "
                          "rid FROM %3)) OR ((rid > (SELECT upto FROM fts_state WHERE collection = "
                          "'%2') OR rid IN (SELECT rid FROM %3)) AND ftext LIKE ? ESCAPE '\\'))")
        .arg(CacheSchema::ftsTable(m_collection),
             m_collection,
             CacheSchema::queueTable(m_collection));
}

// Binds in the order filterClause() wrote its placeholders.
void CacheQuery::bindFilter(QSqlQuery &query) const
{
    if (!m_filterText.isEmpty()) {
        const QString folded = m_filterText.toCaseFolded(); // ftext is case-folded
        if (indexCanAnswer(m_filterText)) {
            QString phrase = folded;
            phrase.replace(QLatin1Char('"'), QLatin1String("\"\""));
            query.addBindValue(QString(QLatin1Char('"') + phrase + QLatin1Char('"')));
        }
        query.addBindValue(likePattern(folded));
    }
    bindPredicates(query);
}

CacheQuery::Row CacheQuery::readRow(const QSqlQuery &query) const
{
    Row row;
    row.key.value = query.value(0);
    row.key.id = query.value(1).toString();
    row.version = query.value(2).toLongLong();
    row.values.reserve(m_fields.size());
    for (qsizetype i = 0; i < m_fields.size(); ++i)
        row.values.append(query.value(int(3 + i)));
    return row;
}

bool CacheQuery::prepare(QSqlQuery &query, const QString &sql) const
{
    query.setForwardOnly(true);
    if (query.prepare(sql))
        return true;
    m_errorString = query.lastError().text();
    qCWarning(lcCacheQuery) << m_collection << m_errorString;
    return false;
}

bool CacheQuery::exec(QSqlQuery &query) const
{
    m_lastStatement = {query.lastQuery(), query.boundValues()};
    if (query.exec())
        return true;
    m_errorString = query.lastError().text();
    // An interrupted query (a newer request made it stale) is not a fault.
    if (query.lastError().nativeErrorCode() != QLatin1String("9"))
        qCWarning(lcCacheQuery) << m_collection << m_errorString;
    return false;
}

bool CacheQuery::ensureSortIndex(const QString &field)
{
    if (!isSafeField(field) || !CacheSchema::hasKeyColumn(m_collection, field))
        return false;
    // Look first: CREATE INDEX IF NOT EXISTS would wait for the write lock.
    const std::optional<bool> present = hasSortIndex(field);
    if (!present)
        return false;
    if (*present)
        return true;
    const QString name = QStringLiteral("idx_%1_%2").arg(m_table, CacheSchema::keyColumn(field));
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!prepare(query,
                 QStringLiteral("CREATE INDEX IF NOT EXISTS %1 ON %2 (%3, id)")
                     .arg(name, m_table, CacheSchema::keyColumn(field))))
        return false;
    return exec(query);
}

// Rows past a key in the current order, bound by bindAfter().
QString CacheQuery::afterClause() const
{
    return QStringLiteral(" AND (%1, id) %2 (?, ?)")
        .arg(sortExpression(),
             m_sortOrder == Qt::AscendingOrder ? QStringLiteral(">") : QStringLiteral("<"));
}

void CacheQuery::bindAfter(QSqlQuery &query, const Key &after)
{
    query.addBindValue(after.value);
    query.addBindValue(after.id);
}

std::optional<QList<CacheQuery::Row>> CacheQuery::page(const std::optional<Key> &after,
                                                       int limit) const
{
    // The near scan's answer is the page only when it is full: a row it did
    // not look at could sort before a later one it found missing.
    if (m_nearScanRows > 0 && indexCanAnswer(m_filterText) && sortHasIndex()) {
        auto near = nearPage(after, limit);
        if (!near || near->size() >= limit)
            return near;
    }
    const QString dir = m_sortOrder == Qt::AscendingOrder ? QStringLiteral("ASC")
                                                          : QStringLiteral("DESC");
    QString where = filterClause();
    if (after)
        where += afterClause();
    const QString sql = QStringLiteral("SELECT %1 FROM %2 WHERE %3 ORDER BY k %4, id %4 LIMIT ?")
                            .arg(selectList(), m_table, where, dir);
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!prepare(query, sql))
        return std::nullopt;
    bindFilter(query);
    if (after)
        bindAfter(query, *after);
    query.addBindValue(limit);
    return readRows(query, limit);
}

// The next rows in sort order (at most m_nearScanRows, read from the sort
// key's index) that hold the text: the scan a filter of one or two letters
// runs, bounded, so a common word costs a few thousand rows, not the index's
// every match.
std::optional<QList<CacheQuery::Row>> CacheQuery::nearPage(const std::optional<Key> &after,
                                                           int limit) const
{
    const QString dir = m_sortOrder == Qt::AscendingOrder ? QStringLiteral("ASC")
                                                          : QStringLiteral("DESC");
    QString window = predicateClause();
    if (window.isEmpty())
        window = QStringLiteral("1");
    if (after)
        window += afterClause();
    // Unsorted rows go by id alone: SQLite would sort the constant '' key
    // of all of them instead of reading the id's index.
    const QString order = m_sortField.isEmpty()
                              ? QStringLiteral("id %1").arg(dir)
                              : QStringLiteral("%1 %2, id %2").arg(sortExpression(), dir);
    const QString sql = QStringLiteral(
                            "SELECT %1 FROM %2 WHERE rid IN (SELECT rid FROM %2 WHERE %3 "
                            "ORDER BY %4 LIMIT ?) AND ftext LIKE ? ESCAPE '\\' "
                            "ORDER BY k %5, id %5 LIMIT ?")
                            .arg(selectList(), m_table, window, order, dir);
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!prepare(query, sql))
        return std::nullopt;
    bindPredicates(query);
    if (after)
        bindAfter(query, *after);
    query.addBindValue(m_nearScanRows);
    query.addBindValue(likePattern(m_filterText.toCaseFolded())); // ftext is case-folded
    query.addBindValue(limit);
    return readRows(query, limit);
}

std::optional<QList<CacheQuery::Row>> CacheQuery::readRows(QSqlQuery &query, int limit) const
{
    if (!exec(query))
        return std::nullopt;
    QList<Row> rows;
    rows.reserve(limit);
    while (query.next())
        rows.append(readRow(query));
    if (query.lastError().isValid()) { // interrupted while stepping
        m_errorString = query.lastError().text();
        return std::nullopt;
    }
    return rows;
}

// Without an index on the sort key the near scan would sort the whole
// collection to find its first rows: worse than asking the search index.
bool CacheQuery::sortHasIndex() const
{
    if (m_sortField.isEmpty())
        return true; // '' then id: the id's own index
    return hasSortIndex(m_sortField).value_or(false);
}

// Whether ensureSortIndex() made the field's index; nullopt on SQL failure.
std::optional<bool> CacheQuery::hasSortIndex(const QString &field) const
{
    QSqlQuery exists(QSqlDatabase::database(m_connectionName, false));
    if (!prepare(exists,
                 QStringLiteral("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?")))
        return std::nullopt;
    exists.addBindValue(QStringLiteral("idx_%1_%2").arg(m_table, CacheSchema::keyColumn(field)));
    if (!exec(exists))
        return std::nullopt;
    return exists.next();
}

std::optional<QList<CacheQuery::Row>> CacheQuery::rowsByIds(const QStringList &ids) const
{
    QList<Row> rows;
    // SQLite's default bound-parameter limit is far above this chunk.
    constexpr qsizetype chunk = 500;
    for (qsizetype start = 0; start < ids.size(); start += chunk) {
        const QStringList part = ids.mid(start, chunk);
        const QString sql
            = QStringLiteral("SELECT %1 FROM %2 WHERE %3 AND id IN (%4)")
                  .arg(selectList(),
                       m_table,
                       filterClause(),
                       QStringList(part.size(), QStringLiteral("?")).join(QLatin1Char(',')));
        QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
        if (!prepare(query, sql))
            return std::nullopt;
        bindFilter(query);
        for (const QString &id : part)
            query.addBindValue(id);
        if (!exec(query))
            return std::nullopt;
        while (query.next())
            rows.append(readRow(query));
    }
    return rows;
}

qint64 CacheQuery::count() const
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!prepare(query,
                 QStringLiteral("SELECT COUNT(*) FROM %1 WHERE %2").arg(m_table, filterClause())))
        return -1;
    bindFilter(query);
    if (!exec(query) || !query.next())
        return -1;
    return query.value(0).toLongLong();
}

qint64 CacheQuery::collectionCount() const
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!prepare(query, QStringLiteral("SELECT COUNT(*) FROM %1").arg(m_table)))
        return -1;
    if (!exec(query) || !query.next())
        return -1;
    return query.value(0).toLongLong();
}

std::optional<QJsonObject> CacheQuery::document(const QString &id) const
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!prepare(query, QStringLiteral("SELECT body FROM %1 WHERE id = ?").arg(m_table)))
        return std::nullopt;
    query.addBindValue(id);
    if (!exec(query) || !query.next())
        return std::nullopt;
    return QJsonDocument::fromJson(query.value(0).toByteArray()).object();
}

int CacheQuery::compare(const Key &a, const Key &b) const
{
    int c = compareValues(a.value, b.value);
    if (c == 0) {
        const int idc = a.id.toUtf8().compare(b.id.toUtf8());
        c = idc < 0 ? -1 : (idc > 0 ? 1 : 0);
    }
    return m_sortOrder == Qt::AscendingOrder ? c : -c;
}
