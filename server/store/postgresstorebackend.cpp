#include "postgresstorebackend.h"

#include "postgreschangelistener.h"
#include "postgreschangelogstore.h"
#include "serverconfig.h"

PostgresStoreBackend::PostgresStoreBackend(const ServerConfig &config)
    : m_url(config.database)
    , m_poolSize(std::max(1, config.databaseConnections))
    , m_commitDelayMs(config.testCommitDelayMs)
{}

PostgresStoreBackend::~PostgresStoreBackend()
{
    stopFeed();
}

std::string PostgresStoreBackend::description() const
{
    return "PostgreSQL " + redacted(m_url);
}

std::unique_ptr<ChangeLogStore> PostgresStoreBackend::open(std::string *error)
{
    PostgresChangeLogStore::Options options;
    options.url = m_url;
    options.feed = &m_feed;
    options.commitDelayMs = m_commitDelayMs;
    auto store = std::make_unique<PostgresChangeLogStore>(options);
    if (!store->open(!m_migrated)) {
        *error = store->lastError();
        return nullptr;
    }
    m_migrated = true;
    return store;
}

void PostgresStoreBackend::startFeed(int64_t head,
                                     Publisher publisher,
                                     AvailabilityHandler availability,
                                     RevocationHandler revocation)
{
    m_feed.start(head, std::move(publisher));
    m_listener = std::make_unique<PostgresChangeListener>(m_url,
                                                          m_feed,
                                                          std::move(availability),
                                                          std::move(revocation));
    m_listener->start();
}

void PostgresStoreBackend::stopFeed()
{
    if (m_listener) {
        m_listener->stop();
        m_listener.reset();
    }
    m_feed.stop();
}
