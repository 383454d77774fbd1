#include "streamhub.h"

#include "changelogstore.h"
#include "servermetrics.h"
#include "sseformat.h"
#include "storeworker.h"

#include <boost/asio/post.hpp>

#include <QDateTime>
#include <QLoggingCategory>

#include <algorithm>
#include <set>

Q_LOGGING_CATEGORY(lcHub, "deltadesk.server.hub")

StreamHub::StreamHub(boost::asio::io_context &io, StoreWorker &store, const Options &options)
    : m_io(io)
    , m_store(store)
    , m_options(options)
    , m_heartbeat(io)
    , m_drainCheck(io)
{}

StreamHub::~StreamHub()
{
    *m_alive = false;
}

void StreamHub::start()
{
    scheduleHeartbeat();
    scheduleDrainCheck();
}

void StreamHub::stop()
{
    m_stopped = true;
    m_heartbeat.cancel();
    m_drainCheck.cancel();
    std::map<uint64_t, Client> clients;
    clients.swap(m_clients);
    m_streamsByToken.clear();
    m_streamsByUser.clear();
    for (auto &entry : clients)
        entry.second.sink->close();
}

void StreamHub::scheduleHeartbeat()
{
    m_heartbeat.expires_after(std::chrono::milliseconds(m_options.heartbeatMs));
    m_heartbeat.async_wait([this, alive = m_alive](boost::system::error_code ec) {
        if (ec || !*alive || m_stopped)
            return;
        closeExpired(QDateTime::currentMSecsSinceEpoch());
        checkTokens();
        const SharedFrame frame = makeFrame(SseFormat::heartbeat());
        std::vector<uint64_t> gone;
        for (auto &[id, client] : m_clients) {
            if (!client.sink->send(frame))
                gone.push_back(id);
        }
        for (uint64_t id : gone)
            drop(id);
        scheduleHeartbeat();
    });
}

void StreamHub::scheduleDrainCheck()
{
    // A quarter of the bound: a stalled stream goes within 1.25 bounds.
    const auto interval = std::max<std::chrono::milliseconds>(m_options.drainTimeout / 4,
                                                              std::chrono::milliseconds(50));
    m_drainCheck.expires_after(interval);
    m_drainCheck.async_wait([this, alive = m_alive](boost::system::error_code ec) {
        if (ec || !*alive || m_stopped)
            return;
        closeUndrained(std::chrono::steady_clock::now());
        scheduleDrainCheck();
    });
}

bool StreamHub::wants(const Client &client, const std::string &collection) const
{
    return client.collections.empty()
           || std::find(client.collections.begin(), client.collections.end(), collection)
                  != client.collections.end();
}

size_t StreamHub::unsentBytes(const Client &client) const
{
    return client.sink->bufferedBytes() + client.liveBytes;
}

size_t StreamHub::replayBatchBytes() const
{
    // Small against the bound, so replay and held live frames fit under it
    // together; the socket's own buffer (up to 256 KiB) keeps the link busy
    // while the next batch is read.
    return std::clamp<size_t>(m_options.streamBufferBytes / 4, 4 * 1024, 256 * 1024);
}

std::optional<std::string> StreamHub::admissionProblem(const Credential &credential) const
{
    const auto count = [](const std::map<std::string, size_t> &table, const std::string &key) {
        const auto it = table.find(key);
        return it == table.end() ? size_t(0) : it->second;
    };
    if (count(m_streamsByToken, credential.tokenHash) >= m_options.maxStreamsPerToken)
        return "This login already holds " + std::to_string(m_options.maxStreamsPerToken)
               + " streams, the most one token may; close one first.";
    if (count(m_streamsByUser, credential.username) >= m_options.maxStreamsPerUser)
        return "This account already holds " + std::to_string(m_options.maxStreamsPerUser)
               + " streams, the most one user may; close one first.";
    return std::nullopt;
}

void StreamHub::subscribe(std::shared_ptr<StreamSink> sink,
                          std::vector<std::string> collections,
                          std::optional<int64_t> since,
                          Credential credential)
{
    if (m_stopped) {
        sink->close();
        return;
    }
    const uint64_t id = m_nextId++;
    sink->setClosedHandler([this, id, alive = m_alive] {
        if (*alive)
            drop(id);
    });
    ++m_streamsByToken[credential.tokenHash];
    ++m_streamsByUser[credential.username];
    Client &client = m_clients[id];
    client.sink = std::move(sink);
    client.collections = std::move(collections);
    client.credential = std::move(credential);
    client.lastSent = m_head;
    client.sink->send(makeFrame(SseFormat::retry(m_options.retryMs)));
    client.sink->send(makeFrame(
        SseFormat::connected(m_head, QDateTime::currentMSecsSinceEpoch(), m_options.databaseId)));
    // A cursor ahead of this hub's head comes from another instance on the
    // same database that has published further: replay from the store too,
    // so nothing the client already has is sent again.
    if (since && *since != m_head) {
        client.replaying = true;
        client.replayPosition = *since;
        client.lastSent = *since;
        readReplay(id);
    }
    qCDebug(lcHub) << "stream client" << id << "subscribed;" << m_clients.size() << "listening";
}

void StreamHub::readReplay(uint64_t id)
{
    Client &client = m_clients.at(id);
    client.replayReading = true;
    const int64_t after = client.replayPosition;
    const std::vector<std::string> collections = client.collections;
    const int limit = m_options.replayBatch;
    const size_t maxBytes = replayBatchBytes();
    m_store.post([this, alive = m_alive, id, after, collections, limit, maxBytes](
                     ChangeLogStore &store) {
        std::optional<ChangeBatch> batch = store.readChanges(after, collections, limit, maxBytes);
        boost::asio::post(m_io, [this, alive, id, batch = std::move(batch)]() mutable {
            if (!*alive)
                return;
            if (m_options.testReplayHold.count() == 0) {
                onReplayRead(id, std::move(batch));
                return;
            }
            auto hold = std::make_shared<boost::asio::steady_timer>(m_io, m_options.testReplayHold);
            hold->async_wait([this, alive, id, hold, batch = std::move(batch)](
                                 const boost::system::error_code &) mutable {
                if (*alive)
                    onReplayRead(id, std::move(batch));
            });
        });
    });
}

void StreamHub::onReplayRead(uint64_t id, std::optional<ChangeBatch> batch)
{
    auto it = m_clients.find(id);
    if (it == m_clients.end())
        return;
    Client &client = it->second;
    client.replayReading = false;
    if (!batch) {
        close(id, "the replay could not be read");
        return;
    }
    // Never ahead of the store: a cursor beyond its head (a database that
    // was replaced) must not hold back the changes that follow the head.
    client.lastSent = std::min(client.lastSent, batch->head);
    if (batch->expired) {
        client.sink->send(makeFrame(SseFormat::reset("cursor_expired")));
        client.lastSent = 0;
        finishReplay(client);
        return;
    }
    // The batch goes to the session's queue at once (it is small against
    // the bound); the next one is read only once the socket has taken it.
    for (const Change &change : batch->changes) {
        if (change.seq <= client.lastSent)
            continue;
        client.lastSent = change.seq;
        if (!client.sink->send(makeFrame(SseFormat::change(change)))) {
            drop(id);
            return;
        }
    }
    client.replayPosition = batch->scannedThrough;
    client.replayHasMore = batch->hasMore;
    continueReplay(id);
}

void StreamHub::continueReplay(uint64_t id)
{
    auto it = m_clients.find(id);
    if (it == m_clients.end())
        return;
    Client &client = it->second;
    if (!client.replayHasMore) {
        finishReplay(client);
        return;
    }
    if (client.sink->bufferedBytes() == 0) {
        readReplay(id);
        return;
    }
    client.sink->setDrainedHandler([this, alive = m_alive, id] {
        if (*alive)
            continueReplay(id);
    });
}

void StreamHub::finishReplay(Client &client)
{
    client.replaying = false;
    for (auto &[seq, frame] : client.live) {
        if (seq > client.lastSent) {
            client.lastSent = seq;
            if (!client.sink->send(std::move(frame)))
                break;
        }
    }
    client.live.clear();
    client.liveBytes = 0;
}

void StreamHub::publish(const Change &change)
{
    if (change.seq <= m_head)
        return;
    m_head = change.seq;
    // One frame for every client: queued by reference, never copied.
    SharedFrame frame;
    std::vector<uint64_t> gone;
    for (auto &[id, client] : m_clients) {
        if (!wants(client, change.collection))
            continue;
        if (!frame)
            frame = makeFrame(SseFormat::change(change));
        if (client.replaying) {
            // Held until the replay catches up, and counted as unsent: a
            // replaying stream meets the same bound as a live one.
            client.live.emplace_back(change.seq, frame);
            client.liveBytes += frame->size();
            if (unsentBytes(client) > m_options.streamBufferBytes) {
                qCInfo(lcHub) << "stream client" << id << "fell behind by" << unsentBytes(client)
                              << "bytes during its replay; disconnecting it";
                ServerMetrics::instance().countDroppedReader(ServerMetrics::Drop::SendBuffer);
                client.sink->close();
                gone.push_back(id);
            }
            continue;
        }
        if (change.seq <= client.lastSent)
            continue;
        client.lastSent = change.seq;
        if (!client.sink->send(frame))
            gone.push_back(id);
    }
    for (uint64_t id : gone)
        drop(id);
    if (frame) {
        const int64_t lagMs = QDateTime::currentMSecsSinceEpoch() - change.timestampMs;
        ServerMetrics::instance().observeFanOutLag(double(std::max<int64_t>(0, lagMs)) / 1000.0);
    }
}

void StreamHub::closeExpired(int64_t nowMs)
{
    std::vector<uint64_t> expired;
    for (const auto &[id, client] : m_clients) {
        if (client.credential.expiresAtMs > 0 && client.credential.expiresAtMs <= nowMs)
            expired.push_back(id);
    }
    for (uint64_t id : expired)
        close(id, "its token expired");
}

void StreamHub::closeUndrained(std::chrono::steady_clock::time_point now)
{
    std::vector<uint64_t> stalled;
    for (const auto &[id, client] : m_clients) {
        const auto since = client.sink->undrainedSince();
        if (since && now - *since > m_options.drainTimeout)
            stalled.push_back(id);
    }
    for (uint64_t id : stalled) {
        qCInfo(lcHub) << "stream client" << id << "did not take its data for"
                      << m_options.drainTimeout.count() << "ms; disconnecting it";
        ServerMetrics::instance().countDroppedReader(ServerMetrics::Drop::DrainTimeout);
        close(id, "it did not drain");
    }
}

void StreamHub::checkTokens()
{
    // Tokens also go outside this process (deltadesk-server user passwd /
    // disable): ask the store which are still valid, once per heartbeat.
    if (m_checkingTokens || m_clients.empty())
        return;
    std::set<std::string> distinct;
    for (const auto &entry : m_clients)
        distinct.insert(entry.second.credential.tokenHash);
    std::vector<std::string> hashes(distinct.begin(), distinct.end());
    m_checkingTokens = true;
    m_store.post([this, alive = m_alive, hashes](ChangeLogStore &store) {
        std::optional<std::vector<std::string>> live
            = store.liveTokens(hashes, QDateTime::currentMSecsSinceEpoch());
        boost::asio::post(m_io, [this, alive, hashes, live = std::move(live)] {
            if (!*alive)
                return;
            m_checkingTokens = false;
            if (live)
                onTokensChecked(hashes, *live);
        });
    });
}

void StreamHub::onTokensChecked(const std::vector<std::string> &asked,
                                const std::vector<std::string> &live)
{
    const std::set<std::string> valid(live.begin(), live.end());
    for (const std::string &hash : asked) {
        if (!valid.count(hash))
            revoke(hash);
    }
}

void StreamHub::revoke(const std::string &tokenHash)
{
    std::vector<uint64_t> revoked;
    for (const auto &[id, client] : m_clients) {
        if (!tokenHash.empty() && client.credential.tokenHash == tokenHash)
            revoked.push_back(id);
    }
    for (uint64_t id : revoked)
        close(id, "its token was revoked");
}

void StreamHub::close(uint64_t id, const char *why)
{
    auto it = m_clients.find(id);
    if (it == m_clients.end())
        return;
    qCDebug(lcHub) << "closing stream client" << id << "because" << why;
    it->second.sink->close();
    drop(id);
}

void StreamHub::closeAllForRetry()
{
    std::map<uint64_t, Client> clients;
    clients.swap(m_clients);
    const SharedFrame retry = makeFrame(SseFormat::retry(m_options.retryMs));
    for (auto &entry : clients) {
        std::shared_ptr<StreamSink> sink = entry.second.sink;
        if (!sink->send(retry))
            continue;
        sink->setDrainedHandler([sink] { sink->close(); });
    }
    if (!clients.empty())
        qCInfo(lcHub) << "closed" << clients.size() << "streams: the store is unavailable";
}

void StreamHub::drop(uint64_t id)
{
    auto it = m_clients.find(id);
    if (it == m_clients.end())
        return;
    const Credential &credential = it->second.credential;
    for (auto [table, key] : {std::pair{&m_streamsByToken, &credential.tokenHash},
                              std::pair{&m_streamsByUser, &credential.username}}) {
        auto counted = table->find(*key);
        if (counted != table->end() && --counted->second == 0)
            table->erase(counted);
    }
    m_clients.erase(it);
    qCDebug(lcHub) << "stream client" << id << "gone;" << m_clients.size() << "listening";
}
