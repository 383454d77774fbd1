#include "cachereader.h"

#include "cachechangerelay.h"
#include "cachereaderworker.h"
#include "cachestore.h"

#include <QThread>

CacheReader::CacheReader(QObject *parent)
    : QObject(parent)
    , m_thread(new QThread(this))
    , m_worker(new CacheReaderWorker(this))
{
    qRegisterMetaType<CacheChangeSet>();
    m_thread->setObjectName(QStringLiteral("cache-reader"));
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &CacheReaderWorker::opened, this, &CacheReader::onOpened);
    m_thread->start();
}

CacheReader::~CacheReader()
{
    // The connection is removed on its own thread; queued answers still on
    // their way to this object are dropped with it.
    QMetaObject::invokeMethod(m_worker, &CacheReaderWorker::shutdown, Qt::QueuedConnection);
    m_thread->wait();
}

void CacheReader::open(const QString &filePath)
{
    m_filePath = filePath;
    m_openRequested = true;
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, filePath] { worker->open(filePath); });
    const QList<Waiting> waiting = std::exchange(m_waiting, {});
    for (const Waiting &w : waiting) {
        QMetaObject::invokeMethod(m_worker, [worker = m_worker, w] {
            worker->run(w.ticket, w.job, w.cancel);
        });
    }
}

void CacheReader::onOpened(bool ok, const QString &error)
{
    m_open = ok;
    emit opened(ok, error);
}

void CacheReader::watch(const CacheStore *store)
{
    // Merged on the writer's thread into fewer, larger sets before they
    // cross (queued) to this one.
    auto *relay = new CacheChangeRelay(store);
    connect(relay, &CacheChangeRelay::documentsChanged, this, &CacheReader::documentsChanged);
    connect(relay, &CacheChangeRelay::collectionReset, this, &CacheReader::collectionReset);
}

void CacheReader::post(QObject *context, Job job, Cancel cancel)
{
    const quint64 ticket = ++m_nextTicket;
    m_contexts.insert(ticket, QPointer<QObject>(context));
    if (!m_openRequested) {
        m_waiting.append({ticket, std::move(job), std::move(cancel)});
        return;
    }
    QMetaObject::invokeMethod(m_worker,
                              [worker = m_worker,
                               ticket,
                               job = std::move(job),
                               cancel = std::move(cancel)] { worker->run(ticket, job, cancel); });
}

void CacheReader::deliver(quint64 ticket, const Delivery &delivery, const Cancel &cancel)
{
    const QPointer<QObject> context = m_contexts.take(ticket);
    if (!context || !delivery || (cancel && cancel->load()))
        return;
    delivery();
}
