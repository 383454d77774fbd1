#include "storeworker.h"

StoreWorker::StoreWorker(std::unique_ptr<ChangeLogStore> store)
    : m_store(std::move(store))
    , m_work(boost::asio::make_work_guard(m_context))
{}

StoreWorker::~StoreWorker()
{
    stop();
}

void StoreWorker::start()
{
    m_thread = std::thread([this] { m_context.run(); });
}

void StoreWorker::stop()
{
    m_work.reset();
    if (m_thread.joinable())
        m_thread.join();
    m_store.reset();
}

void StoreWorker::post(std::function<void(ChangeLogStore &)> job)
{
    boost::asio::post(m_context, [this, job = std::move(job)] {
        if (m_store)
            job(*m_store);
    });
}
