#include "namelookup.h"

#include "cachequery.h"
#include "cachereader.h"
#include "cachestore.h"
#include "collectionfields.h"
#include "protocol.h"

#include <QLoggingCategory>

#include <optional>

Q_LOGGING_CATEGORY(lcLookup, "deltadesk.ui.lookup")

namespace {
constexpr int pageRows = 5000;

// The fields after the name that tell two entries of the same name apart.
QStringList detailFields(const QString &collection)
{
    if (collection == QLatin1String("clients"))
        return {QStringLiteral("company"), QStringLiteral("email")};
    if (collection == QLatin1String("users"))
        return {QStringLiteral("email")};
    if (collection == QLatin1String("tariffs"))
        return {QStringLiteral("currency")};
    return {};
}

CacheQuery nameQuery(const QString &connection, const QString &collection)
{
    CacheQuery query(connection, collection);
    query.setFields(QStringList{CollectionFields::nameField()} + detailFields(collection));
    return query;
}

QStringList detailsOf(const CacheQuery::Row &row)
{
    QStringList out;
    for (qsizetype i = 1; i < row.values.size(); ++i) {
        const QString value = row.values.at(i).toString();
        if (!value.isEmpty())
            out.append(value);
    }
    return out;
}
} // namespace

NameLookup::NameLookup(CacheReader *reader, QObject *parent)
    : QObject(parent)
    , m_reader(reader)
{
    connect(m_reader, &CacheReader::documentsChanged, this, &NameLookup::onDocumentsChanged);
    connect(m_reader, &CacheReader::collectionReset, this, &NameLookup::load);
    // Read before any table asks: the reader answers in order, so the names
    // are in before the first page that shows them.
    for (const QString &c : Protocol::collectionNames()) {
        if (isKept(c))
            load(c);
    }
}

bool NameLookup::isKept(const QString &collection)
{
    return CollectionFields::isReferenced(collection) || collection == QLatin1String("users");
}

QString NameLookup::name(const QString &collection, const QString &id) const
{
    return m_names.value(collection).value(id);
}

QHash<QString, QString> NameLookup::names(const QString &collection) const
{
    return m_names.value(collection);
}

QStringList NameLookup::details(const QString &collection, const QString &id) const
{
    return m_details.value(collection).value(id);
}

void NameLookup::load(const QString &collection)
{
    if (!isKept(collection))
        return;
    const quint64 generation = ++m_generation[collection];
    m_reader->read(
        this,
        [collection](const QString &connection) -> std::optional<Entries> {
            const CacheQuery query = nameQuery(connection, collection);
            // Paged by id; a page bound keeps any one statement short.
            Entries entries;
            std::optional<CacheQuery::Key> after;
            for (;;) {
                const auto rows = query.page(after, pageRows);
                if (!rows) {
                    qCWarning(lcLookup)
                        << "cannot read names of" << collection << query.errorString();
                    return std::nullopt;
                }
                for (const CacheQuery::Row &row : *rows) {
                    entries.names.insert(row.key.id, row.values.value(0).toString());
                    entries.details.insert(row.key.id, detailsOf(row));
                }
                if (rows->size() < pageRows)
                    return entries;
                after = rows->constLast().key;
            }
        },
        [this, collection, generation](const std::optional<Entries> &entries) {
            if (!entries || generation != m_generation.value(collection))
                return;
            m_names.insert(collection, entries->names);
            m_details.insert(collection, entries->details);
            m_loaded.insert(collection, true);
            emit namesChanged(collection);
        });
}

void NameLookup::onDocumentsChanged(const QString &collection, const CacheChangeSet &changes)
{
    if (!isKept(collection))
        return;
    // Removed ids are read too: the answer (in order after any load) says
    // which of them exist now.
    const QStringList ids = changes.inserted + changes.updated + changes.removed;
    const quint64 generation = m_generation.value(collection);
    m_reader->read(
        this,
        [collection, ids](const QString &connection) {
            return nameQuery(connection, collection).rowsByIds(ids);
        },
        [this, collection, ids, generation](const std::optional<QList<CacheQuery::Row>> &rows) {
            if (!rows || generation != m_generation.value(collection))
                return;
            Names &names = m_names[collection];
            Details &details = m_details[collection];
            QHash<QString, const CacheQuery::Row *> now;
            for (const CacheQuery::Row &row : *rows)
                now.insert(row.key.id, &row);
            bool changed = false;
            for (const QString &id : ids) {
                const auto it = now.constFind(id);
                if (it == now.constEnd()) {
                    changed |= names.remove(id) > 0;
                    details.remove(id);
                    continue;
                }
                const QString name = (*it)->values.value(0).toString();
                const QStringList detail = detailsOf(**it);
                if (!names.contains(id) || names.value(id) != name || details.value(id) != detail) {
                    names.insert(id, name);
                    details.insert(id, detail);
                    changed = true;
                }
            }
            if (changed)
                emit namesChanged(collection);
        });
}
