#pragma once

// One libpq connection with typed parameters, statements prepared once per
// connection, and a clear view of whether the database is reachable: a
// failure in the connection class (08xxx), an administrator shutdown (57P)
// or a dropped socket marks the connection lost, and reconnect() is retried
// no more often than once a second (or at once after another connection of
// the process got through), so a store thread fails fast while the database
// is away and comes back by itself when it returns.
//
// Not thread-safe: one thread owns a connection.

#include "pgresult.h"

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct pg_conn;

// Parameters of one statement, sent as text.
class PgParams
{
public:
    PgParams &add(std::string_view text);
    PgParams &add(int64_t value);
    PgParams &addNull();

    int count() const { return int(m_values.size()); }
    std::vector<const char *> pointers() const;

private:
    std::vector<std::optional<std::string>> m_values;
};

class PgConnection
{
public:
    PgConnection() = default;
    ~PgConnection();
    PgConnection(const PgConnection &) = delete;
    PgConnection &operator=(const PgConnection &) = delete;

    // url: a libpq URI or conninfo; applicationName shows in pg_stat_activity.
    bool connect(const std::string &url, const std::string &applicationName);
    void close();
    // Reconnects when the connection was lost and the last attempt is more
    // than a second ago, or older than another connection's reconnect; true
    // when the connection is usable afterwards.
    bool ensureConnected();
    bool isConnected() const;
    // True after a connection-class failure until a reconnect succeeds.
    bool isLost() const { return m_lost; }
    // Whether the connection was lost since the last call (then cleared):
    // a statement that failed then failed because the database went away.
    bool takeLoss() { return std::exchange(m_lossSeen, false); }

    // A statement prepared on first use and kept for the connection's
    // lifetime (sql must be a string literal: its address is the key).
    PgResult exec(const char *sql, const PgParams &params = {});
    // Unprepared, for statements that run once (EXPLAIN, locks at start).
    PgResult execOnce(const std::string &sql, const PgParams &params = {});
    // Unprepared, no parameters; may hold several statements.
    PgResult execScript(const std::string &sql);
    // true when the statement succeeded; the error is in lastError().
    bool run(const char *sql, const PgParams &params = {});

    std::string lastError() const { return m_lastError; }
    int socket() const;
    pg_conn *handle() const { return m_conn; }

private:
    PgResult check(PgResult result, std::string_view what);
    PgResult execPrepared(const char *sql, const PgParams &params);

    pg_conn *m_conn = nullptr;
    std::string m_url;
    std::string m_applicationName;
    std::map<const char *, std::string> m_prepared; // sql -> statement name
    std::string m_lastError;
    bool m_lost = false;
    bool m_lossSeen = false;
    std::chrono::steady_clock::time_point m_lastAttempt{};
};
