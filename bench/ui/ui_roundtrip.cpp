// Write on the server -> row repainted in the view, against the real
// deltadesk-server: the sync library follows the stream into the cache, the
// events view shows the row; we time from sending the PUT to the viewport's
// first paint after the row's dataChanged. Prints p50 / p99.

#include "apiclient.h"
#include "cachestore.h"
#include "collectionmodel.h"
#include "collectiontab.h"
#include "namelookup.h"
#include "serverprocess.h"
#include "syncengine.h"
#include "syncstate.h"
#include "syncstats.h"
#include "testhttp.h"
#include "uibenchutil.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

namespace {
class PaintWatcher : public QObject
{
public:
    bool armed = false;
    qint64 paintedAtNs = -1;
    QElapsedTimer *clock = nullptr;
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (armed && event->type() == QEvent::Paint) {
            paintedAtNs = clock->nsecsElapsed();
            armed = false;
        }
        return false;
    }
};
} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    if (qEnvironmentVariableIsEmpty("DELTADESK_SERVER_BIN"))
        qputenv("DELTADESK_SERVER_BIN", DELTADESK_BENCH_SERVER_BIN);
    QApplication app(argc, argv);
    const int writes = app.arguments().contains(QStringLiteral("--quick")) ? 20 : 200;

    ServerProcess server;
    if (!server.start({QStringLiteral("--demo")})) {
        std::fprintf(stderr, "server did not start\n");
        return 1;
    }
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    CacheStore cache;
    cache.open(dir.filePath(QStringLiteral("cache.sqlite")));
    ApiClient api;
    api.setBaseUrl(server.url());
    SyncState state(&settings);
    SyncStats stats;
    SyncEngine engine(&api, &cache, &state, &stats);
    NameLookup lookup(&cache);
    auto *model = new CollectionModel(&cache, &lookup, QStringLiteral("events"));
    CollectionTab tab(model);
    tab.resize(1400, 900);
    tab.show();

    TestHttp http(server.url());
    const QByteArray token = http.login(QStringLiteral("manager"), QStringLiteral("manager"));
    api.setToken(token);
    engine.start();
    if (!QTest::qWaitFor(
            [&] { return engine.state() == SyncEngine::State::Live && model->rowCount() > 20; },
            60000)) {
        std::fprintf(stderr, "never went live\n");
        return 1;
    }

    QElapsedTimer clock;
    clock.start();
    PaintWatcher watcher;
    watcher.clock = &clock;
    tab.view()->viewport()->installEventFilter(&watcher);
    QString waitingFor;
    QObject::connect(model, &QAbstractItemModel::dataChanged, &app, [&](const QModelIndex &from) {
        if (!waitingFor.isEmpty() && model->idAt(from.row()) == waitingFor)
            watcher.armed = true;
    });

    QList<double> ms;
    for (int i = 0; i < writes; ++i) {
        const int row = i % 20;
        const QString id = model->idAt(row);
        const auto doc = cache.document(QStringLiteral("events"), id);
        if (!doc)
            continue;
        QJsonObject fields = *doc;
        const qint64 version = fields.value(QStringLiteral("version")).toInteger();
        fields.remove(QStringLiteral("_id"));
        fields.remove(QStringLiteral("version"));
        fields.remove(QStringLiteral("updatedAt"));
        fields.insert(QStringLiteral("title"), QStringLiteral("Round trip %1").arg(i));
        waitingFor = id;
        watcher.paintedAtNs = -1;
        watcher.armed = false;
        const qint64 sentAt = clock.nsecsElapsed();
        const HttpResult r = http.request("PUT",
                                          QStringLiteral("/api/events/") + id,
                                          QJsonDocument(fields).toJson(QJsonDocument::Compact),
                                          {{"Content-Type", "application/json"},
                                           {"If-Match", QByteArray::number(version)}});
        if (r.status != 200) {
            std::fprintf(stderr, "write %d answered %d\n", i, r.status);
            continue;
        }
        if (!QTest::qWaitFor([&] { return watcher.paintedAtNs >= 0; }, 10000)) {
            std::fprintf(stderr, "write %d never painted\n", i);
            continue;
        }
        ms.append(double(watcher.paintedAtNs - sentAt) / 1e6);
    }
    std::printf("writes measured:   %lld of %d\n", qint64(ms.size()), writes);
    std::printf("write -> repaint:  p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
                UiBench::percentile(ms, 50),
                UiBench::percentile(ms, 99),
                UiBench::percentile(ms, 100));
    std::printf("(QTest::qWaitFor polls in 10 ms sleeps between event passes, so figures are an "
                "upper bound)\n");
    engine.stop();
    server.stop();
    return 0;
}
