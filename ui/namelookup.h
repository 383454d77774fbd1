#pragma once

// Names behind the ids one document holds of another (clientId -> the
// client's name), for the GUI: the referenced collections (clients,
// tariffs, roles, a few hundred documents each) are read on the reader
// thread as soon as the lookup exists, and kept current from the cache's
// change signals. name() never reads: until the names arrive it answers
// empty, and namesChanged() says when they did. Users are kept too (the
// staffing of an event names them), and each entry carries the fields that
// tell namesakes apart (a client's company and email) for the pickers.

#include <QHash>
#include <QObject>
#include <QString>
#include <QStringList>

class CacheReader;
struct CacheChangeSet;

class NameLookup : public QObject
{
    Q_OBJECT
public:
    explicit NameLookup(CacheReader *reader, QObject *parent = nullptr);

    // The referenced document's "name", or an empty string when it is not
    // in the cache (or not read yet).
    QString name(const QString &collection, const QString &id) const;
    // id -> name of a referenced collection, as far as read.
    QHash<QString, QString> names(const QString &collection) const;
    bool isLoaded(const QString &collection) const { return m_loaded.value(collection); }
    // The distinguishing fields of an entry (clients: company, email; users:
    // email; tariffs: currency), those that are set, in that order.
    QStringList details(const QString &collection, const QString &id) const;
    // The collections kept here: the referenced ones and users.
    static bool isKept(const QString &collection);

signals:
    void namesChanged(const QString &collection);

private:
    using Names = QHash<QString, QString>;
    using Details = QHash<QString, QStringList>;
    struct Entries
    {
        Names names;
        Details details;
    };
    void load(const QString &collection);
    void onDocumentsChanged(const QString &collection, const CacheChangeSet &changes);

    CacheReader *m_reader;
    QHash<QString, Names> m_names;        // collection -> id -> name
    QHash<QString, Details> m_details;    // collection -> id -> distinguishing fields
    QHash<QString, bool> m_loaded;        // the whole collection was read
    QHash<QString, quint64> m_generation; // a reset makes earlier answers stale
};
