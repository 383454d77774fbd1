#include "sqlitechangelogstore.h"

#include "databaseid.h"
#include "privatefiles.h"
#include "sqliteschema.h"
#include "sqlitestatement.h"

#include "protocol.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QLoggingCategory>

#include <sqlite3.h>

#include <algorithm>

Q_LOGGING_CATEGORY(lcStore, "deltadesk.server.store")

namespace {

// The delta query, kept in one place so EXPLAIN shows what runs.
constexpr char deltaSql[] = "SELECT seq, id, deleted_at IS NOT NULL, body FROM documents "
                            "WHERE collection = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3";
constexpr char deltaSinceSql[] = "SELECT seq, id, deleted_at IS NOT NULL, body FROM documents "
                                 "WHERE collection = ?1 AND updated_at > ?2 ORDER BY seq LIMIT ?3";

std::string liveKey(const std::string &collection)
{
    return "live:" + collection;
}

std::string purgedKey(const std::string &collection)
{
    return "purged:" + collection;
}

// A read transaction that ends when it goes out of scope, so a page and the
// head it reports come from one snapshot.
class ReadTransaction
{
public:
    explicit ReadTransaction(sqlite3 *db)
        : m_db(db)
    {
        m_ok = sqlite3_exec(m_db, "BEGIN", nullptr, nullptr, nullptr) == SQLITE_OK;
    }
    ~ReadTransaction()
    {
        if (m_ok)
            sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr);
    }
    bool ok() const { return m_ok; }

private:
    sqlite3 *m_db;
    bool m_ok = false;
};

} // namespace

SqliteChangeLogStore::SqliteChangeLogStore() = default;

SqliteChangeLogStore::~SqliteChangeLogStore()
{
    close();
}

bool SqliteChangeLogStore::open(const std::string &dataDir)
{
    const std::string path = dataDir + "/" + fileName();
    std::string error;
    if (!PrivateFiles::makeDirectory(dataDir, &error) || !PrivateFiles::makeFile(path, &error)) {
        m_lastError = error;
        return false;
    }
    if (sqlite3_open_v2(path.c_str(),
                        &m_db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        nullptr)
        != SQLITE_OK) {
        fail("cannot open " + path);
        close();
        return false;
    }
    sqlite3_busy_timeout(m_db, 5000);
    if (!exec("PRAGMA journal_mode=WAL") || !exec("PRAGMA synchronous=NORMAL")
        || !exec("PRAGMA foreign_keys=ON")) {
        close();
        return false;
    }
    if (!SqliteSchema::migrate(m_db, &error)) {
        m_lastError = "schema migration failed: " + error;
        close();
        return false;
    }
    m_accounts.setConnection(m_db);
    SqliteStatement last(m_db, "SELECT COALESCE(MAX(updated_at), 0) FROM documents");
    if (last.step())
        m_lastWriteMs = last.int64(0);
    return true;
}

SqliteStatement &SqliteChangeLogStore::cached(const char *sql)
{
    std::unique_ptr<SqliteStatement> &slot = m_statements[sql];
    if (!slot)
        slot = std::make_unique<SqliteStatement>(m_db, sql);
    slot->reset();
    return *slot;
}

void SqliteChangeLogStore::close()
{
    m_statements.clear();
    m_accounts.setConnection(nullptr);
    if (m_db) {
        // Fold the WAL back into the main file so a clean stop leaves one file.
        sqlite3_wal_checkpoint_v2(m_db, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
        sqlite3_close_v2(m_db);
        m_db = nullptr;
    }
}

bool SqliteChangeLogStore::fail(const std::string &what)
{
    m_lastError = what + ": " + (m_db ? sqlite3_errmsg(m_db) : "no database");
    qCWarning(lcStore) << m_lastError.c_str();
    return false;
}

bool SqliteChangeLogStore::exec(const char *sql)
{
    char *message = nullptr;
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, &message) == SQLITE_OK)
        return true;
    m_lastError = std::string(sql) + ": " + (message ? message : "?");
    sqlite3_free(message);
    qCWarning(lcStore) << m_lastError.c_str();
    return false;
}

int64_t SqliteChangeLogStore::metaValue(const std::string &key)
{
    SqliteStatement &q = cached("SELECT value FROM meta WHERE key = ?1");
    q.bind(1, key);
    const int64_t value = q.step() ? q.int64(0) : 0;
    q.reset(); // a cached statement must not hold a read snapshot open
    return value;
}

bool SqliteChangeLogStore::setMetaValue(const std::string &key, int64_t value)
{
    SqliteStatement &q = cached("INSERT INTO meta (key, value) VALUES (?1, ?2) "
                                "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    return q.bind(1, key).bind(2, value).exec() || fail("meta write");
}

bool SqliteChangeLogStore::addMetaValue(const std::string &key, int64_t delta)
{
    SqliteStatement &q = cached("INSERT INTO meta (key, value) VALUES (?1, ?2) "
                                "ON CONFLICT (key) DO UPDATE SET value = value + excluded.value");
    return q.bind(1, key).bind(2, delta).exec() || fail("meta write");
}

int64_t SqliteChangeLogStore::headSeq()
{
    return metaValue("head_seq");
}

std::optional<std::string> SqliteChangeLogStore::databaseId()
{
    SqliteStatement &q = cached("SELECT value FROM meta_text WHERE key = 'database_id'");
    std::optional<std::string> id;
    if (q.step())
        id = q.text(0);
    else
        fail("database id read");
    q.reset();
    return id;
}

bool SqliteChangeLogStore::renewDatabaseId()
{
    SqliteStatement &q = cached("INSERT INTO meta_text (key, value) VALUES ('database_id', ?1) "
                                "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    return q.bind(1, DatabaseId::generate()).exec() || fail("database id write");
}

int64_t SqliteChangeLogStore::liveCount(const std::string &collection)
{
    return metaValue(liveKey(collection));
}

bool SqliteChangeLogStore::isEmpty()
{
    return headSeq() == 0;
}

std::optional<DeltaPage> SqliteChangeLogStore::readPage(const std::string &collection,
                                                        const char *sql,
                                                        int64_t position,
                                                        int limit,
                                                        size_t maxBytes,
                                                        bool checkExpiry)
{
    ReadTransaction tx(m_db);
    if (!tx.ok()) {
        fail("begin read");
        return std::nullopt;
    }
    DeltaPage page;
    page.head = headSeq();
    page.total = liveCount(collection);
    if (checkExpiry && position > 0 && position < metaValue(purgedKey(collection))) {
        page.expired = true;
        return page;
    }
    SqliteStatement q(m_db, sql);
    q.bind(1, collection).bind(2, position).bind(3, int64_t(limit) + 1);
    // Rows are stepped one at a time, so a page that stops at its byte
    // bound reads no further.
    int count = 0;
    size_t bytes = 0;
    while (q.step()) {
        if (count == limit || bytes >= maxBytes) {
            page.hasMore = true;
            break;
        }
        ++count;
        page.lastSeq = q.int64(0);
        if (q.int64(2)) {
            page.deletedIds.push_back(q.text(1));
        } else {
            page.documents.push_back(q.text(3));
            bytes += page.documents.back().size();
        }
    }
    if (!q.ok()) {
        fail("delta read");
        return std::nullopt;
    }
    return page;
}

std::optional<DeltaPage> SqliteChangeLogStore::readDelta(const std::string &collection,
                                                         int64_t afterSeq,
                                                         int limit,
                                                         size_t maxBytes)
{
    return readPage(collection, deltaSql, afterSeq, limit, maxBytes, true);
}

std::optional<DeltaPage> SqliteChangeLogStore::readDeltaSince(const std::string &collection,
                                                              int64_t sinceMs,
                                                              int limit,
                                                              size_t maxBytes)
{
    return readPage(collection, deltaSinceSql, sinceMs, limit, maxBytes, false);
}

std::optional<ChangeBatch> SqliteChangeLogStore::readChanges(
    int64_t afterSeq, const std::vector<std::string> &collections, int limit, size_t maxBytes)
{
    ReadTransaction tx(m_db);
    if (!tx.ok()) {
        fail("begin read");
        return std::nullopt;
    }
    ChangeBatch batch;
    batch.head = headSeq();
    std::vector<std::string> names = collections;
    if (names.empty()) {
        for (const QString &c : Protocol::collectionNames())
            names.push_back(c.toStdString());
    }
    for (const std::string &c : names) {
        if (afterSeq > 0 && afterSeq < metaValue(purgedKey(c))) {
            batch.expired = true;
            return batch;
        }
    }
    auto wanted = [&](const std::string &c) {
        return std::find(names.begin(), names.end(), c) != names.end();
    };
    // Reads in global seq order and filters here: the unique seq index makes
    // this a range scan whatever the filter.
    SqliteStatement q(m_db,
                      "SELECT seq, collection, id, version, updated_at, deleted_at, body "
                      "FROM documents WHERE seq > ?1 ORDER BY seq LIMIT ?2");
    int64_t position = afterSeq;
    size_t bytes = 0;
    bool more = true;
    while (more && int(batch.changes.size()) < limit && bytes < maxBytes) {
        q.reset();
        q.bind(1, position).bind(2, int64_t(limit));
        int rows = 0;
        while (q.step()) {
            ++rows;
            position = q.int64(0);
            Change change;
            change.seq = position;
            change.collection = q.text(1);
            if (!wanted(change.collection))
                continue;
            change.documentId = q.text(2);
            if (!q.isNull(5)) {
                change.op = ChangeOp::Delete;
                change.timestampMs = q.int64(5);
            } else {
                change.op = q.int64(3) == 1 ? ChangeOp::Insert : ChangeOp::Update;
                change.timestampMs = q.int64(4);
                change.documentJson = q.text(6);
            }
            bytes += change.documentJson.size();
            batch.changes.push_back(std::move(change));
            if (int(batch.changes.size()) == limit || bytes >= maxBytes) {
                more = false;
                break;
            }
        }
        if (!q.ok()) {
            fail("change read");
            return std::nullopt;
        }
        more = more && rows == limit;
    }
    batch.scannedThrough = position;
    batch.hasMore = position < batch.head;
    return batch;
}

std::optional<StoredDocument> SqliteChangeLogStore::document(const std::string &collection,
                                                             const std::string &id)
{
    SqliteStatement &q = cached("SELECT seq, version, updated_at, deleted_at IS NOT NULL, body "
                                "FROM documents WHERE collection = ?1 AND id = ?2");
    q.bind(1, collection).bind(2, id);
    if (!q.step()) {
        q.reset();
        return std::nullopt;
    }
    StoredDocument doc;
    doc.id = id;
    doc.seq = q.int64(0);
    doc.version = q.int64(1);
    doc.updatedAtMs = q.int64(2);
    doc.deleted = q.int64(3) != 0;
    doc.json = q.text(4);
    q.reset();
    return doc;
}

WriteResult SqliteChangeLogStore::applyOne(const WriteCommand &command, int64_t seq, int64_t nowMs)
{
    WriteResult result;
    const std::optional<StoredDocument> existing = document(command.collection, command.id);
    const bool live = existing && !existing->deleted;
    if (command.kind == WriteCommand::Kind::Insert) {
        if (existing) {
            result.status = WriteResult::Status::Conflict;
            return result;
        }
    } else {
        if (!live) {
            result.status = WriteResult::Status::NotFound;
            return result;
        }
        if (command.expectedVersion && *command.expectedVersion != existing->version) {
            result.status = WriteResult::Status::VersionMismatch;
            result.currentDocument = existing->json;
            return result;
        }
    }
    const int64_t version = existing ? existing->version + 1 : 1;
    Change &change = result.change;
    change.seq = seq;
    change.collection = command.collection;
    change.documentId = command.id;
    change.timestampMs = nowMs;

    bool ok = false;
    if (command.kind == WriteCommand::Kind::Delete) {
        change.op = ChangeOp::Delete;
        SqliteStatement q(m_db,
                          "UPDATE documents SET seq = ?1, version = ?2, updated_at = ?3, "
                          "deleted_at = ?3, body = NULL WHERE collection = ?4 AND id = ?5");
        ok = q.bind(1, seq)
                 .bind(2, version)
                 .bind(3, nowMs)
                 .bind(4, command.collection)
                 .bind(5, command.id)
                 .exec()
             && addMetaValue(liveKey(command.collection), -1);
    } else {
        QJsonObject body = command.fields;
        body.insert(QStringLiteral("_id"), QString::fromStdString(command.id));
        body.insert(QStringLiteral("version"), qint64(version));
        body.insert(QStringLiteral("updatedAt"),
                    Protocol::formatTimestamp(QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC)));
        change.documentJson = QJsonDocument(body).toJson(QJsonDocument::Compact).toStdString();
        if (command.kind == WriteCommand::Kind::Insert) {
            change.op = ChangeOp::Insert;
            SqliteStatement q(m_db,
                              "INSERT INTO documents (collection, id, seq, version, updated_at, "
                              "deleted_at, body) VALUES (?1, ?2, ?3, ?4, ?5, NULL, ?6)");
            ok = q.bind(1, command.collection)
                     .bind(2, command.id)
                     .bind(3, seq)
                     .bind(4, version)
                     .bind(5, nowMs)
                     .bind(6, change.documentJson)
                     .exec()
                 && addMetaValue(liveKey(command.collection), 1);
        } else {
            change.op = ChangeOp::Update;
            SqliteStatement q(m_db,
                              "UPDATE documents SET seq = ?1, version = ?2, updated_at = ?3, "
                              "body = ?4 WHERE collection = ?5 AND id = ?6");
            ok = q.bind(1, seq)
                     .bind(2, version)
                     .bind(3, nowMs)
                     .bind(4, change.documentJson)
                     .bind(5, command.collection)
                     .bind(6, command.id)
                     .exec();
        }
    }
    result.status = ok ? WriteResult::Status::Ok : WriteResult::Status::Failed;
    if (!ok)
        fail("document write");
    return result;
}

bool SqliteChangeLogStore::applyWrites(const std::vector<WriteCommand> &commands,
                                       int64_t nowMs,
                                       std::vector<WriteResult> *results)
{
    // updatedAt never goes backwards, so legacy lastSync readers stay correct
    // across a clock step.
    nowMs = std::max(nowMs, m_lastWriteMs);
    if (!exec("BEGIN IMMEDIATE"))
        return false;
    int64_t head = headSeq();
    std::vector<WriteResult> out;
    out.reserve(commands.size());
    bool anyWritten = false;
    for (const WriteCommand &command : commands) {
        WriteResult r = applyOne(command, head + 1, nowMs);
        if (r.status == WriteResult::Status::Failed) {
            exec("ROLLBACK");
            return false;
        }
        if (r.status == WriteResult::Status::Ok) {
            ++head;
            anyWritten = true;
        }
        out.push_back(std::move(r));
    }
    if ((anyWritten && !setMetaValue("head_seq", head)) || !exec("COMMIT")) {
        exec("ROLLBACK");
        return false;
    }
    m_lastWriteMs = nowMs;
    if (results)
        *results = std::move(out);
    return true;
}

int SqliteChangeLogStore::purgeTombstones(int64_t olderThanMs)
{
    if (!exec("BEGIN IMMEDIATE"))
        return -1;
    SqliteStatement purged(m_db,
                           "SELECT collection, MAX(seq) FROM documents WHERE deleted_at IS NOT "
                           "NULL AND deleted_at <= ?1 GROUP BY collection");
    purged.bind(1, olderThanMs);
    bool ok = true;
    while (purged.step()) {
        const std::string key = purgedKey(purged.text(0));
        ok = ok && setMetaValue(key, std::max(metaValue(key), purged.int64(1)));
    }
    SqliteStatement drop(m_db,
                         "DELETE FROM documents WHERE deleted_at IS NOT NULL AND deleted_at <= ?1");
    ok = ok && purged.ok() && drop.bind(1, olderThanMs).exec();
    if (!ok) {
        fail("tombstone purge");
        exec("ROLLBACK");
        return -1;
    }
    const int count = sqlite3_changes(m_db);
    return exec("COMMIT") ? count : -1;
}

bool SqliteChangeLogStore::addAccount(const Account &account)
{
    return m_accounts.addAccount(account) || fail("account write");
}

std::optional<Account> SqliteChangeLogStore::account(const std::string &username)
{
    return m_accounts.account(username);
}

std::optional<std::vector<AccountSummary>> SqliteChangeLogStore::accounts(int64_t nowMs)
{
    std::optional<std::vector<AccountSummary>> out = m_accounts.accounts(nowMs);
    if (!out)
        fail("account list");
    return out;
}

int SqliteChangeLogStore::setPassword(const Account &account)
{
    const int changed = m_accounts.setPassword(account);
    if (changed < 0)
        fail("password write");
    return changed;
}

int SqliteChangeLogStore::setDisabled(const std::string &username, bool disabled)
{
    const int changed = m_accounts.setDisabled(username, disabled);
    if (changed < 0)
        fail("account write");
    return changed;
}

std::optional<std::vector<std::string>> SqliteChangeLogStore::issueToken(
    const std::string &tokenHash,
    const std::string &username,
    int64_t expiresAtMs,
    int64_t nowMs,
    int keepPerUser)
{
    // One commit per login, not three.
    if (!exec("BEGIN IMMEDIATE"))
        return std::nullopt;
    std::optional<std::vector<std::string>> revoked;
    if (m_accounts.purgeExpiredTokens(nowMs) >= 0
        && m_accounts.insertToken(tokenHash, username, expiresAtMs, nowMs))
        revoked = m_accounts.trimTokens(username, keepPerUser);
    if (!revoked || !exec("COMMIT")) {
        fail("token write");
        exec("ROLLBACK");
        return std::nullopt;
    }
    return revoked;
}

std::optional<Account> SqliteChangeLogStore::accountForToken(const std::string &tokenHash,
                                                             int64_t nowMs)
{
    return m_accounts.accountForToken(tokenHash, nowMs);
}

bool SqliteChangeLogStore::deleteToken(const std::string &tokenHash)
{
    return m_accounts.deleteToken(tokenHash) || fail("token delete");
}

int SqliteChangeLogStore::revokeTokens(const std::string &username)
{
    const int revoked = m_accounts.revokeTokens(username);
    if (revoked < 0)
        fail("token revoke");
    return revoked;
}

std::optional<std::vector<std::string>> SqliteChangeLogStore::liveTokens(
    const std::vector<std::string> &hashes, int64_t nowMs)
{
    std::optional<std::vector<std::string>> live = m_accounts.liveTokens(hashes, nowMs);
    if (!live)
        fail("token check");
    return live;
}

int SqliteChangeLogStore::purgeExpiredTokens(int64_t nowMs)
{
    return m_accounts.purgeExpiredTokens(nowMs);
}

std::string SqliteChangeLogStore::explainDeltaQuery()
{
    SqliteStatement q(m_db, std::string("EXPLAIN QUERY PLAN ") + deltaSql);
    q.bind(1, std::string("events")).bind(2, int64_t(0)).bind(3, int64_t(1000));
    std::string plan;
    while (q.step()) {
        if (!plan.empty())
            plan += '\n';
        plan += q.text(3);
    }
    return plan;
}
