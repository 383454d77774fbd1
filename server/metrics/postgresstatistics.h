#pragma once

// StoreStatistics of the shared PostgreSQL database: pg_database_size, live
// counts from meta, tombstones from their partial index; on a connection of
// its own that reconnects by itself (at most once a second).

#include "pgconnection.h"
#include "storestatistics.h"

class PostgresStatistics final : public StoreStatistics
{
public:
    explicit PostgresStatistics(std::string url);

    std::optional<StoreFigures> read() override;

private:
    std::string m_url;
    PgConnection m_db;
    bool m_connected = false;
};
