// Write on the server -> row repainted in the view, against the real
// deltadesk-server: a PUT of one event's title goes out over loopback (an
// ApiClient job in this process); the server's stream brings the change,
// the sync library stores it, the events model tells the view, and the
// clock stops at the viewport's first Paint after that row's dataChanged
// (an event filter sees it). Nothing polls: every step waits on a signal
// or that event. Prints p50 / p99.

#include "apiclient.h"
#include "benchsession.h"
#include "collectionmodel.h"
#include "collectiontab.h"
#include "paintwatcher.h"
#include "rawlimits.h"
#include "serverprocess.h"
#include "synccontroller.h"
#include "testhttp.h"
#include "uibenchutil.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>
#include <functional>

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
    TestHttp http(server.url());
    const QByteArray token = http.login(QStringLiteral("manager"), QStringLiteral("manager"));

    QTemporaryDir dir;
    std::printf("%s\n", qPrintable(RawLimits::summary(dir.path(), 50000, 512)));
    BenchSession session; // the sync engine on its thread, the reader on its own
    SyncController &engine = *session.sync();
    ApiClient writer; // the editor's, on the GUI thread
    writer.setBaseUrl(server.url());
    writer.setToken(token);
    auto *model = new CollectionModel(session.reader(), session.lookup(), QStringLiteral("events"));
    CollectionTab tab(model);
    tab.resize(1400, 900);
    tab.show();
    PaintWatcher watcher(tab.view()->viewport());

    QElapsedTimer clock;
    clock.start();
    QList<double> ms;
    int sent = 0;
    QString waitingFor;
    qint64 sentAtNs = 0;
    QTimer timeout; // a write whose change never shows is reported, not waited for
    timeout.setSingleShot(true);
    timeout.setInterval(10000);
    std::function<void()> next;
    const auto finish = [&] {
        std::printf("writes measured:   %lld of %d (a PUT of the title of one of the first 20 "
                    "rows, sorted by start)\n",
                    qint64(ms.size()),
                    writes);
        std::printf("write sent -> row repainted: p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
                    UiBench::percentile(ms, 50),
                    UiBench::percentile(ms, 99),
                    UiBench::percentile(ms, 100));
        std::printf("roundtrip: p50 %.1f ms, p99 %.1f ms\n",
                    UiBench::percentile(ms, 50),
                    UiBench::percentile(ms, 99));
        engine.stop();
        QTimer::singleShot(0, &app, &QCoreApplication::quit);
    };
    next = [&] {
        timeout.stop();
        if (sent == writes) {
            finish();
            return;
        }
        const int row = sent % 20;
        const QString id = model->idAt(row);
        const qint64 version
            = model->data(model->index(row, 0), CollectionModel::VersionRole).toLongLong();
        waitingFor = id;
        watcher.onNextPaint({});
        const QJsonObject fields{
            {QStringLiteral("title"), QStringLiteral("Round trip %1").arg(sent++)}};
        sentAtNs = clock.nsecsElapsed();
        WriteJob *job = writer.updateEvent(id, version, fields);
        QObject::connect(job, &ApiJob::finished, &app, [&](ApiJob *j) {
            if (j->error() != ApiError::NoError) {
                std::fprintf(stderr,
                             "write answered %d: %s\n",
                             j->httpStatus(),
                             qPrintable(j->errorString()));
                waitingFor.clear();
                QTimer::singleShot(0, &app, next);
            }
        });
        timeout.start();
    };
    QObject::connect(&timeout, &QTimer::timeout, &app, [&] {
        std::fprintf(stderr, "write %d never painted\n", sent);
        waitingFor.clear();
        next();
    });
    QObject::connect(model,
                     &QAbstractItemModel::dataChanged,
                     &app,
                     [&](const QModelIndex &from, const QModelIndex &to) {
                         if (waitingFor.isEmpty())
                             return;
                         for (int r = from.row(); r <= to.row(); ++r) {
                             if (model->idAt(r) != waitingFor)
                                 continue;
                             waitingFor.clear();
                             watcher.onNextPaint([&] {
                                 ms.append(double(clock.nsecsElapsed() - sentAtNs) / 1e6);
                                 QTimer::singleShot(0, &app, next);
                             });
                             return;
                         }
                     });
    bool started = false;
    const auto startWhenReady = [&] {
        if (!started && engine.state() == SyncEngine::State::Live && model->rowCount() > 20) {
            started = true;
            QTimer::singleShot(100, &app, next);
        }
    };
    QObject::connect(&engine, &SyncController::stateChanged, &app, startWhenReady);
    QObject::connect(model, &QAbstractItemModel::modelReset, &app, startWhenReady);
    QObject::connect(model, &QAbstractItemModel::rowsInserted, &app, startWhenReady);
    session.open(dir.path(), dir.filePath(QStringLiteral("cache.sqlite")), [&](bool ok) {
        if (!ok) {
            QCoreApplication::exit(1);
            return;
        }
        engine.setBaseUrl(server.url());
        engine.setToken(token);
        engine.start();
    });
    return app.exec();
}
