#include "sqliteaccountstore.h"

#include "sqlitestatement.h"

#include <sqlite3.h>

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
                      "SELECT username, name, role, salt, hash, iterations FROM accounts "
                      "WHERE username = ?1");
    q.bind(1, username);
    if (!q.step())
        return std::nullopt;
    return Account{q.text(0), q.text(1), q.text(2), q.text(3), q.text(4), int(q.int64(5))};
}

bool SqliteAccountStore::insertToken(const std::string &tokenHash,
                                     const std::string &username,
                                     int64_t expiresAtMs)
{
    SqliteStatement q(m_db,
                      "INSERT INTO tokens (token_hash, username, expires_at) VALUES (?1, ?2, ?3)");
    return q.bind(1, tokenHash).bind(2, username).bind(3, expiresAtMs).exec();
}

std::optional<Account> SqliteAccountStore::accountForToken(const std::string &tokenHash,
                                                           int64_t nowMs)
{
    SqliteStatement q(m_db,
                      "SELECT a.username, a.name, a.role, a.salt, a.hash, a.iterations, "
                      "t.expires_at FROM tokens t JOIN accounts a ON a.username = t.username "
                      "WHERE t.token_hash = ?1 AND t.expires_at > ?2");
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

int SqliteAccountStore::purgeExpiredTokens(int64_t nowMs)
{
    SqliteStatement q(m_db, "DELETE FROM tokens WHERE expires_at <= ?1");
    if (!q.bind(1, nowMs).exec())
        return -1;
    return sqlite3_changes(m_db);
}
