#pragma once

// The threads that own the store. The I/O thread posts jobs here and gets
// results posted back to its own io_context, so no disk or CPU-heavy work
// (SQL, PBKDF2, gzip of large pages) ever runs on the I/O thread.
// One thread per store connection: SQLite has one (one writer, so commit
// order is seq order); PostgreSQL a small pool, each thread with its own
// connection (the store orders seqs and their fan-out itself).

#include "changelogstore.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <functional>
#include <memory>
#include <thread>
#include <vector>

class StoreWorker
{
public:
    explicit StoreWorker(std::unique_ptr<ChangeLogStore> store);
    explicit StoreWorker(std::vector<std::unique_ptr<ChangeLogStore>> stores);
    ~StoreWorker();

    void start();
    // Runs the jobs already posted, then joins the threads and drops the stores.
    void stop();

    size_t threadCount() const { return m_stores.size(); }

    // job runs on one of the store threads with exclusive use of its store.
    void post(std::function<void(ChangeLogStore &)> job);

private:
    std::vector<std::unique_ptr<ChangeLogStore>> m_stores;
    boost::asio::io_context m_context;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> m_work;
    std::vector<std::thread> m_threads;
};
