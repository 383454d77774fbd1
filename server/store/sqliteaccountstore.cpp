#include "sqliteaccountstore.h"

#include "sqlitestatement.h"

#include <sqlite3.h>

int SqliteAccountStore::changedRows(bool ok) const
{
    return ok ? sqlite3_changes(m_db) : -1;
}

bool SqliteAccountStore::addAccount(const Account &account)
{
    SqliteStatement q(m_db,
                      "INSERT INTO accounts (username, name, role, salt, hash, iterations) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (username) DO UPDATE SET "
                      "name = excluded.name, role = excluded.role, salt = excluded.salt, "
                      "hash = excluded.hash, iterations = excluded.iterations");
    q.bind(1, account.username).bind(2, account.name).bind(3, account.role);
    q.bind(4, account.salt).bind(5, account.hash).bind(6, int64_t(account.iterations));
    return q.exec();
}

std::optional<Account> SqliteAccountStore::account(const std::string &username)
{
    SqliteStatement q(m_db,
                      "SELECT username, name, role, salt, hash, iterations, disabled FROM accounts "
                      "WHERE username = ?1");
    q.bind(1, username);
    if (!q.step())
        return std::nullopt;
    Account account{q.text(0), q.text(1), q.text(2), q.text(3), q.text(4), int(q.int64(5))};
    account.disabled = q.int64(6) != 0;
    return account;
}

std::optional<std::vector<AccountSummary>> SqliteAccountStore::accounts(int64_t nowMs)
{
    SqliteStatement q(m_db,
                      "SELECT a.username, a.name, a.role, a.disabled, "
                      "(SELECT COUNT(*) FROM tokens t WHERE t.username = a.username "
                      "AND t.expires_at > ?1) FROM accounts a ORDER BY a.username");
    q.bind(1, nowMs);
    std::vector<AccountSummary> out;
    while (q.step())
        out.push_back({q.text(0), q.text(1), q.text(2), q.int64(3) != 0, int(q.int64(4))});
    if (!q.ok())
        return std::nullopt;
    return out;
}

int SqliteAccountStore::setPassword(const Account &account)
{
    SqliteStatement q(m_db,
                      "UPDATE accounts SET salt = ?2, hash = ?3, iterations = ?4 "
                      "WHERE username = ?1");
    q.bind(1, account.username).bind(2, account.salt).bind(3, account.hash);
    q.bind(4, int64_t(account.iterations));
    return changedRows(q.exec());
}

int SqliteAccountStore::setDisabled(const std::string &username, bool disabled)
{
    SqliteStatement q(m_db, "UPDATE accounts SET disabled = ?2 WHERE username = ?1");
    return changedRows(q.bind(1, username).bind(2, int64_t(disabled ? 1 : 0)).exec());
}

bool SqliteAccountStore::insertToken(const std::string &tokenHash,
                                     const std::string &username,
                                     int64_t expiresAtMs,
                                     int64_t createdAtMs)
{
    SqliteStatement q(m_db,
                      "INSERT INTO tokens (token_hash, username, expires_at, created_at) "
                      "VALUES (?1, ?2, ?3, ?4)");
    return q.bind(1, tokenHash).bind(2, username).bind(3, expiresAtMs).bind(4, createdAtMs).exec();
}

std::optional<Account> SqliteAccountStore::accountForToken(const std::string &tokenHash,
                                                           int64_t nowMs)
{
    SqliteStatement q(m_db,
                      "SELECT a.username, a.name, a.role, a.salt, a.hash, a.iterations, "
                      "t.expires_at FROM tokens t JOIN accounts a ON a.username = t.username "
                      "WHERE t.token_hash = ?1 AND t.expires_at > ?2 AND a.disabled = 0");
    q.bind(1, tokenHash).bind(2, nowMs);
    if (!q.step())
        return std::nullopt;
    return Account{q.text(0),
                   q.text(1),
                   q.text(2),
                   q.text(3),
                   q.text(4),
                   int(q.int64(5)),
                   q.int64(6)};
}

bool SqliteAccountStore::deleteToken(const std::string &tokenHash)
{
    SqliteStatement q(m_db, "DELETE FROM tokens WHERE token_hash = ?1");
    return q.bind(1, tokenHash).exec();
}

int SqliteAccountStore::revokeTokens(const std::string &username)
{
    SqliteStatement q(m_db, "DELETE FROM tokens WHERE username = ?1");
    return changedRows(q.bind(1, username).exec());
}

std::optional<std::vector<std::string>> SqliteAccountStore::trimTokens(const std::string &username,
                                                                       int keep)
{
    // Newest first by creation (expiry breaks ties: tokens of one TTL).
    SqliteStatement q(m_db,
                      "SELECT token_hash FROM tokens WHERE username = ?1 "
                      "ORDER BY created_at DESC, expires_at DESC LIMIT -1 OFFSET ?2");
    q.bind(1, username).bind(2, int64_t(keep));
    std::vector<std::string> revoked;
    while (q.step())
        revoked.push_back(q.text(0));
    if (!q.ok())
        return std::nullopt;
    for (const std::string &hash : revoked) {
        if (!deleteToken(hash))
            return std::nullopt;
    }
    return revoked;
}

std::optional<std::vector<std::string>> SqliteAccountStore::liveTokens(
    const std::vector<std::string> &hashes, int64_t nowMs)
{
    SqliteStatement q(m_db,
                      "SELECT 1 FROM tokens t JOIN accounts a ON a.username = t.username "
                      "WHERE t.token_hash = ?1 AND t.expires_at > ?2 AND a.disabled = 0");
    std::vector<std::string> live;
    for (const std::string &hash : hashes) {
        q.reset();
        q.bind(1, hash).bind(2, nowMs);
        if (q.step())
            live.push_back(hash);
        else if (!q.ok())
            return std::nullopt;
    }
    return live;
}

int SqliteAccountStore::purgeExpiredTokens(int64_t nowMs)
{
    SqliteStatement q(m_db, "DELETE FROM tokens WHERE expires_at <= ?1");
    return changedRows(q.bind(1, nowMs).exec());
}
