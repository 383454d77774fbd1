#include "syncengine.h"

#include "apiclient.h"
#include "cachestore.h"
#include "collectionfields.h"
#include "deltafetcher.h"
#include "eventstreamclient.h"
#include "protocol.h"
#include "syncstate.h"
#include "syncstats.h"

#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QTimer>

Q_LOGGING_CATEGORY(lcEngine, "deltadesk.sync.engine")

SyncEngine::SyncEngine(
    ApiClient *api, CacheStore *cache, SyncState *state, SyncStats *stats, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_cache(cache)
    , m_syncState(state)
    , m_stats(stats)
    , m_stream(new EventStreamClient(api, this))
    , m_retryTimer(new QTimer(this))
    , m_flushTimer(new QTimer(this))
    // Referenced collections first: a first sync then stores every event
    // with its client's name (sort key and search text) at once. An order
    // set by setCollections() is kept as given.
    , m_collections(CollectionFields::syncOrder(Protocol::collectionNames()))
    , m_rng(QRandomGenerator::global()->generate())
{
    m_flushTimer->setSingleShot(true);
    m_flushTimer->setInterval(1000);
    connect(m_flushTimer, &QTimer::timeout, this, &SyncEngine::flushState);
    m_retryTimer->setObjectName(QStringLiteral("retry")); // tests read its schedule
    m_retryTimer->setSingleShot(true);
    connect(m_retryTimer, &QTimer::timeout, this, [this] { runRounds(m_collections, {}); });
    connect(m_stream, &EventStreamClient::connected, this, &SyncEngine::onStreamConnected);
    connect(m_stream, &EventStreamClient::changesReceived, this, &SyncEngine::onStreamChanges);
    connect(m_stream, &EventStreamClient::disconnected, this, &SyncEngine::onStreamDisconnected);
    connect(m_stream,
            &EventStreamClient::invalidMessageReceived,
            this,
            &SyncEngine::onStreamInvalidMessage);
    connect(m_stream, &EventStreamClient::resetRequested, this, [this](const QString &reason) {
        qCInfo(lcEngine) << "stream reset:" << reason << "- delta round";
        refresh();
    });
}

SyncEngine::~SyncEngine()
{
    // No flushState() here: SyncState may already be gone. stop() flushes;
    // a position lost otherwise only means a few changes replayed.
    if (m_fetcher) {
        m_fetcher->disconnect(this);
        delete m_fetcher.data();
    }
}

void SyncEngine::setCollections(const QStringList &collections)
{
    m_collections.clear();
    for (const QString &c : collections) {
        if (Protocol::isKnownCollection(c) && !m_collections.contains(c))
            m_collections.append(c);
    }
}

void SyncEngine::setHeartbeatInterval(int ms)
{
    m_stream->setHeartbeatInterval(ms);
}

void SyncEngine::setBackoff(int minMs, int maxMs)
{
    m_backoffMinMs = qMax(1, minMs);
    m_backoffMaxMs = qMax(m_backoffMinMs, maxMs);
    m_stream->setMaxRetryMs(m_backoffMaxMs);
}

void SyncEngine::setState(State state, const QString &error)
{
    m_errorString = error;
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

void SyncEngine::start()
{
    m_running = true;
    m_failures = 0;
    runRounds(m_collections, {});
}

void SyncEngine::flushState()
{
    m_flushTimer->stop();
    for (auto it = m_pendingState.cbegin(); it != m_pendingState.cend(); ++it) {
        // A collection without a cursor runs in timestamp mode: keep it so.
        if (!it->cursor.isEmpty() && !m_syncState->cursor(it.key()).isEmpty())
            m_syncState->setCursor(it.key(), it->cursor);
        if (it->lastSync.isValid() && it->lastSync > m_syncState->lastSync(it.key()))
            m_syncState->setLastSync(it.key(), it->lastSync);
    }
    m_pendingState.clear();
}

void SyncEngine::stop()
{
    flushState();
    m_running = false;
    m_retryTimer->stop();
    m_stream->stop();
    m_pending.clear();
    m_rerunRequested = false;
    if (m_fetcher) {
        m_fetcher->disconnect(this);
        m_fetcher->deleteLater(); // its destructor aborts the request and any staging
        m_fetcher = nullptr;
    }
    setState(State::Offline);
}

void SyncEngine::refresh()
{
    if (!m_running) {
        start();
        return;
    }
    m_retryTimer->stop();
    runRounds(m_collections, {});
}

void SyncEngine::resync(const QString &collection)
{
    if (!Protocol::isKnownCollection(collection))
        return;
    // The cursor goes now; the cached rows stay until the full set is stored.
    m_syncState->clearCursor(collection);
    m_retryTimer->stop();
    runRounds(m_running ? m_collections : QStringList{collection}, {collection});
}

void SyncEngine::syncOnce()
{
    m_running = false;
    runRounds(m_collections, {});
}

void SyncEngine::logout()
{
    const bool hadToken = !m_api->token().isEmpty();
    ApiJob *revoke = hadToken ? m_api->logout() : nullptr;
    stop();
    m_syncState->clearAll();
    m_syncState->clearToken();
    m_syncState->sync();
    m_api->setToken({});
    if (!m_cache->wipe())
        qCWarning(lcEngine) << "wiping the cache failed:" << m_cache->errorString();
    if (!revoke) {
        emit loggedOut();
        return;
    }
    // Best effort: the local state is gone whatever the server says.
    connect(revoke, &ApiJob::finished, this, [this](ApiJob *job) {
        if (job->error() != ApiError::NoError)
            qCInfo(lcEngine) << "revoking the token failed:" << job->errorString();
        emit loggedOut();
    });
}

void SyncEngine::runRounds(const QStringList &collections, const QStringList &forceFull)
{
    if (m_fetcher || !m_pending.isEmpty()) {
        // A round is under way: run another one after it.
        m_rerunRequested = true;
        m_rerunForceFull += forceFull;
        return;
    }
    // The stream is off while deltas are fetched, so the two never race on
    // a collection; it resumes from the stored cursors afterwards.
    m_stream->stop();
    flushState();
    m_pending = collections;
    m_forceFull = forceFull;
    m_roundFailed = false;
    setState(State::Syncing);
    startNextFetch();
}

void SyncEngine::startNextFetch()
{
    if (m_pending.isEmpty()) {
        onRoundsDone();
        return;
    }
    const QString collection = m_pending.takeFirst();
    auto *fetcher = new DeltaFetcher(m_api, m_cache, m_syncState, collection, this);
    fetcher->setPageLimit(m_pageLimit);
    fetcher->setForceFull(m_forceFull.contains(collection));
    fetcher->setStats(m_stats);
    connect(fetcher, &DeltaFetcher::progressed, this, &SyncEngine::fullSyncProgress);
    connect(fetcher, &DeltaFetcher::finished, this, &SyncEngine::onFetcherFinished);
    m_fetcher = fetcher;
    fetcher->start();
}

void SyncEngine::onFetcherFinished(DeltaFetcher *fetcher)
{
    m_fetcher = nullptr;
    const QString collection = fetcher->collection();
    const ApiError error = fetcher->error();
    if (!fetcher->replacedDatabaseId().isEmpty()) {
        // Nothing of this round means anything on the new database: drop
        // it and run a full round of every collection in its place.
        forgetDatabase(fetcher->replacedDatabaseId());
        m_pending.clear();
        m_rerunRequested = true;
        m_rerunForceFull = m_collections;
        startNextFetch();
        return;
    }
    if (error == ApiError::NoError) {
        m_stats->record(fetcher->round());
        if (fetcher->timestampMode())
            m_timestampMode = true;
        if (fetcher->serverTimestamp().isValid()
            && (!m_lastSynced.isValid() || fetcher->serverTimestamp() > m_lastSynced))
            m_lastSynced = fetcher->serverTimestamp();
        emit roundFinished(collection);
        startNextFetch();
        return;
    }
    m_lastError = error;
    const QString message = fetcher->errorString();
    qCInfo(lcEngine) << collection << "round failed:" << ApiErrors::name(error) << message;
    if (error == ApiError::Unauthorized || error == ApiError::Forbidden) {
        handleAuthFailure(message, true);
        return;
    }
    m_roundFailed = true;
    m_errorString = message;
    if (ApiErrors::isTransient(error)) {
        // The server or the network is down: the other collections would fail
        // the same way.
        m_pending.clear();
    }
    startNextFetch();
}

void SyncEngine::onRoundsDone()
{
    if (m_rerunRequested) {
        m_rerunRequested = false;
        const QStringList forceFull = m_rerunForceFull;
        m_rerunForceFull.clear();
        runRounds(m_collections, forceFull);
        return;
    }
    if (m_roundFailed) {
        const QString message = m_errorString;
        if (m_running)
            scheduleRetry(message);
        else
            setState(State::Error, message);
        emit roundsFinished(false);
        return;
    }
    m_failures = 0;
    m_lastError = ApiError::NoError;
    if (m_running && m_liveEnabled)
        startStream();
    else if (m_running)
        setState(State::Live);
    else
        setState(State::Offline);
    emit roundsFinished(true);
}

QString SyncEngine::resumeCursor() const
{
    // One stream for every collection: resume from the oldest position; the
    // cache skips what a collection has already seen.
    qint64 lowest = -1;
    for (const QString &c : m_collections) {
        const auto seq = Protocol::parseCursor(m_syncState->cursor(c));
        if (!seq)
            return {};
        lowest = lowest < 0 ? *seq : qMin(lowest, *seq);
    }
    return lowest < 0 ? QString() : Protocol::formatCursor(lowest);
}

void SyncEngine::startStream()
{
    m_stream->setCollections(m_collections);
    m_stream->setLastEventId(resumeCursor());
    // Without ids (the original design) the stream cannot replay what was
    // missed: every reconnect goes through a delta round instead.
    m_stream->setAutoReconnect(!m_timestampMode);
    setState(State::Connecting);
    m_stream->start();
}

void SyncEngine::onStreamConnected(const QString &cursor,
                                   const QDateTime &at,
                                   const QString &databaseId)
{
    Q_UNUSED(cursor);
    Q_UNUSED(at);
    const QString known = m_syncState->databaseId();
    if (!databaseId.isEmpty() && !known.isEmpty() && databaseId != known) {
        // The stream would replay from a cursor of the old database: stop
        // it before anything of it is applied, and resync in full.
        m_stream->stop();
        forgetDatabase(databaseId);
        runRounds(m_collections, m_collections);
        return;
    }
    if (!databaseId.isEmpty() && known.isEmpty())
        m_syncState->setDatabaseId(databaseId);
    m_failures = 0;
    setState(State::Live);
}

void SyncEngine::forgetDatabase(const QString &newDatabaseId)
{
    const QString reason = tr("The server's database was restored or replaced: full resync.");
    qCWarning(lcEngine).noquote() << reason << "Database id" << m_syncState->databaseId() << "->"
                                  << newDatabaseId;
    // Stream positions not yet flushed belong to the old database too.
    m_flushTimer->stop();
    m_pendingState.clear();
    for (const QString &collection : Protocol::collectionNames())
        m_syncState->clearCursor(collection);
    m_syncState->setDatabaseId(newDatabaseId);
    m_syncState->sync();
    emit databaseReplaced(reason);
}

void SyncEngine::onStreamChanges(const QList<StreamChange> &changes)
{
    // Group by collection, keeping stream order within each.
    QStringList order;
    QHash<QString, QList<CacheChange>> batches;
    QHash<QString, QDateTime> latest;
    for (const StreamChange &change : changes) {
        if (!m_collections.contains(change.collection))
            continue;
        CacheChange c;
        c.op = change.isDelete() ? CacheChange::Op::Remove : CacheChange::Op::Upsert;
        c.id = change.documentId;
        c.seq = change.seq;
        c.document = change.fullDocument;
        if (!batches.contains(change.collection))
            order.append(change.collection);
        batches[change.collection].append(c);
        QDateTime at = change.timestamp;
        if (!at.isValid())
            at = Protocol::parseTimestamp(
                     change.fullDocument.value(QLatin1String("updatedAt")).toString())
                     .value_or(QDateTime());
        if (at.isValid()
            && (!latest.value(change.collection).isValid() || at > latest.value(change.collection)))
            latest.insert(change.collection, at);
    }
    for (const QString &collection : std::as_const(order)) {
        const QList<CacheChange> &batch = batches[collection];
        if (!m_cache->applyChanges(collection, batch)) {
            const QString message
                = tr("Cannot store changes of %1: %2").arg(collection, m_cache->errorString());
            m_stream->stop();
            m_lastError = ApiError::InvalidData;
            scheduleRetry(message);
            return;
        }
        // The cache holds the applied position (and skips replays by it);
        // QSettings gets it at most once a second, because every write of
        // the settings file costs a disk sync. A position a little behind
        // only means a few changes replayed and skipped after a restart.
        PendingState &pending = m_pendingState[collection];
        const qint64 seq = m_cache->storedCursor(collection);
        if (seq > 0)
            pending.cursor = Protocol::formatCursor(seq);
        if (latest.value(collection).isValid()
            && (!pending.lastSync.isValid() || latest.value(collection) > pending.lastSync))
            pending.lastSync = latest.value(collection);
        if (!m_flushTimer->isActive())
            m_flushTimer->start();
        emit changesApplied(collection, int(batch.size()));
    }
}

void SyncEngine::onStreamDisconnected(int httpStatus, const QString &reason)
{
    if (!m_running)
        return;
    if (httpStatus == 401 || httpStatus == 403) {
        m_lastError = httpStatus == 401 ? ApiError::Unauthorized : ApiError::Forbidden;
        handleAuthFailure(reason, false);
        return;
    }
    if (m_timestampMode) {
        scheduleRetry(reason);
        return;
    }
    // The stream client reconnects with Last-Event-ID. A first drop is a
    // blip (a server restart, a proxy's idle timeout); once a reconnect has
    // failed too, the server is out of reach: offline until it is back, with
    // the stream's next attempt as the retry.
    if (m_stream->failures() < 2) {
        setState(State::Connecting, reason);
        return;
    }
    m_lastError = httpStatus == 0 ? ApiError::Network : ApiError::Server;
    setState(httpStatus == 0 ? State::Offline : State::Error, reason);
    if (m_stream->reconnectDue().isValid())
        emit retryScheduled(m_stream->reconnectDue());
}

void SyncEngine::onStreamInvalidMessage(const QString &reason)
{
    if (!m_running)
        return;
    // Invalid data: a delta round after the backoff (it clears the cursor of
    // a collection whose page is invalid too, and the cache stays until a
    // full sync succeeds), never a reconnect at the stream's own pace.
    m_lastError = ApiError::InvalidData;
    scheduleRetry(tr("The server sent data this client cannot read: %1.").arg(reason));
}

void SyncEngine::handleAuthFailure(const QString &reason, bool duringRound)
{
    stop();
    m_api->setToken({});
    m_syncState->clearToken();
    m_syncState->clearAll();
    m_syncState->sync();
    setState(State::Error, reason);
    emit loginRequired(reason);
    if (duringRound)
        emit roundsFinished(false);
}

void SyncEngine::scheduleRetry(const QString &reason)
{
    ++m_failures;
    const qint64 grown = qint64(m_backoffMinMs) << qMin(m_failures - 1, 16);
    const qint64 capped = qMin<qint64>(grown, m_backoffMaxMs);
    // Jitter: 50%..150% of the step, so clients do not come back in step.
    std::uniform_real_distribution<double> jitter(0.5, 1.5);
    const int delay = int(qMax<double>(1, capped * jitter(m_rng)));
    const bool offline = m_lastError == ApiError::Network || m_lastError == ApiError::Timeout;
    // The reason alone: the countdown to retryDue() is for the reader to
    // show (the GUI ticks it, deltadesk-sync prints it).
    m_retryDue = QDateTime::currentDateTimeUtc().addMSecs(delay);
    m_retryTimer->start(delay);
    setState(offline ? State::Offline : State::Error, reason);
    emit retryScheduled(m_retryDue);
}

QDateTime SyncEngine::retryDue() const
{
    if (m_retryTimer->isActive())
        return m_retryDue;
    // Between rounds the live stream's reconnect is the next attempt.
    return m_state == State::Offline || m_state == State::Error ? m_stream->reconnectDue()
                                                                : QDateTime();
}
