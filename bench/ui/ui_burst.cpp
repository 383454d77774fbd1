// A burst of stream changes with the events view open and scrolled over the
// 1M cache: the changes arrive as SSE frames over a socket (a scripted
// server on its own thread), are parsed and applied on the sync thread and
// repainted. Prints changes per second from the first frame sent to the
// repaint after the last one, and the longest GUI stall (lateness of a 1 ms
// timer on the GUI thread) during the burst.

#include "benchsession.h"
#include "collectionmodel.h"
#include "collectiontab.h"
#include "guistallprobe.h"
#include "namelookup.h"
#include "paintwatcher.h"
#include "protocol.h"
#include "rawlimits.h"
#include "scriptedserverthread.h"
#include "synccontroller.h"
#include "syncstate.h"
#include "uibenchutil.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QScrollBar>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>

namespace {

constexpr qint64 firstSeq = 2000000000;

// The frames of the burst, in the server's wire form: updates (half of them
// to rows on screen), inserts that sort into the fetched rows, deletes of
// rows the burst inserted.
QList<QByteArray> burstFrames(int count, int changes)
{
    QRandomGenerator rng(42);
    QList<QByteArray> frames;
    frames.reserve(changes);
    QStringList inserted;
    int nextNew = count;
    for (int sent = 0; sent < changes; ++sent) {
        const qint64 seq = firstSeq + sent;
        const quint32 kind = rng.bounded(10);
        QJsonObject message{{QStringLiteral("type"), QStringLiteral("change")},
                            {QStringLiteral("collection"), QStringLiteral("events")},
                            {QStringLiteral("cursor"), QString::number(seq)}};
        if (kind < 6) {
            const int target = kind < 3 ? int(rng.bounded(300)) : int(rng.bounded(count));
            const QJsonObject doc = UiBench::makeEvent(target,
                                                       2 + sent,
                                                       QStringLiteral("Updated %1").arg(sent));
            message.insert(QStringLiteral("operationType"), QStringLiteral("update"));
            message.insert(QStringLiteral("documentId"), doc.value(QStringLiteral("_id")));
            message.insert(QStringLiteral("fullDocument"), doc);
        } else if (kind < 8 || inserted.isEmpty()) {
            QJsonObject doc = UiBench::makeEvent(nextNew++, 1);
            doc.insert(QStringLiteral("startsAt"),
                       QStringLiteral("2025-01-01T0%1:00:00.000Z").arg(rng.bounded(8)));
            inserted.append(doc.value(QStringLiteral("_id")).toString());
            message.insert(QStringLiteral("operationType"), QStringLiteral("insert"));
            message.insert(QStringLiteral("documentId"), doc.value(QStringLiteral("_id")));
            message.insert(QStringLiteral("fullDocument"), doc);
        } else {
            message.insert(QStringLiteral("operationType"), QStringLiteral("delete"));
            message.insert(QStringLiteral("documentId"),
                           inserted.takeAt(rng.bounded(int(inserted.size()))));
        }
        frames.append("id: " + QByteArray::number(seq) + "\nevent: change\ndata: "
                      + QJsonDocument(message).toJson(QJsonDocument::Compact) + "\n\n");
    }
    return frames;
}

// Every delta fetch answers "nothing new" at the cursor asked from, so the
// engine goes straight to the stream.
ScriptedResponse emptyDelta(const ScriptedRequest &request, QTcpSocket *)
{
    if (request.path == QLatin1String("/api/sync/stream")) {
        ScriptedResponse r;
        r.stream = true;
        return r;
    }
    const QString collection = request.path.mid(int(qstrlen("/api/")));
    QString cursor = request.query.queryItemValue(QStringLiteral("cursor"));
    if (cursor.isEmpty())
        cursor = QStringLiteral("1");
    const QJsonObject page{{collection, QJsonArray()},
                           {QStringLiteral("deleted"), QJsonArray()},
                           {QStringLiteral("cursor"), cursor},
                           {QStringLiteral("hasMore"), false},
                           {QStringLiteral("deltaSync"), true},
                           {QStringLiteral("serverTimestamp"),
                            QStringLiteral("2026-01-01T00:00:00.000Z")}};
    return ScriptedResponse{200, QJsonDocument(page).toJson(QJsonDocument::Compact)};
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const bool quick = app.arguments().contains(QStringLiteral("--quick"));
    const int count = quick ? 20000 : 1000000;
    const int changes = quick ? 5000 : 50000;
    constexpr int framesPerWrite = 50;
    const QString fixture = UiBench::ensureEventsCache(count);
    if (fixture.isEmpty())
        return 1;
    QTemporaryDir dir; // the burst inserts and deletes: work on a copy
    const QString path = dir.filePath(QStringLiteral("cache.sqlite"));
    if (!QFile::copy(fixture, path))
        return 1;
    std::printf("%s\n", qPrintable(RawLimits::summary(dir.path(), 50000, 512)));
    const QList<QByteArray> frames = burstFrames(count, changes);

    ScriptedServerThread server;
    if (!server.start(emptyDelta))
        return 1;

    // The cursors the cache holds, as a restarted app finds them.
    {
        QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        SyncState state(&settings);
        state.setCursor(QStringLiteral("clients"), Protocol::formatCursor(1));
        state.setCursor(QStringLiteral("tariffs"), Protocol::formatCursor(2));
        state.setCursor(QStringLiteral("events"),
                        Protocol::formatCursor(UiBench::eventsCursor(count)));
    }
    BenchSession session;
    SyncController &engine = *session.sync();
    auto *model = new CollectionModel(session.reader(), session.lookup(), QStringLiteral("events"));
    CollectionTab tab(model);
    tab.resize(1400, 900);
    tab.show();
    PaintWatcher watcher(tab.view()->viewport());

    GuiStallProbe probe;
    QElapsedTimer clock;
    int applied = 0;
    bool bursting = false;
    QString selectedId;
    const auto finish = [&] {
        const double seconds = double(clock.nsecsElapsed()) / 1e9;
        probe.stop();
        const QModelIndexList selected = tab.view()->selectionModel()->selectedRows();
        const bool kept = selected.size() == 1 && model->idAt(selected.first().row()) == selectedId;
        std::printf("events in cache:       %d, view open, scrolled, one row selected\n", count);
        std::printf("stream changes:        %d SSE frames, written %d per socket write\n",
                    changes,
                    framesPerWrite);
        std::printf("first frame sent -> repaint after the last applied: %.2f s\n", seconds);
        std::printf("GUI ticks late by more than 16 ms: %d; longest stretch the GUI thread itself "
                    "was busy: %.1f ms (the rest of a stall: other processes had the CPU)\n",
                    probe.framesMissed(),
                    probe.longestBusyMs());
        std::printf("rows fetched: %d, selection kept on its row: %s\n",
                    model->rowCount(),
                    kept ? "yes" : "no");
        std::printf("burst: %.0f changes/s, longest gui stall %.1f ms\n",
                    changes / seconds,
                    probe.longestMs());
        engine.stop();
        QTimer::singleShot(0, &app, &QCoreApplication::quit);
    };
    const auto settleThenPaint = [&] {
        // Everything is in the cache and the model: the burst ends with the
        // paint that shows it.
        watcher.onNextPaint(finish);
        tab.view()->viewport()->update();
    };
    QObject::connect(model, &CollectionModel::settled, &app, [&] {
        if (!bursting && applied >= changes && !watcher.isArmed())
            settleThenPaint();
    });
    QObject::connect(&engine, &SyncController::changesApplied, &app, [&](const QString &, int n) {
        applied += n;
        if (!bursting || applied < changes)
            return;
        bursting = false;
        if (model->isSettled())
            settleThenPaint();
    });
    const auto startBurst = [&] {
        tab.view()->scrollTo(model->index(120, 0), QAbstractItemView::PositionAtTop);
        tab.view()->selectRow(130);
        selectedId = model->idAt(130);
        bursting = true;
        probe.start();
        clock.start();
        server.post([frames](ScriptedServer &s) {
            for (qsizetype i = 0; i < frames.size(); i += framesPerWrite) {
                QByteArray chunk;
                for (qsizetype j = i; j < qMin(frames.size(), i + framesPerWrite); ++j)
                    chunk += frames.at(j);
                s.sendToStreams(chunk);
            }
        });
    };
    QObject::connect(&engine, &SyncController::stateChanged, &app, [&](SyncEngine::State s) {
        if (s == SyncEngine::State::Live && !bursting && applied == 0)
            QTimer::singleShot(200, &app, startBurst); // let the first paint settle
    });
    server.post([](ScriptedServer &s) {
        QObject::connect(&s, &ScriptedServer::streamOpened, &s, [&s](QTcpSocket *socket) {
            s.sendToStream(socket,
                           "retry: 2000\n\nevent: connected\ndata: "
                           "{\"type\":\"connected\",\"cursor\":\"1\"}\n\n");
        });
    });
    session.open(dir.path(), path, [&](bool ok) {
        if (!ok) {
            QCoreApplication::exit(1);
            return;
        }
        engine.setBaseUrl(QUrl(server.baseUrl()));
        engine.setToken("bench");
        engine.setHeartbeatInterval(600000);
        engine.start();
    });
    return app.exec();
}
