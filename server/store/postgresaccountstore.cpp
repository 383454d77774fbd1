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
    const PgResult r = m_db.exec("SELECT username, name, role, salt, hash, iterations "
                                 "FROM accounts WHERE username = $1",
                                 PgParams().add(username));
    if (!r.ok() || r.rows() == 0)
        return std::nullopt;
    return accountFrom(r, 0);
}

bool PostgresAccountStore::insertToken(const std::string &tokenHash,
                                       const std::string &username,
                                       int64_t expiresAtMs)
{
    return m_db.run("INSERT INTO tokens (token_hash, username, expires_at) VALUES ($1, $2, $3)",
                    PgParams().add(tokenHash).add(username).add(expiresAtMs));
}

std::optional<Account> PostgresAccountStore::accountForToken(const std::string &tokenHash,
                                                             int64_t nowMs)
{
    const PgResult r
        = m_db.exec("SELECT a.username, a.name, a.role, a.salt, a.hash, a.iterations, t.expires_at "
                    "FROM tokens t JOIN accounts a ON a.username = t.username "
                    "WHERE t.token_hash = $1 AND t.expires_at > $2",
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
