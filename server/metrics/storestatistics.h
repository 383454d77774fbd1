#pragma once

// What /metrics reads from the database at scrape time, on a connection of
// its own (so a scrape never waits behind writes, nor they behind it): the
// database's size and, per collection, live documents and tombstones.
// SqliteStatistics reads the file read-only, PostgresStatistics on its own
// connection (application name deltadesk-server-metrics). One thread uses
// a reader at a time.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

struct ServerConfig;

struct StoreFigures
{
    int64_t sizeBytes = 0;
    struct Collection
    {
        int64_t live = 0;
        int64_t tombstones = 0;
    };
    std::map<std::string, Collection> collections;
};

class StoreStatistics
{
public:
    static std::unique_ptr<StoreStatistics> create(const ServerConfig &config);
    virtual ~StoreStatistics() = default;
    // nullopt while the database cannot be read.
    virtual std::optional<StoreFigures> read() = 0;
};
