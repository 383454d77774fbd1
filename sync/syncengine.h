#pragma once

// Drives a sync: a delta round for every collection, then the live stream,
// reconnecting with backoff and jitter on network errors and 5xx. No SQL and
// no widgets: the CacheStore writes, the UI listens to it. When a page or the
// stream's connected frame names another database id than the cursors
// belong to (the server's database was restored or replaced), every cursor
// is dropped and every collection syncs in full; the cache shows the old
// rows until each collection's new set is complete.

#include "apierror.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <random>

class ApiClient;
class CacheStore;
class DeltaFetcher;
class EventStreamClient;
class SyncState;
class SyncStats;
class QTimer;
struct StreamChange;

class SyncEngine : public QObject
{
    Q_OBJECT
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
public:
    enum class State { Offline, Connecting, Syncing, Live, Error };
    Q_ENUM(State)

    SyncEngine(ApiClient *api,
               CacheStore *cache,
               SyncState *state,
               SyncStats *stats,
               QObject *parent = nullptr);
    ~SyncEngine() override;

    State state() const { return m_state; }
    QString errorString() const { return m_errorString; }
    ApiError lastError() const { return m_lastError; }
    // When the next attempt after a failure runs (UTC); invalid while none
    // is scheduled. The GUI counts down to it and offers to retry now.
    QDateTime retryDue() const;

    // Rounds run in this order. Default: all five, the referenced ones
    // (clients, roles, tariffs) first.
    void setCollections(const QStringList &collections);
    QStringList collections() const { return m_collections; }
    void setHeartbeatInterval(int ms);
    void setPageLimit(int limit) { m_pageLimit = limit; }
    // Backoff after a transient error: min * 2^n capped at max, +-50% jitter.
    void setBackoff(int minMs, int maxMs);
    // Live stream after the first round (start()); off for one-shot use.
    void setLiveEnabled(bool on) { m_liveEnabled = on; }

    void start(); // delta round for every collection, then the live stream; reconnects by itself
    void stop();
    void refresh();                         // F5: delta round now
    void resync(const QString &collection); // clear that cursor, full sync (old rows stay until done)
    void logout(); // revoke token (best effort), clear cursors + token, wipe cache; emits loggedOut
    // One delta round of every collection, no stream, no retry: roundsFinished tells.
    void syncOnce();
    QDateTime lastSynced() const
    {
        return m_lastSynced;
    } // server time of the latest successful round

    EventStreamClient *streamClient() const { return m_stream; }

signals:
    void stateChanged(SyncEngine::State state);
    void loginRequired(const QString &reason); // 401/403: token and cursors already cleared
    // A failure was met: the next attempt runs at `due` (UTC) unless
    // refresh() comes first. The state (Offline or Error) is already set.
    void retryScheduled(const QDateTime &due);
    void fullSyncProgress(const QString &collection,
                          qint64 documents,
                          qint64 bytes,
                          qint64 total);           // total -1 if unknown
    void roundFinished(const QString &collection); // a delta/full round for it was applied
    void changesApplied(const QString &collection, int count); // stream batch applied
    void loggedOut();
    // Every collection of a round (start/refresh/resync/syncOnce) is done; ok
    // false when one failed (errorString() says why).
    void roundsFinished(bool ok);
    // The server's database is another one than the cursors belong to: a
    // full resync of every collection follows.
    void databaseReplaced(const QString &reason);

private:
    void setState(State state, const QString &error = {});
    void flushState();
    void runRounds(const QStringList &collections, const QStringList &forceFull);
    void startNextFetch();
    void onFetcherFinished(DeltaFetcher *fetcher);
    void onRoundsDone();
    void startStream();
    void onStreamChanges(const QList<StreamChange> &changes);
    void onStreamDisconnected(int httpStatus, const QString &reason);
    void onStreamInvalidMessage(const QString &reason);
    void onStreamConnected(const QString &cursor, const QDateTime &at, const QString &databaseId);
    void forgetDatabase(const QString &newDatabaseId);
    void handleAuthFailure(const QString &reason, bool duringRound);
    void scheduleRetry(const QString &reason);
    QString resumeCursor() const;

    ApiClient *m_api;
    CacheStore *m_cache;
    SyncState *m_syncState;
    SyncStats *m_stats;
    EventStreamClient *m_stream;
    QTimer *m_retryTimer;
    QTimer *m_flushTimer; // stream positions reach SyncState at most once a second
    struct PendingState
    {
        QString cursor;
        QDateTime lastSync;
    };
    QHash<QString, PendingState> m_pendingState;
    QStringList m_collections;
    QStringList m_pending;   // collections still to fetch in this round
    QStringList m_forceFull; // collections to fetch full in this round
    QPointer<DeltaFetcher> m_fetcher;
    State m_state = State::Offline;
    QString m_errorString;
    QDateTime m_retryDue;
    ApiError m_lastError = ApiError::NoError;
    QDateTime m_lastSynced;
    bool m_running = false; // start() was called and not stopped
    bool m_liveEnabled = true;
    bool m_roundFailed = false;
    bool m_timestampMode = false;
    bool m_rerunRequested = false;
    QStringList m_rerunForceFull;
    int m_pageLimit = 1000;
    int m_failures = 0;
    int m_backoffMinMs = 1000;
    int m_backoffMaxMs = 60000;
    std::mt19937 m_rng;
};
