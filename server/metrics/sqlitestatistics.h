#pragma once

// StoreStatistics of the SQLite file: its size with the write-ahead log,
// live counts from meta and tombstones from their partial index, in one
// read transaction (WAL: it never blocks the writer).

#include "storestatistics.h"

struct sqlite3;

class SqliteStatistics final : public StoreStatistics
{
public:
    explicit SqliteStatistics(std::string path);
    ~SqliteStatistics() override;

    std::optional<StoreFigures> read() override;

private:
    bool open();

    std::string m_path;
    sqlite3 *m_db = nullptr;
};
