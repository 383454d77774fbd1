#pragma once

// The threads that derive password hashes (PBKDF2, ~60 ms a login): never
// the I/O thread, and not the store thread either, where every login would
// queue all reads and writes behind it. At most maxPending derivations wait;
// past that login answers 503, so a flood of logins costs a bounded share of
// the CPU (the threads also run at a lower priority than the rest).

#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <cstddef>
#include <functional>

class PasswordPool
{
public:
    explicit PasswordPool(int threads = defaultThreads(), size_t maxPending = 64);
    ~PasswordPool();

    // Runs the jobs already posted, then joins the threads.
    void stop();

    // false (and job dropped) when maxPending jobs wait already.
    bool tryPost(std::function<void()> job);

    // Half the cores, 1 to 4: the other half stays with I/O and the store.
    static int defaultThreads();

private:
    boost::asio::thread_pool m_pool;
    std::atomic<size_t> m_pending{0};
    size_t m_maxPending;
    bool m_stopped = false;
};
