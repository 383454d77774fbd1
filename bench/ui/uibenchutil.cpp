#include "uibenchutil.h"

#include "cachestore.h"
#include "protocol.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QStandardPaths>

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

QString ensureEventsCache(int count)
{
    const QString dir = QDir(QStandardPaths::writableLocation(QStandardPaths::TempLocation))
                            .filePath(QStringLiteral("deltadesk-uibench"));
    QDir().mkpath(dir);
    const QString path = QDir(dir).filePath(QStringLiteral("events-%1.sqlite").arg(count));
    {
        CacheStore cache;
        if (cache.open(path) && cache.count(QStringLiteral("events")) == count)
            return path;
    }
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(path + suffix);
    std::printf("building a cache of %d events in %s ...\n", count, qPrintable(path));
    std::fflush(stdout);
    QElapsedTimer timer;
    timer.start();
    CacheStore cache;
    if (!cache.open(path)) {
        std::fprintf(stderr,
                     "cannot open %s: %s\n",
                     qPrintable(path),
                     qPrintable(cache.errorString()));
        return {};
    }
    QList<QJsonObject> clients;
    for (int i = 0; i < 200; ++i)
        clients.append(QJsonObject{{QStringLiteral("_id"), QStringLiteral("c-%1").arg(i)},
                                   {QStringLiteral("version"), 1},
                                   {QStringLiteral("name"), QStringLiteral("Client %1").arg(i)}});
    cache.applyDelta(QStringLiteral("clients"), clients, {}, 1);
    QList<QJsonObject> tariffs;
    for (int i = 0; i < 30; ++i)
        tariffs.append(QJsonObject{{QStringLiteral("_id"), QStringLiteral("t-%1").arg(i)},
                                   {QStringLiteral("version"), 1},
                                   {QStringLiteral("name"), QStringLiteral("Tariff %1").arg(i)}});
    cache.applyDelta(QStringLiteral("tariffs"), tariffs, {}, 2);
    constexpr int batch = 10000;
    for (int first = 0; first < count; first += batch) {
        QList<QJsonObject> docs;
        docs.reserve(batch);
        for (int i = first; i < qMin(count, first + batch); ++i)
            docs.append(makeEvent(i));
        if (!cache.applyDelta(QStringLiteral("events"), docs, {}, 10 + first + batch)) {
            std::fprintf(stderr, "insert failed: %s\n", qPrintable(cache.errorString()));
            return {};
        }
    }
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
