#include "sqliteschema.h"

#include "sqlitestatement.h"

#include <array>

namespace {

// Each entry migrates from the version before it; never edit one that has
// shipped, add the next.
// documents: one row per (collection, id); a tombstone keeps its row with
// deleted_at set and the body dropped. seq is global and unique, so the
// stream's cross-collection replay reads it in order from its own index.
// meta: head seq, and per collection the live count ("live:<c>") and the
// highest purged tombstone seq ("purged:<c>"). meta_text: database_id.
constexpr std::array migrations{
    R"sql(
CREATE TABLE documents (
    collection TEXT NOT NULL,
    id TEXT NOT NULL,
    seq INTEGER NOT NULL UNIQUE,
    version INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    deleted_at INTEGER,
    body TEXT
);
CREATE UNIQUE INDEX documents_collection_id ON documents (collection, id);
CREATE INDEX documents_collection_seq ON documents (collection, seq);
CREATE INDEX documents_collection_updated ON documents (collection, updated_at);
CREATE INDEX documents_deleted ON documents (deleted_at) WHERE deleted_at IS NOT NULL;
CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO meta (key, value) VALUES ('head_seq', 0);
CREATE TABLE accounts (
    username TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    salt TEXT NOT NULL,
    hash TEXT NOT NULL,
    iterations INTEGER NOT NULL
);
CREATE TABLE tokens (
    token_hash TEXT PRIMARY KEY,
    username TEXT NOT NULL REFERENCES accounts (username) ON DELETE CASCADE,
    expires_at INTEGER NOT NULL
);
CREATE INDEX tokens_expires ON tokens (expires_at);
)sql",
    // 2: accounts can be disabled (deltadesk-server user disable); tokens
    // know their age, so a user's oldest go first past the per-user bound.
    R"sql(
ALTER TABLE accounts ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tokens ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;
CREATE INDEX tokens_username ON tokens (username, created_at);
)sql",
    // 3: the database's id (see ChangeLogStore::databaseId), text beside
    // meta's integers; SQLite's randomblob() draws from the OS's entropy.
    R"sql(
CREATE TABLE meta_text (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO meta_text (key, value) VALUES ('database_id', lower(hex(randomblob(16))));
)sql",
};

bool execScript(sqlite3 *db, const char *sql, std::string *error)
{
    char *message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) == SQLITE_OK)
        return true;
    if (error)
        *error = message ? message : "unknown SQLite error";
    sqlite3_free(message);
    return false;
}

} // namespace

namespace SqliteSchema {

int currentVersion()
{
    return int(migrations.size());
}

bool migrate(sqlite3 *db, std::string *error)
{
    SqliteStatement versionQuery(db, "PRAGMA user_version");
    if (!versionQuery.step()) {
        if (error)
            *error = sqlite3_errmsg(db);
        return false;
    }
    const int from = int(versionQuery.int64(0));
    if (from > currentVersion()) {
        if (error)
            *error = "database schema is newer than this server";
        return false;
    }
    for (int v = from; v < currentVersion(); ++v) {
        const std::string script = std::string("BEGIN IMMEDIATE;") + migrations[size_t(v)]
                                   + "PRAGMA user_version = " + std::to_string(v + 1) + ";COMMIT;";
        if (!execScript(db, script.c_str(), error)) {
            execScript(db, "ROLLBACK", nullptr);
            return false;
        }
    }
    return true;
}

} // namespace SqliteSchema
