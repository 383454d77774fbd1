#pragma once

// For model tests: a CacheStore on a thread of its own, as the sync thread
// holds it in the app, and a CacheReader over the same file relaying its
// change signals. write() hands a batch to the store's thread and returns
// once it committed (the test thread waits; the GUI code under test never
// does); post() does not wait, for bursts.

#include <QThread>

#include <functional>
#include <memory>

class CacheReader;
class CacheStore;

class ThreadedCache
{
public:
    ThreadedCache();
    ~ThreadedCache();
    ThreadedCache(const ThreadedCache &) = delete;
    ThreadedCache &operator=(const ThreadedCache &) = delete;

    // Opens the store on its thread, then the reader (waits for both).
    bool open(const QString &path);
    QString errorString() const { return m_error; }
    CacheReader *reader() const { return m_reader.get(); }
    // The store, for connecting to its signals only.
    const CacheStore *store() const { return m_store; }

    bool write(const std::function<bool(CacheStore &)> &batch);
    void post(const std::function<void(CacheStore &)> &batch);
    // Returns once every batch posted before has run.
    void drain();
    // Returns once every change committed before has reached the GUI
    // thread: a marker batch (a users document) goes through the same
    // queue, after them.
    bool fence();

private:
    QThread m_thread;
    CacheStore *m_store;
    std::unique_ptr<CacheReader> m_reader;
    QString m_error;
    int m_fences = 0;
};
