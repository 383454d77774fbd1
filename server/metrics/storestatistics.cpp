#include "storestatistics.h"

#include "postgresstatistics.h"
#include "serverconfig.h"
#include "sqlitechangelogstore.h"
#include "sqlitestatistics.h"
#include "storebackend.h"

std::unique_ptr<StoreStatistics> StoreStatistics::create(const ServerConfig &config)
{
    if (StoreBackend::isPostgres(config.database))
        return std::make_unique<PostgresStatistics>(config.database);
    return std::make_unique<SqliteStatistics>(config.dataDir + "/"
                                              + SqliteChangeLogStore::fileName());
}
