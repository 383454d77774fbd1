#pragma once

// The GUI's handle on syncing. The SyncEngine, its ApiClient (with its own
// QNetworkAccessManager), EventStreamClient, DeltaFetchers and every cache
// write run on one sync thread (SyncWorker); this facade lives on the GUI
// thread, forwards calls to that thread by queued calls and re-emits what
// the engine says as the same signals SyncEngine has, with the state the
// engine had when it said it (state(), errorString(), lastSynced()). The
// GUI never waits for the sync thread. deltadesk-sync uses SyncEngine
// directly, on its main thread.
//
// The cache itself lives on the sync thread: cache() is for connecting to
// its change signals (CacheReader::watch), never for calling it.

#include "apierror.h"
#include "syncengine.h"

#include <QDateTime>
#include <QObject>
#include <QString>
#include <QUrl>

#include <functional>

class CacheStore;
class QThread;
class SyncStats;
class SyncWorker;

class SyncController : public QObject
{
    Q_OBJECT
public:
    explicit SyncController(QObject *parent = nullptr);
    ~SyncController() override; // stops the engine and joins the sync thread

    // Opens <stateDir>/settings.ini and the cache (default
    // <stateDir>/cache.sqlite) on the sync thread, and the statistics
    // journal. -> opened()
    void open(const QString &stateDir, const QString &cachePath = {});
    bool isOpen() const { return m_open; }
    QString cachePath() const { return m_cachePath; }
    const CacheStore *cache() const { return m_cache; }
    // A copy on the GUI thread, kept current round by round.
    SyncStats *stats() const { return m_stats; }

    SyncEngine::State state() const { return m_state; }
    QString errorString() const { return m_errorString; }
    ApiError lastError() const { return m_lastError; }
    QDateTime lastSynced() const { return m_lastSynced; }
    // When the next attempt runs after a failure (UTC), invalid when none is
    // due; and since when the server has been out of reach (UTC), invalid
    // while connected.
    QDateTime retryDue() const;
    QDateTime offlineSince() const { return m_offlineSince; }

    void setBaseUrl(const QUrl &url);
    void setToken(const QByteArray &token);
    void setBackoff(int minMs, int maxMs);
    void setHeartbeatInterval(int ms);
    void setPageLimit(int limit);
    void setLiveEnabled(bool on);

    void start();
    void stop();
    void refresh();
    void resync(const QString &collection);
    void logout(); // revokes, clears cursors and token, wipes the cache -> loggedOut

signals:
    void opened(bool ok, const QString &error);
    void stateChanged(SyncEngine::State state);
    void loginRequired(const QString &reason);
    void retryScheduled(const QDateTime &due);
    void fullSyncProgress(const QString &collection, qint64 documents, qint64 bytes, qint64 total);
    void roundFinished(const QString &collection);
    void changesApplied(const QString &collection, int count);
    void loggedOut();
    void roundsFinished(bool ok);

private:
    void onEngine(const std::function<void(SyncEngine *)> &call);
    void takeSnapshot(SyncEngine::State state,
                      const QString &error,
                      ApiError lastError,
                      const QDateTime &lastSynced);

    QThread *m_thread;
    CacheStore *m_cache;
    SyncWorker *m_worker;
    SyncStats *m_stats;
    QString m_cachePath;
    bool m_open = false;
    SyncEngine::State m_state = SyncEngine::State::Offline;
    QString m_errorString;
    ApiError m_lastError = ApiError::NoError;
    QDateTime m_lastSynced;
    QDateTime m_retryDue;
    QDateTime m_offlineSince;
};
