#include "storebackend.h"

#include "postgresstorebackend.h"
#include "serverconfig.h"
#include "sqlitestorebackend.h"

bool StoreBackend::isPostgres(const std::string &database)
{
    return database.rfind("postgresql://", 0) == 0 || database.rfind("postgres://", 0) == 0;
}

bool StoreBackend::isValidDatabase(const std::string &database)
{
    return database.empty() || database == "sqlite" || isPostgres(database);
}

std::string StoreBackend::redacted(const std::string &database)
{
    // scheme://user:password@host... -> scheme://user@host...
    const size_t scheme = database.find("://");
    if (scheme == std::string::npos)
        return database;
    const size_t userStart = scheme + 3;
    const size_t at = database.find('@', userStart);
    const size_t slash = database.find('/', userStart);
    if (at == std::string::npos || (slash != std::string::npos && slash < at))
        return database;
    const size_t colon = database.find(':', userStart);
    if (colon == std::string::npos || colon > at)
        return database;
    return database.substr(0, colon) + database.substr(at);
}

std::unique_ptr<StoreBackend> StoreBackend::create(const ServerConfig &config, std::string *error)
{
    if (isPostgres(config.database))
        return std::make_unique<PostgresStoreBackend>(config);
    if (config.database.empty() || config.database == "sqlite") {
        if (config.dataDir.empty()) {
            *error = "--data-dir is required with the SQLite store";
            return nullptr;
        }
        return std::make_unique<SqliteStoreBackend>(config.dataDir);
    }
    *error = "--database must be 'sqlite' or postgresql://USER[:PASSWORD]@HOST:PORT/DB, not '"
             + redacted(config.database) + "'";
    return nullptr;
}
