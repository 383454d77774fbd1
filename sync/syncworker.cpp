#include "syncworker.h"

#include "apiclient.h"
#include "cachestore.h"
#include "syncstate.h"
#include "syncstatsjournal.h"

#include <QDir>
#include <QLoggingCategory>
#include <QSettings>
#include <QThread>

Q_LOGGING_CATEGORY(lcWorker, "deltadesk.sync.worker")

SyncWorker::SyncWorker(CacheStore *cache)
    : m_cache(cache)
{
    qRegisterMetaType<Snapshot>();
}

SyncWorker::~SyncWorker() = default;

SyncWorker::Snapshot SyncWorker::snapshot() const
{
    Snapshot s;
    if (m_engine) {
        s.state = m_engine->state();
        s.errorString = m_engine->errorString();
        s.lastError = m_engine->lastError();
        s.lastSynced = m_engine->lastSynced();
        s.retryDue = m_engine->retryDue();
    }
    return s;
}

void SyncWorker::open(const QString &stateDir, const QString &cachePath)
{
    // Its own QSettings on the state dir's file: QSettings objects on one
    // file share its contents within the process and are safe to use from
    // different threads.
    m_settings = std::make_unique<QSettings>(QDir(stateDir).filePath(
                                                 QStringLiteral("settings.ini")),
                                             QSettings::IniFormat);
    m_state = new SyncState(m_settings.get(), this);
    m_api = new ApiClient(this); // its QNetworkAccessManager is created here, on this thread
    m_stats = new SyncStats(this);
    m_engine = new SyncEngine(m_api, m_cache, m_state, m_stats, this);
    connect(m_stats, &SyncStats::roundRecorded, this, &SyncWorker::roundRecorded);
    connect(m_engine, &SyncEngine::stateChanged, this, [this] { emit stateChanged(snapshot()); });
    // A retry scheduled while the state stays the same (offline, offline
    // again) still reaches the GUI's countdown.
    connect(m_engine, &SyncEngine::retryScheduled, this, [this] { emit stateChanged(snapshot()); });
    connect(m_engine, &SyncEngine::loginRequired, this, &SyncWorker::loginRequired);
    connect(m_engine, &SyncEngine::fullSyncProgress, this, &SyncWorker::fullSyncProgress);
    connect(m_engine, &SyncEngine::roundFinished, this, [this](const QString &collection) {
        emit roundFinished(collection, snapshot());
    });
    connect(m_engine, &SyncEngine::changesApplied, this, &SyncWorker::changesApplied);
    connect(m_engine, &SyncEngine::loggedOut, this, &SyncWorker::loggedOut);
    connect(m_engine, &SyncEngine::roundsFinished, this, [this](bool ok) {
        emit roundsFinished(ok, snapshot());
    });

    if (!m_cache->open(cachePath)) {
        emit opened(false, m_cache->errorString());
        return;
    }
    // Statistics are a convenience: a damaged file costs the history, never the start.
    m_journal = new SyncStatsJournal(m_stats,
                                     QDir(stateDir).filePath(QStringLiteral("syncstats.json")),
                                     this);
    if (!m_journal->load())
        qCWarning(lcWorker) << "sync statistics not restored:" << m_journal->errorString();
    emit statsRestored(m_stats->toJson());
    emit opened(true, {});
}

void SyncWorker::shutdown()
{
    // In reverse order of creation, all on this thread: the engine stops
    // (flushing the stream positions), the network objects go, the cache's
    // connection is removed here, where it was made.
    if (m_engine) {
        m_engine->stop();
        delete m_engine;
        m_engine = nullptr;
    }
    delete m_journal;
    m_journal = nullptr;
    delete m_stats;
    m_stats = nullptr;
    delete m_api;
    m_api = nullptr;
    delete m_state;
    m_state = nullptr;
    if (m_settings)
        m_settings->sync();
    m_settings.reset();
    m_cache->close();
    delete m_cache;
    m_cache = nullptr;
    thread()->quit();
}
