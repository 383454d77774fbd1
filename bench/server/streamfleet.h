#pragma once

// N event-stream clients in one process for the fan-out benchmark: plain
// non-blocking sockets on one Boost.Asio io_context, run by a thread of their
// own, so the benchmark's main thread can write and wait meanwhile. Each
// client parses only what it needs of the stream (the "connected" event and
// the id of each dispatched event) and notes when the first event above a
// threshold completed on it. For the soak, clients may each have their own
// token and local address (to stay within the server's default per-token,
// per-user and per-address caps), and an observer hears every completed
// event on the fleet's thread.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

class StreamFleet
{
public:
    using Clock = std::chrono::steady_clock;

    // Who one stream client is: its bearer token and the local address its
    // socket binds to (empty: the kernel's choice).
    struct Identity
    {
        std::string token;
        std::string localAddress;
    };
    // Called on the fleet's thread for every event that completed on a
    // client, with the id of the one it completed before (0: none yet).
    using EventObserver
        = std::function<void(int64_t previousId, int64_t id, Clock::time_point completed)>;

    StreamFleet(uint16_t port, std::string token, int clients);
    StreamFleet(uint16_t port, const std::vector<Identity> &identities);
    ~StreamFleet();
    StreamFleet(const StreamFleet &) = delete;
    StreamFleet &operator=(const StreamFleet &) = delete;

    // Opens every stream, at most `parallel` handshakes in flight; true when
    // all of them got their "connected" event within timeoutMs.
    bool connectAll(int parallel, int timeoutMs);
    int connected() const;
    int dead() const;
    // Set before connectAll(); never changed while the fleet runs.
    void setEventObserver(EventObserver observer) { m_observer = std::move(observer); }
    // A stream that ends after it was connected opens again after the
    // server's retry interval (2 s) with Last-Event-ID, as the desktop
    // client does, instead of counting as dead. Set before connectAll().
    void setResume(bool on) { m_resume = on; }
    // Streams opened again so far, and requests the server answered with
    // another status than 200.
    int resumed() const;
    int refused() const;
    // The id of the last event each client completed (read on the fleet's
    // thread; -1 for a client waiting to be opened again).
    std::vector<int64_t> lastIds();
    // CPU time the fleet's thread has used so far, and the time it was
    // runnable but waited for a core (the kernel's schedstat), in seconds.
    double threadCpuSeconds() const;
    double threadWaitSeconds() const;

    // Starts a round: every client times the first event with an id above
    // `threshold`. Then waitRound() waits (bounded) for all live clients and
    // returns their arrival times.
    void arm(int64_t threshold);
    bool waitRound(int timeoutMs, std::vector<Clock::time_point> *arrivals);

private:
    struct Client;
    void openNext();
    void open(Client &client);
    void startRead(Client &client);
    void consume(Client &client, const char *data, size_t size);
    void onLine(Client &client, const std::string &line);
    void onDead(Client &client);

    boost::asio::io_context m_io{1};
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> m_work;
    std::thread m_thread;
    std::atomic<int> m_threadId{0};
    uint16_t m_port;
    std::vector<std::unique_ptr<Client>> m_clients;
    EventObserver m_observer;
    bool m_resume = false;
    bool m_stopping = false; // on the fleet's thread only
    size_t m_nextToOpen = 0;

    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    int m_connected = 0;
    int m_dead = 0;
    int m_resumed = 0;
    int m_refused = 0;
    int m_round = 0;
    int64_t m_threshold = INT64_MAX;
    int m_reached = 0;
    int m_deadAtArm = 0;
};
