#include "cachechangerelay.h"

CacheChangeRelay::CacheChangeRelay(const CacheStore *store)
{
    moveToThread(store->thread());
    connect(store,
            &CacheStore::documentsChanged,
            this,
            &CacheChangeRelay::onDocumentsChanged,
            Qt::DirectConnection);
    connect(store,
            &CacheStore::collectionReset,
            this,
            &CacheChangeRelay::onCollectionReset,
            Qt::DirectConnection);
    // Runs on the store's thread, which is this object's.
    connect(
        store, &QObject::destroyed, this, [this] { delete this; }, Qt::DirectConnection);
}

void CacheChangeRelay::onDocumentsChanged(const QString &collection, const CacheChangeSet &changes)
{
    auto it = m_waiting.find(collection);
    if (it == m_waiting.end()) {
        it = m_waiting.insert(collection, changes);
        m_order.append(collection);
    } else {
        it->inserted += changes.inserted;
        it->updated += changes.updated;
        it->removed += changes.removed;
    }
    // A commit can be larger than the bound (a chunk of thousands of
    // frames read at once): it goes out in slices.
    while (m_waiting.value(collection).size() >= m_maxIds)
        sendSlice(collection);
    if (m_waiting.contains(collection) && !m_flushPosted) {
        m_flushPosted = true;
        // Queued: it runs after the events already waiting on this thread
        // (the stream's next chunks), so their commits merge into this set.
        QMetaObject::invokeMethod(this, &CacheChangeRelay::flush, Qt::QueuedConnection);
    }
}

void CacheChangeRelay::onCollectionReset(const QString &collection)
{
    // The reset supersedes what waits for this collection, but a receiver
    // may count on every set it was sent: the waiting ids go first.
    while (m_waiting.contains(collection))
        sendSlice(collection);
    emit collectionReset(collection);
}

void CacheChangeRelay::flush()
{
    m_flushPosted = false;
    while (!m_order.isEmpty())
        sendSlice(m_order.first());
}

namespace {

// Moves up to `*room` ids from the front of `from` to `to`.
void takeFront(QStringList *from, QStringList *to, int *room)
{
    const qsizetype n = qMin<qsizetype>(*room, from->size());
    if (n == 0)
        return;
    *to = from->first(n);
    from->remove(0, n);
    *room -= int(n);
}

} // namespace

void CacheChangeRelay::sendSlice(const QString &collection)
{
    const auto it = m_waiting.find(collection);
    if (it == m_waiting.end())
        return;
    CacheChangeSet slice;
    if (it->size() <= m_maxIds) {
        slice = std::move(*it);
        m_waiting.erase(it);
        m_order.removeOne(collection);
    } else {
        int room = m_maxIds;
        takeFront(&it->inserted, &slice.inserted, &room);
        takeFront(&it->updated, &slice.updated, &room);
        takeFront(&it->removed, &slice.removed, &room);
    }
    if (!slice.isEmpty())
        emit documentsChanged(collection, slice);
}
