#include "fuzzserver.h"

#include "apicontext.h"
#include "apiroutes.h"
#include "authenticator.h"
#include "changelogstore.h"
#include "compressor.h"
#include "fuzzcheck.h"
#include "fuzzstore.h"
#include "passwordhasher.h"
#include "passwordpool.h"
#include "router.h"
#include "storebackend.h"
#include "storeworker.h"
#include "streamhub.h"

#include <boost/asio/executor_work_guard.hpp>

#include <QDateTime>
#include <QRandomGenerator>

#include <atomic>
#include <chrono>
#include <future>

namespace {

constexpr int64_t tokenLifetimeMs = int64_t(10) * 365 * 24 * 3600 * 1000;

struct Server
{
    boost::asio::io_context io{1};
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work{io.get_executor()};
    std::unique_ptr<StoreBackend> backend = FuzzStore::backend();
    Compressor compressor;
    std::unique_ptr<StoreWorker> worker;
    PasswordPool passwords{1};
    std::unique_ptr<StreamHub> hub;
    std::unique_ptr<ApiContext> context;
    std::unique_ptr<ApiRoutes> routes;
    std::shared_ptr<Router> router;
    HttpLimits limits;

    Server()
    {
        std::unique_ptr<ChangeLogStore> store = FuzzStore::open(*backend);
        for (const char *role : {"admin", "staff"}) {
            const std::string username = std::string("fuzz-") + role;
            if (store->account(username))
                continue;
            const std::string password = std::to_string(QRandomGenerator::system()->generate64());
            FUZZ_CHECK(store->addAccount(
                PasswordHasher::makeAccount(username, username, role, password, 1000)));
        }
        const int64_t head = store->headSeq();
        worker = std::make_unique<StoreWorker>(std::move(store));
        worker->start();
        StreamHub::Options options;
        options.heartbeatMs = FuzzStore::config().heartbeatMs;
        hub = std::make_unique<StreamHub>(io, *worker, options);
        hub->setHead(head);
        context = std::make_unique<ApiContext>(
            ApiContext{io, *worker, *hub, compressor, passwords, FuzzStore::config()});
        routes = std::make_unique<ApiRoutes>(*context);
        router = routes->makeRouter();
    }
};

Server &server()
{
    static Server *made = new Server; // for the whole process: its threads never stop
    return *made;
}

} // namespace

namespace FuzzServer {

boost::asio::io_context &io()
{
    return server().io;
}

const Router &router()
{
    return *server().router;
}

const HttpLimits &limits()
{
    return server().limits;
}

void restoreTokens()
{
    std::promise<bool> issued;
    server().worker->post([&issued](ChangeLogStore &store) {
        const int64_t now = QDateTime::currentMSecsSinceEpoch();
        bool ok = true;
        for (const char *user : {"fuzz-admin", "fuzz-staff"}) {
            const std::string hash = Authenticator::tokenHash(user);
            ok = ok
                 && (store.accountForToken(hash, now)
                     || store.issueToken(hash, user, now + tokenLifetimeMs, now, 20));
        }
        issued.set_value(ok);
    });
    FUZZ_CHECK(issued.get_future().get());
}

void runUntil(const std::function<bool()> &done)
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!done()) {
        FUZZ_CHECK(std::chrono::steady_clock::now() < deadline);
        server().io.run_one_for(std::chrono::milliseconds(100));
    }
}

} // namespace FuzzServer
