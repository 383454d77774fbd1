#pragma once

// --demo-writes-per-minute: keeps editing, creating and deleting events
// through the same write path as clients, so every change is published on
// the stream.

#include <boost/asio/steady_timer.hpp>

#include <memory>
#include <random>

struct ApiContext;

class DemoWriter
{
public:
    DemoWriter(ApiContext &context, int writesPerMinute);
    ~DemoWriter();

    void start();
    void stop();

private:
    void schedule();
    void writeOne();

    ApiContext &m_context;
    int m_intervalMs;
    boost::asio::steady_timer m_timer;
    // Used on the store thread only.
    std::shared_ptr<std::mt19937> m_rng;
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};
