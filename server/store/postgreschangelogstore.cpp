#include "postgreschangelogstore.h"

#include "databaseid.h"
#include "postgreschangefeed.h"
#include "postgresschema.h"

#include "protocol.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QLoggingCategory>

#include <algorithm>

Q_LOGGING_CATEGORY(lcPgStore, "deltadesk.server.store.postgres")

namespace {

// The delta queries, kept in one place so EXPLAIN shows what runs.
// Pages and replay batches stop at a byte bound inside the statement, so
// neither libpq's result nor the server holds more than the bound (plus one
// document): "before" is the size of the rows ahead of a row, and a row is
// sent while that is under the bound. The row that crosses it comes too, so
// a page is never empty; whether more follow is for the caller to ask.
// The bytes of the rows ahead of a row, in seq order (a tombstone has none).
#define DELTADESK_BYTES_BEFORE \
    "sum(coalesce(octet_length(body), 0)) OVER (ORDER BY seq) - coalesce(octet_length(body), 0) " \
    "AS before "
constexpr char deltaSql[]
    = "SELECT seq, id, deleted, body FROM (SELECT seq, id, deleted_at IS NOT NULL AS deleted, "
      "body, " DELTADESK_BYTES_BEFORE "FROM documents WHERE collection = $1 AND seq > $2 "
      "ORDER BY seq LIMIT $3) page WHERE before < $4 ORDER BY seq";
constexpr char deltaSinceSql[]
    = "SELECT seq, id, deleted, body FROM (SELECT seq, id, deleted_at IS NOT NULL AS deleted, "
      "body, " DELTADESK_BYTES_BEFORE "FROM documents WHERE collection = $1 AND updated_at > $2 "
      "ORDER BY seq LIMIT $3) page WHERE before < $4 ORDER BY seq";
constexpr char changesSql[]
    = "SELECT seq, collection, id, version, updated_at, deleted_at, body FROM (SELECT seq, "
      "collection, id, version, updated_at, deleted_at, body, " DELTADESK_BYTES_BEFORE
      "FROM documents WHERE seq > $1 ORDER BY seq LIMIT $2) batch WHERE before < $3 "
      "ORDER BY seq";
constexpr char changesOfSql[]
    = "SELECT seq, collection, id, version, updated_at, deleted_at, body FROM (SELECT seq, "
      "collection, id, version, updated_at, deleted_at, body, " DELTADESK_BYTES_BEFORE
      "FROM documents WHERE seq > $1 AND collection = ANY ($4::text[]) ORDER BY seq LIMIT $2) "
      "batch WHERE before < $3 ORDER BY seq";
#undef DELTADESK_BYTES_BEFORE

std::string liveKey(const std::string &collection)
{
    return "live:" + collection;
}

std::string purgedKey(const std::string &collection)
{
    return "purged:" + collection;
}

// A PostgreSQL array literal, {"a",NULL,"b"}: many rows in one parameter.
class ArrayLiteral
{
public:
    ArrayLiteral &add(std::string_view text)
    {
        separate();
        m_text += '"';
        for (char c : text) {
            if (c == '"' || c == '\\')
                m_text += '\\';
            m_text += c;
        }
        m_text += '"';
        return *this;
    }
    ArrayLiteral &add(int64_t value)
    {
        separate();
        m_text += std::to_string(value);
        return *this;
    }
    ArrayLiteral &addNull()
    {
        separate();
        m_text += "NULL";
        return *this;
    }
    std::string text() const { return m_text + "}"; }

private:
    void separate()
    {
        if (m_text.size() > 1)
            m_text += ',';
    }
    std::string m_text = "{";
};

std::string textArray(const std::vector<std::string> &items)
{
    ArrayLiteral array;
    for (const std::string &item : items)
        array.add(item);
    return array.text();
}

// The rows one write transaction leaves, as array parameters.
struct DocumentRows
{
    ArrayLiteral collection, id, seq, version, updatedAt, deletedAt, body;
    int count = 0;

    void add(const std::string &c, const std::string &docId, const StoredDocument &doc)
    {
        collection.add(c);
        id.add(docId);
        seq.add(doc.seq);
        version.add(doc.version);
        updatedAt.add(doc.updatedAtMs);
        if (doc.deleted) {
            deletedAt.add(doc.updatedAtMs);
            body.addNull();
        } else {
            deletedAt.addNull();
            body.add(doc.json);
        }
        ++count;
    }
    PgParams params() const
    {
        return PgParams()
            .add(collection.text())
            .add(id.text())
            .add(seq.text())
            .add(version.text())
            .add(updatedAt.text())
            .add(deletedAt.text())
            .add(body.text());
    }
};

// A page and the head it reports come from one snapshot.
class ReadTransaction
{
public:
    explicit ReadTransaction(PgConnection &db)
        : m_db(db)
    {
        m_ok = m_db.run("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    }
    ~ReadTransaction()
    {
        if (m_ok)
            m_db.run("COMMIT");
    }
    bool ok() const { return m_ok; }

private:
    PgConnection &m_db;
    bool m_ok = false;
};

// A write transaction that rolls back unless committed.
class WriteTransaction
{
public:
    explicit WriteTransaction(PgConnection &db)
        : m_db(db)
    {
        m_open = m_db.run("BEGIN");
    }
    ~WriteTransaction()
    {
        if (m_open && m_db.isConnected())
            m_db.run("ROLLBACK");
    }
    bool ok() const { return m_open; }
    bool commit()
    {
        m_open = false;
        return m_db.run("COMMIT");
    }

private:
    PgConnection &m_db;
    bool m_open = false;
};

Change changeFromRow(const PgResult &r, int row)
{
    Change change;
    change.seq = r.int64(row, 0);
    change.collection = r.text(row, 1);
    change.documentId = r.text(row, 2);
    if (!r.isNull(row, 5)) {
        change.op = ChangeOp::Delete;
        change.timestampMs = r.int64(row, 5);
    } else {
        change.op = r.int64(row, 3) == 1 ? ChangeOp::Insert : ChangeOp::Update;
        change.timestampMs = r.int64(row, 4);
        change.documentJson = r.text(row, 6);
    }
    return change;
}

} // namespace

PostgresChangeLogStore::PostgresChangeLogStore(Options options)
    : m_options(std::move(options))
{}

PostgresChangeLogStore::~PostgresChangeLogStore() = default;

bool PostgresChangeLogStore::open(bool migrate)
{
    if (!m_db.connect(m_options.url, m_options.applicationName)) {
        m_lastError = m_db.lastError();
        return false;
    }
    std::string error;
    if (migrate && !PostgresSchema::migrate(m_db, &error)) {
        m_lastError = "schema migration failed: " + error;
        return false;
    }
    return true;
}

std::string PostgresChangeLogStore::lastError() const
{
    return m_lastError.empty() ? m_db.lastError() : m_lastError;
}

bool PostgresChangeLogStore::fail(const std::string &what)
{
    m_lastError = what + ": " + m_db.lastError();
    qCWarning(lcPgStore) << m_lastError.c_str();
    return false;
}

bool PostgresChangeLogStore::available()
{
    // A call that failed because the connection was lost reports it here
    // even when the reconnect below succeeds at once.
    const bool lost = m_db.takeLoss();
    return m_db.ensureConnected() && !lost;
}

bool PostgresChangeLogStore::runExclusively(const std::function<bool()> &job)
{
    const PgParams key = PgParams()
                             .add(int64_t(PostgresSchema::lockNamespace))
                             .add(int64_t(PostgresSchema::setupLock));
    if (!m_db.run("SELECT pg_advisory_lock($1, $2)", key))
        return fail("setup lock");
    const bool ok = job();
    m_db.run("SELECT pg_advisory_unlock($1, $2)", key);
    return ok;
}

std::optional<std::map<std::string, int64_t>> PostgresChangeLogStore::metaValues(
    const std::vector<std::string> &keys)
{
    const PgResult r = m_db.exec("SELECT key, value FROM meta WHERE key = ANY ($1::text[])",
                                 PgParams().add(textArray(keys)));
    if (!r.ok()) {
        fail("meta read");
        return std::nullopt;
    }
    std::map<std::string, int64_t> values;
    for (const std::string &key : keys)
        values[key] = 0;
    for (int row = 0; row < r.rows(); ++row)
        values[r.text(row, 0)] = r.int64(row, 1);
    return values;
}

int64_t PostgresChangeLogStore::headSeq()
{
    const PgResult r = m_db.exec("SELECT value FROM meta WHERE key = 'head_seq'");
    return r.ok() && r.rows() == 1 ? r.int64(0, 0) : 0;
}

std::optional<std::string> PostgresChangeLogStore::databaseId()
{
    const PgResult r = m_db.exec("SELECT value FROM meta_text WHERE key = 'database_id'");
    if (!r.ok() || r.rows() != 1) {
        fail("database id read");
        return std::nullopt;
    }
    return r.text(0, 0);
}

bool PostgresChangeLogStore::renewDatabaseId()
{
    return m_db.run("INSERT INTO meta_text (key, value) VALUES ('database_id', $1) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    PgParams().add(DatabaseId::generate()))
           || fail("database id write");
}

int64_t PostgresChangeLogStore::liveCount(const std::string &collection)
{
    const PgResult r = m_db.exec("SELECT value FROM meta WHERE key = $1",
                                 PgParams().add(liveKey(collection)));
    return r.ok() && r.rows() == 1 ? r.int64(0, 0) : 0;
}

bool PostgresChangeLogStore::isEmpty()
{
    return headSeq() == 0;
}

std::optional<DeltaPage> PostgresChangeLogStore::readPage(const std::string &collection,
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
    const auto meta = metaValues({"head_seq", liveKey(collection), purgedKey(collection)});
    if (!meta)
        return std::nullopt;
    DeltaPage page;
    page.head = meta->at("head_seq");
    page.total = meta->at(liveKey(collection));
    if (checkExpiry && position > 0 && position < meta->at(purgedKey(collection))) {
        page.expired = true;
        return page;
    }
    const PgResult r
        = m_db.exec(sql,
                    PgParams().add(collection).add(position).add(limit + 1).add(int64_t(maxBytes)));
    if (!r.ok()) {
        fail("delta read");
        return std::nullopt;
    }
    const int rows = std::min(r.rows(), limit);
    size_t bytes = 0;
    for (int row = 0; row < rows; ++row) {
        page.lastSeq = r.int64(row, 0);
        if (r.view(row, 2) == "t") {
            page.deletedIds.push_back(r.text(row, 1));
        } else {
            page.documents.push_back(r.text(row, 3));
            bytes += page.documents.back().size();
        }
    }
    // At the byte bound more may follow (the statement does not say; the
    // next page, perhaps empty, does).
    page.hasMore = r.rows() > limit || bytes >= maxBytes;
    return page;
}

std::optional<DeltaPage> PostgresChangeLogStore::readDelta(const std::string &collection,
                                                           int64_t afterSeq,
                                                           int limit,
                                                           size_t maxBytes)
{
    return readPage(collection, deltaSql, afterSeq, limit, maxBytes, true);
}

std::optional<DeltaPage> PostgresChangeLogStore::readDeltaSince(const std::string &collection,
                                                                int64_t sinceMs,
                                                                int limit,
                                                                size_t maxBytes)
{
    return readPage(collection, deltaSinceSql, sinceMs, limit, maxBytes, false);
}

std::optional<ChangeBatch> PostgresChangeLogStore::readChanges(
    int64_t afterSeq, const std::vector<std::string> &collections, int limit, size_t maxBytes)
{
    ReadTransaction tx(m_db);
    if (!tx.ok()) {
        fail("begin read");
        return std::nullopt;
    }
    std::vector<std::string> names = collections;
    if (names.empty()) {
        for (const QString &c : Protocol::collectionNames())
            names.push_back(c.toStdString());
    }
    std::vector<std::string> keys{"head_seq"};
    for (const std::string &c : names)
        keys.push_back(purgedKey(c));
    const auto meta = metaValues(keys);
    if (!meta)
        return std::nullopt;
    ChangeBatch batch;
    batch.head = meta->at("head_seq");
    for (const std::string &c : names) {
        if (afterSeq > 0 && afterSeq < meta->at(purgedKey(c))) {
            batch.expired = true;
            return batch;
        }
    }
    PgParams params = PgParams().add(afterSeq).add(int64_t(limit)).add(int64_t(maxBytes));
    if (!collections.empty())
        params.add(textArray(collections));
    const PgResult r = m_db.exec(collections.empty() ? changesSql : changesOfSql, params);
    if (!r.ok()) {
        fail("change read");
        return std::nullopt;
    }
    size_t bytes = 0;
    for (int row = 0; row < r.rows(); ++row) {
        batch.changes.push_back(changeFromRow(r, row));
        bytes += batch.changes.back().documentJson.size();
    }
    // Cut at the byte bound inside the statement: more may follow.
    batch.hasMore = bytes >= maxBytes || r.rows() == limit;
    batch.scannedThrough = batch.hasMore ? batch.changes.back().seq
                                         : std::max(afterSeq, batch.head);
    return batch;
}

std::optional<ChangeBatch> PostgresChangeLogStore::readLog(int64_t afterSeq, int limit)
{
    // One statement, one snapshot: the head it reports covers the rows.
    const PgResult r = m_db.exec("SELECT seq, collection, id, version, updated_at, deleted_at, "
                                 "body, (SELECT value FROM meta WHERE key = 'head_seq') "
                                 "FROM documents WHERE seq > $1 ORDER BY seq LIMIT $2",
                                 PgParams().add(afterSeq).add(int64_t(limit)));
    if (!r.ok()) {
        m_lastError = "log read: " + m_db.lastError();
        return std::nullopt;
    }
    ChangeBatch batch;
    for (int row = 0; row < r.rows(); ++row)
        batch.changes.push_back(changeFromRow(r, row));
    batch.hasMore = r.rows() == limit;
    batch.head = r.rows() > 0 ? r.int64(0, 7) : afterSeq;
    batch.scannedThrough = batch.hasMore || r.rows() == 0
                               ? (r.rows() ? batch.changes.back().seq : afterSeq)
                               : batch.head;
    return batch;
}

bool PostgresChangeLogStore::findDocument(const std::string &collection,
                                          const std::string &id,
                                          std::optional<StoredDocument> *found)
{
    const PgResult r = m_db.exec("SELECT seq, version, updated_at, deleted_at IS NOT NULL, body "
                                 "FROM documents WHERE collection = $1 AND id = $2",
                                 PgParams().add(collection).add(id));
    found->reset();
    if (!r.ok())
        return fail("document read");
    if (r.rows() == 0)
        return true;
    StoredDocument doc;
    doc.id = id;
    doc.seq = r.int64(0, 0);
    doc.version = r.int64(0, 1);
    doc.updatedAtMs = r.int64(0, 2);
    doc.deleted = r.view(0, 3) == "t";
    doc.json = r.text(0, 4);
    *found = std::move(doc);
    return true;
}

std::optional<StoredDocument> PostgresChangeLogStore::document(const std::string &collection,
                                                               const std::string &id)
{
    std::optional<StoredDocument> found;
    findDocument(collection, id, &found);
    return found;
}

WriteResult PostgresChangeLogStore::applyOne(const WriteCommand &command,
                                             int64_t seq,
                                             int64_t nowMs,
                                             std::optional<StoredDocument> *current,
                                             std::map<std::string, int64_t> *liveDelta)
{
    WriteResult result;
    const bool live = *current && !(*current)->deleted;
    if (command.kind == WriteCommand::Kind::Insert) {
        if (*current) {
            result.status = WriteResult::Status::Conflict;
            return result;
        }
    } else {
        if (!live) {
            result.status = WriteResult::Status::NotFound;
            return result;
        }
        if (command.expectedVersion && *command.expectedVersion != (*current)->version) {
            result.status = WriteResult::Status::VersionMismatch;
            result.currentDocument = (*current)->json;
            return result;
        }
    }
    StoredDocument next;
    next.id = command.id;
    next.seq = seq;
    next.version = *current ? (*current)->version + 1 : 1;
    next.updatedAtMs = nowMs;
    Change &change = result.change;
    change.seq = seq;
    change.collection = command.collection;
    change.documentId = command.id;
    change.timestampMs = nowMs;
    if (command.kind == WriteCommand::Kind::Delete) {
        change.op = ChangeOp::Delete;
        next.deleted = true;
        (*liveDelta)[command.collection] -= 1;
    } else {
        QJsonObject body = command.fields;
        body.insert(QStringLiteral("_id"), QString::fromStdString(command.id));
        body.insert(QStringLiteral("version"), qint64(next.version));
        body.insert(QStringLiteral("updatedAt"),
                    Protocol::formatTimestamp(QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC)));
        change.documentJson = QJsonDocument(body).toJson(QJsonDocument::Compact).toStdString();
        next.json = change.documentJson;
        change.op = command.kind == WriteCommand::Kind::Insert ? ChangeOp::Insert
                                                               : ChangeOp::Update;
        if (command.kind == WriteCommand::Kind::Insert)
            (*liveDelta)[command.collection] += 1;
    }
    *current = std::move(next);
    result.status = WriteResult::Status::Ok;
    return result;
}

bool PostgresChangeLogStore::loadDocuments(const std::vector<WriteCommand> &commands,
                                           std::map<DocumentKey, std::optional<StoredDocument>> *docs)
{
    ArrayLiteral collections, ids;
    for (const WriteCommand &command : commands) {
        if (docs->emplace(DocumentKey{command.collection, command.id}, std::nullopt).second) {
            collections.add(command.collection);
            ids.add(command.id);
        }
    }
    const PgResult r = m_db.exec(
        "SELECT d.collection, d.id, d.seq, d.version, d.updated_at, d.deleted_at IS NOT NULL, "
        "d.body FROM documents d JOIN unnest($1::text[], $2::text[]) AS k (collection, id) "
        "ON d.collection = k.collection AND d.id = k.id",
        PgParams().add(collections.text()).add(ids.text()));
    if (!r.ok())
        return fail("document read");
    for (int row = 0; row < r.rows(); ++row) {
        StoredDocument doc;
        doc.id = r.text(row, 1);
        doc.seq = r.int64(row, 2);
        doc.version = r.int64(row, 3);
        doc.updatedAtMs = r.int64(row, 4);
        doc.deleted = r.view(row, 5) == "t";
        doc.json = r.text(row, 6);
        (*docs)[DocumentKey{r.text(row, 0), doc.id}] = std::move(doc);
    }
    return true;
}

bool PostgresChangeLogStore::storeDocuments(
    const std::map<DocumentKey, std::optional<StoredDocument>> &before,
    const std::map<DocumentKey, std::optional<StoredDocument>> &after)
{
    // The final state of each document the transaction touched: one INSERT
    // for the new ones, one UPDATE for the others, whatever the batch size.
    DocumentRows inserts, updates;
    for (const auto &[key, doc] : after) {
        const std::optional<StoredDocument> &was = before.at(key);
        if (!doc || (was && was->seq == doc->seq))
            continue;
        (was ? updates : inserts).add(key.first, key.second, *doc);
    }
    if (inserts.count > 0
        && !m_db.run("INSERT INTO documents (collection, id, seq, version, updated_at, "
                     "deleted_at, body) SELECT * FROM unnest($1::text[], $2::text[], "
                     "$3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::text[])",
                     inserts.params()))
        return fail("document insert");
    if (updates.count > 0
        && !m_db.run("UPDATE documents d SET seq = u.seq, version = u.version, updated_at = "
                     "u.updated_at, deleted_at = u.deleted_at, body = u.body FROM unnest("
                     "$1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[], "
                     "$6::bigint[], $7::text[]) AS u (collection, id, seq, version, updated_at, "
                     "deleted_at, body) WHERE d.collection = u.collection AND d.id = u.id",
                     updates.params()))
        return fail("document update");
    return true;
}

bool PostgresChangeLogStore::finishWrites(int64_t head,
                                          int64_t nowMs,
                                          const std::map<std::string, int64_t> &liveDelta)
{
    std::vector<std::string> keys;
    std::string deltas = "{";
    for (const auto &[collection, delta] : liveDelta) {
        if (delta == 0)
            continue;
        keys.push_back(liveKey(collection));
        deltas += (deltas.size() > 1 ? "," : "") + std::to_string(delta);
    }
    deltas += "}";
    // The counters, the live counts and the notification in one round trip.
    // The payload is only the seq: a listener reads the changes from the log.
    return m_db.run("WITH counters AS (UPDATE meta SET value = CASE key WHEN 'head_seq' THEN "
                    "$1::bigint ELSE $2::bigint END WHERE key IN ('head_seq', 'last_write_ms')), "
                    "live AS (INSERT INTO meta (key, value) SELECT k, d FROM unnest($3::text[], "
                    "$4::bigint[]) AS u (k, d) ON CONFLICT (key) DO UPDATE SET value = meta.value "
                    "+ excluded.value) SELECT pg_notify('deltadesk_changes', $5)",
                    PgParams()
                        .add(head)
                        .add(nowMs)
                        .add(textArray(keys))
                        .add(deltas)
                        .add(std::to_string(head)))
           || fail("counter write");
}

bool PostgresChangeLogStore::applyWrites(const std::vector<WriteCommand> &commands,
                                         int64_t nowMs,
                                         std::vector<WriteResult> *results)
{
    if (!m_db.ensureConnected())
        return fail("no database connection");
    WriteTransaction tx(m_db);
    if (!tx.ok())
        return fail("begin write");
    // The lock that orders every writer of the database: held until COMMIT,
    // so the next writer reads the head this one leaves. Both rows in key
    // order, whatever plan a connection uses: writers never deadlock here.
    const PgResult counters = m_db.exec(
        "SELECT key, value FROM meta WHERE key IN ('head_seq', 'last_write_ms') ORDER BY key "
        "FOR UPDATE");
    if (!counters.ok() || counters.rows() != 2)
        return fail("counter lock");
    int64_t head = 0;
    int64_t lastWriteMs = 0;
    for (int row = 0; row < 2; ++row)
        (counters.view(row, 0) == "head_seq" ? head : lastWriteMs) = counters.int64(row, 1);
    // updatedAt never goes backwards, so legacy lastSync readers stay
    // correct across a clock step (or instances whose clocks differ).
    nowMs = std::max(nowMs, lastWriteMs);

    // Read every document the batch touches at once, decide each command
    // against the state the earlier ones left, write the final rows at once.
    std::map<DocumentKey, std::optional<StoredDocument>> before;
    if (!loadDocuments(commands, &before))
        return false;
    std::map<DocumentKey, std::optional<StoredDocument>> docs = before;
    std::vector<WriteResult> out;
    out.reserve(commands.size());
    std::vector<Change> written;
    std::map<std::string, int64_t> liveDelta;
    for (const WriteCommand &command : commands) {
        WriteResult r = applyOne(command,
                                 head + 1,
                                 nowMs,
                                 &docs[DocumentKey{command.collection, command.id}],
                                 &liveDelta);
        if (r.status == WriteResult::Status::Ok) {
            ++head;
            written.push_back(r.change);
        }
        out.push_back(std::move(r));
    }
    if (!written.empty() && (!storeDocuments(before, docs) || !finishWrites(head, nowMs, liveDelta)))
        return false;
    if (m_options.commitDelayMs > 0 && !written.empty()) {
        m_db.run("SELECT pg_sleep($1::double precision / 1000)",
                 PgParams().add(int64_t(m_options.commitDelayMs)));
    }
    if (!tx.commit())
        return fail("commit");
    if (m_options.feed)
        m_options.feed->committed(*this, written);
    if (results)
        *results = std::move(out);
    return true;
}

int PostgresChangeLogStore::purgeTombstones(int64_t olderThanMs)
{
    if (!m_db.ensureConnected())
        return -1;
    WriteTransaction tx(m_db);
    if (!tx.ok())
        return -1;
    // One instance at a time; the others skip this round.
    const PgResult locked = m_db.exec("SELECT pg_try_advisory_xact_lock($1, $2)",
                                      PgParams()
                                          .add(int64_t(PostgresSchema::lockNamespace))
                                          .add(int64_t(PostgresSchema::purgeLock)));
    if (!locked.ok())
        return -1;
    if (locked.view(0, 0) != "t")
        return 0;
    // One statement, so the purged marks cover exactly the rows it drops.
    const PgResult purged = m_db.exec(
        "WITH gone AS (DELETE FROM documents WHERE deleted_at IS NOT NULL AND deleted_at <= $1 "
        "RETURNING collection, seq), marks AS (INSERT INTO meta (key, value) SELECT 'purged:' || "
        "collection, MAX(seq) FROM gone GROUP BY collection ON CONFLICT (key) DO UPDATE SET "
        "value = GREATEST(meta.value, excluded.value)) SELECT count(*) FROM gone",
        PgParams().add(olderThanMs));
    if (!purged.ok() || !tx.commit()) {
        fail("tombstone purge");
        return -1;
    }
    return int(purged.int64(0, 0));
}

bool PostgresChangeLogStore::addAccount(const Account &account)
{
    return m_accounts.addAccount(account) || fail("account write");
}

std::optional<Account> PostgresChangeLogStore::account(const std::string &username)
{
    return m_accounts.account(username);
}

std::optional<std::vector<AccountSummary>> PostgresChangeLogStore::accounts(int64_t nowMs)
{
    std::optional<std::vector<AccountSummary>> out = m_accounts.accounts(nowMs);
    if (!out)
        fail("account list");
    return out;
}

int PostgresChangeLogStore::setPassword(const Account &account)
{
    const int changed = m_accounts.setPassword(account);
    if (changed < 0)
        fail("password write");
    return changed;
}

int PostgresChangeLogStore::setDisabled(const std::string &username, bool disabled)
{
    const int changed = m_accounts.setDisabled(username, disabled);
    if (changed < 0)
        fail("account write");
    return changed;
}

std::optional<std::vector<std::string>> PostgresChangeLogStore::issueToken(
    const std::string &tokenHash,
    const std::string &username,
    int64_t expiresAtMs,
    int64_t nowMs,
    int keepPerUser)
{
    std::optional<std::vector<std::string>> revoked
        = m_accounts.issueToken(tokenHash, username, expiresAtMs, nowMs, keepPerUser);
    if (!revoked)
        fail("token write");
    return revoked;
}

std::optional<Account> PostgresChangeLogStore::accountForToken(const std::string &tokenHash,
                                                               int64_t nowMs)
{
    return m_accounts.accountForToken(tokenHash, nowMs);
}

bool PostgresChangeLogStore::deleteToken(const std::string &tokenHash)
{
    return m_accounts.deleteToken(tokenHash) || fail("token delete");
}

int PostgresChangeLogStore::revokeTokens(const std::string &username)
{
    const int revoked = m_accounts.revokeTokens(username);
    if (revoked < 0)
        fail("token revoke");
    return revoked;
}

std::optional<std::vector<std::string>> PostgresChangeLogStore::liveTokens(
    const std::vector<std::string> &hashes, int64_t nowMs)
{
    std::optional<std::vector<std::string>> live = m_accounts.liveTokens(hashes, nowMs);
    if (!live)
        fail("token check");
    return live;
}

int PostgresChangeLogStore::purgeExpiredTokens(int64_t nowMs)
{
    return m_accounts.purgeExpiredTokens(nowMs);
}

std::string PostgresChangeLogStore::explainDeltaQuery()
{
    // A client's usual delta: the last 50 changes (from cursor 0 the
    // planner rightly scans and sorts a small table instead).
    const int64_t cursor = std::max<int64_t>(0, headSeq() - 50);
    const PgResult r = m_db.execOnce(
        std::string("EXPLAIN ") + deltaSql,
        PgParams().add("events").add(cursor).add(int64_t(1000)).add(int64_t(16 << 20)));
    std::string plan;
    for (int row = 0; r.ok() && row < r.rows(); ++row) {
        if (!plan.empty())
            plan += '\n';
        plan += r.text(row, 0);
    }
    return plan;
}
