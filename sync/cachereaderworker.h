#pragma once

// CacheReader's half on the reader thread: the read connection (opened,
// used and removed on this thread only) and the jobs, run one at a time.

#include "cachereader.h"

#include <QObject>

class CacheReaderWorker : public QObject
{
    Q_OBJECT
public:
    explicit CacheReaderWorker(CacheReader *reader); // no parent: moved to the thread

    void open(const QString &filePath);
    void run(quint64 ticket, const CacheReader::Job &job, const CacheReader::Cancel &cancel);
    void shutdown(); // closes the connection, then ends the thread

signals:
    void opened(bool ok, const QString &error);

private:
    static int onProgress(void *self);

    CacheReader *m_reader; // lives on the GUI thread, outlives this thread
    QString m_connectionName;
    CacheReader::Cancel m_running; // the running job's token, for onProgress
};
