#pragma once

// The SQLite implementation of ChangeLogStore: one file in the data dir, WAL
// mode, one connection owned by the thread that opened it. Every write takes
// the next head seq in the same transaction as the document, so commit order
// is seq order (the store has a single writer).

#include "changelogstore.h"
#include "sqliteaccountstore.h"

#include <map>
#include <memory>

struct sqlite3;
class SqliteStatement;

class SqliteChangeLogStore final : public ChangeLogStore
{
public:
    SqliteChangeLogStore();
    ~SqliteChangeLogStore() override;

    static std::string fileName() { return "deltadesk.sqlite"; }

    bool open(const std::string &dataDir);
    void close();

    std::string lastError() const override { return m_lastError; }

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
    bool exec(const char *sql);
    // A prepared statement kept for the connection's lifetime, reset.
    SqliteStatement &cached(const char *sql);
    int64_t metaValue(const std::string &key);
    bool setMetaValue(const std::string &key, int64_t value);
    bool addMetaValue(const std::string &key, int64_t delta);
    bool fail(const std::string &what);
    std::optional<DeltaPage> readPage(const std::string &collection,
                                      const char *sql,
                                      int64_t position,
                                      int limit,
                                      size_t maxBytes,
                                      bool checkExpiry);
    WriteResult applyOne(const WriteCommand &command, int64_t seq, int64_t nowMs);

    std::map<const char *, std::unique_ptr<SqliteStatement>> m_statements;
    SqliteAccountStore m_accounts; // accounts and tokens, on m_db
    sqlite3 *m_db = nullptr;
    std::string m_lastError;
    int64_t m_lastWriteMs = 0;
};
