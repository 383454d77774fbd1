// Typing a filter over the 1M cache: a six-letter word typed into the
// events tab's filter box key by key, 100 ms apart. Prints the longest GUI
// stall (lateness of a 1 ms timer on the GUI thread) from the first key to
// the filtered screen, and how long after the last key that screen was
// painted.

#include "benchsession.h"
#include "collectionmodel.h"
#include "collectiontab.h"
#include "guistallprobe.h"
#include "paintwatcher.h"
#include "rawlimits.h"
#include "uibenchutil.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <cstdio>
#include <functional>

namespace {

constexpr int keyIntervalMs = 100;

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const bool quick = app.arguments().contains(QStringLiteral("--quick"));
    const int count = quick ? 20000 : 1000000;
    // A quarter of the events are held there: many matches to sort.
    const QString word = QStringLiteral("Garden");
    const QString path = UiBench::ensureEventsCache(count);
    if (path.isEmpty())
        return 1;

    QTemporaryDir state;
    std::printf("%s\n", qPrintable(RawLimits::summary(state.path(), 50000, 512)));
    BenchSession session;
    auto *model = new CollectionModel(session.reader(), session.lookup(), QStringLiteral("events"));
    CollectionTab tab(model);
    tab.resize(1400, 900);
    PaintWatcher watcher(tab.view()->viewport());

    GuiStallProbe probe;
    QElapsedTimer sinceLastKey;
    int typed = 0;
    int resets = 0;
    QTimer keys;
    keys.setInterval(keyIntervalMs);
    qint64 shownMs = -1;
    // The count of all matching rows comes after the first screen (its own
    // read): reported once the model has it.
    const auto report = [&] {
        std::printf("events in cache:  %d\n", count);
        std::printf("typed \"%s\" key by key, %d ms apart; the model was reset %d times\n",
                    qPrintable(word),
                    keyIntervalMs,
                    resets);
        std::printf("rows matching:    %lld (%d fetched)\n", model->totalCount(), model->rowCount());
        std::printf("GUI ticks late by more than 16 ms: %d; longest stretch the GUI thread itself "
                    "was busy: %.1f ms (the rest of a stall: other processes had the CPU)\n",
                    probe.framesMissed(),
                    probe.longestBusyMs());
        std::printf("filter: longest gui stall %.1f ms, results %lld ms after last key\n",
                    probe.longestMs(),
                    shownMs);
        QTimer::singleShot(0, &app, &QCoreApplication::quit);
    };
    const auto done = [&] {
        shownMs = sinceLastKey.elapsed();
        probe.stop();
        if (model->isSettled())
            report();
        else
            QObject::connect(model,
                             &CollectionModel::settled,
                             &app,
                             report,
                             Qt::SingleShotConnection);
    };
    QObject::connect(model, &QAbstractItemModel::modelReset, &app, [&] {
        ++resets;
        // The first screen of the whole word's rows is its next paint.
        if (typed == word.size() && model->filterText() == word)
            watcher.onNextPaint(done);
    });
    QObject::connect(&keys, &QTimer::timeout, &app, [&] {
        QTest::keyClick(tab.filterEdit(), word.at(typed).toLatin1());
        if (++typed == word.size()) {
            keys.stop();
            sinceLastKey.start();
        }
    });
    // Start once the unfiltered table is on screen.
    std::function<void()> shown = [&] {
        if (model->rowCount() == 0) {
            watcher.onNextPaint(shown);
            return;
        }
        QTimer::singleShot(200, &app, [&] {
            tab.filterEdit()->setFocus();
            probe.start();
            keys.start();
        });
    };
    watcher.onNextPaint(shown);
    tab.show();
    session.open(state.path(), path, [](bool ok) {
        if (!ok)
            QCoreApplication::exit(1);
    });
    return app.exec();
}
