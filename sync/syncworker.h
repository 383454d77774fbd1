#pragma once

// SyncController's half on the sync thread: it owns everything that syncs
// (the settings the sync state lives in, the ApiClient and its
// QNetworkAccessManager, the SyncEngine with its EventStreamClient and
// DeltaFetchers, the statistics and their journal) and drives the
// CacheStore it was given. Everything is created in and runs on that
// thread; what the GUI needs to know leaves by queued signals carrying
// values, a snapshot of the engine's state with each.

#include "apierror.h"
#include "syncengine.h"
#include "syncstats.h"

#include <QDateTime>
#include <QJsonObject>
#include <QObject>
#include <QUrl>

#include <memory>

class ApiClient;
class CacheStore;
class QSettings;
class SyncState;
class SyncStatsJournal;

class SyncWorker : public QObject
{
    Q_OBJECT
public:
    struct Snapshot
    {
        SyncEngine::State state = SyncEngine::State::Offline;
        QString errorString;
        ApiError lastError = ApiError::NoError;
        QDateTime lastSynced;
        QDateTime retryDue; // UTC; invalid while no retry is scheduled
    };

    explicit SyncWorker(CacheStore *cache); // no parent: moved to the sync thread
    ~SyncWorker() override;

    // On the sync thread (queued calls from SyncController).
    void open(const QString &stateDir, const QString &cachePath);
    void shutdown(); // stops, closes the cache, ends the thread

    SyncEngine *engine() const { return m_engine; }
    ApiClient *api() const { return m_api; }

signals:
    void opened(bool ok, const QString &error);
    void statsRestored(const QJsonObject &rounds);
    void roundRecorded(const SyncRound &round);
    void stateChanged(const SyncWorker::Snapshot &snapshot);
    void loginRequired(const QString &reason);
    void fullSyncProgress(const QString &collection, qint64 documents, qint64 bytes, qint64 total);
    void roundFinished(const QString &collection, const SyncWorker::Snapshot &snapshot);
    void changesApplied(const QString &collection, int count);
    void loggedOut();
    void roundsFinished(bool ok, const SyncWorker::Snapshot &snapshot);

private:
    Snapshot snapshot() const;

    CacheStore *m_cache;
    std::unique_ptr<QSettings> m_settings;
    SyncState *m_state = nullptr;
    ApiClient *m_api = nullptr;
    SyncStats *m_stats = nullptr;
    SyncStatsJournal *m_journal = nullptr;
    SyncEngine *m_engine = nullptr;
};
Q_DECLARE_METATYPE(SyncWorker::Snapshot)
