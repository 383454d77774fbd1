#include "postgresstatistics.h"

PostgresStatistics::PostgresStatistics(std::string url)
    : m_url(std::move(url))
{}

std::optional<StoreFigures> PostgresStatistics::read()
{
    if (!m_connected)
        m_connected = m_db.connect(m_url, "deltadesk-server-metrics");
    if (!m_connected || !m_db.ensureConnected())
        return std::nullopt;
    // One snapshot for the three reads.
    const PgResult figures = m_db.exec(
        "WITH live AS (SELECT substr(key, 6) AS collection, value AS live, 0::bigint AS dead "
        "              FROM meta WHERE key LIKE 'live:%'),"
        "     dead AS (SELECT collection, 0::bigint AS live, count(*) AS dead FROM documents "
        "              WHERE deleted_at IS NOT NULL GROUP BY collection) "
        "SELECT collection, sum(live)::bigint, sum(dead)::bigint, "
        "       pg_database_size(current_database()) "
        "FROM (SELECT * FROM live UNION ALL SELECT * FROM dead) AS counts GROUP BY collection");
    if (!figures.ok())
        return std::nullopt;
    StoreFigures out;
    for (int row = 0; row < figures.rows(); ++row) {
        StoreFigures::Collection &c = out.collections[figures.text(row, 0)];
        c.live = figures.int64(row, 1);
        c.tombstones = figures.int64(row, 2);
        out.sizeBytes = figures.int64(row, 3);
    }
    if (figures.rows() == 0) {
        const PgResult size = m_db.exec("SELECT pg_database_size(current_database())");
        if (!size.ok())
            return std::nullopt;
        out.sizeBytes = size.int64(0, 0);
    }
    return out;
}
