#include "uibenchutil.h"

#include "cacheschema.h"
#include "cachestore.h"
#include "protocol.h"

#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QThread>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace UiBench {

QJsonObject makeEvent(int i, int version, const QString &title)
{
    static const char *const places[]
        = {"Main Hall", "Garden Pavilion", "Rooftop Terrace", "Old Brewery"};
    static const char *const statuses[] = {"draft", "confirmed", "cancelled"};
    const QDateTime start = QDateTime(QDate(2025, 1, 1), QTime(8, 0), Qt::UTC)
                                .addSecs(qint64(i % 500000) * 1800 + i / 500000);
    return QJsonObject{{QStringLiteral("_id"), QStringLiteral("e-%1").arg(i)},
                       {QStringLiteral("version"), version},
                       {QStringLiteral("updatedAt"), QStringLiteral("2026-01-01T00:00:00.000Z")},
                       {QStringLiteral("title"),
                        title.isEmpty() ? QStringLiteral("Event #%1").arg(i) : title},
                       {QStringLiteral("startsAt"), Protocol::formatTimestamp(start)},
                       {QStringLiteral("endsAt"), Protocol::formatTimestamp(start.addSecs(7200))},
                       {QStringLiteral("location"), QLatin1String(places[i % 4])},
                       {QStringLiteral("clientId"), QStringLiteral("c-%1").arg(i % 200)},
                       {QStringLiteral("status"), QLatin1String(statuses[i % 3])},
                       {QStringLiteral("tariffId"), QStringLiteral("t-%1").arg(i % 30)},
                       {QStringLiteral("notes"),
                        QStringLiteral("Guests arrive early; check parking and catering.")}};
}

namespace {

// Writes the fixture through CacheStore on a thread of its own (a GUI
// thread must not write the cache): a full replace in pages of 10000, then
// the search index built to the end, as the app leaves a cache after its
// first sync.
bool buildEventsCache(const QString &path, int count)
{
    bool ok = false;
    QThread *builder = QThread::create([&ok, &path, count] {
        CacheStore cache;
        if (!cache.open(path)) {
            std::fprintf(stderr,
                         "cannot open %s: %s\n",
                         qPrintable(path),
                         qPrintable(cache.errorString()));
            return;
        }
        QList<QJsonObject> clients;
        for (int i = 0; i < 200; ++i)
            clients.append(
                QJsonObject{{QStringLiteral("_id"), QStringLiteral("c-%1").arg(i)},
                            {QStringLiteral("version"), 1},
                            {QStringLiteral("name"), QStringLiteral("Client %1").arg(i)}});
        QList<QJsonObject> tariffs;
        for (int i = 0; i < 30; ++i)
            tariffs.append(
                QJsonObject{{QStringLiteral("_id"), QStringLiteral("t-%1").arg(i)},
                            {QStringLiteral("version"), 1},
                            {QStringLiteral("name"), QStringLiteral("Tariff %1").arg(i)}});
        if (!cache.applyDelta(QStringLiteral("clients"), clients, {}, 1)
            || !cache.applyDelta(QStringLiteral("tariffs"), tariffs, {}, 2)
            || !cache.beginFullReplace(QStringLiteral("events")))
            return;
        constexpr int batch = 10000;
        for (int first = 0; first < count; first += batch) {
            QList<QJsonObject> docs;
            docs.reserve(batch);
            for (int i = first; i < qMin(count, first + batch); ++i)
                docs.append(makeEvent(i));
            if (!cache.stageDocuments(QStringLiteral("events"), docs, {})) {
                std::fprintf(stderr, "insert failed: %s\n", qPrintable(cache.errorString()));
                return;
            }
        }
        if (!cache.commitFullReplace(QStringLiteral("events"), eventsCursor(count)))
            return;
        QEventLoop loop; // benchmark set-up: until the index steps are done
        QObject::connect(&cache, &CacheStore::searchIndexCompleted, &loop, [&](const QString &c) {
            if (c == QLatin1String("events"))
                loop.quit();
        });
        if (!cache.isSearchIndexComplete(QStringLiteral("events")))
            loop.exec();
        ok = cache.isSearchIndexComplete(QStringLiteral("events"));
    });
    builder->start();
    builder->wait();
    delete builder;
    return ok;
}

bool isComplete(const QString &path, int count)
{
    // Read on a connection of its own: the count and the index state.
    const QString name = QStringLiteral("uibench-check");
    bool complete = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery query(db);
            complete = query.exec(QStringLiteral("SELECT (SELECT COUNT(*) FROM docs_events), "
                                                 "(SELECT upto FROM fts_state WHERE collection = "
                                                 "'events')"))
                       && query.next() && query.value(0).toInt() == count
                       && query.value(1).toLongLong() == CacheSchema::allIndexed;
        }
    }
    QSqlDatabase::removeDatabase(name);
    return complete;
}

} // namespace

qint64 eventsCursor(int count)
{
    return 10 + qint64(count);
}

QString ensureEventsCache(int count)
{
    const QString dir = QDir(QStandardPaths::writableLocation(QStandardPaths::TempLocation))
                            .filePath(QStringLiteral("deltadesk-uibench"));
    QDir().mkpath(dir);
    // The schema version in the name: an older fixture is never migrated.
    const QString path = QDir(dir).filePath(
        QStringLiteral("events-%1-v%2.sqlite").arg(count).arg(CacheSchema::version));
    if (QFile::exists(path) && isComplete(path, count))
        return path;
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(path + suffix);
    std::printf("building a cache of %d events in %s ...\n", count, qPrintable(path));
    std::fflush(stdout);
    QElapsedTimer timer;
    timer.start();
    if (!buildEventsCache(path, count))
        return {};
    std::printf("built in %.1f s\n", double(timer.elapsed()) / 1000.0);
    return path;
}

qint64 rssKb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

bool dropFromPageCache(const QString &path)
{
    bool ok = true;
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
        const QByteArray name = QFile::encodeName(path + suffix);
        const int fd = ::open(name.constData(), O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            continue; // no -wal/-shm while nothing has the file open
        // Dirty pages cannot be dropped: write them back first.
        ok &= ::fdatasync(fd) == 0;
        ok &= ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) == 0;
        ::close(fd);
    }
    return ok;
}

QString sizeLabel(int count)
{
    if (count >= 1000000 && count % 1000000 == 0)
        return QStringLiteral("%1M").arg(count / 1000000);
    if (count >= 1000 && count % 1000 == 0)
        return QStringLiteral("%1k").arg(count / 1000);
    return QString::number(count);
}

double percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype index = qMin(values.size() - 1, qsizetype(p / 100.0 * double(values.size())));
    return values.at(index);
}

} // namespace UiBench
