#include "sqlitestatistics.h"

#include "sqlitestatement.h"

#include <sqlite3.h>
#include <sys/stat.h>

namespace {

int64_t fileSize(const std::string &path)
{
    struct stat info
    {};
    return ::stat(path.c_str(), &info) == 0 ? int64_t(info.st_size) : 0;
}

} // namespace

SqliteStatistics::SqliteStatistics(std::string path)
    : m_path(std::move(path))
{}

SqliteStatistics::~SqliteStatistics()
{
    sqlite3_close(m_db);
}

bool SqliteStatistics::open()
{
    if (m_db)
        return true;
    if (sqlite3_open_v2(m_path.c_str(), &m_db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close(m_db);
        m_db = nullptr;
        return false;
    }
    sqlite3_busy_timeout(m_db, 1000);
    return true;
}

std::optional<StoreFigures> SqliteStatistics::read()
{
    if (!open() || sqlite3_exec(m_db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
        return std::nullopt;
    StoreFigures figures;
    bool ok = true;
    {
        SqliteStatement live(m_db, "SELECT substr(key, 6), value FROM meta WHERE key LIKE 'live:%'");
        while (live.step())
            figures.collections[live.text(0)].live = live.int64(1);
        ok = ok && live.ok();
        SqliteStatement dead(m_db,
                             "SELECT collection, count(*) FROM documents "
                             "WHERE deleted_at IS NOT NULL GROUP BY collection");
        while (dead.step())
            figures.collections[dead.text(0)].tombstones = dead.int64(1);
        ok = ok && dead.ok();
    }
    sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr);
    if (!ok)
        return std::nullopt;
    figures.sizeBytes = fileSize(m_path) + fileSize(m_path + "-wal");
    return figures;
}
