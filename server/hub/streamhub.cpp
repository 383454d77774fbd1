#include "streamhub.h"

#include "sseformat.h"
#include "storeworker.h"

#include <boost/asio/post.hpp>

#include <QDateTime>
#include <QLoggingCategory>

#include <algorithm>

Q_LOGGING_CATEGORY(lcHub, "deltadesk.server.hub")

StreamHub::StreamHub(boost::asio::io_context &io, StoreWorker &store, const Options &options)
    : m_io(io)
    , m_store(store)
    , m_options(options)
    , m_heartbeat(io)
{}

StreamHub::~StreamHub()
{
    *m_alive = false;
}

void StreamHub::start()
{
    scheduleHeartbeat();
}

void StreamHub::stop()
{
    m_stopped = true;
    m_heartbeat.cancel();
    std::map<uint64_t, Client> clients;
    clients.swap(m_clients);
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

bool StreamHub::wants(const Client &client, const std::string &collection) const
{
    return client.collections.empty()
           || std::find(client.collections.begin(), client.collections.end(), collection)
                  != client.collections.end();
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
    Client &client = m_clients[id];
    client.sink = std::move(sink);
    client.collections = std::move(collections);
    client.credential = std::move(credential);
    client.lastSent = m_head;
    client.sink->send(makeFrame(SseFormat::retry(m_options.retryMs)));
    client.sink->send(makeFrame(SseFormat::connected(m_head, QDateTime::currentMSecsSinceEpoch())));
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
    const Client &client = m_clients.at(id);
    const int64_t after = client.replayPosition;
    const std::vector<std::string> collections = client.collections;
    const int limit = m_options.replayBatch;
    m_store.post([this, alive = m_alive, id, after, collections, limit](ChangeLogStore &store) {
        std::optional<ChangeBatch> batch = store.readChanges(after, collections, limit);
        boost::asio::post(m_io, [this, alive, id, batch = std::move(batch)]() mutable {
            if (*alive)
                onReplayRead(id, std::move(batch));
        });
    });
}

void StreamHub::onReplayRead(uint64_t id, std::optional<ChangeBatch> batch)
{
    auto it = m_clients.find(id);
    if (it == m_clients.end())
        return;
    Client &client = it->second;
    if (!batch) {
        client.sink->close();
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
    for (const Change &change : batch->changes)
        client.backlog.emplace_back(change.seq, makeFrame(SseFormat::change(change)));
    client.replayPosition = batch->scannedThrough;
    client.replayHasMore = batch->hasMore;
    pumpReplay(id);
}

void StreamHub::pumpReplay(uint64_t id)
{
    auto it = m_clients.find(id);
    if (it == m_clients.end())
        return;
    Client &client = it->second;
    while (!client.backlog.empty()) {
        if (client.sink->bufferedBytes() > m_options.replayHighWater) {
            // Wait for the socket to take what is queued: a replay never
            // trips the slow-reader bound by itself.
            client.sink->setDrainedHandler([this, alive = m_alive, id] {
                if (*alive)
                    pumpReplay(id);
            });
            return;
        }
        auto &[seq, frame] = client.backlog.front();
        if (seq > client.lastSent) {
            client.lastSent = seq;
            if (!client.sink->send(std::move(frame)))
                return;
        }
        client.backlog.pop_front();
    }
    if (client.replayHasMore)
        readReplay(id);
    else
        finishReplay(client);
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
            client.live.emplace_back(change.seq, frame);
            client.liveBytes += frame->size();
            if (client.liveBytes > m_options.replayHighWater * 8) {
                qCInfo(lcHub) << "stream client" << id << "too far behind during replay";
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
}

void StreamHub::closeExpired(int64_t nowMs)
{
    std::vector<uint64_t> expired;
    for (const auto &[id, client] : m_clients) {
        if (client.credential.expiresAtMs > 0 && client.credential.expiresAtMs <= nowMs)
            expired.push_back(id);
    }
    for (uint64_t id : expired) {
        m_clients.at(id).sink->close();
        drop(id);
    }
}

void StreamHub::revoke(const std::string &tokenHash)
{
    std::vector<uint64_t> revoked;
    for (const auto &[id, client] : m_clients) {
        if (!tokenHash.empty() && client.credential.tokenHash == tokenHash)
            revoked.push_back(id);
    }
    for (uint64_t id : revoked) {
        m_clients.at(id).sink->close();
        drop(id);
    }
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
    if (m_clients.erase(id))
        qCDebug(lcHub) << "stream client" << id << "gone;" << m_clients.size() << "listening";
}
