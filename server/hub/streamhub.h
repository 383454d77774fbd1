#pragma once

// The only place that knows who listens. Fans published changes out to the
// stream clients in seq order, replays history to a resuming client and
// hands it over to live changes with no gap and no duplicate: the client is
// subscribed first (live changes queue up), then the replay is read from the
// store, then queued live items whose seq is <= the last replayed are dropped.
// Runs on the I/O thread; the store is read through the StoreWorker.
//
// Bounds (docs/protocol.md, "Live stream"): a stream's unsent bytes, held
// live frames included, never pass the send-buffer bound, in replay exactly
// as live (the replay reads small batches only when the socket has taken
// the last); a stream whose queue does not drain within drainTimeout is
// closed; a token and a user hold at most so many streams; a stream whose
// token is revoked or expires ends.

#include "httptypes.h"
#include "storetypes.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
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
        size_t streamBufferBytes = 256 * 1024; // the send-buffer bound, as the sessions have it
        int replayBatch = 200;                 // changes per replay read at most
        std::chrono::milliseconds drainTimeout{60000};
        size_t maxStreamsPerToken = 8;
        size_t maxStreamsPerUser = 32;
        // Tests: every replay batch, once read, waits this long before it is
        // sent, so writes can commit (and be held as live frames) meanwhile.
        std::chrono::milliseconds testReplayHold{0};
        std::string databaseId; // in every connected frame; empty: none
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
        std::string username;
        int64_t expiresAtMs = 0;
    };

    // Why one more stream with this credential would pass a cap, or nullopt.
    std::optional<std::string> admissionProblem(const Credential &credential) const;
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
        bool replayReading = false; // a batch is being read from the store
        bool replayHasMore = false;
        int64_t replayPosition = 0;
        int64_t lastSent = 0;
        std::deque<std::pair<int64_t, SharedFrame>> live; // live frames held during replay
        size_t liveBytes = 0;
    };

    bool wants(const Client &client, const std::string &collection) const;
    // Unsent bytes of the stream: its session's queue and held live frames.
    size_t unsentBytes(const Client &client) const;
    size_t replayBatchBytes() const;
    void readReplay(uint64_t id);
    void onReplayRead(uint64_t id, std::optional<ChangeBatch> batch);
    void continueReplay(uint64_t id);
    void finishReplay(Client &client);
    // Closes the stream and forgets it.
    void close(uint64_t id, const char *why);
    void drop(uint64_t id);
    void scheduleHeartbeat();
    void scheduleDrainCheck();
    void closeExpired(int64_t nowMs);
    void closeUndrained(std::chrono::steady_clock::time_point now);
    void checkTokens();
    void onTokensChecked(const std::vector<std::string> &asked,
                         const std::vector<std::string> &live);

    boost::asio::io_context &m_io;
    StoreWorker &m_store;
    Options m_options;
    boost::asio::steady_timer m_heartbeat;
    boost::asio::steady_timer m_drainCheck;
    std::map<uint64_t, Client> m_clients;
    std::map<std::string, size_t> m_streamsByToken;
    std::map<std::string, size_t> m_streamsByUser;
    uint64_t m_nextId = 1;
    int64_t m_head = 0;
    bool m_stopped = false;
    bool m_checkingTokens = false;
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};
