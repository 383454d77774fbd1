#include "pgconnection.h"

#include <libpq-fe.h>

#include <algorithm>
#include <atomic>

namespace {

// libpq's messages end in a newline and may span lines ("connection to
// server ... failed: ...\n\tIs the server running ..."): one line for logs.
std::string oneLine(std::string text)
{
    std::replace(text.begin(), text.end(), '\n', ' ');
    std::replace(text.begin(), text.end(), '\t', ' ');
    text.erase(std::unique(text.begin(),
                           text.end(),
                           [](char a, char b) { return a == ' ' && b == ' '; }),
               text.end());
    while (!text.empty() && text.back() == ' ')
        text.pop_back();
    return text;
}

// SQLSTATE classes that mean the database went away rather than that the
// statement was wrong: connection exceptions and operator intervention
// (shutdown, crash recovery, "cannot connect now").
bool isConnectionFailure(const std::string &state)
{
    return state.rfind("08", 0) == 0 || state.rfind("57P", 0) == 0;
}

constexpr auto reconnectInterval = std::chrono::seconds(1);

// When any connection of the process reaches the database again, the
// others need not wait out their second: a request on each of them would
// otherwise get one more 503 after the database is back.
std::atomic<std::chrono::steady_clock::rep> lastReconnect{0};

} // namespace

PgParams &PgParams::add(std::string_view text)
{
    m_values.emplace_back(std::string(text));
    return *this;
}

PgParams &PgParams::add(int64_t value)
{
    m_values.emplace_back(std::to_string(value));
    return *this;
}

PgParams &PgParams::addNull()
{
    m_values.emplace_back(std::nullopt);
    return *this;
}

std::vector<const char *> PgParams::pointers() const
{
    std::vector<const char *> out;
    out.reserve(m_values.size());
    for (const std::optional<std::string> &value : m_values)
        out.push_back(value ? value->c_str() : nullptr);
    return out;
}

PgConnection::~PgConnection()
{
    close();
}

bool PgConnection::connect(const std::string &url, const std::string &applicationName)
{
    close();
    m_url = url;
    m_applicationName = applicationName;
    m_lastAttempt = std::chrono::steady_clock::now();
    // The URL first with expand_dbname, so the keywords after it override
    // what it says about them.
    const char *keywords[] = {"dbname", "application_name", "connect_timeout", nullptr};
    const char *values[] = {url.c_str(), applicationName.c_str(), "5", nullptr};
    m_conn = PQconnectdbParams(keywords, values, 1);
    // Server notices ("relation ... already exists, skipping") and the
    // FATAL of a shutdown reach us as errors where they matter; not stderr.
    if (m_conn)
        PQsetNoticeProcessor(
            m_conn, [](void *, const char *) {}, nullptr);
    if (!m_conn || PQstatus(m_conn) != CONNECTION_OK) {
        // Lost, but no statement failed: the caller learns it from the
        // return value, and a later takeLoss() must not report it again
        // once the database is back.
        m_lastError = m_conn ? oneLine(PQerrorMessage(m_conn)) : "out of memory";
        m_lost = true;
        return false;
    }
    // Plain values only: the store writes bodies as text and times as
    // integers, so no session setting may change what it reads back.
    PgResult setup(PQexec(m_conn, "SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'"));
    if (!setup.ok()) {
        m_lastError = oneLine(setup.errorMessage());
        m_lost = true;
        return false;
    }
    m_lost = false;
    lastReconnect.store(m_lastAttempt.time_since_epoch().count(), std::memory_order_relaxed);
    return true;
}

void PgConnection::close()
{
    m_prepared.clear();
    if (m_conn) {
        PQfinish(m_conn);
        m_conn = nullptr;
    }
}

bool PgConnection::isConnected() const
{
    return m_conn && !m_lost && PQstatus(m_conn) == CONNECTION_OK;
}

bool PgConnection::ensureConnected()
{
    if (isConnected())
        return true;
    if (m_url.empty())
        return false;
    const bool otherReconnected = lastReconnect.load(std::memory_order_relaxed)
                                  > m_lastAttempt.time_since_epoch().count();
    if (!otherReconnected && std::chrono::steady_clock::now() - m_lastAttempt < reconnectInterval)
        return false;
    return connect(m_url, m_applicationName);
}

int PgConnection::socket() const
{
    return m_conn ? PQsocket(m_conn) : -1;
}

PgResult PgConnection::check(PgResult result, std::string_view what)
{
    if (result.ok())
        return result;
    const std::string state = result.sqlState();
    m_lastError = std::string(what) + ": "
                  + oneLine(result.errorMessage().empty() || !m_conn
                                ? (m_conn ? PQerrorMessage(m_conn) : "not connected")
                                : result.errorMessage());
    // No result at all: libpq could not even send the command, the
    // connection is as good as lost (found after a database restart, with a
    // statement not yet prepared on it).
    if (!m_conn || result.isMissing() || PQstatus(m_conn) != CONNECTION_OK
        || isConnectionFailure(state)) {
        m_lost = true;
        m_lossSeen = true;
    }
    return result;
}

PgResult PgConnection::exec(const char *sql, const PgParams &params)
{
    // A connection that sat idle while the database restarted only finds
    // out on its next statement. Outside a transaction that statement was
    // never run, so it is sent again once on a new connection.
    const bool idle = m_conn && PQtransactionStatus(m_conn) == PQTRANS_IDLE;
    PgResult result = execPrepared(sql, params);
    if (result.ok() || !idle || !m_lost || !connect(m_url, m_applicationName))
        return result;
    m_lossSeen = false;
    return execPrepared(sql, params);
}

PgResult PgConnection::execPrepared(const char *sql, const PgParams &params)
{
    if (!m_conn)
        return check(PgResult(), "not connected");
    auto it = m_prepared.find(sql);
    if (it == m_prepared.end()) {
        const std::string name = "s" + std::to_string(m_prepared.size());
        PgResult prepared = check(PgResult(PQprepare(m_conn, name.c_str(), sql, 0, nullptr)),
                                  "prepare");
        if (!prepared.ok())
            return prepared;
        it = m_prepared.emplace(sql, name).first;
    }
    const std::vector<const char *> values = params.pointers();
    return check(PgResult(PQexecPrepared(m_conn,
                                         it->second.c_str(),
                                         params.count(),
                                         values.data(),
                                         nullptr,
                                         nullptr,
                                         0)),
                 "query");
}

PgResult PgConnection::execOnce(const std::string &sql, const PgParams &params)
{
    if (!m_conn)
        return check(PgResult(), "not connected");
    const std::vector<const char *> values = params.pointers();
    return check(PgResult(PQexecParams(m_conn,
                                       sql.c_str(),
                                       params.count(),
                                       nullptr,
                                       values.data(),
                                       nullptr,
                                       nullptr,
                                       0)),
                 "query");
}

PgResult PgConnection::execScript(const std::string &sql)
{
    if (!m_conn)
        return check(PgResult(), "not connected");
    return check(PgResult(PQexec(m_conn, sql.c_str())), "script");
}

bool PgConnection::run(const char *sql, const PgParams &params)
{
    return exec(sql, params).ok();
}
