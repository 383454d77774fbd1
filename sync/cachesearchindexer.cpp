#include "cachesearchindexer.h"

#include "cacheschema.h"
#include "cachestore_p.h"
#include "cachetransaction.h"
#include "protocol.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>
#include <QVariant>

namespace {
// Rows indexed per step: each costs about a hundred microseconds (a trigram
// per character), so a step takes some 10-20 ms and stream changes wait
// little behind it. A rebuild after a wholesale replace takes bigger steps.
constexpr int queueStepRows = 100;
constexpr int rebuildStepRows = 500;
// The first step waits for a burst to gather; while batches keep coming,
// steps leave the thread to them most of the time.
constexpr int gatherMs = 250;
constexpr int yieldMs = 100;
} // namespace

CacheSearchIndexer::CacheSearchIndexer(const QString &connectionName, QObject *parent)
    : QObject(parent)
    , m_connectionName(connectionName)
    , m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &CacheSearchIndexer::step);
}

void CacheSearchIndexer::startNow()
{
    m_timer->start(0);
}

void CacheSearchIndexer::stop()
{
    m_timer->stop();
}

void CacheSearchIndexer::noteWrite()
{
    m_lastWrite.start();
    if (!m_timer->isActive())
        m_timer->start(gatherMs);
}

bool CacheSearchIndexer::exec(const QString &sql)
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (query.exec(sql))
        return true;
    qCWarning(lcCache) << "SQL failed:" << query.lastError().text() << query.lastQuery();
    return false;
}

bool CacheSearchIndexer::isComplete(const QString &collection) const
{
    if (!Protocol::isKnownCollection(collection))
        return false;
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!query.exec(QStringLiteral("SELECT (SELECT upto FROM fts_state WHERE collection = '%1'), "
                                   "EXISTS(SELECT 1 FROM %2)")
                        .arg(collection, CacheSchema::queueTable(collection)))
        || !query.next())
        return false;
    return query.value(0).toLongLong() == CacheSchema::allIndexed && !query.value(1).toBool();
}

std::optional<CacheSearchIndexer::Work> CacheSearchIndexer::nextWork() const
{
    // The rows written since they were indexed come first (what was just
    // changed is what someone may look for), then a rebuild's rows.
    const QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    for (const QString &c : Protocol::collectionNames()) {
        QSqlQuery query(db);
        if (!query.exec(QStringLiteral("SELECT MAX(rid) FROM (SELECT rid FROM %1 ORDER BY rid "
                                       "LIMIT %2)")
                            .arg(CacheSchema::queueTable(c))
                            .arg(queueStepRows))
            || !query.next()) {
            qCWarning(lcCache) << "search index queue unreadable:" << query.lastError().text();
            return std::nullopt;
        }
        if (!query.value(0).isNull())
            return Work{c, false, 0, query.value(0).toLongLong()};
    }
    for (const QString &c : Protocol::collectionNames()) {
        QSqlQuery query(db);
        if (!query.exec(QStringLiteral("SELECT upto, (SELECT MAX(rid) FROM (SELECT rid FROM %1 "
                                       "WHERE rid > fts_state.upto ORDER BY rid LIMIT %2)) "
                                       "FROM fts_state WHERE collection = '%3' AND upto < %4")
                            .arg(CacheSchema::docsTable(c))
                            .arg(rebuildStepRows)
                            .arg(c)
                            .arg(CacheSchema::allIndexed))) {
            qCWarning(lcCache) << "search index state unreadable:" << query.lastError().text();
            return std::nullopt;
        }
        if (query.next())
            return Work{c,
                        true,
                        query.value(0).toLongLong(),
                        query.value(1).isNull() ? CacheSchema::allIndexed
                                                : query.value(1).toLongLong()};
    }
    return std::nullopt;
}

bool CacheSearchIndexer::apply(const Work &work)
{
    const QString docs = CacheSchema::docsTable(work.collection);
    const QString fts = CacheSchema::ftsTable(work.collection);
    const QString queue = CacheSchema::queueTable(work.collection);
    if (!work.rebuild) {
        // The text the index holds goes, the current one comes in.
        return exec(QStringLiteral("INSERT INTO %1 (%1, rowid, ftext) SELECT 'delete', rid, old "
                                   "FROM %2 WHERE rid <= %3 AND old IS NOT NULL")
                        .arg(fts, queue)
                        .arg(work.last))
               && exec(QStringLiteral("INSERT INTO %1 (rowid, ftext) SELECT rid, ftext FROM %2 "
                                      "WHERE rid IN (SELECT rid FROM %3 WHERE rid <= %4)")
                           .arg(fts, docs, queue)
                           .arg(work.last))
               && exec(QStringLiteral("DELETE FROM %1 WHERE rid <= %2").arg(queue).arg(work.last));
    }
    if (work.last != CacheSchema::allIndexed
        && !exec(QStringLiteral("INSERT INTO %1 (rowid, ftext) SELECT rid, ftext FROM %2 "
                                "WHERE rid > %3 AND rid <= %4")
                     .arg(fts, docs)
                     .arg(work.first)
                     .arg(work.last)))
        return false;
    return exec(QStringLiteral("UPDATE fts_state SET upto = %1 WHERE collection = '%2'")
                    .arg(work.last)
                    .arg(work.collection));
}

void CacheSearchIndexer::step()
{
    // Each step is its own transaction; readers scan what is not indexed
    // yet meanwhile, so no answer waits for this.
    if (!QSqlDatabase::contains(m_connectionName)
        || !QSqlDatabase::database(m_connectionName, false).isOpen())
        return;
    CacheWriterThread::check("search index step");
    const std::optional<Work> work = nextWork();
    if (!work)
        return; // all current
    {
        CacheTransaction tx(m_connectionName);
        if (!tx.isActive()) {
            m_timer->start(yieldMs); // busy: try again shortly
            return;
        }
        if (!apply(*work) || !tx.commit())
            return; // rolled back; the next write or open tries again
    }
    if (isComplete(work->collection))
        emit completed(work->collection);
    // While batches keep coming, leave the thread to them most of the time.
    const bool writing = m_lastWrite.isValid() && m_lastWrite.elapsed() < yieldMs;
    m_timer->start(writing ? yieldMs : 0);
}
