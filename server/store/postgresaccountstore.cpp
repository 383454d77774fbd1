#include "postgresaccountstore.h"

#include "pgconnection.h"
#include "postgresschema.h"

namespace {

Account accountFrom(const PgResult &r, int row)
{
    return Account{r.text(row, 0),
                   r.text(row, 1),
                   r.text(row, 2),
                   r.text(row, 3),
                   r.text(row, 4),
                   int(r.int64(row, 5))};
}

int changedRows(const PgResult &r)
{
    return r.ok() ? int(r.affected()) : -1;
}

// The hashes a statement returned in its first column.
std::optional<std::vector<std::string>> hashesOf(const PgResult &r)
{
    if (!r.ok())
        return std::nullopt;
    std::vector<std::string> hashes;
    hashes.reserve(size_t(r.rows()));
    for (int row = 0; row < r.rows(); ++row)
        hashes.push_back(r.text(row, 0));
    return hashes;
}

// A text[] literal of hashes (base64url and hex: no quoting needed).
std::string hashArray(const std::vector<std::string> &hashes)
{
    std::string array = "{";
    for (const std::string &hash : hashes) {
        if (array.size() > 1)
            array += ',';
        array += hash;
    }
    return array + '}';
}

} // namespace

bool PostgresAccountStore::addAccount(const Account &account)
{
    return m_db.run("INSERT INTO accounts (username, name, role, salt, hash, iterations) "
                    "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (username) DO UPDATE SET "
                    "name = excluded.name, role = excluded.role, salt = excluded.salt, "
                    "hash = excluded.hash, iterations = excluded.iterations",
                    PgParams()
                        .add(account.username)
                        .add(account.name)
                        .add(account.role)
                        .add(account.salt)
                        .add(account.hash)
                        .add(int64_t(account.iterations)));
}

std::optional<Account> PostgresAccountStore::account(const std::string &username)
{
    const PgResult r = m_db.exec("SELECT username, name, role, salt, hash, iterations, disabled "
                                 "FROM accounts WHERE username = $1",
                                 PgParams().add(username));
    if (!r.ok() || r.rows() == 0)
        return std::nullopt;
    Account account = accountFrom(r, 0);
    account.disabled = r.view(0, 6) == "t";
    return account;
}

std::optional<std::vector<AccountSummary>> PostgresAccountStore::accounts(int64_t nowMs)
{
    const PgResult r = m_db.exec("SELECT a.username, a.name, a.role, a.disabled, "
                                 "(SELECT count(*) FROM tokens t WHERE t.username = a.username "
                                 "AND t.expires_at > $1) FROM accounts a ORDER BY a.username",
                                 PgParams().add(nowMs));
    if (!r.ok())
        return std::nullopt;
    std::vector<AccountSummary> out;
    for (int row = 0; row < r.rows(); ++row) {
        out.push_back({r.text(row, 0),
                       r.text(row, 1),
                       r.text(row, 2),
                       r.view(row, 3) == "t",
                       int(r.int64(row, 4))});
    }
    return out;
}

int PostgresAccountStore::setPassword(const Account &account)
{
    return changedRows(m_db.exec("UPDATE accounts SET salt = $2, hash = $3, iterations = $4 "
                                 "WHERE username = $1",
                                 PgParams()
                                     .add(account.username)
                                     .add(account.salt)
                                     .add(account.hash)
                                     .add(int64_t(account.iterations))));
}

int PostgresAccountStore::setDisabled(const std::string &username, bool disabled)
{
    return changedRows(m_db.exec("UPDATE accounts SET disabled = $2 WHERE username = $1",
                                 PgParams().add(username).add(disabled ? "true" : "false")));
}

std::optional<std::vector<std::string>> PostgresAccountStore::issueToken(
    const std::string &tokenHash,
    const std::string &username,
    int64_t expiresAtMs,
    int64_t nowMs,
    int keepPerUser)
{
    // The parts of one statement share its snapshot: "kept" does not see the
    // new token, so it keeps one fewer of the old ones. Expired and kept are
    // disjoint. Only this user's expired tokens: logins on several instances
    // never contend for the same rows (the periodic purge takes the rest).
    const PgResult r = m_db.exec(
        "WITH fresh AS (INSERT INTO tokens (token_hash, username, expires_at, created_at) "
        "VALUES ($1, $2, $3, $4)), "
        "expired AS (DELETE FROM tokens WHERE username = $2 AND expires_at <= $4), "
        "beyond AS (SELECT token_hash FROM tokens WHERE username = $2 AND expires_at > $4 "
        "ORDER BY created_at DESC, expires_at DESC OFFSET GREATEST($5::int - 1, 0)), "
        "gone AS (DELETE FROM tokens WHERE token_hash IN (SELECT token_hash FROM beyond) "
        "RETURNING token_hash) "
        "SELECT token_hash, pg_notify('deltadesk_revoked', token_hash) FROM gone",
        PgParams().add(tokenHash).add(username).add(expiresAtMs).add(nowMs).add(int64_t(keepPerUser)));
    return hashesOf(r);
}

std::optional<Account> PostgresAccountStore::accountForToken(const std::string &tokenHash,
                                                             int64_t nowMs)
{
    const PgResult r
        = m_db.exec("SELECT a.username, a.name, a.role, a.salt, a.hash, a.iterations, t.expires_at "
                    "FROM tokens t JOIN accounts a ON a.username = t.username "
                    "WHERE t.token_hash = $1 AND t.expires_at > $2 AND NOT a.disabled",
                    PgParams().add(tokenHash).add(nowMs));
    if (!r.ok() || r.rows() == 0)
        return std::nullopt;
    Account account = accountFrom(r, 0);
    account.tokenExpiresAtMs = r.int64(0, 6);
    return account;
}

bool PostgresAccountStore::deleteToken(const std::string &tokenHash)
{
    // The other instances close their streams opened with it, too.
    return m_db.run("WITH gone AS (DELETE FROM tokens WHERE token_hash = $1) "
                    "SELECT pg_notify('deltadesk_revoked', $1)",
                    PgParams().add(tokenHash));
}

int PostgresAccountStore::revokeTokens(const std::string &username)
{
    const PgResult r = m_db.exec("WITH gone AS (DELETE FROM tokens WHERE username = $1 "
                                 "RETURNING token_hash) "
                                 "SELECT pg_notify('deltadesk_revoked', token_hash) FROM gone",
                                 PgParams().add(username));
    return r.ok() ? r.rows() : -1;
}

std::optional<std::vector<std::string>> PostgresAccountStore::liveTokens(
    const std::vector<std::string> &hashes, int64_t nowMs)
{
    if (hashes.empty())
        return std::vector<std::string>{};
    return hashesOf(m_db.exec("SELECT t.token_hash FROM tokens t "
                              "JOIN accounts a ON a.username = t.username "
                              "WHERE t.token_hash = ANY($1::text[]) AND t.expires_at > $2 "
                              "AND NOT a.disabled",
                              PgParams().add(hashArray(hashes)).add(nowMs)));
}

int PostgresAccountStore::purgeExpiredTokens(int64_t nowMs)
{
    if (!m_db.run("BEGIN"))
        return -1;
    // One instance at a time; the others skip this round.
    const PgResult locked = m_db.exec("SELECT pg_try_advisory_xact_lock($1, $2)",
                                      PgParams()
                                          .add(int64_t(PostgresSchema::lockNamespace))
                                          .add(int64_t(PostgresSchema::tokenPurgeLock)));
    if (!locked.ok() || locked.text(0, 0) != "t") {
        m_db.run("ROLLBACK");
        return locked.ok() ? 0 : -1;
    }
    const PgResult deleted = m_db.exec("DELETE FROM tokens WHERE expires_at <= $1",
                                       PgParams().add(nowMs));
    if (!deleted.ok() || !m_db.run("COMMIT")) {
        m_db.run("ROLLBACK");
        return -1;
    }
    return int(deleted.affected());
}
