#include "passwordpool.h"

#include <boost/asio/post.hpp>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <thread>

namespace {

void lowerThisThreadsPriority()
{
    // Linux threads have their own nice value: a login waits a little
    // longer under load, everything else does not.
    thread_local bool lowered = false;
    if (!lowered) {
        lowered = true;
        setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 10);
    }
}

} // namespace

PasswordPool::PasswordPool(int threads, size_t maxPending)
    : m_pool(size_t(std::max(1, threads)))
    , m_maxPending(maxPending)
{}

PasswordPool::~PasswordPool()
{
    stop();
}

void PasswordPool::stop()
{
    if (m_stopped)
        return;
    m_stopped = true;
    m_pool.join();
}

int PasswordPool::defaultThreads()
{
    const int cores = int(std::thread::hardware_concurrency());
    return std::clamp(cores / 2, 1, 4);
}

bool PasswordPool::tryPost(std::function<void()> job)
{
    size_t pending = m_pending.load();
    do {
        if (pending >= m_maxPending)
            return false;
    } while (!m_pending.compare_exchange_weak(pending, pending + 1));
    boost::asio::post(m_pool, [this, job = std::move(job)] {
        lowerThisThreadsPriority();
        job();
        --m_pending;
    });
    return true;
}
