#pragma once

// The default store: one SQLite file in the data dir, one store thread.

#include "storebackend.h"

class SqliteStoreBackend final : public StoreBackend
{
public:
    explicit SqliteStoreBackend(std::string dataDir)
        : m_dataDir(std::move(dataDir))
    {}

    std::string description() const override;
    std::unique_ptr<ChangeLogStore> open(std::string *error) override;
    int poolSize() const override { return 1; }

private:
    std::string m_dataDir;
};
