#pragma once

// Carries the writer's change signals to another thread in fewer, larger
// change sets. It lives on the writer's thread: every commit's set (one per
// chunk of stream frames, ~50 ids) is merged with what the same collection
// already has waiting, and the merged set goes out once the writer's event
// loop comes round, or at once in slices when it reaches the bound. A burst thus
// costs the receiving thread a few queued calls of thousands of ids each
// instead of a thousand small ones (each a queued event and a QStringList
// freed on a thread other than the one that allocated it).
//
// Order is kept per collection: a reset goes out after everything that was
// waiting.

#include "cachestore.h"

#include <QHash>
#include <QObject>
#include <QStringList>

class CacheChangeRelay : public QObject
{
    Q_OBJECT
public:
    // Ids a set holds at most: the receiver's work per set stays bounded,
    // and so do its lists (1000 QStrings are 24 KB; glibc consolidates a
    // whole arena on each free above 64 KB, and these were allocated on the
    // writer's thread, whose arena is full of SQLite's small blocks).
    static constexpr int defaultMaxIds = 1000;

    // Lives on `store`'s thread and is deleted with it.
    explicit CacheChangeRelay(const CacheStore *store);

    void setMaxIds(int ids) { m_maxIds = ids; }

signals:
    void documentsChanged(const QString &collection, const CacheChangeSet &changes);
    void collectionReset(const QString &collection);

private:
    void onDocumentsChanged(const QString &collection, const CacheChangeSet &changes);
    void onCollectionReset(const QString &collection);
    void flush();
    // Sends up to maxIds of what waits for `collection`.
    void sendSlice(const QString &collection);

    QHash<QString, CacheChangeSet> m_waiting;
    QStringList m_order; // collections in the order their first change came
    bool m_flushPosted = false;
    int m_maxIds = defaultMaxIds;
};
