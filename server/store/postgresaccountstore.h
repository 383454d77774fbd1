#pragma once

// Accounts and bearer tokens in PostgreSQL, on the connection of the
// PostgresChangeLogStore that owns it. Every instance on the database reads
// the same tables, so a token issued by one works on all of them and a
// logout on one revokes it everywhere. Failures return false / nullopt / -1;
// the reason is in the connection's lastError().

#include "storetypes.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

class PgConnection;

class PostgresAccountStore
{
public:
    explicit PostgresAccountStore(PgConnection &db)
        : m_db(db)
    {}

    bool addAccount(const Account &account);
    std::optional<Account> account(const std::string &username);
    std::optional<std::vector<AccountSummary>> accounts(int64_t nowMs);
    // 1 when changed, 0 when there is no such account, -1 on error.
    int setPassword(const Account &account);
    int setDisabled(const std::string &username, bool disabled);

    // One statement: drops the user's expired tokens, stores the new one and
    // revokes the oldest beyond the newest keepPerUser (other instances are
    // told, so their streams end); the hashes revoked.
    std::optional<std::vector<std::string>> issueToken(const std::string &tokenHash,
                                                       const std::string &username,
                                                       int64_t expiresAtMs,
                                                       int64_t nowMs,
                                                       int keepPerUser);
    // Only for an enabled account and an unexpired token.
    std::optional<Account> accountForToken(const std::string &tokenHash, int64_t nowMs);
    bool deleteToken(const std::string &tokenHash);
    // The number revoked, -1 on error; every instance is told.
    int revokeTokens(const std::string &username);
    std::optional<std::vector<std::string>> liveTokens(const std::vector<std::string> &hashes,
                                                       int64_t nowMs);
    // Expired tokens removed; 0 while another instance is at it; -1 on error.
    int purgeExpiredTokens(int64_t nowMs);

private:
    PgConnection &m_db;
};
