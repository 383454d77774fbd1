// Full sync of 100k documents of 1 KB into the cache: documents/s through the
// whole client path (HTTP on 127.0.0.1, gzip, JSON, staging, atomic swap)
// and through CacheStore alone, beside the raw SQLite insert rate (C API and
// QtSql prepared, one transaction) measured in the same run. Pages as the
// real server sends them to the client: the client's page limit
// (Protocol::defaultPageLimit) and the server's gzip level for a body of
// that size; the scripted server answers from its own thread.

#include "apiclient.h"
#include "cachestore.h"
#include "deltafetcher.h"
#include "gzipdecoder.h"
#include "protocol.h"
#include "rawlimits.h"
#include "scriptedserverthread.h"
#include "syncbenchutil.h"
#include "syncstate.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSettings>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const bool quick = app.arguments().contains(QStringLiteral("--quick"));
    const int total = quick ? 5000 : 100000;
    const int pageSize = Protocol::defaultPageLimit;
    // deltadesk-server's choice (server/http/responses.cpp): level 6, or 1
    // for a body above 256 KiB.
    const auto serverGzipLevel = [](const QByteArray &body) {
        return body.size() > 256 * 1024 ? 1 : 6;
    };
    QTemporaryDir dir;

    std::printf("sync full sync: %d documents of ~1 KB, pages of %d\n", total, pageSize);
    std::printf("%s\n", qPrintable(RawLimits::summary(dir.path(), total, 1024)));
    const double rawC = RawLimits::sqliteCInsertRate(dir.path(), total, 1024);
    const double rawQt = RawLimits::qtSqlInsertRate(dir.path(), total, 1024);

    QList<QJsonObject> docs;
    docs.reserve(total);
    for (int i = 0; i < total; ++i)
        docs.append(SyncBench::makeEvent(i, 1024));
    // Compressed once here, so the figures are the client's, not the test
    // server's deflate.
    QList<QByteArray> pages;
    int level = 6;
    for (int start = 0; start < total; start += pageSize) {
        const bool more = start + pageSize < total;
        const QByteArray body
            = SyncBench::page(docs.mid(start, pageSize), {}, start + pageSize, more, total);
        level = serverGzipLevel(body);
        pages.append(GzipDecoder::compress(body, level));
    }
    std::printf("pages gzip'd at level %d, as deltadesk-server does for bodies of this size\n",
                level);

    // CacheStore alone: stage every page, then the atomic swap.
    {
        CacheStore cache;
        cache.open(dir.filePath(QStringLiteral("store.sqlite")));
        QElapsedTimer t;
        t.start();
        cache.beginFullReplace(QStringLiteral("events"));
        for (int start = 0; start < total; start += pageSize)
            cache.stageDocuments(QStringLiteral("events"), docs.mid(start, pageSize), {});
        const qint64 stagedNs = t.nsecsElapsed();
        cache.commitFullReplace(QStringLiteral("events"), total);
        const double rate = total / (t.nsecsElapsed() / 1e9);
        std::printf("  (staging %.2f s, swap %.2f s)\n",
                    stagedNs / 1e9,
                    (t.nsecsElapsed() - stagedNs) / 1e9);
        std::printf(
            "CacheStore staged full replace: %.0f docs/s (%.0f%% of raw C, %.0f%% of raw QtSql)\n",
            rate,
            100 * rate / rawC,
            100 * rate / rawQt);
    }

    // The whole path: DeltaFetcher over HTTP with gzip.
    ScriptedServerThread server;
    server.start([pages, pageSize](const ScriptedRequest &req, QTcpSocket *) {
        const int index = req.query.queryItemValue(QStringLiteral("cursor")).toInt() / pageSize;
        ScriptedResponse r{200, pages.value(index)};
        r.bodyIsGzip = true; // the client always asks for gzip
        return r;
    });
    ApiClient api;
    api.setBaseUrl(QUrl(server.baseUrl()));
    CacheStore cache;
    cache.open(dir.filePath(QStringLiteral("client.sqlite")));
    QSettings settings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
    SyncState state(&settings);
    auto *fetcher = new DeltaFetcher(&api, &cache, &state, QStringLiteral("events"));
    fetcher->setPageLimit(pageSize);
    QElapsedTimer t;
    QObject::connect(fetcher, &DeltaFetcher::finished, &app, [&](DeltaFetcher *f) {
        const double seconds = t.nsecsElapsed() / 1e9;
        const SyncRound r = f->round();
        const double rate = total / seconds;
        std::printf("full sync over HTTP: %s, %lld docs in %.2f s = %.0f docs/s (%.0f%% of raw C, "
                    "%.0f%% of raw "
                    "QtSql); wire %s, decoded %s\n",
                    qPrintable(ApiErrors::name(f->error())),
                    r.documents,
                    seconds,
                    rate,
                    100 * rate / rawC,
                    100 * rate / rawQt,
                    qPrintable(SyncBench::megabytes(r.wireBytes)),
                    qPrintable(SyncBench::megabytes(r.decodedBytes)));
        std::printf("raw: SQLite C %.0f rows/s, QtSql prepared %.0f rows/s\n", rawC, rawQt);
        std::printf("sync-fullsync: HTTP path %.0f docs/s, %.0f %% of raw SQLite C insert (%.0f "
                    "rows/s)\n",
                    rate,
                    100 * rate / rawC,
                    rawC);
        app.quit();
    });
    QTimer::singleShot(0, &app, [&] {
        t.start();
        fetcher->start();
    });
    return app.exec();
}
