#pragma once

// The machine's raw limits, measured in the same run as a benchmark so its
// figures can be read against them: what SQLite, QtSql, zlib and QJson can do
// here with nothing of DeltaDesk in the way.

#include <QByteArray>
#include <QString>

namespace RawLimits {

// Rows per second: `rows` rows of `rowBytes` bytes inserted with one prepared
// statement in one transaction into a fresh WAL database in `dir`.
double sqliteCInsertRate(const QString &dir, int rows, int rowBytes);
double qtSqlInsertRate(const QString &dir, int rows, int rowBytes);

// MB/s of input: gzip at the given level, and gunzip of that output.
double zlibDeflateRate(const QByteArray &data, int level = 6);
double zlibInflateRate(const QByteArray &data, int level = 6);

// MB/s of input parsed by QJsonDocument::fromJson.
double jsonParseRate(const QByteArray &json);

// A line "raw limits: ..." with all of the above at the given sizes.
QString summary(const QString &dir, int rows = 100000, int rowBytes = 1024);

// Resident set size of this process in KiB (from /proc/self/statm).
qint64 residentKiB();

} // namespace RawLimits
