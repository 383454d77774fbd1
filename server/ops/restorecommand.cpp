#include "restorecommand.h"

#include "databaseid.h"
#include "datadirlock.h"
#include "privatefiles.h"
#include "sqlitechangelogstore.h"
#include "sqlitefilecopy.h"
#include "sqliteschema.h"
#include "sqlitestatement.h"
#include "storebackend.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <memory>

namespace {

int failed(const char *command, const std::string &message, int code = 1)
{
    std::fprintf(stderr, "deltadesk-server: %s: %s\n", command, message.c_str());
    return code;
}

struct SqliteCloser
{
    void operator()(sqlite3 *db) const { sqlite3_close_v2(db); }
};
using SqliteHandle = std::unique_ptr<sqlite3, SqliteCloser>;

// A file: URI for path, so no character of it is read as URI syntax.
std::string fileUri(const std::string &path)
{
    std::string uri = "file:";
    for (char c : path) {
        if (c == '%' || c == '?' || c == '#') {
            char escaped[4];
            std::snprintf(escaped,
                          sizeof escaped,
                          "%%%02X",
                          unsigned(static_cast<unsigned char>(c)));
            uri += escaped;
        } else {
            uri += c;
        }
    }
    return uri + "?immutable=1";
}

// Opens FILE read-only and checks it is a DeltaDesk database this server
// can run; the open handle, or null and *error.
SqliteHandle openBackup(const std::string &path, std::string *error)
{
    struct stat info = {};
    if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) {
        *error = path + " is not a file";
        return nullptr;
    }
    sqlite3 *raw = nullptr;
    // immutable: a backup file is read as it lies, no lock, no -wal beside it.
    const int rc = sqlite3_open_v2(fileUri(path).c_str(),
                                   &raw,
                                   SQLITE_OPEN_READONLY | SQLITE_OPEN_URI,
                                   nullptr);
    SqliteHandle db(raw);
    if (rc != SQLITE_OK) {
        *error = "cannot open " + path + ": " + SqliteFileCopy::message(raw);
        return nullptr;
    }
    const std::string notOurs = path + " is not a DeltaDesk database";
    SqliteStatement tables(db.get(),
                           "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
                           "('documents', 'meta', 'accounts', 'tokens')");
    if (!tables.step() || tables.int64(0) != 4) {
        *error = notOurs + (tables.ok() ? "" : std::string(" (") + sqlite3_errmsg(db.get()) + ")");
        return nullptr;
    }
    SqliteStatement version(db.get(), "PRAGMA user_version");
    if (!version.step() || version.int64(0) < 1) {
        *error = notOurs;
        return nullptr;
    }
    if (version.int64(0) > SqliteSchema::currentVersion()) {
        *error = path + " comes from a newer server (schema " + std::to_string(version.int64(0))
                 + ", this server knows " + std::to_string(SqliteSchema::currentVersion()) + ")";
        return nullptr;
    }
    SqliteStatement head(db.get(), "SELECT value FROM meta WHERE key = 'head_seq'");
    if (!head.step()) {
        *error = notOurs + " (no head seq)";
        return nullptr;
    }
    SqliteStatement check(db.get(), "PRAGMA integrity_check");
    if (!check.step() || check.text(0) != "ok") {
        *error = path + " is damaged (integrity_check: "
                 + (check.ok() ? check.text(0) : std::string(sqlite3_errmsg(db.get()))) + ")";
        return nullptr;
    }
    return db;
}

bool exists(const std::string &path)
{
    struct stat info = {};
    return ::stat(path.c_str(), &info) == 0;
}

// The copy in D, brought to this server's schema, with a new database id;
// its head seq in *head.
bool prepareCopy(const std::string &path, int64_t *head, std::string *id, std::string *error)
{
    sqlite3 *raw = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr);
    SqliteHandle db(raw);
    if (rc != SQLITE_OK) {
        *error = "cannot open " + path + ": " + SqliteFileCopy::message(raw);
        return false;
    }
    if (!SqliteSchema::migrate(db.get(), error))
        return false;
    *id = DatabaseId::generate();
    SqliteStatement renew(db.get(),
                          "INSERT INTO meta_text (key, value) VALUES ('database_id', ?1) "
                          "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    SqliteStatement headQuery(db.get(), "SELECT value FROM meta WHERE key = 'head_seq'");
    if (!renew.bind(1, *id).exec() || !headQuery.step()) {
        *error = std::string("cannot give the copy a new database id: ") + sqlite3_errmsg(db.get());
        return false;
    }
    *head = headQuery.int64(0);
    return true;
}

} // namespace

namespace RestoreCommand {

int run(const ServerConfig &config, const std::string &from, bool force)
{
    const char *command = "restore";
    if (StoreBackend::isPostgres(config.database))
        return failed(command,
                      "restore is for the SQLite store; restore PostgreSQL with pg_restore or "
                      "PITR, then run new-database-id (see server/README.md)",
                      2);
    std::string error;
    // FILE first: a refusal leaves D as it was.
    const SqliteHandle backup = openBackup(from, &error);
    if (!backup)
        return failed(command, error);

    const std::string &dir = config.dataDir;
    DataDirLock lock;
    bool running = false;
    if (!PrivateFiles::makeDirectory(dir, &error) || !lock.acquire(dir, &error, &running))
        return failed(command, running ? error + "; stop it before restoring" : error);
    const std::string target = dir + "/" + SqliteChangeLogStore::fileName();
    struct stat info = {};
    if (::stat(target.c_str(), &info) == 0 && info.st_size > 0 && !force)
        return failed(command,
                      dir + " already holds a database; pass --force to replace it (it is lost)");

    const std::string temp = SqliteFileCopy::makeTempBeside(target, &error);
    int64_t head = 0;
    std::string id;
    bool ok = !temp.empty() && SqliteFileCopy::copy(backup.get(), temp, &error)
              && prepareCopy(temp, &head, &id, &error);
    // A -wal or -shm left by the old database would be read as part of the
    // new one: they go before the new file takes the name.
    for (const char *suffix : {"-wal", "-shm", "-journal"}) {
        const std::string companion = target + suffix;
        if (ok && exists(companion) && ::unlink(companion.c_str()) != 0) {
            error = "cannot remove " + companion;
            ok = false;
        }
    }
    ok = ok && SqliteFileCopy::commit(temp, target, &error);
    if (!ok) {
        if (!temp.empty())
            ::unlink(temp.c_str());
        return failed(command, error);
    }
    std::fprintf(stderr,
                 "restored %s into %s: cursor %lld; new database id %s; accounts and tokens as "
                 "in the backup\n",
                 from.c_str(),
                 target.c_str(),
                 static_cast<long long>(head),
                 id.c_str());
    return 0;
}

int renewDatabaseId(const ServerConfig &config)
{
    const char *command = "new-database-id";
    std::string error;
    DataDirLock lock;
    bool running = false;
    if (!StoreBackend::isPostgres(config.database)
        && (!exists(config.dataDir + "/" + SqliteChangeLogStore::fileName())
            || !lock.acquire(config.dataDir, &error, &running)))
        return failed(command,
                      error.empty() ? "no database in " + config.dataDir
                      : running     ? error + "; stop it first"
                                    : error);
    const std::unique_ptr<StoreBackend> backend = StoreBackend::create(config, &error);
    const std::unique_ptr<ChangeLogStore> store = backend ? backend->open(&error) : nullptr;
    if (!store)
        return failed(command, error);
    std::optional<std::string> id;
    if (!store->renewDatabaseId() || !(id = store->databaseId()))
        return failed(command, store->lastError());
    std::fprintf(stderr,
                 "%s has the new database id %s; clients resync in full when they next connect\n",
                 backend->description().c_str(),
                 id->c_str());
    return 0;
}

} // namespace RestoreCommand
