#include "postgresschema.h"

#include "pgconnection.h"

#include <array>

namespace {

// documents: one row per (collection, id); a tombstone keeps its row with
// deleted_at set and the body dropped. seq is global and unique and is
// handed out in commit order from meta's head_seq row (see
// PostgresChangeLogStore::applyWrites), so "seq > cursor" never skips a
// change that commits later. meta: head_seq, last_write_ms, and per
// collection the live count ("live:<c>") and the highest purged tombstone
// seq ("purged:<c>"); its rows are rewritten by every write, so pages keep
// room for HOT updates.
// Each entry migrates from the version before it; never edit one that has
// shipped, add the next.
constexpr std::array migrations{
    R"sql(
CREATE TABLE documents (
    collection text NOT NULL,
    id text NOT NULL,
    seq bigint NOT NULL,
    version bigint NOT NULL,
    updated_at bigint NOT NULL,
    deleted_at bigint,
    body text,
    PRIMARY KEY (collection, id)
);
CREATE UNIQUE INDEX documents_seq ON documents (seq);
CREATE INDEX documents_collection_seq ON documents (collection, seq);
CREATE INDEX documents_collection_updated ON documents (collection, updated_at);
CREATE INDEX documents_deleted ON documents (deleted_at) WHERE deleted_at IS NOT NULL;
CREATE TABLE meta (key text PRIMARY KEY, value bigint NOT NULL) WITH (fillfactor = 50);
INSERT INTO meta (key, value) VALUES ('head_seq', 0), ('last_write_ms', 0);
CREATE TABLE accounts (
    username text PRIMARY KEY,
    name text NOT NULL,
    role text NOT NULL,
    salt text NOT NULL,
    hash text NOT NULL,
    iterations integer NOT NULL
);
CREATE TABLE tokens (
    token_hash text PRIMARY KEY,
    username text NOT NULL REFERENCES accounts (username) ON DELETE CASCADE,
    expires_at bigint NOT NULL
);
CREATE INDEX tokens_expires ON tokens (expires_at);
)sql",
    // 2: accounts can be disabled (deltadesk-server user disable); tokens
    // know their age, so a user's oldest go first past the per-user bound.
    R"sql(
ALTER TABLE accounts ADD COLUMN disabled boolean NOT NULL DEFAULT false;
ALTER TABLE tokens ADD COLUMN created_at bigint NOT NULL DEFAULT 0;
CREATE INDEX tokens_username ON tokens (username, created_at);
)sql",
    // 3: the database's id (see ChangeLogStore::databaseId), text beside
    // meta's integers. After a pg_restore, `deltadesk-server
    // new-database-id` replaces it.
    R"sql(
CREATE TABLE meta_text (key text PRIMARY KEY, value text NOT NULL);
INSERT INTO meta_text (key, value)
VALUES ('database_id', replace(gen_random_uuid()::text, '-', ''));
)sql",
};

std::string lockCall(const char *function)
{
    return std::string("SELECT ") + function + "(" + std::to_string(PostgresSchema::lockNamespace)
           + ", " + std::to_string(PostgresSchema::setupLock) + ")";
}

bool runMigrations(PgConnection &db, std::string *error)
{
    if (!db.execScript("CREATE TABLE IF NOT EXISTS deltadesk_schema (version integer NOT NULL)")
             .ok()) {
        *error = db.lastError();
        return false;
    }
    PgResult current = db.execScript("SELECT version FROM deltadesk_schema");
    if (!current.ok()) {
        *error = db.lastError();
        return false;
    }
    int from = 0;
    if (current.rows() == 0) {
        if (!db.execScript("INSERT INTO deltadesk_schema (version) VALUES (0)").ok()) {
            *error = db.lastError();
            return false;
        }
    } else {
        from = int(current.int64(0, 0));
    }
    if (from > PostgresSchema::currentVersion()) {
        *error = "database schema version " + std::to_string(from) + " is newer than this server ("
                 + std::to_string(PostgresSchema::currentVersion()) + ")";
        return false;
    }
    for (int v = from; v < PostgresSchema::currentVersion(); ++v) {
        const std::string script = std::string("BEGIN;") + migrations[size_t(v)]
                                   + "UPDATE deltadesk_schema SET version = "
                                   + std::to_string(v + 1) + ";COMMIT;";
        if (!db.execScript(script).ok()) {
            *error = "migration " + std::to_string(v + 1) + ": " + db.lastError();
            db.execScript("ROLLBACK");
            return false;
        }
    }
    return true;
}

} // namespace

namespace PostgresSchema {

int currentVersion()
{
    return int(migrations.size());
}

bool migrate(PgConnection &db, std::string *error)
{
    if (!db.execScript(lockCall("pg_advisory_lock")).ok()) {
        *error = db.lastError();
        return false;
    }
    const bool ok = runMigrations(db, error);
    db.execScript(lockCall("pg_advisory_unlock"));
    return ok;
}

} // namespace PostgresSchema
