#include "rawlimits.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QUuid>

#include <sqlite3.h>
#include <unistd.h>
#include <zlib.h>

namespace RawLimits {
namespace {

QByteArray payload(int bytes, int seed)
{
    // Text that compresses like real documents do (words, not noise).
    static const char *words[] = {"event",
                                  "client",
                                  "venue",
                                  "staff",
                                  "catering",
                                  "stage",
                                  "lights",
                                  "confirmed",
                                  "notes",
                                  "tariff",
                                  "hall",
                                  "2025"};
    QByteArray out;
    out.reserve(bytes);
    QRandomGenerator rng(seed);
    while (out.size() < bytes) {
        out += words[rng.bounded(12)];
        out += ' ';
    }
    out.truncate(bytes);
    return out;
}

double perSecond(qint64 count, qint64 nsecs)
{
    return nsecs > 0 ? count * 1e9 / double(nsecs) : 0.0;
}

QByteArray gzip(const QByteArray &data, int level)
{
    z_stream zs{};
    deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    QByteArray out(int(deflateBound(&zs, uLong(data.size()))) + 32, Qt::Uninitialized);
    zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    zs.avail_in = uInt(data.size());
    zs.next_out = reinterpret_cast<Bytef *>(out.data());
    zs.avail_out = uInt(out.size());
    deflate(&zs, Z_FINISH);
    out.truncate(int(zs.total_out));
    deflateEnd(&zs);
    return out;
}

} // namespace

double sqliteCInsertRate(const QString &dir, int rows, int rowBytes)
{
    const QByteArray path = QFile::encodeName(dir + QStringLiteral("/raw-c.sqlite"));
    QFile::remove(QString::fromLocal8Bit(path));
    sqlite3 *db = nullptr;
    if (sqlite3_open(path.constData(), &db) != SQLITE_OK)
        return 0;
    sqlite3_exec(db,
                 "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                 nullptr,
                 nullptr,
                 nullptr);
    sqlite3_exec(db,
                 "CREATE TABLE t(id TEXT PRIMARY KEY, seq INTEGER, body TEXT)",
                 nullptr,
                 nullptr,
                 nullptr);
    const QByteArray body = payload(rowBytes, 1);
    sqlite3_stmt *stmt = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO t VALUES(?1, ?2, ?3)", -1, &stmt, nullptr);
    QElapsedTimer timer;
    timer.start();
    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
    for (int i = 0; i < rows; ++i) {
        const QByteArray id = "doc-" + QByteArray::number(i);
        sqlite3_bind_text(stmt, 1, id.constData(), int(id.size()), SQLITE_TRANSIENT);
        sqlite3_bind_int64(stmt, 2, i);
        sqlite3_bind_text(stmt, 3, body.constData(), int(body.size()), SQLITE_STATIC);
        sqlite3_step(stmt);
        sqlite3_reset(stmt);
    }
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    const qint64 ns = timer.nsecsElapsed();
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return perSecond(rows, ns);
}

double qtSqlInsertRate(const QString &dir, int rows, int rowBytes)
{
    const QString connection = QStringLiteral("rawlimits-") + QUuid::createUuid().toString();
    double rate = 0;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        const QString path = dir + QStringLiteral("/raw-qt.sqlite");
        QFile::remove(path);
        db.setDatabaseName(path);
        if (!db.open())
            return 0;
        QSqlQuery q(db);
        q.exec(QStringLiteral("PRAGMA journal_mode=WAL"));
        q.exec(QStringLiteral("PRAGMA synchronous=NORMAL"));
        q.exec(QStringLiteral("CREATE TABLE t(id TEXT PRIMARY KEY, seq INTEGER, body TEXT)"));
        const QString body = QString::fromLatin1(payload(rowBytes, 2));
        QSqlQuery insert(db);
        insert.prepare(QStringLiteral("INSERT INTO t VALUES(?, ?, ?)"));
        QElapsedTimer timer;
        timer.start();
        db.transaction();
        for (int i = 0; i < rows; ++i) {
            insert.bindValue(0, QString(QStringLiteral("doc-") + QString::number(i)));
            insert.bindValue(1, i);
            insert.bindValue(2, body);
            insert.exec();
        }
        db.commit();
        rate = perSecond(rows, timer.nsecsElapsed());
    }
    QSqlDatabase::removeDatabase(connection);
    return rate;
}

double zlibDeflateRate(const QByteArray &data, int level)
{
    QElapsedTimer timer;
    timer.start();
    const QByteArray packed = gzip(data, level);
    return perSecond(data.size(), timer.nsecsElapsed()) / 1e6 * (packed.isEmpty() ? 0 : 1);
}

double zlibInflateRate(const QByteArray &data, int level)
{
    const QByteArray packed = gzip(data, level);
    QByteArray out(data.size(), Qt::Uninitialized);
    QElapsedTimer timer;
    timer.start();
    z_stream zs{};
    inflateInit2(&zs, 15 + 16);
    zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(packed.constData()));
    zs.avail_in = uInt(packed.size());
    zs.next_out = reinterpret_cast<Bytef *>(out.data());
    zs.avail_out = uInt(out.size());
    inflate(&zs, Z_FINISH);
    inflateEnd(&zs);
    return perSecond(data.size(), timer.nsecsElapsed()) / 1e6;
}

double jsonParseRate(const QByteArray &json)
{
    QElapsedTimer timer;
    timer.start();
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    const qint64 ns = timer.nsecsElapsed();
    return doc.isNull() ? 0 : perSecond(json.size(), ns) / 1e6;
}

QString summary(const QString &dir, int rows, int rowBytes)
{
    QByteArray json = "[";
    for (int i = 0; i < 20000; ++i) {
        json += (i ? ",{" : "{") + QByteArray("\"_id\":\"e-") + QByteArray::number(i)
                + "\",\"version\":3,\"notes\":\"" + payload(200, i) + "\"}";
    }
    json += ']';
    return QStringLiteral("raw limits: SQLite C insert %1 rows/s, QtSql prepared %2 rows/s "
                          "(%3 B rows, one transaction); zlib gzip -6 %4 MB/s, gunzip %5 MB/s; "
                          "QJsonDocument parse %6 MB/s")
        .arg(sqliteCInsertRate(dir, rows, rowBytes), 0, 'f', 0)
        .arg(qtSqlInsertRate(dir, rows, rowBytes), 0, 'f', 0)
        .arg(rowBytes)
        .arg(zlibDeflateRate(json), 0, 'f', 1)
        .arg(zlibInflateRate(json), 0, 'f', 1)
        .arg(jsonParseRate(json), 0, 'f', 1);
}

qint64 residentKiB()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.size() > 1 ? fields.at(1).toLongLong() * (sysconf(_SC_PAGESIZE) / 1024) : -1;
}

} // namespace RawLimits
