#pragma once

// Names behind the ids one document holds of another (clientId -> the
// client's name): read from the cache on first use and kept current from
// CacheStore's change signals. Only the small referenced collections
// (clients, tariffs, roles) are held, as id -> name.

#include <QHash>
#include <QObject>
#include <QSet>
#include <QString>

class CacheStore;
struct CacheChangeSet;

class NameLookup : public QObject
{
    Q_OBJECT
public:
    explicit NameLookup(CacheStore *cache, QObject *parent = nullptr);

    // The referenced document's "name", or an empty string when it is not
    // in the cache (yet).
    QString name(const QString &collection, const QString &id) const;

signals:
    void namesChanged(const QString &collection);

private:
    void load(const QString &collection) const;
    void onDocumentsChanged(const QString &collection, const CacheChangeSet &changes);
    void onCollectionReset(const QString &collection);

    CacheStore *m_cache;
    mutable QHash<QString, QHash<QString, QString>> m_names; // collection -> id -> name
};
