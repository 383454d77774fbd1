#pragma once

// A prepared SQLite statement with RAII finalisation and typed binding: the
// SQLite C API is used directly (not QtSql) because the store needs explicit
// transactions, EXPLAIN QUERY PLAN and blob/text access without a copy per
// column, on a connection owned by one non-Qt worker thread.

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

class SqliteStatement
{
public:
    SqliteStatement(sqlite3 *db, std::string_view sql);
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;

    bool isValid() const { return m_stmt != nullptr; }

    SqliteStatement &bind(int index, int64_t value);
    SqliteStatement &bind(int index, std::string_view text);
    SqliteStatement &bindNull(int index);

    // SQLITE_ROW: true; SQLITE_DONE or an error: false (see ok()).
    bool step();
    bool ok() const { return m_ok; }
    bool exec(); // steps to the end; true on success
    void reset();

    int64_t int64(int column) const;
    std::string text(int column) const;
    bool isNull(int column) const;

private:
    sqlite3_stmt *m_stmt = nullptr;
    bool m_ok = true;
};
