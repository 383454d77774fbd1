#include "sqlitestorebackend.h"

#include "sqlitechangelogstore.h"

#include <QDir>

std::string SqliteStoreBackend::description() const
{
    return "SQLite " + m_dataDir + "/" + SqliteChangeLogStore::fileName();
}

std::unique_ptr<ChangeLogStore> SqliteStoreBackend::open(std::string *error)
{
    if (!QDir().mkpath(QString::fromStdString(m_dataDir))) {
        *error = "cannot create data dir " + m_dataDir;
        return nullptr;
    }
    auto store = std::make_unique<SqliteChangeLogStore>();
    if (!store->open(m_dataDir)) {
        *error = store->lastError();
        return nullptr;
    }
    return store;
}
