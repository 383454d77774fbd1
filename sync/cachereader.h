#pragma once

// The GUI's side of the cache: every read the models and lookups need
// (pages, counts, changed rows, names, sort-index builds, filters) runs on
// one reader thread with its own long-lived read connection (WAL lets it
// read beside the writer), and the answer comes back to the GUI thread as a
// queued call. The GUI thread runs no SQL.
//
//   reader->read(this, [q](const QString &connection) { ... return rows; },
//                [this](const auto &rows) { ... }, cancel);
//
// `work` runs on the reader thread and must capture values only; `done`
// runs on this object's thread, unless `context` was destroyed or the
// cancel token set meanwhile. A job whose token is set before it starts is
// skipped, and one already running is interrupted (SQLite progress
// handler), so a burst of filter keystrokes costs one query, not six.
// Jobs run one at a time in the order they were posted.
//
// It also relays the writer's change signals (CacheStore lives on the sync
// thread) to the GUI thread: models and lookups listen here.

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <type_traits>

class CacheReaderWorker;
class CacheStore;
class QThread;
struct CacheChangeSet;

class CacheReader : public QObject
{
    Q_OBJECT
public:
    using Cancel = std::shared_ptr<std::atomic_bool>;
    using Delivery = std::function<void()>;

    explicit CacheReader(QObject *parent = nullptr);
    ~CacheReader() override; // closes the connection on its thread, then joins it

    // Opens the connection on the reader thread; jobs posted before run
    // after it. -> opened()
    void open(const QString &filePath);
    bool isOpen() const { return m_open; }
    QString filePath() const { return m_filePath; }

    // Relays `store`'s documentsChanged / collectionReset, queued, merged
    // per collection into sets of up to CacheChangeRelay::defaultMaxIds ids.
    void watch(const CacheStore *store);

    static Cancel newCancel() { return std::make_shared<std::atomic_bool>(false); }

    template<typename Work, typename Done>
    void read(QObject *context, Work work, Done done, Cancel cancel = {})
    {
        using Result = std::invoke_result_t<Work, const QString &>;
        post(
            context,
            [work = std::move(work),
             done = std::move(done)](const QString &connection) mutable -> Delivery {
                Result result = work(connection);
                return [done = std::move(done), result = std::move(result)]() mutable {
                    done(std::move(result));
                };
            },
            std::move(cancel));
    }

signals:
    void opened(bool ok, const QString &error);
    void documentsChanged(const QString &collection, const CacheChangeSet &changes);
    void collectionReset(const QString &collection);

private:
    friend class CacheReaderWorker;
    using Job = std::function<Delivery(const QString &connection)>;
    void post(QObject *context, Job job, Cancel cancel);
    void deliver(quint64 ticket, const Delivery &delivery, const Cancel &cancel);
    void onOpened(bool ok, const QString &error);

    QThread *m_thread;
    CacheReaderWorker *m_worker;
    QHash<quint64, QPointer<QObject>> m_contexts; // tickets in flight
    quint64 m_nextTicket = 0;
    bool m_open = false;
    bool m_openRequested = false;
    QString m_filePath;
    struct Waiting
    {
        quint64 ticket;
        Job job;
        Cancel cancel;
    };
    QList<Waiting> m_waiting; // posted before open()
};
