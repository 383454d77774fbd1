#include "cachereaderworker.h"

#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include <sqlite3.h>

Q_LOGGING_CATEGORY(lcReader, "deltadesk.sync.reader")

CacheReaderWorker::CacheReaderWorker(CacheReader *reader)
    : m_reader(reader)
    , m_connectionName(QStringLiteral("deltadesk-reader-%1").arg(quintptr(this), 0, 16))
{}

void CacheReaderWorker::open(const QString &filePath)
{
    QString error;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
        db.setDatabaseName(filePath);
        if (!db.open()) {
            error = db.lastError().text();
        } else {
            QSqlQuery pragma(db);
            // A sort-index build waits for the writer's batch to commit.
            pragma.exec(QStringLiteral("PRAGMA busy_timeout=5000"));
            const QVariant handle = db.driver()->handle();
            if (handle.isValid() && qstrcmp(handle.typeName(), "sqlite3*") == 0) {
                if (sqlite3 *sqlite = *static_cast<sqlite3 *const *>(handle.constData()))
                    sqlite3_progress_handler(sqlite, 2000, &CacheReaderWorker::onProgress, this);
            }
        }
    }
    if (!error.isEmpty())
        qCWarning(lcReader) << "cannot open" << filePath << error;
    emit opened(error.isEmpty(), error);
}

int CacheReaderWorker::onProgress(void *self)
{
    // Non-zero interrupts the statement (SQLITE_INTERRUPT): its answer
    // would be dropped anyway.
    const CacheReader::Cancel &running = static_cast<CacheReaderWorker *>(self)->m_running;
    return running && running->load(std::memory_order_relaxed) ? 1 : 0;
}

void CacheReaderWorker::run(quint64 ticket,
                            const CacheReader::Job &job,
                            const CacheReader::Cancel &cancel)
{
    CacheReader::Delivery delivery;
    if (!cancel || !cancel->load()) {
        m_running = cancel;
        delivery = job(m_connectionName);
        m_running.reset();
    }
    // Handed back even when skipped, so the reader forgets the ticket. The
    // reader outlives this thread (its destructor joins it).
    QMetaObject::invokeMethod(
        m_reader,
        [reader = m_reader, ticket, delivery = std::move(delivery), cancel] {
            reader->deliver(ticket, delivery, cancel);
        },
        Qt::QueuedConnection);
}

void CacheReaderWorker::shutdown()
{
    if (QSqlDatabase::contains(m_connectionName)) {
        {
            QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_connectionName);
    }
    thread()->quit();
}
