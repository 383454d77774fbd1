#pragma once

// One sync round of one collection as a job: pages GET /api/<collection>
// (cursor preferred, lastSync as fallback, neither = full sync) into the
// CacheStore until hasMore is false. 410 turns into a full sync of the
// collection; invalid data clears its cursor and leaves the cache as it was.
// Also speaks the original design's dialect (no cursor/deleted/hasMore, or a
// bare array): then it runs in timestamp mode. A page whose databaseId
// differs from the one the cursors belong to is not applied: the fetcher
// finishes with CursorExpired and replacedDatabaseId() says the new id (the
// owner resyncs every collection); the first id heard is stored.

#include "apierror.h"
#include "syncstats.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

class ApiClient;
class ApiJob;
class CacheStore;
class SyncState;

class DeltaFetcher : public QObject
{
    Q_OBJECT
public:
    DeltaFetcher(ApiClient *api,
                 CacheStore *cache,
                 SyncState *state,
                 const QString &collection,
                 QObject *parent = nullptr);
    ~DeltaFetcher() override;

    void setPageLimit(int limit) { m_pageLimit = limit; }
    void setForceFull(bool full) { m_forceFull = full; } // ignore cursor and lastSync
    void setAutoDelete(bool autoDelete) { m_autoDelete = autoDelete; }
    // Used for SyncRound::fullEquivalentBytes.
    void setStats(const SyncStats *stats) { m_stats = stats; }

    void start();
    void abort();

    QString collection() const { return m_collection; }
    ApiError error() const { return m_error; }
    QString errorString() const { return m_errorString; }
    int httpStatus() const { return m_httpStatus; }
    bool wasFull() const { return m_full; }
    // The server spoke the original design's dialect (no cursor).
    bool timestampMode() const { return m_timestampMode; }
    SyncRound round() const { return m_round; } // valid after a successful finish
    QDateTime serverTimestamp() const { return m_serverTimestamp; }
    // The server's new database id when a page showed the database was
    // restored or replaced; empty otherwise.
    QString replacedDatabaseId() const { return m_replacedDatabaseId; }

signals:
    void finished(DeltaFetcher *fetcher);
    // Full sync progress; total -1 when the server did not say.
    void progressed(const QString &collection, qint64 documents, qint64 bytes, qint64 total);

private:
    void fetchPage();
    void fetchPageAfter(const QString &cursor);
    void onPageFinished(ApiJob *job);
    bool applyPage(const QJsonDocument &json, bool *hasMore);
    void restartFull();
    void finish(ApiError error, const QString &message);

    ApiClient *m_api;
    CacheStore *m_cache;
    SyncState *m_state;
    const SyncStats *m_stats = nullptr;
    QString m_collection;
    QPointer<ApiJob> m_job;
    int m_pageLimit = 1000;
    bool m_forceFull = false;
    bool m_full = false;
    bool m_staging = false;
    bool m_timestampMode = false;
    bool m_autoDelete = true;
    bool m_finished = false;
    bool m_restartedFull = false;
    QString m_cursor;     // the position of the next page
    QDateTime m_lastSync; // timestamp mode
    QDateTime m_serverTimestamp;
    QString m_replacedDatabaseId;
    qint64 m_total = -1;
    ApiError m_error = ApiError::NoError;
    QString m_errorString;
    int m_httpStatus = 0;
    SyncRound m_round;
    QElapsedTimer m_clock;
};
