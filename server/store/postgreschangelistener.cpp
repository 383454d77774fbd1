#include "postgreschangelistener.h"

#include "postgreschangefeed.h"
#include "postgreschangelogstore.h"

#include <QLoggingCategory>

#include <libpq-fe.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <string_view>

Q_LOGGING_CATEGORY(lcPgListen, "deltadesk.server.store.listen")

namespace {

constexpr int firstBackoffMs = 100;
constexpr int maxBackoffMs = 2000;

} // namespace

PostgresChangeListener::PostgresChangeListener(std::string url,
                                               PostgresChangeFeed &feed,
                                               AvailabilityHandler availability,
                                               RevocationHandler revocation)
    : m_url(std::move(url))
    , m_feed(feed)
    , m_handler(std::move(availability))
    , m_revocation(std::move(revocation))
{}

PostgresChangeListener::~PostgresChangeListener()
{
    stop();
}

void PostgresChangeListener::start()
{
    m_wakeFd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    m_thread = std::thread([this] { run(); });
}

void PostgresChangeListener::stop()
{
    m_stopping = true;
    if (m_wakeFd >= 0) {
        const uint64_t one = 1;
        [[maybe_unused]] const ssize_t written = ::write(m_wakeFd, &one, sizeof one);
    }
    if (m_thread.joinable())
        m_thread.join();
    if (m_wakeFd >= 0) {
        ::close(m_wakeFd);
        m_wakeFd = -1;
    }
    m_store.reset();
}

void PostgresChangeListener::setReachable(bool reachable)
{
    if (reachable == m_reachable)
        return;
    m_reachable = reachable;
    if (reachable)
        qCInfo(lcPgListen) << "database reachable again; streams resume";
    else
        qCWarning(lcPgListen) << "database unreachable:" << m_store->lastError().c_str();
    if (m_handler)
        m_handler(reachable);
}

bool PostgresChangeListener::connectAndListen()
{
    PostgresChangeLogStore::Options options;
    options.url = m_url;
    options.applicationName = applicationName();
    m_store = std::make_unique<PostgresChangeLogStore>(options);
    return m_store->open(false)
           && m_store->connection()
                  .execScript(std::string("LISTEN ") + channel() + "; LISTEN " + revocationChannel())
                  .ok();
}

bool PostgresChangeListener::waitForInput(int timeoutMs)
{
    pollfd fds[2] = {{m_wakeFd, POLLIN, 0}, {-1, POLLIN, 0}};
    if (m_store && m_store->connection().isConnected())
        fds[1].fd = m_store->connection().socket();
    ::poll(fds, fds[1].fd >= 0 ? 2 : 1, timeoutMs);
    return !m_stopping;
}

int64_t PostgresChangeListener::drainNotifications()
{
    int64_t highest = 0;
    while (PGnotify *notify = PQnotifies(m_store->connection().handle())) {
        if (std::string_view(notify->relname) == revocationChannel()) {
            if (m_revocation)
                m_revocation(notify->extra);
        } else {
            highest = std::max<int64_t>(highest, std::strtoll(notify->extra, nullptr, 10));
        }
        PQfreemem(notify);
    }
    return highest;
}

void PostgresChangeListener::run()
{
    int backoffMs = firstBackoffMs;
    bool listening = false;
    while (!m_stopping) {
        if (!listening) {
            // LISTEN first, then read the log: whatever commits after the
            // read is notified, whatever committed before it is read.
            listening = connectAndListen() && m_feed.catchUp(*m_store);
            if (!listening) {
                setReachable(false);
                if (!waitForInput(backoffMs))
                    break;
                backoffMs = std::min(backoffMs * 2, maxBackoffMs);
                continue;
            }
            backoffMs = firstBackoffMs;
            setReachable(true);
        }
        PGconn *conn = m_store->connection().handle();
        if (!PQconsumeInput(conn) || PQstatus(conn) != CONNECTION_OK) {
            qCInfo(lcPgListen) << "listening connection lost; reconnecting";
            listening = false; // one immediate reconnect before reporting
            continue;
        }
        const int64_t notified = drainNotifications();
        if (notified > 0) {
            if (notified > m_feed.publishedThrough() && !m_feed.catchUp(*m_store))
                listening = false;
            continue; // more may have arrived meanwhile
        }
        if (!waitForInput(-1))
            break;
    }
}
