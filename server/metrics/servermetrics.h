#pragma once

// The process's own counters and histograms for /metrics: requests by route,
// method and status with their latency, logins, the fan-out lag, slow stream
// readers dropped, the store queue. One per process, like the logging
// categories: the events happen in every layer and on every thread
// (sessions, hub, handlers, store threads), and each is one atomic add or a
// short lock. What is read at scrape time (open streams, database size,
// documents) is MetricsHandler's.

#include "histogram.h"

#include <array>
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

class ServerMetrics
{
public:
    static ServerMetrics &instance();

    enum class Login { Succeeded, Failed, Throttled, Busy };
    enum class Drop { SendBuffer, DrainTimeout };

    // method: the request's; verbs the server does not know count as OTHER,
    // so no client can grow the label set.
    void observeRequest(std::string_view method,
                        const std::string &route,
                        int status,
                        double seconds);
    void countLogin(Login result);
    // From a change's commit timestamp to its frame queued on the last stream.
    void observeFanOutLag(double seconds);
    void countDroppedReader(Drop reason);
    // A store job posted, and one that starts after waiting that long.
    void storeJobQueued();
    void storeJobStarted(double waitedSeconds);
    void storeJobFinished(double runSeconds);
    int64_t storeQueueDepth() const { return m_storeQueueDepth.load(); }

    // Appends every family above in the text format.
    void render(std::string &out) const;

    static std::string methodLabel(std::string_view method);

private:
    ServerMetrics();

    mutable std::mutex m_requestsLock;
    std::map<std::tuple<std::string, std::string, int>, uint64_t> m_requests;
    std::map<std::string, std::unique_ptr<Histogram>> m_requestSeconds; // by route
    std::array<std::atomic<uint64_t>, 4> m_logins{};
    std::array<std::atomic<uint64_t>, 2> m_dropped{};
    Histogram m_fanOutLag;
    std::atomic<int64_t> m_storeQueueDepth{0};
    Histogram m_storeWait;
    Histogram m_storeRun;
};
