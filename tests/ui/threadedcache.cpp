#include "threadedcache.h"

#include "cachereader.h"
#include "cachestore.h"

#include <QJsonObject>
#include <QSignalSpy>

ThreadedCache::ThreadedCache()
    : m_store(new CacheStore)
    , m_reader(std::make_unique<CacheReader>())
{
    m_thread.setObjectName(QStringLiteral("test-writer"));
    m_store->moveToThread(&m_thread);
    m_reader->watch(m_store);
    m_thread.start();
}

ThreadedCache::~ThreadedCache()
{
    m_reader.reset(); // its connection closes first
    QMetaObject::invokeMethod(
        m_store, [store = m_store] { delete store; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

bool ThreadedCache::open(const QString &path)
{
    bool ok = false;
    QMetaObject::invokeMethod(
        m_store,
        [this, path, &ok] {
            ok = m_store->open(path);
            m_error = m_store->errorString();
        },
        Qt::BlockingQueuedConnection);
    if (!ok)
        return false;
    QSignalSpy opened(m_reader.get(), &CacheReader::opened);
    m_reader->open(path);
    if (!opened.wait(10000) || !opened.first().at(0).toBool()) {
        m_error = QStringLiteral("the reader did not open");
        return false;
    }
    return true;
}

bool ThreadedCache::write(const std::function<bool(CacheStore &)> &batch)
{
    bool ok = false;
    QMetaObject::invokeMethod(
        m_store,
        [this, &batch, &ok] {
            ok = batch(*m_store);
            m_error = m_store->errorString();
        },
        Qt::BlockingQueuedConnection);
    return ok;
}

void ThreadedCache::post(const std::function<void(CacheStore &)> &batch)
{
    QMetaObject::invokeMethod(m_store, [store = m_store, batch] { batch(*store); });
}

bool ThreadedCache::fence()
{
    QSignalSpy relayed(m_reader.get(), &CacheReader::documentsChanged);
    const int version = ++m_fences;
    if (!write([version](CacheStore &s) {
            return s.applyDelta(QStringLiteral("users"),
                                {QJsonObject{{QStringLiteral("_id"), QStringLiteral("fence")},
                                             {QStringLiteral("version"), version}}},
                                {},
                                0);
        }))
        return false;
    for (int guard = 0; guard < 100; ++guard) {
        for (const QList<QVariant> &args : std::as_const(relayed)) {
            if (args.at(0).toString() == QLatin1String("users"))
                return true;
        }
        if (!relayed.wait(10000))
            return false;
    }
    return false;
}

void ThreadedCache::drain()
{
    QMetaObject::invokeMethod(
        m_store, [] {}, Qt::BlockingQueuedConnection);
}
