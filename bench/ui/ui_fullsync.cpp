// The app's main window open while it full-syncs N events (1M, about 5 KB
// each) from the real deltadesk-server, seeded through the server's own
// store. Prints documents per second of the whole first sync (every
// collection, login to the last round), the longest GUI stall (lateness of
// a 1 ms timer on the GUI thread) throughout, and how often the progress
// text in the status bar changed, with samples of it.

#include "apiclient.h"
#include "benchsession.h"
#include "cachestore.h"
#include "guistallprobe.h"
#include "mainwindow.h"
#include "rawlimits.h"
#include "serverrunner.h"
#include "storeseeder.h"
#include "synccontroller.h"
#include "syncstats.h"
#include "syncstatusbar.h"
#include "uibenchutil.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProgressBar>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>

namespace {

// A data dir seeded once with `events` events and kept for later runs.
QString seededDataDir(int events)
{
    const QString dir = QDir(QStandardPaths::writableLocation(QStandardPaths::TempLocation))
                            .filePath(QStringLiteral("deltadesk-uibench/server-%1").arg(events));
    const QString marker = QDir(dir).filePath(QStringLiteral("seeded"));
    if (QFile::exists(marker))
        return dir;
    QDir(dir).removeRecursively();
    QDir().mkpath(dir);
    std::printf("seeding the server's store with %d events in %s ...\n", events, qPrintable(dir));
    std::fflush(stdout);
    const StoreSeeder::Result seeded = StoreSeeder::seed(dir.toStdString(), events);
    if (!seeded.ok) {
        std::fprintf(stderr, "seeding failed: %s\n", seeded.error.c_str());
        return {};
    }
    std::printf("seeded %d events of ~%.0f B in %.1f s\n",
                seeded.events,
                seeded.eventBytes,
                seeded.seconds);
    QFile(marker).open(QIODevice::WriteOnly);
    return dir;
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const bool quick = app.arguments().contains(QStringLiteral("--quick"));
    const int events = quick ? 20000 : 1000000;
    const QString dataDir = seededDataDir(events);
    if (dataDir.isEmpty())
        return 1;
    ServerRunner server;
    if (!server.start(ServerRunner::binaryPath(argc, argv), dataDir.toStdString(), {})) {
        std::fprintf(stderr, "server did not start\n");
        return 1;
    }
    const QUrl url(QStringLiteral("http://127.0.0.1:%1").arg(server.port()));

    QTemporaryDir state;
    std::printf("%s\n", qPrintable(RawLimits::summary(state.path(), 50000, 512)));
    BenchSession session;
    SyncController &engine = *session.sync();
    SyncStats &stats = *engine.stats();
    ApiClient api; // the login's, on the GUI thread
    api.setBaseUrl(url);
    MainWindow::Services services;
    services.api = &api;
    services.reader = session.reader();
    services.sync = &engine;
    services.stats = &stats;
    MainWindow window(services);
    window.resize(1400, 900);
    window.show();

    GuiStallProbe probe;
    QElapsedTimer clock;
    QStringList samples;
    QString lastText;
    qint64 lastChangeNs = 0;
    qint64 longestGapNs = 0;
    int textChanges = 0;
    QProgressBar *progress = window.syncStatusBar()->progressBar();
    QTimer sampler; // reads what the status bar shows, as a user would
    sampler.setInterval(50);
    QObject::connect(&sampler, &QTimer::timeout, &app, [&] {
        const QString text = progress->isVisible() ? progress->text() : QString();
        if (text.isEmpty() || text == lastText)
            return;
        const qint64 now = clock.nsecsElapsed();
        if (textChanges > 0)
            longestGapNs = qMax(longestGapNs, now - lastChangeNs);
        lastChangeNs = now;
        lastText = text;
        if (textChanges++ % 40 == 0 && samples.size() < 6)
            samples.append(text);
    });
    double syncedSeconds = -1;
    const auto report = [&](bool ok, double indexSeconds) {
        const double seconds = syncedSeconds;
        qint64 documents = 0;
        for (const SyncRound &r : stats.rounds())
            documents += r.documents;
        std::printf("server: %d events seeded (~5 KB each), pages of %d, gzip as the server "
                    "chooses\n",
                    events,
                    1000);
        std::printf("first sync %s: %lld documents in %.1f s\n",
                    ok ? "done" : "FAILED",
                    documents,
                    seconds);
        std::printf("progress text changed %d times, longest gap %.1f s; samples:\n",
                    textChanges,
                    double(longestGapNs) / 1e9);
        for (const QString &s : std::as_const(samples))
            std::printf("  \"%s\"\n", qPrintable(s));
        if (indexSeconds >= 0)
            std::printf("events search index complete at %.1f s (built in steps on the sync "
                        "thread after the table swap; the GUI probed throughout)\n",
                        indexSeconds);
        std::printf("GUI ticks late by more than 16 ms: %d; longest stretch the GUI thread itself "
                    "was busy: %.1f ms (the rest of a stall: other processes had the CPU)\n",
                    probe.framesMissed(),
                    probe.longestBusyMs());
        std::printf("fullsync: %.0f docs/s, longest gui stall %.1f ms\n",
                    documents / seconds,
                    probe.longestMs());
        QTimer::singleShot(0, &app, &QCoreApplication::quit);
    };
    double indexedSeconds = -1;
    bool synced = false;
    bool syncOk = false;
    bool reported = false;
    const auto finish = [&] {
        if (reported)
            return;
        reported = true;
        probe.stop();
        sampler.stop();
        report(syncOk, indexedSeconds);
    };
    // A full sync that swaps a table in rebuilds its search index in steps
    // on the sync thread; the GUI is probed until that is done too.
    QObject::connect(engine.cache(),
                     &CacheStore::searchIndexCompleted,
                     &app,
                     [&](const QString &collection) {
                         if (collection != QLatin1String("events") || indexedSeconds >= 0)
                             return;
                         indexedSeconds = double(clock.nsecsElapsed()) / 1e9;
                         if (synced)
                             finish();
                     });
    QObject::connect(&engine, &SyncController::roundsFinished, &app, [&](bool ok) {
        syncedSeconds = double(clock.nsecsElapsed()) / 1e9;
        synced = true;
        syncOk = ok;
        if (indexedSeconds >= 0 || !ok)
            finish();
        else
            QTimer::singleShot(600000, &app, finish); // bounded
    });
    LoginJob *login = api.login(QStringLiteral("admin"), QStringLiteral("admin"));
    QObject::connect(login, &ApiJob::finished, &app, [&](ApiJob *job) {
        if (job->error() != ApiError::NoError) {
            std::fprintf(stderr, "login failed: %s\n", qPrintable(job->errorString()));
            QCoreApplication::exit(1);
            return;
        }
        const QByteArray token = static_cast<LoginJob *>(job)->token();
        session.open(state.path(),
                     state.filePath(QStringLiteral("cache.sqlite")),
                     [&, token](bool ok) {
                         if (!ok) {
                             QCoreApplication::exit(1);
                             return;
                         }
                         engine.setBaseUrl(url);
                         engine.setToken(token);
                         engine.setLiveEnabled(false);
                         probe.start();
                         sampler.start();
                         clock.start();
                         engine.start();
                     });
    });
    return app.exec();
}
