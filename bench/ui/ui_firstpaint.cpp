// First paint from a cold cache: the events tab opened on a cache of 1M and
// of 5M events whose file pages were dropped from the kernel's page cache
// (posix_fadvise DONTNEED) just before the clock starts, nothing read
// before. Each size runs in a fresh child process (so its RSS is its own):
// time from opening the cache to the first paint that shows rows, RSS
// then, and (for information) scroll steps and a sort. Prints figures.

#include "benchsession.h"
#include "collectionmodel.h"
#include "collectiontab.h"
#include "paintwatcher.h"
#include "rawlimits.h"
#include "uibenchutil.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QScrollBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>
#include <functional>

namespace {

// One cold start in this process; prints "result: <paint ms> <rss KiB>" last.
int runChild(QApplication &app, int count)
{
    const QString path = UiBench::ensureEventsCache(count);
    if (path.isEmpty() || !UiBench::dropFromPageCache(path))
        return 1;
    const qint64 rssBefore = UiBench::rssKb();
    QTemporaryDir state;
    QElapsedTimer clock;
    clock.start();
    // As the app starts: the window and its models at once, the cache
    // opened on the sync thread, then the reader's connection.
    BenchSession session;
    qint64 openMs = -1;
    session.open(state.path(), path, [&](bool ok) {
        openMs = clock.elapsed();
        if (!ok)
            QCoreApplication::exit(1);
    });
    auto *model = new CollectionModel(session.reader(), session.lookup(), QStringLiteral("events"));
    const qint64 modelMs = clock.elapsed();
    CollectionTab tab(model);
    tab.resize(1400, 900);
    PaintWatcher watcher(tab.view()->viewport());
    QScrollBar *bar = tab.view()->verticalScrollBar();

    qint64 paintMs = -1;
    qint64 rssAtPaint = 0;
    int rowsAtPaint = 0;
    QList<double> stepMs;
    QElapsedTimer step;
    std::function<void()> scrollStep;
    const auto report = [&] {
        std::printf("events in cache:        %d (file pages dropped before the start)\n", count);
        std::printf("model and tab constructed: %lld ms (the GUI thread waits for nothing)\n",
                    modelMs);
        std::printf("cache open on the sync thread, then the reader's: %lld ms\n", openMs);
        std::printf("first paint with rows:  %lld ms (%d rows fetched then)\n",
                    paintMs,
                    rowsAtPaint);
        std::printf("RSS before / at first paint: %lld / %lld KiB\n", rssBefore, rssAtPaint);
        std::printf("scroll to the end of the fetched rows, %lld steps to %d rows: p50 %.1f ms, "
                    "p99 %.1f ms\n",
                    qint64(stepMs.size()),
                    model->rowCount(),
                    UiBench::percentile(stepMs, 50),
                    UiBench::percentile(stepMs, 99));
        std::printf("RSS after scrolling:    %lld KiB\n", UiBench::rssKb());
        std::printf("result: %lld %lld\n", paintMs, rssAtPaint);
        std::fflush(stdout);
        QTimer::singleShot(0, &app, &QCoreApplication::quit);
    };
    // Page down until 20k rows are fetched: each step waits for its page
    // (fetched on the reader thread) and the paint that shows it.
    int rowsBefore = 0;
    std::function<void()> scrolled;
    scrollStep = [&] {
        if (model->rowCount() >= qMin(count, 20000) || stepMs.size() >= 2000) {
            report();
            return;
        }
        rowsBefore = model->rowCount();
        step.start();
        bar->setValue(bar->maximum());
        if (model->canFetchMore({}))
            model->fetchMore({}); // no-op while the view's own request is on its way
        watcher.onNextPaint(scrolled);
        tab.view()->viewport()->update();
    };
    scrolled = [&] {
        if (model->rowCount() == rowsBefore && model->canFetchMore({})) {
            watcher.onNextPaint(scrolled); // the page is still on its way
            return;
        }
        stepMs.append(double(step.nsecsElapsed()) / 1e6);
        QTimer::singleShot(0, &app, scrollStep);
    };
    std::function<void()> firstPaint = [&] {
        if (model->rowCount() == 0) {
            watcher.onNextPaint(firstPaint); // an empty table is not the first screen
            return;
        }
        paintMs = clock.elapsed();
        rssAtPaint = UiBench::rssKb();
        rowsAtPaint = model->rowCount();
        QTimer::singleShot(0, &app, scrollStep);
    };
    watcher.onNextPaint(firstPaint);
    tab.show();
    return app.exec();
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int child = int(args.indexOf(QStringLiteral("--child")));
    if (child > 0)
        return runChild(app, args.value(child + 1).toInt());

    const bool quick = args.contains(QStringLiteral("--quick"));
    const QList<int> sizes = quick ? QList<int>{20000, 50000} : QList<int>{1000000, 5000000};
    // Built (once, kept for later runs) before any child runs, so building
    // is never part of a measurement.
    for (const int size : sizes) {
        if (UiBench::ensureEventsCache(size).isEmpty())
            return 1;
    }
    {
        QTemporaryDir scratch;
        std::printf("%s\n", qPrintable(RawLimits::summary(scratch.path(), 50000, 512)));
        std::fflush(stdout); // before the children print theirs
    }
    QList<QList<qint64>> results;
    QProcess process;
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    int next = 0;
    const auto runNext = [&] {
        std::printf("--- cold start over %s events\n",
                    qPrintable(UiBench::sizeLabel(sizes.at(next))));
        std::fflush(stdout);
        process.start(QCoreApplication::applicationFilePath(),
                      {QStringLiteral("--child"), QString::number(sizes.at(next))});
    };
    QObject::connect(&process, &QProcess::finished, &app, [&](int code) {
        const QByteArray out = process.readAllStandardOutput();
        std::fwrite(out.constData(), 1, size_t(out.size()), stdout);
        QList<qint64> figures{-1, -1};
        for (const QByteArray &line : out.split('\n')) {
            if (line.startsWith("result: ")) {
                const QList<QByteArray> parts = line.mid(8).split(' ');
                figures = {parts.value(0).toLongLong(), parts.value(1).toLongLong()};
            }
        }
        if (code != 0)
            std::printf("(child exited with %d)\n", code);
        results.append(figures);
        if (++next < sizes.size()) {
            runNext();
            return;
        }
        std::printf("firstpaint: %s %lld ms, %s %lld ms, %s rss %lld MB\n",
                    qPrintable(UiBench::sizeLabel(sizes.at(0))),
                    results.at(0).at(0),
                    qPrintable(UiBench::sizeLabel(sizes.at(1))),
                    results.at(1).at(0),
                    qPrintable(UiBench::sizeLabel(sizes.at(1))),
                    (results.at(1).at(1) + 512) / 1024);
        QCoreApplication::exit(0);
    });
    QTimer::singleShot(0, &app, runNext);
    return app.exec();
}
