#include "backupcommand.h"

#include "sqlitechangelogstore.h"
#include "sqlitefilecopy.h"
#include "sqlitestatement.h"
#include "storebackend.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

namespace {

int failed(const std::string &message, int code = 1)
{
    std::fprintf(stderr, "deltadesk-server: backup: %s\n", message.c_str());
    return code;
}

struct CopyFacts
{
    int64_t head = 0;
    int64_t documents = 0;
    int64_t accounts = 0;
    std::string databaseId;
};

// What the finished copy holds, read from the copy itself.
bool readFacts(const std::string &path, CopyFacts *facts, std::string *error)
{
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        *error = "cannot read the copy: " + SqliteFileCopy::message(db);
        sqlite3_close_v2(db);
        return false;
    }
    bool ok = true;
    {
        SqliteStatement head(db, "SELECT value FROM meta WHERE key = 'head_seq'");
        SqliteStatement documents(db, "SELECT count(*) FROM documents");
        SqliteStatement accounts(db, "SELECT count(*) FROM accounts");
        SqliteStatement id(db, "SELECT value FROM meta_text WHERE key = 'database_id'");
        ok = head.step() && documents.step() && accounts.step() && id.step();
        if (ok) {
            facts->head = head.int64(0);
            facts->documents = documents.int64(0);
            facts->accounts = accounts.int64(0);
            facts->databaseId = id.text(0);
        } else {
            *error = "the copy is not readable: " + SqliteFileCopy::message(db);
        }
    }
    sqlite3_close_v2(db);
    return ok;
}

} // namespace

namespace BackupCommand {

int run(const ServerConfig &config, const std::string &to)
{
    if (StoreBackend::isPostgres(config.database))
        return failed("backup copies the SQLite store; back PostgreSQL up with pg_dump or "
                      "point-in-time recovery (see server/README.md)",
                      2);
    const std::string source = config.dataDir + "/" + SqliteChangeLogStore::fileName();
    struct stat info = {};
    if (::stat(source.c_str(), &info) != 0 || info.st_size == 0)
        return failed("no database in " + config.dataDir + " (no " + source + ")");

    sqlite3 *db = nullptr;
    // Read-write but never created: a reader of a WAL database takes part in
    // its shared-memory index. The server's own PRAGMAs stay as they are.
    if (sqlite3_open_v2(source.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        const std::string message = SqliteFileCopy::message(db);
        sqlite3_close_v2(db);
        return failed("cannot open " + source + ": " + message);
    }
    sqlite3_busy_timeout(db, 5000);
    // One read snapshot for the whole copy: what the server commits during
    // it is not in the copy, and does not restart it.
    std::string error;
    bool ok = sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) == SQLITE_OK;
    if (ok) {
        SqliteStatement snapshot(db, "SELECT value FROM meta WHERE key = 'head_seq'");
        ok = snapshot.step();
    }
    if (!ok)
        error = "cannot read " + source + ": " + SqliteFileCopy::message(db);

    const std::string temp = ok ? SqliteFileCopy::makeTempBeside(to, &error) : std::string();
    ok = ok && !temp.empty() && SqliteFileCopy::copy(db, temp, &error);
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    sqlite3_close_v2(db);

    CopyFacts facts;
    ok = ok && readFacts(temp, &facts, &error) && SqliteFileCopy::commit(temp, to, &error);
    if (!ok) {
        if (!temp.empty())
            ::unlink(temp.c_str());
        return failed(error);
    }
    std::fprintf(stderr,
                 "backup of %s written to %s: %lld documents, %lld accounts and their tokens; "
                 "cursor %lld; database id %s\n",
                 source.c_str(),
                 to.c_str(),
                 static_cast<long long>(facts.documents),
                 static_cast<long long>(facts.accounts),
                 static_cast<long long>(facts.head),
                 facts.databaseId.c_str());
    return 0;
}

} // namespace BackupCommand
