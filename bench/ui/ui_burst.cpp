// A burst of 10k stream changes (updates, inserts, deletes in batches of 50,
// as the stream delivers them) with the events view open over the 1M cache:
// changes applied per second and the longest event-loop stall, measured as
// the lateness of a 5 ms QTimer. Prints figures.

#include "cachestore.h"
#include "collectionmodel.h"
#include "collectiontab.h"
#include "namelookup.h"
#include "uibenchutil.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const bool quick = app.arguments().contains(QStringLiteral("--quick"));
    const int count = quick ? 20000 : 1000000;
    const int changes = quick ? 2000 : 10000;
    constexpr int batchSize = 50;
    const QString fixture = UiBench::ensureEventsCache(count);
    if (fixture.isEmpty())
        return 1;
    // The burst inserts and deletes: work on a copy.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cache.sqlite"));
    if (!QFile::copy(fixture, path))
        return 1;

    CacheStore cache;
    if (!cache.open(path))
        return 1;
    // Time spent in the model (and view) per batch: a slot connected before
    // the model's and one after it bracket the model's own slot.
    QElapsedTimer modelClock;
    qint64 modelNs = 0;
    QObject::connect(&cache, &CacheStore::documentsChanged, &app, [&] { modelClock.start(); });
    NameLookup lookup(&cache);
    auto *model = new CollectionModel(&cache, &lookup, QStringLiteral("events"));
    CollectionTab tab(model);
    QObject::connect(&cache, &CacheStore::documentsChanged, &app, [&] {
        modelNs += modelClock.nsecsElapsed();
    });
    tab.resize(1400, 900);
    tab.show();
    tab.view()->selectRow(10);

    QRandomGenerator rng(42);
    qint64 seq = 1000000000;
    int sent = 0;
    int nextNew = count;
    QList<QString> inserted;
    qint64 maxLatenessNs = 0;
    QElapsedTimer clock;
    QElapsedTimer tick;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(5);
    QObject::connect(&probe, &QTimer::timeout, &app, [&] {
        const qint64 late = tick.nsecsElapsed() - 5000000;
        maxLatenessNs = qMax(maxLatenessNs, late);
        tick.restart();
    });
    QTimer driver;
    driver.setInterval(0);
    QObject::connect(&driver, &QTimer::timeout, &app, [&] {
        QList<CacheChange> batch;
        for (int i = 0; i < batchSize && sent < changes; ++i, ++sent) {
            const quint32 kind = rng.bounded(10);
            CacheChange c;
            c.seq = ++seq;
            if (kind < 6) { // update: half of them inside the first rows, the view's
                const int target = kind < 3 ? int(rng.bounded(300)) : int(rng.bounded(count));
                c.id = QStringLiteral("e-%1").arg(target);
                c.document = UiBench::makeEvent(target,
                                                2 + sent,
                                                QStringLiteral("Updated %1").arg(sent));
            } else if (kind < 8 || inserted.isEmpty()) {
                c.id = QStringLiteral("e-%1").arg(nextNew);
                c.document = UiBench::makeEvent(nextNew, 1);
                c.document.insert(QStringLiteral("startsAt"),
                                  QStringLiteral("2025-01-01T0%1:00:00.000Z").arg(rng.bounded(10)));
                inserted.append(c.id);
                ++nextNew;
            } else {
                c.op = CacheChange::Op::Remove;
                c.id = inserted.takeAt(rng.bounded(int(inserted.size())));
            }
            batch.append(c);
        }
        cache.applyChanges(QStringLiteral("events"), batch);
        if (sent >= changes) {
            driver.stop();
            const double seconds = double(clock.nsecsElapsed()) / 1e9;
            std::printf("events in cache:        %d\n", count);
            std::printf("stream changes:         %d in batches of %d\n", changes, batchSize);
            std::printf(
                "applied in:             %.2f s  (%.0f changes/s, cache write + model + view)\n",
                seconds,
                changes / seconds);
            std::printf("of which model updates:  %.2f s (the rest: SQLite writes, painting)\n",
                        double(modelNs) / 1e9);
            std::printf("longest event-loop stall (5 ms timer lateness): %.1f ms\n",
                        double(maxLatenessNs) / 1e6);
            std::printf("rows fetched:           %d, selection still on one row: %s\n",
                        model->rowCount(),
                        tab.view()->selectionModel()->selectedRows().size() == 1 ? "yes" : "no");
            QTimer::singleShot(0, &app, &QCoreApplication::quit);
        }
    });
    QTimer::singleShot(500, &app, [&] {
        clock.start();
        tick.start();
        probe.start();
        driver.start();
    });
    return app.exec();
}
