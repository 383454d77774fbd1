#pragma once

// Shared by the ui_* benchmarks: a cache of N demo-like events (built once
// through CacheStore and kept in a temp folder for later runs), RSS, and
// percentiles.

#include <QJsonObject>
#include <QList>
#include <QString>

namespace UiBench {

QJsonObject makeEvent(int i, int version = 1, const QString &title = {});
// A cache file holding `count` events (+ 200 clients and 30 tariffs), its
// search index complete; reused when it already holds them. Prints how long
// building took.
QString ensureEventsCache(int count);
// The events cursor such a cache holds (a restarted app asks from it).
qint64 eventsCursor(int count);
qint64 rssKb();
// Writes back and drops the file's pages (and its -wal and -shm) from the
// kernel's page cache: the next read comes from the disk, as after a reboot.
bool dropFromPageCache(const QString &path);
// 1000000 -> "1M", 20000 -> "20k": the sizes in summary lines.
QString sizeLabel(int count);
double percentile(QList<double> values, double p);

} // namespace UiBench
