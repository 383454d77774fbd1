#pragma once

// Accounts and bearer tokens in the store's SQLite file: the tables the
// change log does not touch. Uses the connection of the SqliteChangeLogStore
// that owns it (same thread, never owns or closes it). Failures return
// false / nullopt / -1; the caller reads the reason from the connection.

#include "storetypes.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;

class SqliteAccountStore
{
public:
    void setConnection(sqlite3 *db) { m_db = db; }

    // Creates the account or replaces its name, role and password.
    bool addAccount(const Account &account);
    std::optional<Account> account(const std::string &username);
    std::optional<std::vector<AccountSummary>> accounts(int64_t nowMs);
    // 1 when changed, 0 when there is no such account, -1 on error.
    int setPassword(const Account &account);
    int setDisabled(const std::string &username, bool disabled);

    // Tokens are stored only as their SHA-256.
    bool insertToken(const std::string &tokenHash,
                     const std::string &username,
                     int64_t expiresAtMs,
                     int64_t createdAtMs);
    std::optional<Account> accountForToken(const std::string &tokenHash, int64_t nowMs);
    bool deleteToken(const std::string &tokenHash);
    int revokeTokens(const std::string &username);
    std::optional<std::vector<std::string>> trimTokens(const std::string &username, int keep);
    std::optional<std::vector<std::string>> liveTokens(const std::vector<std::string> &hashes,
                                                       int64_t nowMs);
    // Number of expired tokens removed, -1 on error.
    int purgeExpiredTokens(int64_t nowMs);

private:
    int changedRows(bool ok) const;

    sqlite3 *m_db = nullptr;
};
