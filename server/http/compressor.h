#pragma once

// The thread that gzips large response bodies. A 4 MB page costs tens of
// milliseconds of zlib; on the store thread every write would wait behind
// it, and the I/O thread must never run it. Jobs run one at a time in the
// order posted and answer through a thread-safe Responder.

#include <boost/asio/thread_pool.hpp>

#include <functional>

class Compressor
{
public:
    Compressor();
    ~Compressor();

    // Runs the jobs already posted, then joins the thread.
    void stop();

    void post(std::function<void()> job);

private:
    boost::asio::thread_pool m_pool{1};
    bool m_stopped = false;
};
