// Stream apply: changes/s from the SSE stream into the cache through
// SyncEngine (parse, group, one transaction per batch), and the latency from
// the server writing a change to it being committed in the cache (p50/p99),
// with changes sent one by one.

#include "apiclient.h"
#include "cachestore.h"
#include "rawlimits.h"
#include "scriptedserver.h"
#include "syncbenchutil.h"
#include "syncengine.h"
#include "syncstate.h"
#include "syncstats.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonDocument>
#include <QSettings>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>

namespace {
QByteArray changeEvent(qint64 seq, const QJsonObject &doc)
{
    const QJsonObject message{{QStringLiteral("type"), QStringLiteral("change")},
                              {QStringLiteral("collection"), QStringLiteral("events")},
                              {QStringLiteral("operationType"), QStringLiteral("update")},
                              {QStringLiteral("documentId"), doc.value(QStringLiteral("_id"))},
                              {QStringLiteral("fullDocument"), doc},
                              {QStringLiteral("cursor"), QString::number(seq)}};
    return "id: " + QByteArray::number(seq) + "\nevent: change\ndata: "
           + QJsonDocument(message).toJson(QJsonDocument::Compact) + "\n\n";
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const bool quick = app.arguments().contains(QStringLiteral("--quick"));
    const int burst = quick ? 2000 : 50000;
    const int single = quick ? 200 : 2000;
    QTemporaryDir dir;
    std::printf("sync stream apply: %d changes in bursts, then %d one by one (~500 B documents)\n",
                burst,
                single);
    std::printf("%s\n", qPrintable(RawLimits::summary(dir.path(), 20000, 512)));

    ScriptedServer server;
    server.listen();
    server.setHandler([](const ScriptedRequest &req, QTcpSocket *) {
        if (req.path == QLatin1String("/api/sync/stream")) {
            ScriptedResponse r;
            r.stream = true;
            return r;
        }
        return ScriptedResponse{200, SyncBench::page({}, {}, 1, false, 0)};
    });
    ApiClient api;
    api.setBaseUrl(QUrl(server.baseUrl()));
    CacheStore cache;
    cache.open(dir.filePath(QStringLiteral("c.sqlite")));
    QSettings settings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
    SyncState state(&settings);
    SyncStats stats;
    SyncEngine engine(&api, &cache, &state, &stats);
    engine.setCollections({QStringLiteral("events")});

    QElapsedTimer clock;
    clock.start();
    QHash<QString, qint64> sentAt;
    QList<double> latenciesMs;
    qint64 applied = 0;
    qint64 burstStartNs = 0;
    qint64 seq = 1;
    int phase = 0; // 0 burst, 1 single
    int singleSent = 0;
    QTimer singleTimer;
    singleTimer.setInterval(2);

    QObject::connect(&cache,
                     &CacheStore::documentsChanged,
                     &app,
                     [&](const QString &, const CacheChangeSet &changes) {
                         const qint64 now = clock.nsecsElapsed();
                         applied += changes.size();
                         if (phase == 1) {
                             for (const QString &id : changes.inserted + changes.updated)
                                 latenciesMs.append((now - sentAt.value(id, now)) / 1e6);
                         }
                         if (phase == 0 && applied >= burst) {
                             const double seconds = (now - burstStartNs) / 1e9;
                             std::printf("burst: %d changes applied in %.2f s = %.0f changes/s\n",
                                         burst,
                                         seconds,
                                         burst / seconds);
                             phase = 1;
                             singleTimer.start();
                         } else if (phase == 1 && latenciesMs.size() >= single) {
                             std::printf("write-to-cache latency (one change at a time, every 2 "
                                         "ms): p50 %.2f ms, "
                                         "p99 %.2f ms, max %.2f ms\n",
                                         SyncBench::percentile(latenciesMs, 50),
                                         SyncBench::percentile(latenciesMs, 99),
                                         SyncBench::percentile(latenciesMs, 100));
                             singleTimer.stop();
                             app.quit();
                         }
                     });
    QObject::connect(&singleTimer, &QTimer::timeout, &app, [&] {
        if (singleSent >= single)
            return;
        const QJsonObject doc = SyncBench::makeEvent(100000 + singleSent, 500);
        sentAt.insert(doc.value(QStringLiteral("_id")).toString(), clock.nsecsElapsed());
        server.sendToStreams(changeEvent(++seq, doc));
        ++singleSent;
    });
    QObject::connect(&server, &ScriptedServer::streamOpened, &app, [&](QTcpSocket *) {
        // Bursts as a busy server would write them: many events per TCP write.
        burstStartNs = clock.nsecsElapsed();
        QByteArray chunk;
        for (int i = 0; i < burst; ++i) {
            chunk += changeEvent(++seq, SyncBench::makeEvent(i, 500));
            if (chunk.size() > 256 * 1024 || i == burst - 1) {
                server.sendToStreams(chunk);
                chunk.clear();
            }
        }
    });
    engine.start();
    return app.exec();
}
