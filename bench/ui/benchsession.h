#pragma once

// What DesktopSession wires up, without login or windows, for the ui
// benchmarks: the sync thread (SyncController) over a state dir and a cache
// file, the reader thread over the same file once the writer has opened it,
// and the name lookup the tables use.

#include <QObject>
#include <QString>

#include <functional>

class CacheReader;
class NameLookup;
class SyncController;

class BenchSession : public QObject
{
    Q_OBJECT
public:
    explicit BenchSession(QObject *parent = nullptr);
    ~BenchSession() override;

    // Opens both threads' connections; `ready` runs once the reader is open
    // (ok false: the cache could not be opened).
    void open(const QString &stateDir, const QString &cachePath, std::function<void(bool)> ready);

    SyncController *sync() const { return m_sync; }
    CacheReader *reader() const { return m_reader; }
    NameLookup *lookup() const { return m_lookup; }

private:
    SyncController *m_sync;
    CacheReader *m_reader;
    NameLookup *m_lookup;
};
