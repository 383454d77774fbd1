#pragma once

// The only place that knows who listens. Fans published changes out to the
// stream clients in seq order, replays history to a resuming client and
// hands it over to live changes with no gap and no duplicate: the client is
// subscribed first (live changes queue up), then the replay is read from the
// store, then queued live items whose seq is <= the last replayed are dropped.
// Runs on the I/O thread; the store is read through the StoreWorker.

#include "httptypes.h"
#include "storetypes.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

class StoreWorker;

class StreamHub
{
public:
    struct Options
    {
        int heartbeatMs = 30000;
        int retryMs = 2000;
        size_t replayHighWater = 128 * 1024; // pause replay above this many queued bytes
        int replayBatch = 200;
    };

    StreamHub(boost::asio::io_context &io, StoreWorker &store, const Options &options);
    ~StreamHub();

    void setHead(int64_t seq) { m_head = seq; }
    int64_t head() const { return m_head; }
    size_t clientCount() const { return m_clients.size(); }

    void start();
    // Closes every stream; no new subscriptions are served afterwards.
    void stop();

    // The token a stream was opened with: the stream ends when it expires
    // or is revoked, so a logged-out client stops receiving changes.
    struct Credential
    {
        std::string tokenHash;
        int64_t expiresAtMs = 0;
    };

    // collections: empty = all. since: replay changes after it first.
    void subscribe(std::shared_ptr<StreamSink> sink,
                   std::vector<std::string> collections,
                   std::optional<int64_t> since,
                   Credential credential);
    // Closes the streams opened with this token.
    void revoke(const std::string &tokenHash);
    // Tells every stream to retry (SSE retry:) and closes it once that is
    // written: the store lost its database, and the client should resume
    // later (or on another instance) from its cursor.
    void closeAllForRetry();
    // A committed change, in seq order. A change at or below the head is
    // one already published (a shared store reports local commits itself,
    // before the writing handler does) and is ignored.
    void publish(const Change &change);

private:
    struct Client
    {
        std::shared_ptr<StreamSink> sink;
        std::vector<std::string> collections;
        Credential credential;
        bool replaying = false;
        bool replayHasMore = false;
        int64_t replayPosition = 0;
        int64_t lastSent = 0;
        std::deque<std::pair<int64_t, SharedFrame>> backlog; // replay frames to send
        std::deque<std::pair<int64_t, SharedFrame>> live;    // live frames held during replay
        size_t liveBytes = 0;
    };

    bool wants(const Client &client, const std::string &collection) const;
    void readReplay(uint64_t id);
    void onReplayRead(uint64_t id, std::optional<ChangeBatch> batch);
    void pumpReplay(uint64_t id);
    void finishReplay(Client &client);
    void drop(uint64_t id);
    void scheduleHeartbeat();
    void closeExpired(int64_t nowMs);

    boost::asio::io_context &m_io;
    StoreWorker &m_store;
    Options m_options;
    boost::asio::steady_timer m_heartbeat;
    std::map<uint64_t, Client> m_clients;
    uint64_t m_nextId = 1;
    int64_t m_head = 0;
    bool m_stopped = false;
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};
