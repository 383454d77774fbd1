#include "storebackend.h"

#include "postgresstorebackend.h"
#include "serverconfig.h"
#include "sqlitestorebackend.h"

#include <regex>

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
    // scheme://user:password@host -> scheme://user@host
    static const std::regex password(R"(^([a-z]+://[^:@/]*):[^@/]*@)");
    return std::regex_replace(database, password, "$1@");
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
