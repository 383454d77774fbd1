#pragma once

// Shared pieces of the sync benchmarks: synthetic documents of a given size,
// delta pages in either dialect, and percentiles.

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace SyncBench {

// An event document of about `bytes` bytes of compact JSON, with text that
// compresses like real notes do (words, not random bytes).
QJsonObject makeEvent(int index, int bytes, int version = 1);
// {"events": [...], "deleted": [...], "cursor", "hasMore", ...} as the server sends it.
QByteArray page(const QList<QJsonObject> &docs,
                const QStringList &deleted,
                qint64 cursor,
                bool hasMore,
                qint64 total = -1);
// The original design's answer: {"events": [...], "serverTimestamp", "deltaSync"}.
QByteArray dialectPage(const QList<QJsonObject> &docs, bool deltaSync);
double percentile(QList<double> values, double p);
QString megabytes(qint64 bytes);

} // namespace SyncBench
