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

CacheQuery nameQuery(const QString &connection, const QString &collection)
{
    CacheQuery query(connection, collection);
    query.setFields({CollectionFields::nameField()});
    return query;
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
        if (CollectionFields::isReferenced(c))
            load(c);
    }
}

QString NameLookup::name(const QString &collection, const QString &id) const
{
    return m_names.value(collection).value(id);
}

QHash<QString, QString> NameLookup::names(const QString &collection) const
{
    return m_names.value(collection);
}

void NameLookup::load(const QString &collection)
{
    if (!CollectionFields::isReferenced(collection))
        return;
    const quint64 generation = ++m_generation[collection];
    m_reader->read(
        this,
        [collection](const QString &connection) -> std::optional<Names> {
            const CacheQuery query = nameQuery(connection, collection);
            // Paged by id; a page bound keeps any one statement short.
            Names names;
            std::optional<CacheQuery::Key> after;
            for (;;) {
                const auto rows = query.page(after, pageRows);
                if (!rows) {
                    qCWarning(lcLookup)
                        << "cannot read names of" << collection << query.errorString();
                    return std::nullopt;
                }
                for (const CacheQuery::Row &row : *rows)
                    names.insert(row.key.id, row.values.value(0).toString());
                if (rows->size() < pageRows)
                    return names;
                after = rows->constLast().key;
            }
        },
        [this, collection, generation](const std::optional<Names> &names) {
            if (!names || generation != m_generation.value(collection))
                return;
            m_names.insert(collection, *names);
            m_loaded.insert(collection, true);
            emit namesChanged(collection);
        });
}

void NameLookup::onDocumentsChanged(const QString &collection, const CacheChangeSet &changes)
{
    if (!CollectionFields::isReferenced(collection))
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
            Names now;
            for (const CacheQuery::Row &row : *rows)
                now.insert(row.key.id, row.values.value(0).toString());
            bool changed = false;
            for (const QString &id : ids) {
                const auto it = now.constFind(id);
                if (it == now.constEnd()) {
                    changed |= names.remove(id) > 0;
                } else if (!names.contains(id) || names.value(id) != *it) {
                    names.insert(id, *it);
                    changed = true;
                }
            }
            if (changed)
                emit namesChanged(collection);
        });
}
