#include "storeworker.h"

#include "servermetrics.h"

#include <chrono>

namespace {

// The store of the thread a job runs on.
thread_local ChangeLogStore *t_store = nullptr;

std::vector<std::unique_ptr<ChangeLogStore>> single(std::unique_ptr<ChangeLogStore> store)
{
    std::vector<std::unique_ptr<ChangeLogStore>> stores;
    stores.push_back(std::move(store));
    return stores;
}

} // namespace

StoreWorker::StoreWorker(std::unique_ptr<ChangeLogStore> store)
    : StoreWorker(single(std::move(store)))
{}

StoreWorker::StoreWorker(std::vector<std::unique_ptr<ChangeLogStore>> stores)
    : m_stores(std::move(stores))
    , m_context(int(m_stores.size()))
    , m_work(boost::asio::make_work_guard(m_context))
{}

StoreWorker::~StoreWorker()
{
    stop();
}

void StoreWorker::start()
{
    for (std::unique_ptr<ChangeLogStore> &store : m_stores) {
        m_threads.emplace_back([this, owned = store.get()] {
            t_store = owned;
            m_context.run();
            t_store = nullptr;
        });
    }
}

void StoreWorker::stop()
{
    m_work.reset();
    for (std::thread &thread : m_threads) {
        if (thread.joinable())
            thread.join();
    }
    m_threads.clear();
    m_stores.clear();
}

void StoreWorker::post(std::function<void(ChangeLogStore &)> job)
{
    using Clock = std::chrono::steady_clock;
    ServerMetrics &metrics = ServerMetrics::instance();
    metrics.storeJobQueued();
    boost::asio::post(m_context, [&metrics, job = std::move(job), queued = Clock::now()] {
        const Clock::time_point started = Clock::now();
        metrics.storeJobStarted(std::chrono::duration<double>(started - queued).count());
        if (t_store)
            job(*t_store);
        metrics.storeJobFinished(std::chrono::duration<double>(Clock::now() - started).count());
    });
}
