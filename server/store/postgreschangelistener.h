#pragma once

// The listening side of the fan-out across instances: a thread with its own
// connection that LISTENs on deltadesk_changes. A notification carries only
// a seq; the listener then lets the feed read the log after the last seq it
// published, so notifications may be coalesced or lost without losing a
// change. When the connection drops it reconnects (backing off up to 2 s)
// and catches up from the log before it waits again. It reports whether the
// database is reachable: the server closes its streams while it is not.

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

class PostgresChangeFeed;
class PostgresChangeLogStore;

class PostgresChangeListener
{
public:
    using AvailabilityHandler = std::function<void(bool reachable)>;
    // A token revoked (logout) on any instance: its SHA-256 hex.
    using RevocationHandler = std::function<void(const std::string &tokenHash)>;

    PostgresChangeListener(std::string url,
                           PostgresChangeFeed &feed,
                           AvailabilityHandler availability,
                           RevocationHandler revocation);
    ~PostgresChangeListener();

    void start();
    void stop();

    static constexpr const char *channel() { return "deltadesk_changes"; }
    static constexpr const char *revocationChannel() { return "deltadesk_revoked"; }
    // application_name of the listening connection (operators, tests).
    static constexpr const char *applicationName() { return "deltadesk-server-listener"; }

private:
    void run();
    bool connectAndListen();
    void setReachable(bool reachable);
    // Waits for the socket or a stop; false when stopping.
    bool waitForInput(int timeoutMs);
    // The highest seq of the change notifications libpq holds, 0 if none;
    // revocations are handed on as they come.
    int64_t drainNotifications();

    std::string m_url;
    PostgresChangeFeed &m_feed;
    AvailabilityHandler m_handler;
    RevocationHandler m_revocation;
    std::unique_ptr<PostgresChangeLogStore> m_store; // the listening connection
    std::thread m_thread;
    std::atomic<bool> m_stopping{false};
    int m_wakeFd = -1;
    bool m_reachable = true;
};
