#include "synccontroller.h"

#include "apiclient.h"
#include "cachestore.h"
#include "syncstats.h"
#include "syncworker.h"

#include <QDir>
#include <QThread>

SyncController::SyncController(QObject *parent)
    : QObject(parent)
    , m_thread(new QThread(this))
    , m_cache(new CacheStore)
    , m_worker(new SyncWorker(m_cache))
    , m_stats(new SyncStats(this))
{
    m_thread->setObjectName(QStringLiteral("sync"));
    // Neither has a parent: both move to the sync thread, where the cache
    // opens its connection and the worker creates everything else.
    m_cache->moveToThread(m_thread);
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);

    connect(m_worker, &SyncWorker::opened, this, [this](bool ok, const QString &error) {
        m_open = ok;
        emit opened(ok, error);
    });
    connect(m_worker, &SyncWorker::statsRestored, m_stats, &SyncStats::restore);
    connect(m_worker, &SyncWorker::roundRecorded, m_stats, &SyncStats::record);
    connect(m_worker, &SyncWorker::stateChanged, this, [this](const SyncWorker::Snapshot &s) {
        const bool changed = s.state != m_state;
        const bool newRetry = s.retryDue.isValid() && s.retryDue != m_retryDue;
        takeSnapshot(s.state, s.errorString, s.lastError, s.lastSynced);
        m_retryDue = s.retryDue;
        if (changed)
            emit stateChanged(s.state);
        if (newRetry)
            emit retryScheduled(m_retryDue);
    });
    connect(m_worker, &SyncWorker::loginRequired, this, &SyncController::loginRequired);
    connect(m_worker, &SyncWorker::fullSyncProgress, this, &SyncController::fullSyncProgress);
    connect(m_worker,
            &SyncWorker::roundFinished,
            this,
            [this](const QString &collection, const SyncWorker::Snapshot &s) {
                takeSnapshot(m_state, s.errorString, s.lastError, s.lastSynced);
                emit roundFinished(collection);
            });
    connect(m_worker, &SyncWorker::changesApplied, this, &SyncController::changesApplied);
    connect(m_worker, &SyncWorker::loggedOut, this, &SyncController::loggedOut);
    connect(m_worker,
            &SyncWorker::roundsFinished,
            this,
            [this](bool ok, const SyncWorker::Snapshot &s) {
                takeSnapshot(m_state, s.errorString, s.lastError, s.lastSynced);
                emit roundsFinished(ok);
            });
    m_thread->start();
}

SyncController::~SyncController()
{
    // The worker stops the engine and closes the cache on its own thread,
    // then ends it; this waits for that (at quit or logout, never while the
    // window is in use).
    QMetaObject::invokeMethod(m_worker, &SyncWorker::shutdown, Qt::QueuedConnection);
    m_thread->wait();
}

void SyncController::takeSnapshot(SyncEngine::State state,
                                  const QString &error,
                                  ApiError lastError,
                                  const QDateTime &lastSynced)
{
    // Only the thread's own state changes reach here, in the order the
    // engine emitted them.
    // Offline since the first failure after being connected (or since the
    // start, for a start without the server), not since the latest retry.
    const bool wasDown = m_offlineSince.isValid();
    const bool isDown = state == SyncEngine::State::Offline || state == SyncEngine::State::Error;
    if (isDown && !wasDown && !error.isEmpty())
        m_offlineSince = QDateTime::currentDateTimeUtc();
    else if (state == SyncEngine::State::Live)
        m_offlineSince = {};
    m_state = state;
    m_errorString = error;
    m_lastError = lastError;
    if (lastSynced.isValid())
        m_lastSynced = lastSynced;
}

void SyncController::open(const QString &stateDir, const QString &cachePath)
{
    m_cachePath = cachePath.isEmpty() ? QDir(stateDir).filePath(QStringLiteral("cache.sqlite"))
                                      : cachePath;
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, stateDir, path = m_cachePath] {
        worker->open(stateDir, path);
    });
}

void SyncController::onEngine(const std::function<void(SyncEngine *)> &call)
{
    // Queued behind open(), in call order; a call before open() finds no
    // engine and is dropped.
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, call] {
        if (worker->engine())
            call(worker->engine());
    });
}

void SyncController::setBaseUrl(const QUrl &url)
{
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, url] {
        if (worker->api())
            worker->api()->setBaseUrl(url);
    });
}

void SyncController::setToken(const QByteArray &token)
{
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, token] {
        if (worker->api())
            worker->api()->setToken(token);
    });
}

void SyncController::setBackoff(int minMs, int maxMs)
{
    onEngine([minMs, maxMs](SyncEngine *e) { e->setBackoff(minMs, maxMs); });
}

void SyncController::setHeartbeatInterval(int ms)
{
    onEngine([ms](SyncEngine *e) { e->setHeartbeatInterval(ms); });
}

void SyncController::setPageLimit(int limit)
{
    onEngine([limit](SyncEngine *e) { e->setPageLimit(limit); });
}

void SyncController::setLiveEnabled(bool on)
{
    onEngine([on](SyncEngine *e) { e->setLiveEnabled(on); });
}

void SyncController::start()
{
    onEngine([](SyncEngine *e) { e->start(); });
}

void SyncController::stop()
{
    onEngine([](SyncEngine *e) { e->stop(); });
}

void SyncController::refresh()
{
    onEngine([](SyncEngine *e) { e->refresh(); });
}

void SyncController::resync(const QString &collection)
{
    onEngine([collection](SyncEngine *e) { e->resync(collection); });
}

void SyncController::logout()
{
    onEngine([](SyncEngine *e) { e->logout(); });
}

QDateTime SyncController::retryDue() const
{
    // A retry that is due has started (its round reports a new state).
    const bool pending = m_retryDue.isValid()
                         && (m_state == SyncEngine::State::Offline
                             || m_state == SyncEngine::State::Error);
    return pending ? m_retryDue : QDateTime();
}
