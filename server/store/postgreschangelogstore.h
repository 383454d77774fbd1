#pragma once

// The PostgreSQL implementation of ChangeLogStore: one libpq connection,
// used by one store thread of a pool; several server instances may share
// the database.
//
// The cursor: every write transaction first locks meta's head_seq row and
// takes the next values from it, and keeps the lock until it commits. So
// seqs are handed out in commit order across all connections and instances:
// when a reader sees seq n, every write with a lower seq has committed, and
// "seq > cursor" never skips a change that commits later (a PostgreSQL
// sequence alone would: 12 can commit before 11). The price is that writes
// to one database commit one at a time (see bench-server-postgres and
// server/README.md).
//
// Each commit notifies deltadesk_changes with its last seq and hands its
// changes to the PostgresChangeFeed, which publishes them to the local hub
// in seq order together with what other instances committed.

#include "changelogstore.h"
#include "pgconnection.h"
#include "postgresaccountstore.h"

#include <map>

class PostgresChangeFeed;

class PostgresChangeLogStore final : public ChangeLogStore
{
public:
    struct Options
    {
        std::string url;
        std::string applicationName = "deltadesk-server";
        PostgresChangeFeed *feed = nullptr; // may be null (tools, tests)
        int commitDelayMs = 0;              // test hook: hold each write open before COMMIT
    };

    explicit PostgresChangeLogStore(Options options);
    ~PostgresChangeLogStore() override;

    // Connects; runs the migrations when asked (under the setup lock).
    bool open(bool migrate);
    PgConnection &connection() { return m_db; }

    // Changes after afterSeq in seq order, without the expiry check: what
    // the feed hands on (scannedThrough says how far it read).
    std::optional<ChangeBatch> readLog(int64_t afterSeq, int limit);

    std::string lastError() const override;
    bool available() override;
    bool runExclusively(const std::function<bool()> &job) override;

    int64_t headSeq() override;
    std::optional<std::string> databaseId() override;
    bool renewDatabaseId() override;
    int64_t liveCount(const std::string &collection) override;
    std::optional<DeltaPage> readDelta(const std::string &collection,
                                       int64_t afterSeq,
                                       int limit,
                                       size_t maxBytes) override;
    std::optional<DeltaPage> readDeltaSince(const std::string &collection,
                                            int64_t sinceMs,
                                            int limit,
                                            size_t maxBytes) override;
    std::optional<ChangeBatch> readChanges(int64_t afterSeq,
                                           const std::vector<std::string> &collections,
                                           int limit,
                                           size_t maxBytes) override;
    std::optional<StoredDocument> document(const std::string &collection,
                                           const std::string &id) override;
    bool isEmpty() override;
    bool applyWrites(const std::vector<WriteCommand> &commands,
                     int64_t nowMs,
                     std::vector<WriteResult> *results) override;
    int purgeTombstones(int64_t olderThanMs) override;

    bool addAccount(const Account &account) override;
    std::optional<Account> account(const std::string &username) override;
    std::optional<std::vector<AccountSummary>> accounts(int64_t nowMs) override;
    int setPassword(const Account &account) override;
    int setDisabled(const std::string &username, bool disabled) override;
    std::optional<std::vector<std::string>> issueToken(const std::string &tokenHash,
                                                       const std::string &username,
                                                       int64_t expiresAtMs,
                                                       int64_t nowMs,
                                                       int keepPerUser) override;
    std::optional<Account> accountForToken(const std::string &tokenHash, int64_t nowMs) override;
    bool deleteToken(const std::string &tokenHash) override;
    int revokeTokens(const std::string &username) override;
    std::optional<std::vector<std::string>> liveTokens(const std::vector<std::string> &hashes,
                                                       int64_t nowMs) override;
    int purgeExpiredTokens(int64_t nowMs) override;
    std::string explainDeltaQuery() override;

private:
    bool fail(const std::string &what);
    // false on a read error; *found is empty when there is no such document.
    bool findDocument(const std::string &collection,
                      const std::string &id,
                      std::optional<StoredDocument> *found);
    // key -> value of the given meta rows (absent keys read as 0).
    std::optional<std::map<std::string, int64_t>> metaValues(const std::vector<std::string> &keys);
    std::optional<DeltaPage> readPage(const std::string &collection,
                                      const char *sql,
                                      int64_t position,
                                      int limit,
                                      size_t maxBytes,
                                      bool checkExpiry);
    using DocumentKey = std::pair<std::string, std::string>; // collection, id
    // Decides one command against *current (the state so far) and updates it.
    WriteResult applyOne(const WriteCommand &command,
                         int64_t seq,
                         int64_t nowMs,
                         std::optional<StoredDocument> *current,
                         std::map<std::string, int64_t> *liveDelta);
    bool loadDocuments(const std::vector<WriteCommand> &commands,
                       std::map<DocumentKey, std::optional<StoredDocument>> *docs);
    bool storeDocuments(const std::map<DocumentKey, std::optional<StoredDocument>> &before,
                        const std::map<DocumentKey, std::optional<StoredDocument>> &after);
    bool finishWrites(int64_t head, int64_t nowMs, const std::map<std::string, int64_t> &liveDelta);

    Options m_options;
    PgConnection m_db;
    PostgresAccountStore m_accounts{m_db};
    std::string m_lastError;
};
