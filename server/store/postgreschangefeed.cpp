#include "postgreschangefeed.h"

#include "postgreschangelogstore.h"

namespace {

constexpr int catchUpBatch = 500;

} // namespace

void PostgresChangeFeed::start(int64_t publishedThrough, Publisher publisher)
{
    std::lock_guard lock(m_mutex);
    m_published = publishedThrough;
    m_publisher = std::move(publisher);
}

void PostgresChangeFeed::stop()
{
    std::lock_guard lock(m_mutex);
    m_publisher = nullptr;
}

int64_t PostgresChangeFeed::publishedThrough() const
{
    std::lock_guard lock(m_mutex);
    return m_published;
}

void PostgresChangeFeed::committed(PostgresChangeLogStore &reader,
                                   const std::vector<Change> &changes)
{
    if (changes.empty())
        return;
    std::lock_guard lock(m_mutex);
    if (!m_publisher || changes.back().seq <= m_published)
        return; // not started yet, or a catch-up already handed them on
    if (changes.front().seq == m_published + 1) {
        m_published = changes.back().seq;
        m_publisher(changes, m_published);
        return;
    }
    // Someone committed between the last published seq and ours: their
    // changes first, ours come with them from the log.
    catchUpLocked(reader);
}

bool PostgresChangeFeed::catchUp(PostgresChangeLogStore &reader)
{
    std::lock_guard lock(m_mutex);
    return !m_publisher || catchUpLocked(reader);
}

bool PostgresChangeFeed::catchUpLocked(PostgresChangeLogStore &reader)
{
    for (;;) {
        std::optional<ChangeBatch> batch = reader.readLog(m_published, catchUpBatch);
        if (!batch)
            return false;
        if (batch->scannedThrough <= m_published)
            return true;
        m_published = batch->scannedThrough;
        m_publisher(std::move(batch->changes), m_published);
        if (!batch->hasMore)
            return true;
    }
}
