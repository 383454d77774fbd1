#pragma once

// The local SQLite cache (QSQLite, WAL; schema in cacheschema.h): one table
// docs_<collection> per collection, keyed by _id, with the seq and version
// each document came with, the sort keys of its shown fields and the text
// the filter searches. The only class in the program that writes documents.
// Every write batch runs in one BEGIN IMMEDIATE transaction and, once
// committed, listeners are told the exact ids inserted, updated and removed
// (a renamed client also reports its events, whose shown name changed).
//
// Threads: a CacheStore and its connection belong to the thread that opened
// it; in the desktop app that is the sync thread, never the GUI thread (a
// debug build asserts it, and every build warns). Other threads connect to
// its signals, which carry values, and read through their own connection
// (CacheReader).

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QSet>
#include <QStringList>

#include <memory>
#include <optional>

class CacheFullReplace;
class CacheNames;
class CacheSearchIndexer;
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

    // Creates or migrates the schema; false + errorString() on failure.
    bool open(const QString &filePath);
    void close();
    bool isOpen() const;
    QString errorString() const { return m_errorString; }
    QString connectionName() const { return m_connectionName; }
    QString filePath() const { return m_filePath; }

    qint64 count(const QString &collection) const;
    std::optional<QJsonObject> document(const QString &collection, const QString &id) const;
    // Every document of a collection sorted by _id (dump, tests).
    QList<QJsonObject> documents(const QString &collection) const;
    // Sum of the stored bodies' sizes (for the full-fetch estimate of SyncStats).
    qint64 bodyBytes(const QString &collection) const;
    // The seq of the last change applied to the collection, 0 when none.
    qint64 storedCursor(const QString &collection) const;
    // false while rows of a wholesale replace are still being added to the
    // search index (in steps, see searchIndexCompleted()).
    bool isSearchIndexComplete(const QString &collection) const;

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
    void searchIndexCompleted(const QString &collection);

private:
    // What one transaction changed beyond its own collection: referenced
    // documents whose name changed, and the documents showing that name.
    struct Batch
    {
        qint64 indexedUpto = 0; // of the batch's collection: rows above are not in the index
        QSet<QString> renamed;
        QHash<QString, CacheChangeSet> referencing; // collection -> documents showing a new name
    };

    bool isWritable(const char *what);
    bool createSchema();
    QSqlQuery *prepared(const QString &sql) const;
    // The statements every batch runs per document, prepared once per
    // collection (their SQL is built once too).
    struct Statements
    {
        QSqlQuery *select = nullptr; // version, body, rid, ftext by id
        QSqlQuery *upsert = nullptr;
        QSqlQuery *remove = nullptr; // RETURNING rid, ftext
        QSqlQuery *queue = nullptr;  // for the search index
    };
    const Statements *statements(const QString &collection) const;
    void clearStatements() const;
    bool exec(const QString &sql);
    bool fail(const QSqlQuery &query);
    bool failTransaction(const QString &error);
    bool upsert(const QString &collection,
                const QJsonObject &doc,
                qint64 seq,
                CacheChangeSet *changes,
                Batch *batch);
    bool remove(const QString &collection, const QString &id, CacheChangeSet *changes, Batch *batch);
    bool refreshReferencing(const QString &referenced, const QSet<QString> &ids, Batch *batch);
    bool setStoredCursor(const QString &collection, qint64 cursor);
    qint64 indexedUpto(const QString &collection) const;
    // Queues a written row for the search index: `indexed` is the text the
    // index holds for it (null: none).
    bool queueForIndex(const QString &collection, qint64 rid, const QString &indexed);
    void announce(const QString &collection, const CacheChangeSet &changes, const Batch &batch);

    QString m_connectionName;
    QString m_filePath;
    QString m_errorString;
    int m_resetThreshold = 50000;
    mutable QHash<QString, std::shared_ptr<QSqlQuery>> m_queries; // prepared-query cache
    mutable QHash<QString, Statements> m_statements;              // into m_queries
    const std::unique_ptr<CacheNames> m_names;
    const std::unique_ptr<CacheFullReplace> m_fullReplace; // staging and swap
    CacheSearchIndexer *m_indexer; // the search index follows writes in steps
};
