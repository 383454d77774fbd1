#pragma once

// The one storage interface of the server: a change log of documents keyed by
// (collection, id), numbered by one global seq, with tombstones, plus the
// accounts and tokens. SqliteChangeLogStore keeps it in one file for one
// server; PostgresChangeLogStore in a database that several server
// instances share.
//
// Threading: an instance belongs to the one thread that opened it (a store
// worker thread); calls are synchronous and never made from the I/O thread.

#include "storetypes.h"

#include <functional>
#include <string>
#include <vector>

class ChangeLogStore
{
public:
    virtual ~ChangeLogStore() = default;

    virtual std::string lastError() const = 0;

    // false while the database cannot be reached (a network database that
    // went away), or when a call since the last check failed because its
    // connection was lost; the caller answers 503 then. Cheap when the
    // database is reachable; retries the connection at most once a second
    // when it is not.
    virtual bool available() { return true; }
    // Runs job while no other server instance on the same database runs
    // its own (schema setup, demo seed); false if the lock or job failed.
    virtual bool runExclusively(const std::function<bool()> &job) { return job(); }

    virtual int64_t headSeq() = 0;
    // The database's identity: a random 32-digit hex id made with the
    // database and replaced when it is restored from a backup (or by
    // `new-database-id`), so a client whose cursor came from another
    // database can tell. nullopt when it cannot be read (lastError).
    virtual std::optional<std::string> databaseId() = 0;
    // Gives the database a new random id; false on failure (lastError).
    virtual bool renewDatabaseId() = 0;
    virtual int64_t liveCount(const std::string &collection) = 0;

    // Items with seq > afterSeq, in seq order; at most limit of them, and
    // no more once their documents reach maxBytes (at least one item).
    virtual std::optional<DeltaPage> readDelta(const std::string &collection,
                                               int64_t afterSeq,
                                               int limit,
                                               size_t maxBytes)
        = 0;
    // Legacy mode: items written after sinceMs, in seq order; bounded the same.
    virtual std::optional<DeltaPage> readDeltaSince(const std::string &collection,
                                                    int64_t sinceMs,
                                                    int limit,
                                                    size_t maxBytes)
        = 0;
    // Changes of the given collections (all if empty) after afterSeq: at
    // most limit of them, and no more once their documents reach maxBytes
    // (at least one change).
    virtual std::optional<ChangeBatch> readChanges(int64_t afterSeq,
                                                   const std::vector<std::string> &collections,
                                                   int limit,
                                                   size_t maxBytes)
        = 0;
    virtual std::optional<StoredDocument> document(const std::string &collection,
                                                   const std::string &id)
        = 0;
    virtual bool isEmpty() = 0;

    // Applies every command in one transaction, each taking the next seq;
    // all or nothing. results gets one entry per command.
    virtual bool applyWrites(const std::vector<WriteCommand> &commands,
                             int64_t nowMs,
                             std::vector<WriteResult> *results)
        = 0;

    // Drops tombstones deleted before olderThanMs; cursors below the highest
    // purged seq of a collection are expired from then on.
    virtual int purgeTombstones(int64_t olderThanMs) = 0;

    // Accounts and tokens. Failures return false / nullopt / -1 (lastError).
    // Creates the account or replaces its name, role and password.
    virtual bool addAccount(const Account &account) = 0;
    virtual std::optional<Account> account(const std::string &username) = 0;
    virtual std::optional<std::vector<AccountSummary>> accounts(int64_t nowMs) = 0;
    // 0 when there is no such account.
    virtual int setPassword(const Account &account) = 0;
    virtual int setDisabled(const std::string &username, bool disabled) = 0;

    // In one transaction: drops expired tokens, stores the new one, and
    // revokes the user's oldest beyond the newest keepPerUser; the hashes of
    // those revoked.
    virtual std::optional<std::vector<std::string>> issueToken(const std::string &tokenHash,
                                                               const std::string &username,
                                                               int64_t expiresAtMs,
                                                               int64_t nowMs,
                                                               int keepPerUser)
        = 0;
    // Only for an enabled account and an unexpired token.
    virtual std::optional<Account> accountForToken(const std::string &tokenHash, int64_t nowMs) = 0;
    virtual bool deleteToken(const std::string &tokenHash) = 0;
    // Revokes every token of the user; the number revoked.
    virtual int revokeTokens(const std::string &username) = 0;
    // Those of hashes that still name an unexpired token of an enabled account.
    virtual std::optional<std::vector<std::string>> liveTokens(
        const std::vector<std::string> &hashes, int64_t nowMs)
        = 0;
    virtual int purgeExpiredTokens(int64_t nowMs) = 0;

    // Diagnostics: the plan of the delta query, for tests and operators.
    virtual std::string explainDeltaQuery() = 0;
};
