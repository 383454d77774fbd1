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

class PgConnection;

class PostgresAccountStore
{
public:
    explicit PostgresAccountStore(PgConnection &db)
        : m_db(db)
    {}

    bool addAccount(const Account &account);
    std::optional<Account> account(const std::string &username);
    bool insertToken(const std::string &tokenHash, const std::string &username, int64_t expiresAtMs);
    std::optional<Account> accountForToken(const std::string &tokenHash, int64_t nowMs);
    bool deleteToken(const std::string &tokenHash);
    // Expired tokens removed; 0 while another instance is at it; -1 on error.
    int purgeExpiredTokens(int64_t nowMs);

private:
    PgConnection &m_db;
};
