#include "namelookup.h"

#include "cachequery.h"
#include "cachestore.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcLookup, "deltadesk.ui.lookup")

namespace {
const QString nameField = QStringLiteral("name");
}

NameLookup::NameLookup(CacheStore *cache, QObject *parent)
    : QObject(parent)
    , m_cache(cache)
{
    connect(m_cache, &CacheStore::documentsChanged, this, &NameLookup::onDocumentsChanged);
    connect(m_cache, &CacheStore::collectionReset, this, &NameLookup::onCollectionReset);
}

QString NameLookup::name(const QString &collection, const QString &id) const
{
    auto it = m_names.constFind(collection);
    if (it == m_names.constEnd()) {
        load(collection);
        it = m_names.constFind(collection);
    }
    return it->value(id);
}

void NameLookup::load(const QString &collection) const
{
    QHash<QString, QString> &names = m_names[collection];
    CacheQuery query(m_cache->connectionName(), collection);
    query.setFields({nameField});
    // Page through by id; referenced collections are small, but a page bound
    // keeps any one query short.
    std::optional<CacheQuery::Key> after;
    for (;;) {
        const auto rows = query.page(after, 5000);
        if (!rows) {
            qCWarning(lcLookup) << "cannot read names of" << collection << query.errorString();
            return;
        }
        for (const CacheQuery::Row &row : *rows)
            names.insert(row.key.id, row.values.value(0).toString());
        if (rows->size() < 5000)
            return;
        after = rows->constLast().key;
    }
}

void NameLookup::onDocumentsChanged(const QString &collection, const CacheChangeSet &changes)
{
    auto it = m_names.find(collection);
    if (it == m_names.end())
        return; // never asked for: nothing to keep current
    bool changed = false;
    for (const QString &id : changes.removed)
        changed |= it->remove(id);
    QStringList touched = changes.inserted + changes.updated;
    if (!touched.isEmpty()) {
        CacheQuery query(m_cache->connectionName(), collection);
        query.setFields({nameField});
        const auto rows = query.rowsByIds(touched);
        if (rows) {
            for (const CacheQuery::Row &row : *rows) {
                const QString name = row.values.value(0).toString();
                auto old = it->find(row.key.id);
                if (old == it->end() || *old != name) {
                    it->insert(row.key.id, name);
                    changed = true;
                }
            }
        }
    }
    if (changed)
        emit namesChanged(collection);
}

void NameLookup::onCollectionReset(const QString &collection)
{
    if (m_names.remove(collection))
        emit namesChanged(collection);
}
