#include "sqlitefilecopy.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>

namespace {

// 128 pages (512 KiB at the default page size) a step: each step holds the
// source's read lock only briefly, and the pause gives its disk back to
// the server between steps.
constexpr int pagesPerStep = 128;
constexpr auto pauseBetweenSteps = std::chrono::milliseconds(2);
constexpr auto busyPause = std::chrono::milliseconds(20);
constexpr int busyRetries = 500; // 10 s of a busy or locked database, then give up

bool syncPath(const std::string &path, int flags, std::string *error)
{
    const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
    if (fd < 0) {
        *error = "cannot open " + path + ": " + std::strerror(errno);
        return false;
    }
    const bool ok = ::fsync(fd) == 0;
    if (!ok)
        *error = "cannot sync " + path + ": " + std::strerror(errno);
    ::close(fd);
    return ok;
}

std::string directoryOf(const std::string &path)
{
    const size_t slash = path.rfind('/');
    if (slash == std::string::npos)
        return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

bool execOn(sqlite3 *db, const char *sql, std::string *error)
{
    char *text = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &text) == SQLITE_OK)
        return true;
    *error = std::string(sql) + ": " + (text ? text : sqlite3_errmsg(db));
    sqlite3_free(text);
    return false;
}

} // namespace

namespace SqliteFileCopy {

std::string message(sqlite3 *db)
{
    return db ? sqlite3_errmsg(db) : "out of memory";
}

std::string makeTempBeside(const std::string &finalPath, std::string *error)
{
    std::string pattern = finalPath + ".tmp-XXXXXX";
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    const int fd = ::mkstemp(buffer.data()); // 0600
    if (fd < 0) {
        *error = "cannot create a file beside " + finalPath + ": " + std::strerror(errno);
        return {};
    }
    ::close(fd);
    return std::string(buffer.data());
}

bool copy(sqlite3 *source, const std::string &destPath, std::string *error)
{
    sqlite3 *dest = nullptr;
    if (sqlite3_open_v2(destPath.c_str(), &dest, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        *error = "cannot open " + destPath + ": " + message(dest);
        sqlite3_close_v2(dest);
        return false;
    }
    // Nothing reads the copy before it is complete: no journal while copying.
    bool ok = execOn(dest, "PRAGMA journal_mode=OFF", error)
              && execOn(dest, "PRAGMA synchronous=OFF", error);
    sqlite3_backup *backup = ok ? sqlite3_backup_init(dest, "main", source, "main") : nullptr;
    if (ok && !backup) {
        *error = "cannot start the copy: " + message(dest);
        ok = false;
    }
    int busy = 0;
    while (backup) {
        const int rc = sqlite3_backup_step(backup, pagesPerStep);
        if (rc == SQLITE_DONE)
            break;
        if (rc == SQLITE_OK) {
            busy = 0;
            // The backup command's own process, never the server: the
            // pause is what lets the running server's writer in.
            std::this_thread::sleep_for(pauseBetweenSteps);
            continue;
        }
        if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && ++busy <= busyRetries) {
            std::this_thread::sleep_for(busyPause); // the server holds the write lock: wait it out
            continue;
        }
        *error = std::string("copy failed: ") + sqlite3_errstr(rc);
        ok = false;
        break;
    }
    if (backup && sqlite3_backup_finish(backup) != SQLITE_OK && ok) {
        *error = "copy failed: " + message(dest);
        ok = false;
    }
    // The source's header says WAL; the copy is one file, in rollback mode.
    ok = ok && execOn(dest, "PRAGMA journal_mode=DELETE", error);
    if (sqlite3_close_v2(dest) != SQLITE_OK && ok) {
        *error = "cannot close " + destPath;
        ok = false;
    }
    return ok;
}

bool commit(const std::string &tempPath, const std::string &finalPath, std::string *error)
{
    if (!syncPath(tempPath, O_RDONLY, error))
        return false;
    if (::rename(tempPath.c_str(), finalPath.c_str()) != 0) {
        *error = "cannot rename " + tempPath + " to " + finalPath + ": " + std::strerror(errno);
        return false;
    }
    return syncPath(directoryOf(finalPath), O_RDONLY | O_DIRECTORY, error);
}

} // namespace SqliteFileCopy
