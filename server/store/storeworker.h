#pragma once

// The thread that owns the store. The I/O thread posts jobs here and gets
// results posted back to its own io_context, so no disk or CPU-heavy work
// (SQLite, PBKDF2, gzip of large pages) ever runs on the I/O thread. One
// thread means one writer: commit order is seq order.

#include "changelogstore.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <functional>
#include <memory>
#include <thread>

class StoreWorker
{
public:
    explicit StoreWorker(std::unique_ptr<ChangeLogStore> store);
    ~StoreWorker();

    void start();
    // Runs the jobs already posted, then joins the thread and drops the store.
    void stop();

    // job runs on the store thread with exclusive use of the store.
    void post(std::function<void(ChangeLogStore &)> job);

private:
    std::unique_ptr<ChangeLogStore> m_store;
    boost::asio::io_context m_context{1};
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> m_work;
    std::thread m_thread;
};
