#pragma once

// The writer's view of the names other documents show in place of a
// referenced id (clientId -> the client's name): read from its own
// connection on first use, then kept current by CacheStore as it writes
// the referenced collections. Not a QObject; one per CacheStore.

#include <QHash>
#include <QString>

class CacheNames
{
public:
    explicit CacheNames(const QString &connectionName);

    // The name, or an empty string when the document is not cached (yet).
    QString name(const QString &collection, const QString &id);
    void set(const QString &collection, const QString &id, const QString &name);
    void remove(const QString &collection, const QString &id);
    // Forgets what was read (after a rollback or a wholesale replace): the
    // next name() reads the table again.
    void invalidate(const QString &collection = {});

private:
    QHash<QString, QString> &load(const QString &collection);

    QString m_connectionName;
    QHash<QString, QHash<QString, QString>> m_names; // collection -> id -> name
};
