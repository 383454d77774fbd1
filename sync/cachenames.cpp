#include "cachenames.h"

#include "cacheschema.h"
#include "cachestore_p.h"
#include "collectionfields.h"

#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

CacheNames::CacheNames(const QString &connectionName)
    : m_connectionName(connectionName)
{}

QHash<QString, QString> &CacheNames::load(const QString &collection)
{
    auto it = m_names.find(collection);
    if (it != m_names.end())
        return *it;
    QHash<QString, QString> &names = m_names[collection];
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.setForwardOnly(true);
    // Referenced collections are small (hundreds of documents).
    if (!query.exec(QStringLiteral("SELECT id, json_extract(body, '$.%1') FROM %2")
                        .arg(CollectionFields::nameField(), CacheSchema::docsTable(collection)))) {
        qCWarning(lcCache) << "cannot read the names of" << collection << query.lastError().text();
        return names;
    }
    while (query.next())
        names.insert(query.value(0).toString(), query.value(1).toString());
    return names;
}

QString CacheNames::name(const QString &collection, const QString &id)
{
    return load(collection).value(id);
}

void CacheNames::set(const QString &collection, const QString &id, const QString &name)
{
    auto it = m_names.find(collection);
    if (it != m_names.end())
        it->insert(id, name);
}

void CacheNames::remove(const QString &collection, const QString &id)
{
    auto it = m_names.find(collection);
    if (it != m_names.end())
        it->remove(id);
}

void CacheNames::invalidate(const QString &collection)
{
    if (collection.isEmpty())
        m_names.clear();
    else
        m_names.remove(collection);
}
