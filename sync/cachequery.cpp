#include "cachequery.h"

#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

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

QString jsonField(const QString &field, const QString &body = QStringLiteral("body"))
{
    return QStringLiteral("json_extract(%1,'$.%2')").arg(body, field);
}

QString likePattern(const QString &text)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    escaped.replace(QLatin1Char('%'), QLatin1String("\\%"));
    escaped.replace(QLatin1Char('_'), QLatin1String("\\_"));
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}

} // namespace

CacheQuery::CacheQuery(const QString &connectionName, const QString &collection)
    : m_connectionName(connectionName)
    , m_collection(collection)
    , m_table(tableName(collection))
{}

QString CacheQuery::tableName(const QString &collection)
{
    return QLatin1String("docs_") + collection;
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
    m_sortField = isSafeField(field) ? field : QString();
    m_sortOrder = order;
}

void CacheQuery::setFilter(const QString &text,
                           const QStringList &fields,
                           const QList<Reference> &references)
{
    m_filterText = text.trimmed();
    m_filterFields.clear();
    for (const QString &f : fields) {
        if (isSafeField(f))
            m_filterFields.append(f);
    }
    m_filterReferences.clear();
    for (const Reference &r : references) {
        if (isSafeField(r.field) && isSafeField(r.nameField) && isSafeField(r.collection))
            m_filterReferences.append(r);
    }
}

QString CacheQuery::sortExpression() const
{
    // IFNULL keeps row-value comparisons total (NULL would drop rows from
    // keyset pages); the index below is built on this exact expression.
    if (m_sortField.isEmpty())
        return QStringLiteral("''");
    return QStringLiteral("IFNULL(%1,'')").arg(jsonField(m_sortField));
}

QString CacheQuery::selectList() const
{
    QString list = sortExpression() + QLatin1String(" AS k, id, version");
    for (const QString &f : m_fields)
        list += QLatin1String(", ") + jsonField(f);
    return list;
}

bool CacheQuery::bodyPrefilterUsable() const
{
    // The raw JSON holds a field's text verbatim unless JSON escapes it;
    // only then is "body LIKE" a safe superset of the field tests.
    for (const QChar c : m_filterText) {
        if (c == QLatin1Char('"') || c == QLatin1Char('\\') || c.unicode() < 0x20)
            return false;
    }
    return true;
}

QList<CacheQuery::Reference> CacheQuery::matchingReferences() const
{
    // A reference term costs a json_extract on every row; skip it when no
    // referenced name matches (the usual case for a title search).
    QList<Reference> matching;
    for (const Reference &r : m_filterReferences) {
        QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
        query.setForwardOnly(true);
        if (!query.prepare(
                QStringLiteral("SELECT EXISTS(SELECT 1 FROM %1 WHERE %2 LIKE ? ESCAPE '\\')")
                    .arg(tableName(r.collection), jsonField(r.nameField))))
            continue;
        query.addBindValue(likePattern(m_filterText));
        if (query.exec() && query.next() && query.value(0).toBool())
            matching.append(r);
    }
    return matching;
}

QString CacheQuery::filterClause() const
{
    if (m_filterText.isEmpty())
        return QStringLiteral("1");
    QStringList terms{QStringLiteral("id LIKE ? ESCAPE '\\'")};
    if (!m_filterFields.isEmpty()) {
        QStringList fieldTerms;
        for (const QString &f : m_filterFields)
            fieldTerms.append(jsonField(f) + QLatin1String(" LIKE ? ESCAPE '\\'"));
        QString fields = QLatin1Char('(') + fieldTerms.join(QLatin1String(" OR "))
                         + QLatin1Char(')');
        // A plain substring test on the stored text first: most rows fail
        // it without parsing their JSON.
        if (bodyPrefilterUsable())
            fields = QLatin1String("(body LIKE ? ESCAPE '\\' AND ") + fields + QLatin1Char(')');
        terms.append(fields);
    }
    m_activeReferences = matchingReferences();
    for (const Reference &r : std::as_const(m_activeReferences)) {
        terms.append(QStringLiteral("%1 IN (SELECT id FROM %2 WHERE %3 LIKE ? ESCAPE '\\')")
                         .arg(jsonField(r.field), tableName(r.collection), jsonField(r.nameField)));
    }
    return QLatin1Char('(') + terms.join(QLatin1String(" OR ")) + QLatin1Char(')');
}

// Binds in the order filterClause() wrote its placeholders.
void CacheQuery::bindFilter(QSqlQuery &query) const
{
    if (m_filterText.isEmpty())
        return;
    const QString pattern = likePattern(m_filterText);
    qsizetype n = 1 + m_filterFields.size() + m_activeReferences.size();
    if (!m_filterFields.isEmpty() && bodyPrefilterUsable())
        ++n;
    for (qsizetype i = 0; i < n; ++i)
        query.addBindValue(pattern);
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

bool CacheQuery::exec(QSqlQuery &query) const
{
    if (query.exec())
        return true;
    m_errorString = query.lastError().text();
    qCWarning(lcCacheQuery) << m_collection << m_errorString;
    return false;
}

bool CacheQuery::ensureSortIndex(const QString &field)
{
    if (!isSafeField(field))
        return false;
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    const QString sql = QStringLiteral(
                            "CREATE INDEX IF NOT EXISTS idx_%1_%2 ON %1(IFNULL(%3,''), id)")
                            .arg(m_table, field, jsonField(field));
    if (!query.prepare(sql)) {
        m_errorString = query.lastError().text();
        return false;
    }
    return exec(query);
}

std::optional<QList<CacheQuery::Row>> CacheQuery::page(const std::optional<Key> &after,
                                                       int limit) const
{
    const bool asc = m_sortOrder == Qt::AscendingOrder;
    const QString dir = asc ? QStringLiteral("ASC") : QStringLiteral("DESC");
    QString where = filterClause();
    if (after)
        where += QStringLiteral(" AND (%1, id) %2 (?, ?)")
                     .arg(sortExpression(), asc ? QStringLiteral(">") : QStringLiteral("<"));
    const QString sql = QStringLiteral("SELECT %1 FROM %2 WHERE %3 ORDER BY k %4, id %4 LIMIT ?")
                            .arg(selectList(), m_table, where, dir);
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.setForwardOnly(true);
    if (!query.prepare(sql)) {
        m_errorString = query.lastError().text();
        qCWarning(lcCacheQuery) << m_collection << m_errorString;
        return std::nullopt;
    }
    bindFilter(query);
    if (after) {
        query.addBindValue(after->value);
        query.addBindValue(after->id);
    }
    query.addBindValue(limit);
    if (!exec(query))
        return std::nullopt;
    QList<Row> rows;
    rows.reserve(limit);
    while (query.next())
        rows.append(readRow(query));
    return rows;
}

std::optional<QList<CacheQuery::Row>> CacheQuery::rowsByIds(const QStringList &ids) const
{
    QList<Row> rows;
    // SQLite's default bound-parameter limit is far above this chunk.
    constexpr qsizetype chunk = 500;
    for (qsizetype start = 0; start < ids.size(); start += chunk) {
        const QStringList part = ids.mid(start, chunk);
        QStringList marks;
        marks.reserve(part.size());
        for (qsizetype i = 0; i < part.size(); ++i)
            marks.append(QStringLiteral("?"));
        const QString sql
            = QStringLiteral("SELECT %1 FROM %2 WHERE %3 AND id IN (%4)")
                  .arg(selectList(), m_table, filterClause(), marks.join(QLatin1Char(',')));
        QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
        query.setForwardOnly(true);
        if (!query.prepare(sql)) {
            m_errorString = query.lastError().text();
            return std::nullopt;
        }
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
    query.setForwardOnly(true);
    if (!query.prepare(
            QStringLiteral("SELECT COUNT(*) FROM %1 WHERE %2").arg(m_table, filterClause()))) {
        m_errorString = query.lastError().text();
        return -1;
    }
    bindFilter(query);
    if (!exec(query) || !query.next())
        return -1;
    return query.value(0).toLongLong();
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
