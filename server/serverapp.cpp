#include "serverapp.h"

#include "apicontext.h"
#include "apiroutes.h"
#include "compressor.h"
#include "connectionlimiter.h"
#include "datadirlock.h"
#include "demodata.h"
#include "demowriter.h"
#include "httplistener.h"
#include "metricshandler.h"
#include "passwordhasher.h"
#include "passwordpool.h"
#include "privatefiles.h"
#include "router.h"
#include "storebackend.h"
#include "storeworker.h"
#include "streamhub.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <QDateTime>
#include <QElapsedTimer>
#include <QLoggingCategory>

#include <sys/resource.h>

#include <csignal>
#include <cstdio>
#include <future>

Q_LOGGING_CATEGORY(lcServer, "deltadesk.server")

namespace {

void raiseFileLimit()
{
    // Every stream client holds a descriptor; the soft default (1024) is low.
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

bool seedDemo(ChangeLogStore &store)
{
    QElapsedTimer timer;
    timer.start();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const std::vector<WriteCommand> commands = DemoData::seedCommands(now);
    const qint64 generatedMs = timer.elapsed();
    if (!store.applyWrites(commands, now.toMSecsSinceEpoch(), nullptr))
        return false;
    const qint64 storedMs = timer.elapsed() - generatedMs;
    // The three hashes are independent and deliberately slow: derive them
    // in parallel.
    // Each account is one of the seeded people (u-1, u-2, u-3, by name), so
    // the desktop's My shifts finds their events.
    std::vector<std::future<Account>> accounts;
    const char *const names[] = {"admin", "manager", "staff"};
    for (int i = 0; i < 3; ++i) {
        const char *name = names[i];
        QString display = QString::fromLatin1(name);
        display = display.left(1).toUpper() + display.mid(1);
        const std::string person = "u-" + std::to_string(i + 1);
        for (const WriteCommand &c : commands) {
            if (c.collection == "users" && c.id == person)
                display = c.fields.value(QStringLiteral("name")).toString();
        }
        accounts.push_back(std::async(std::launch::async, [name, display] {
            return PasswordHasher::makeAccount(name, display.toStdString(), name, name);
        }));
    }
    for (std::future<Account> &account : accounts) {
        if (!store.addAccount(account.get()))
            return false;
    }
    qCInfo(lcServer) << "seeded demo data in" << timer.elapsed() << "ms (generate" << generatedMs
                     << "ms, store" << storedMs << "ms, accounts"
                     << timer.elapsed() - generatedMs - storedMs << "ms)";
    return true;
}

int64_t retentionCutoff(const ServerConfig &config)
{
    return QDateTime::currentMSecsSinceEpoch()
           - int64_t(config.tombstoneRetentionDays * 24 * 3600 * 1000);
}

// One line on stderr: the store could not be opened (a database that is
// not reachable at start is a configuration problem, not something to wait for).
void reportStoreFailure(const StoreBackend &backend, const std::string &error)
{
    std::fprintf(stderr,
                 "deltadesk-server: cannot open the store (%s): %s\n",
                 backend.description().c_str(),
                 error.c_str());
}

std::unique_ptr<ChangeLogStore> prepareStore(StoreBackend &backend, const ServerConfig &config)
{
    std::string error;
    std::unique_ptr<ChangeLogStore> store = backend.open(&error);
    if (!store) {
        reportStoreFailure(backend, error);
        return nullptr;
    }
    // Two instances started with --demo on one empty database seed it once.
    const bool seeded = store->runExclusively(
        [&] { return !config.demo || !store->isEmpty() || seedDemo(*store); });
    if (!seeded) {
        reportStoreFailure(backend, "demo seed failed: " + store->lastError());
        return nullptr;
    }
    const int purged = store->purgeTombstones(retentionCutoff(config));
    if (purged > 0)
        qCInfo(lcServer) << "purged" << purged << "tombstones";
    return store;
}

// The first store, prepared, and one more connection per further store thread.
std::vector<std::unique_ptr<ChangeLogStore>> openPool(StoreBackend &backend,
                                                      std::unique_ptr<ChangeLogStore> first)
{
    std::vector<std::unique_ptr<ChangeLogStore>> stores;
    stores.push_back(std::move(first));
    while (int(stores.size()) < backend.poolSize()) {
        std::string error;
        std::unique_ptr<ChangeLogStore> store = backend.open(&error);
        if (!store) {
            reportStoreFailure(backend, error);
            return {};
        }
        stores.push_back(std::move(store));
    }
    return stores;
}

void schedulePurge(boost::asio::steady_timer &timer, StoreWorker &worker, const ServerConfig &config)
{
    timer.expires_after(std::chrono::milliseconds(config.purgeIntervalMs));
    timer.async_wait([&timer, &worker, config](boost::system::error_code ec) {
        if (ec)
            return;
        worker.post([config](ChangeLogStore &store) {
            store.purgeTombstones(retentionCutoff(config));
            store.purgeExpiredTokens(QDateTime::currentMSecsSinceEpoch());
        });
        schedulePurge(timer, worker, config);
    });
}

} // namespace

namespace ServerApp {

int run(const ServerConfig &config)
{
    raiseFileLimit();
    std::signal(SIGPIPE, SIG_IGN);

    std::string error;
    std::unique_ptr<StoreBackend> backend = StoreBackend::create(config, &error);
    if (!backend) {
        std::fprintf(stderr, "deltadesk-server: %s\n", error.c_str());
        return 2;
    }
    // Held until the process ends: `restore` refuses to replace the
    // database under a running server, and a second server on the same
    // file (whose writes this one's streams would never see) is refused.
    DataDirLock dataDirLock;
    if (!StoreBackend::isPostgres(config.database)
        && (!PrivateFiles::makeDirectory(config.dataDir, &error)
            || !dataDirLock.acquire(config.dataDir, &error))) {
        std::fprintf(stderr, "deltadesk-server: %s\n", error.c_str());
        return 1;
    }
    // The stores are opened and prepared here, before their threads start,
    // then handed to those threads for good: none is used by two at once.
    std::unique_ptr<ChangeLogStore> store = prepareStore(*backend, config);
    if (!store)
        return 1;
    const int64_t head = store->headSeq();
    // Read once: it changes only while no server runs (restore,
    // new-database-id).
    const std::optional<std::string> databaseId = store->databaseId();
    if (!databaseId) {
        reportStoreFailure(*backend, "cannot read the database id: " + store->lastError());
        return 1;
    }
    std::vector<std::unique_ptr<ChangeLogStore>> stores = openPool(*backend, std::move(store));
    if (stores.empty())
        return 1;

    boost::asio::io_context io{1};
    // Declared before the store worker: it outlives the store jobs that
    // hand it bodies to compress.
    Compressor compressor;
    StoreWorker worker(std::move(stores));
    worker.start();
    PasswordPool passwords;
    // The dummy account unknown usernames are checked against: made now,
    // so the first such login costs no more than any other.
    passwords.tryPost([] { PasswordHasher::dummyAccount(); });

    StreamHub::Options hubOptions;
    hubOptions.heartbeatMs = config.heartbeatMs;
    hubOptions.streamBufferBytes = config.streamBufferBytes;
    hubOptions.drainTimeout = std::chrono::milliseconds(config.streamDrainTimeoutMs);
    hubOptions.maxStreamsPerToken = size_t(config.maxStreamsPerToken);
    hubOptions.maxStreamsPerUser = size_t(config.maxStreamsPerUser);
    hubOptions.testReplayHold = std::chrono::milliseconds(config.testReplayHoldMs);
    hubOptions.replayBatch = config.testReplayBatch;
    hubOptions.databaseId = *databaseId;
    StreamHub hub(io, worker, hubOptions);
    hub.setHead(head);
    // A shared database: what any instance commits reaches the hub in seq
    // order (posted from under the feed's lock, so in that order); while the
    // database is away the streams are told to retry and closed, because
    // this instance cannot see the others' changes then; a logout anywhere
    // closes the streams of that token here too.
    backend->startFeed(
        head,
        [&io, &hub](std::vector<Change> changes, int64_t through) {
            boost::asio::post(io, [&hub, changes = std::move(changes), through] {
                for (const Change &change : changes)
                    hub.publish(change);
                hub.setHead(std::max(hub.head(), through));
            });
        },
        [&io, &hub](bool reachable) {
            if (!reachable)
                boost::asio::post(io, [&hub] { hub.closeAllForRetry(); });
        },
        [&io, &hub](const std::string &tokenHash) {
            boost::asio::post(io, [&hub, tokenHash] { hub.revoke(tokenHash); });
        });

    ApiContext context{io, worker, hub, compressor, passwords, config, *databaseId};
    ApiRoutes routes(context);

    HttpLimits limits;
    limits.streamBufferBytes = config.streamBufferBytes;
    limits.idleTimeout = std::chrono::milliseconds(config.idleTimeoutMs);
    limits.maxConnections = size_t(config.maxConnections);
    limits.maxConnectionsPerAddress = size_t(config.maxConnectionsPerAddress);
    for (const std::string &proxy : config.trustedProxies)
        limits.trustedProxies.push_back(
            ConnectionLimiter::addressKey(boost::asio::ip::make_address(proxy)));
    auto listener = std::make_shared<HttpListener>(io, routes.makeRouter(), limits);
    if (!listener->listen(config.host, config.port, &error)) {
        qCCritical(lcServer) << error.c_str();
        backend->stopFeed();
        passwords.stop();
        worker.stop();
        return 1;
    }

    // /metrics on its own listener, so it is public only where its address is.
    std::unique_ptr<MetricsHandler> metrics;
    std::shared_ptr<HttpListener> metricsListener;
    if (!config.metricsHost.empty()) {
        metrics = std::make_unique<MetricsHandler>(hub, config);
        HttpLimits metricsLimits;
        metricsLimits.maxConnections = 64;
        metricsListener = std::make_shared<HttpListener>(io, metrics->makeRouter(), metricsLimits);
        if (!metricsListener->listen(config.metricsHost, config.metricsPort, &error)) {
            qCCritical(lcServer) << "metrics:" << error.c_str();
            backend->stopFeed();
            passwords.stop();
            worker.stop();
            return 1;
        }
        metricsListener->start();
        std::printf("metrics on http://%s:%u/metrics\n",
                    config.metricsHost.c_str(),
                    unsigned(metricsListener->port()));
    }

    DemoWriter demoWriter(context, config.demoWritesPerMinute);
    boost::asio::steady_timer purgeTimer(io);
    boost::asio::signal_set stopSignals(io, SIGINT, SIGTERM);
    stopSignals.async_wait([&](boost::system::error_code ec, int signal) {
        if (ec)
            return;
        qCInfo(lcServer) << "signal" << signal << "- stopping";
        listener->stop();
        if (metricsListener)
            metricsListener->stop();
        hub.stop();
        demoWriter.stop();
        purgeTimer.cancel();
        io.stop();
    });

    listener->start();
    hub.start();
    if (config.demoWritesPerMinute > 0)
        demoWriter.start();
    schedulePurge(purgeTimer, worker, config);

    std::printf("listening on http://%s:%u\n", config.host.c_str(), unsigned(listener->port()));
    std::fflush(stdout);

    io.run();
    // Stop the feed (no more posts to io); logins in flight finish (they
    // hand work to the store); then the store threads drain (pending writes
    // commit) and close the database.
    backend->stopFeed();
    passwords.stop();
    worker.stop();
    compressor.stop();
    qCInfo(lcServer) << "stopped";
    return 0;
}

} // namespace ServerApp
