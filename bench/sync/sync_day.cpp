// Bytes per day, client side, in the original design's scenario: 1000 events
// of ~5 KB, 100 syncs a day, 50 events changed between two syncs. Measured by
// running the client's DeltaFetcher against a local server that answers as
// each protocol would: full fetch every time, timestamp delta (the original
// design), cursor delta, cursor delta + gzip. zlib throughput beside it.

#include "apiclient.h"
#include "cachestore.h"
#include "deltafetcher.h"
#include "rawlimits.h"
#include "scriptedserver.h"
#include "syncbenchutil.h"
#include "syncstate.h"

#include <QCoreApplication>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

namespace {
struct Scenario
{
    const char *name;
    bool full;
    bool dialect;
    bool gzip;
};
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const bool quick = app.arguments().contains(QStringLiteral("--quick"));
    const int events = 1000;
    const int docBytes = 5000;
    const int syncsPerDay = 100;
    const int changedPerSync = 50;
    const int measuredSyncs = quick ? 2 : 10;
    QTemporaryDir dir;

    QList<QJsonObject> docs;
    for (int i = 0; i < events; ++i)
        docs.append(SyncBench::makeEvent(i, docBytes));
    const QByteArray all = SyncBench::dialectPage(docs, false);
    std::printf("sync bytes per day: %d events of ~%d B, %d syncs/day, %d changed per sync "
                "(measured %d syncs, "
                "scaled to a day)\n",
                events,
                docBytes,
                syncsPerDay,
                changedPerSync,
                measuredSyncs);
    std::printf("zlib level 6 on the full answer (%s): deflate %.1f MB/s, inflate %.1f MB/s\n",
                qPrintable(SyncBench::megabytes(all.size())),
                RawLimits::zlibDeflateRate(all),
                RawLimits::zlibInflateRate(all));

    const Scenario scenarios[] = {{"full fetch every time", true, true, false},
                                  {"timestamp delta (original design)", false, true, false},
                                  {"cursor delta", false, false, false},
                                  {"cursor delta + gzip", false, false, true}};
    qint64 fullPerDay = 0;
    for (const Scenario &s : scenarios) {
        int round = 0;
        ScriptedServer server;
        server.listen();
        server.setHandler([&](const ScriptedRequest &req, QTcpSocket *) {
            // Every answer after the first carries the 50 documents changed since.
            QList<QJsonObject> changed;
            for (int i = 0; i < changedPerSync; ++i)
                changed.append(SyncBench::makeEvent((round * changedPerSync + i) % events,
                                                    docBytes,
                                                    round + 2));
            ScriptedResponse r;
            const bool first = !req.query.hasQueryItem(QStringLiteral("cursor"))
                               && !req.query.hasQueryItem(QStringLiteral("lastSync"));
            if (s.full || first)
                r.body = s.dialect ? SyncBench::dialectPage(docs, false)
                                   : SyncBench::page(docs, {}, 1000, false);
            else
                r.body = s.dialect ? SyncBench::dialectPage(changed, true)
                                   : SyncBench::page(changed, {}, 1000 + round, false);
            r.gzip = s.gzip && req.header("accept-encoding").contains("gzip");
            ++round;
            return r;
        });
        ApiClient api;
        api.setBaseUrl(QUrl(server.baseUrl()));
        CacheStore cache;
        cache.open(dir.filePath(QString::fromLatin1(s.name).left(4) + QStringLiteral(".sqlite")));
        QSettings settings(dir.filePath(QString::fromLatin1(s.name).left(4)
                                        + QStringLiteral(".ini")),
                           QSettings::IniFormat);
        SyncState state(&settings);
        qint64 wire = 0;
        qint64 decoded = 0;
        for (int i = 0; i <= measuredSyncs; ++i) { // the first is the initial full sync, not counted
            auto *fetcher = new DeltaFetcher(&api, &cache, &state, QStringLiteral("events"));
            fetcher->setAutoDelete(false);
            fetcher->setForceFull(s.full);
            bool done = false;
            QObject::connect(fetcher, &DeltaFetcher::finished, &app, [&done] { done = true; });
            fetcher->start();
            if (!QTest::qWaitFor([&done] { return done; }, 60000))
                std::printf("%s: a sync did not finish within 60 s\n", s.name);
            if (i > 0) {
                wire += fetcher->round().wireBytes;
                decoded += fetcher->round().decodedBytes;
            }
            delete fetcher;
        }
        const qint64 perDay = wire * syncsPerDay / measuredSyncs;
        if (s.full)
            fullPerDay = perDay;
        std::printf("%-36s %10s/day on the wire (%s decoded), %5.1f%% of full\n",
                    s.name,
                    qPrintable(SyncBench::megabytes(perDay)),
                    qPrintable(SyncBench::megabytes(decoded * syncsPerDay / measuredSyncs)),
                    fullPerDay > 0 ? 100.0 * double(perDay) / double(fullPerDay) : 100.0);
    }
    return 0;
}
