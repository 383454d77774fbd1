#pragma once

// The soak's writers: `connections` keep-alive HTTP connections, each on a
// thread of its own, together sending `perSecond` real writes (PUT of small
// events they created) on a fixed schedule. The schedule does not wait for
// the server: a write that is due goes out as soon as its connection is free,
// so a slow server shows as late writes, not as a lower offered rate that
// hides it. Every acknowledged write goes to the FanOutTally with the moment
// just before it was sent.

#include "fanouttally.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

class BenchHttp;

class SoakWriter
{
public:
    SoakWriter(uint16_t port, std::string token, int connections, int perSecond, FanOutTally &tally);
    ~SoakWriter();
    SoakWriter(const SoakWriter &) = delete;
    SoakWriter &operator=(const SoakWriter &) = delete;

    // Creates the events each connection will rewrite (on the caller's thread).
    bool prepare(int eventsPerConnection, std::string *error);
    void start();
    void stop();

    struct Counts
    {
        int64_t done = 0;
        int64_t failed = 0;
        int64_t late = 0;            // sent more than 100 ms after they were due
        std::vector<double> writeMs; // PUT round trips since the last take
    };
    // The counts since the previous call.
    Counts take();

private:
    struct Connection;
    void run(Connection &connection, int index);

    uint16_t m_port;
    std::string m_token;
    int m_perSecond;
    FanOutTally &m_tally;
    std::vector<std::unique_ptr<Connection>> m_connections;
    std::vector<std::thread> m_threads;
    std::atomic<bool> m_stop{false};
    std::mutex m_mutex;
    Counts m_counts;
};
