#pragma once

// The staging half of CacheStore's full replace: pages go into stage_<c>
// while docs_<c> stays readable, then swapIn() works out the exact diff and
// brings the new set into docs_<c>. Every write runs inside the caller's
// transaction (CacheStore opens it, sets the cursor and emits). Not a QObject:
// CacheStore owns one per connection.

#include <QList>
#include <QString>
#include <QStringList>

#include <memory>

class CacheNames;
class QJsonObject;
class QSqlQuery;
struct CacheChangeSet;

class CacheFullReplace
{
public:
    explicit CacheFullReplace(const QString &connectionName);
    ~CacheFullReplace();
    CacheFullReplace(const CacheFullReplace &) = delete;
    CacheFullReplace &operator=(const CacheFullReplace &) = delete;

    // An empty stage_<collection>, outside any transaction.
    bool begin(const QString &collection);
    // Rows with their sort keys and search text, references named by `names`.
    bool stage(const QString &collection,
               const QList<QJsonObject> &documents,
               const QStringList &deleted,
               CacheNames *names);
    // Fills `changes` with the diff against docs_<collection>, then swaps the
    // tables (most rows changed; *swapped: the search index must be rebuilt)
    // or applies just the diff. The caller must hold no other statement on
    // either table.
    bool swapIn(const QString &collection, CacheChangeSet *changes, bool *swapped);
    void abort(const QString &collection);
    // Finalises the prepared statements (before a DROP, or the connection
    // closing).
    void reset();

    QString errorString() const { return m_errorString; }

private:
    bool prepareFor(const QString &collection);
    bool exec(const QString &sql);
    bool fail(const QSqlQuery &query);
    bool dropOrEmpty(const QString &table);
    bool swapTables(const QString &collection, bool *swapped);
    bool copyDiff(const QString &collection);

    QString m_connectionName;
    QString m_errorString;
    QString m_preparedFor; // collection the statements below were prepared for
    std::unique_ptr<QSqlQuery> m_insert;
    std::unique_ptr<QSqlQuery> m_remove;
};
