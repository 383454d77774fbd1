#pragma once

// GET /metrics on the listener of --metrics-listen (never on the API's): the
// process's counters (ServerMetrics), the open streams, and what the
// database holds, read on a thread and a connection of its own so a scrape
// neither waits for nor delays the store threads. Prometheus text format.

#include "httptypes.h"

#include <boost/asio/thread_pool.hpp>

#include <memory>
#include <string>

class Router;
class StoreStatistics;
class StreamHub;
struct ServerConfig;

class MetricsHandler
{
public:
    MetricsHandler(const StreamHub &hub, const ServerConfig &config);
    ~MetricsHandler();

    // A router with GET /metrics alone; the handler must outlive it.
    std::shared_ptr<Router> makeRouter();

    // On the I/O thread.
    void scrape(HttpRequest request, Responder responder);

private:
    const StreamHub &m_hub;
    std::unique_ptr<StoreStatistics> m_statistics; // used on m_thread only
    boost::asio::thread_pool m_thread{1};
};
