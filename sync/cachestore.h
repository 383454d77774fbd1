#pragma once

// The local SQLite cache (QSQLite, WAL): one table docs_<collection> per
// collection, keyed by _id, with the seq and version each document came with.
// The only class in the program that writes SQL. Every write batch runs in
// one BEGIN IMMEDIATE transaction and, once committed, listeners are told the
// exact ids inserted, updated and removed.

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QStringList>

#include <memory>
#include <optional>

class CacheFullReplace;
class QSqlQuery;

struct CacheChangeSet
{ // ids touched by one committed batch
    QStringList inserted, updated, removed;
    bool isEmpty() const { return inserted.isEmpty() && updated.isEmpty() && removed.isEmpty(); }
    int size() const { return int(inserted.size() + updated.size() + removed.size()); }
};
Q_DECLARE_METATYPE(CacheChangeSet)

// One change from the live stream.
struct CacheChange
{
    enum class Op { Upsert, Remove };
    Op op = Op::Upsert;
    QString id;
    qint64 seq = 0;       // 0: unknown (timestamp mode), never skipped
    QJsonObject document; // Upsert only
};

class CacheStore : public QObject
{
    Q_OBJECT
public:
    explicit CacheStore(QObject *parent = nullptr);
    ~CacheStore() override;

    bool open(const QString &filePath); // creates/migrates schema; false + errorString() on failure
    void close();
    bool isOpen() const;
    QString errorString() const { return m_errorString; }
    QString connectionName() const { return m_connectionName; }

    qint64 count(const QString &collection) const;
    std::optional<QJsonObject> document(const QString &collection, const QString &id) const;
    // Every document of a collection sorted by _id (dump, tests).
    QList<QJsonObject> documents(const QString &collection) const;
    // Sum of the stored bodies' sizes (for the full-fetch estimate of SyncStats).
    qint64 bodyBytes(const QString &collection) const;
    // The seq of the last change applied to the collection, 0 when none.
    qint64 storedCursor(const QString &collection) const;

    // A delta page: documents upserted (a document never goes back to an
    // older version), `deleted` ids removed, the stored cursor raised to
    // `cursor` (when above it). One transaction.
    bool applyDelta(const QString &collection,
                    const QList<QJsonObject> &documents,
                    const QStringList &deleted,
                    qint64 cursor);
    // Stream changes of one collection: a change whose seq is not above the
    // stored cursor is skipped. One transaction.
    bool applyChanges(const QString &collection, const QList<CacheChange> &changes);

    // Full replace: pages go into a staging table while docs_<c> stays
    // readable; commit swaps in the new set in one transaction and reports the
    // exact diff; abort (or a failed command) leaves docs_<c> as it was.
    bool beginFullReplace(const QString &collection);
    bool stageDocuments(const QString &collection,
                        const QList<QJsonObject> &documents,
                        const QStringList &deleted);
    bool commitFullReplace(const QString &collection, qint64 cursor);
    void abortFullReplace(const QString &collection);

    bool wipe(); // logout: every collection emptied (emits collectionReset each)

    // Larger diffs than this are announced as collectionReset (default 50000).
    void setResetThreshold(int ids) { m_resetThreshold = ids; }

signals:
    void documentsChanged(const QString &collection, const CacheChangeSet &changes); // after commit
    void collectionReset(const QString &collection); // wipe, or a full replace too large to diff

private:
    bool createSchema();
    QSqlQuery *prepared(const QString &sql) const;
    bool exec(const QString &sql);
    bool fail(const QSqlQuery &query);
    bool upsert(const QString &table,
                const QJsonObject &doc,
                qint64 seq,
                bool versionGuard,
                CacheChangeSet *changes);
    bool remove(const QString &table, const QString &id, CacheChangeSet *changes);
    bool setStoredCursor(const QString &collection, qint64 cursor);

    QString m_connectionName;
    QString m_errorString;
    int m_resetThreshold = 50000;
    mutable QHash<QString, std::shared_ptr<QSqlQuery>> m_queries; // prepared-query cache
    const std::unique_ptr<CacheFullReplace> m_fullReplace;        // staging and swap
};
