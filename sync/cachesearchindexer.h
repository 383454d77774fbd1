#pragma once

// Keeps the cache's FTS5 search indexes current, in short steps on the
// writer's thread. Writes do not touch an index: they queue (rid, text the
// index holds) in ftsq_<c>, and a swapped-in full replace leaves its rows
// above fts_state.upto. A step indexes a slice of that work in its own
// transaction, between the batches the writer applies, so a burst of stream
// changes never waits for trigram updates (about a hundred microseconds a
// row). Readers scan the rows an index is not current for, so a filter is
// exact meanwhile (CacheQuery::filterClause()).
//
// Owned by CacheStore, on its connection and thread.

#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include <optional>

class QTimer;

class CacheSearchIndexer : public QObject
{
    Q_OBJECT
public:
    explicit CacheSearchIndexer(const QString &connectionName, QObject *parent = nullptr);

    // Work left from before (at open) or a whole table to index (after a
    // swap): the first step runs at once.
    void startNow();
    void stop();
    // A batch queued rows: the first step waits for the burst to gather,
    // and steps yield to batches while they keep coming.
    void noteWrite();
    // false while rows of the collection are queued or not indexed yet.
    bool isComplete(const QString &collection) const;

signals:
    void completed(const QString &collection);

private:
    struct Work
    {
        QString collection;
        bool rebuild = false; // rows above fts_state.upto, else the queue
        qint64 first = 0;     // rebuild: the rows after this rid...
        qint64 last = 0;      // ...up to this one (queue: the queued rows up to it)
    };
    std::optional<Work> nextWork() const;
    bool apply(const Work &work);
    void step();
    bool exec(const QString &sql);

    QString m_connectionName;
    QTimer *m_timer;
    QElapsedTimer m_lastWrite; // since the last batch that queued rows
};
