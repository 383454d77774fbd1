#pragma once

// The shared store: a PostgreSQL database several server instances use at
// once. A pool of connections (one per store thread), the feed that puts
// local and remote commits in seq order, and the listener that hears about
// remote ones.

#include "postgreschangefeed.h"
#include "storebackend.h"

#include <memory>

class PostgresChangeListener;

class PostgresStoreBackend final : public StoreBackend
{
public:
    explicit PostgresStoreBackend(const ServerConfig &config);
    ~PostgresStoreBackend() override;

    std::string description() const override;
    std::unique_ptr<ChangeLogStore> open(std::string *error) override;
    int poolSize() const override { return m_poolSize; }
    void startFeed(int64_t head,
                   Publisher publisher,
                   AvailabilityHandler availability,
                   RevocationHandler revocation) override;
    void stopFeed() override;

private:
    std::string m_url;
    int m_poolSize = 4;
    int m_commitDelayMs = 0;
    bool m_migrated = false;
    PostgresChangeFeed m_feed;
    std::unique_ptr<PostgresChangeListener> m_listener;
};
