#pragma once

// When a referenced document's name changes (a client renamed, a tariff
// deleted), the documents showing that name get new search text and a new
// sort key for that column, in the writer's open transaction; they are
// reported as updated. Renames are rare, so the statements are prepared per
// call.

#include <QHash>
#include <QSet>
#include <QString>

class CacheNames;
struct CacheChangeSet;

class CacheReferenceRefresh
{
public:
    CacheReferenceRefresh(const QString &connectionName, CacheNames *names);

    // `ids` of `referenced` changed their name; the documents showing them
    // are added to `updated` (collection -> their ids). false +
    // errorString() on an SQL failure (the caller rolls back).
    bool run(const QString &referenced,
             const QSet<QString> &ids,
             QHash<QString, CacheChangeSet> *updated);
    QString errorString() const { return m_errorString; }

private:
    bool fail(const QString &error, const QString &sql);
    qint64 indexedUpto(const QString &collection);

    QString m_connectionName;
    CacheNames *m_names;
    QString m_errorString;
};
