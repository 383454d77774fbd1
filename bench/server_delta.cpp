// bench-server-delta: a delta fetch of 50 changes among 100k and among 1M
// events against a full fetch of the same collection, on loopback: latency
// the client observes, and bytes on the wire with and without gzip.
//
//   bench-server-delta [--quick] [--sizes 100000,1000000] [--repeat 20]
//                      [--server-bin PATH]
//
// Seeding: the data dir is filled through the server's own store
// (StoreSeeder, SqliteChangeLogStore from deltadesk_server_core) before the
// server starts; the 50 changes are then made over HTTP like any client's.

#include "benchhttp.h"
#include "benchutil.h"
#include "serverrunner.h"
#include "storeseeder.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <cstdio>
#include <cstdlib>

namespace {

struct Sample
{
    std::vector<double> ms;
    size_t wireBytes = 0;
    size_t documents = 0;
    std::string serverTiming;
    // From the Server-Timing header of each response (empty if absent).
    std::vector<double> storeMs;
    std::vector<double> gzipMs;
};

// The duration of one metric in "store;dur=1.2, gzip;dur=3.4"; -1 if absent.
double timingOf(const std::string &header, const std::string &name)
{
    const std::string key = name + ";dur=";
    const size_t at = header.find(key);
    return at == std::string::npos ? -1 : std::atof(header.c_str() + at + key.size());
}

void addTiming(Sample &sample, const std::string &header)
{
    if (const double store = timingOf(header, "store"); store >= 0)
        sample.storeMs.push_back(store);
    if (const double gzip = timingOf(header, "gzip"); gzip >= 0)
        sample.gzipMs.push_back(gzip);
}

// The 50 changes between two syncs: 46 edits, 2 creates, 2 deletes.
bool makeChanges(BenchHttp &http)
{
    const HttpResult page = http.get("/api/events?limit=100");
    const QJsonArray docs = QJsonDocument::fromJson(QByteArray::fromStdString(page.body))
                                .object()
                                .value(QStringLiteral("events"))
                                .toArray();
    if (page.status != 200 || docs.size() < 50) {
        std::fprintf(stderr, "cannot read events to edit: %d %s\n", page.status, page.error.c_str());
        return false;
    }
    int ok = 0;
    for (int i = 0; i < 50; ++i) {
        const QJsonObject doc = docs.at(i).toObject();
        const std::string id = doc.value(QStringLiteral("_id")).toString().toStdString();
        const std::string version = std::to_string(doc.value(QStringLiteral("version")).toInteger());
        HttpResult r;
        if (i < 46) {
            // Realistic edits keep the document's size: a note appended,
            // the status changed.
            const QString notes = doc.value(QStringLiteral("notes")).toString()
                                  + QStringLiteral(" Edited by bench-server-delta (%1).").arg(i);
            const QJsonObject edit{{QStringLiteral("notes"), notes},
                                   {QStringLiteral("status"), QStringLiteral("confirmed")}};
            r = http.request("PUT",
                             "/api/events/" + id,
                             QJsonDocument(edit).toJson(QJsonDocument::Compact).toStdString(),
                             {{"If-Match", version}});
        } else if (i < 48) {
            QJsonObject copy = doc;
            for (const char *meta : {"_id", "version", "updatedAt"})
                copy.remove(QLatin1String(meta));
            r = http.request("POST",
                             "/api/events",
                             QJsonDocument(copy).toJson(QJsonDocument::Compact).toStdString());
        } else {
            r = http.request("DELETE", "/api/events/" + id, {}, {{"If-Match", version}});
        }
        ok += r.status >= 200 && r.status < 300;
    }
    if (ok != 50)
        std::fprintf(stderr, "only %d of 50 changes succeeded\n", ok);
    return ok == 50;
}

Sample measureDelta(BenchHttp &http, const std::string &target, int repeat)
{
    Sample sample;
    for (int i = 0; i < repeat; ++i) {
        const HttpResult r = http.get(target);
        if (r.status != 200) {
            std::fprintf(stderr, "%s: %d %s\n", target.c_str(), r.status, r.error.c_str());
            return sample;
        }
        sample.ms.push_back(r.ms);
        sample.wireBytes = r.wireBytes;
        sample.serverTiming = r.header("server-timing");
        addTiming(sample, sample.serverTiming);
        const QJsonObject reply
            = QJsonDocument::fromJson(QByteArray::fromStdString(r.body)).object();
        sample.documents = size_t(reply.value(QStringLiteral("events")).toArray().size()
                                  + reply.value(QStringLiteral("deleted")).toArray().size());
    }
    return sample;
}

// Every page of a full sync at the largest page size, as a client pages.
Sample measureFull(BenchHttp &http, int *pages)
{
    Sample sample;
    double total = 0;
    std::string target = "/api/events?limit=10000";
    *pages = 0;
    for (int guard = 0; guard < 100000; ++guard) {
        const HttpResult r = http.get(target);
        const PageTail tail = readPageTail(r.body);
        if (r.status != 200 || !tail.ok) {
            std::fprintf(stderr, "full fetch page %d: %d %s\n", *pages, r.status, r.error.c_str());
            *pages = -1;
            return sample;
        }
        ++*pages;
        total += r.ms;
        addTiming(sample, r.header("server-timing"));
        sample.wireBytes += r.wireBytes;
        if (!tail.hasMore)
            break;
        target = "/api/events?limit=10000&cursor=" + tail.cursor;
    }
    sample.ms.push_back(total);
    return sample;
}

void printRow(const char *what, const Sample &s)
{
    std::printf("  %-34s p50 %9.2f ms  p99 %9.2f ms  %12s on the wire  (%zu items)\n",
                what,
                BenchUtil::median(s.ms),
                BenchUtil::percentile(s.ms, 99),
                BenchUtil::bytes(double(s.wireBytes)).c_str(),
                s.documents);
    if (s.storeMs.empty())
        return;
    std::printf("  %-34s store p50 %7.2f ms  p99 %7.2f ms",
                "  server-side (Server-Timing)",
                BenchUtil::median(s.storeMs),
                BenchUtil::percentile(s.storeMs, 99));
    if (!s.gzipMs.empty())
        std::printf("   gzip p50 %7.2f ms  p99 %7.2f ms",
                    BenchUtil::median(s.gzipMs),
                    BenchUtil::percentile(s.gzipMs, 99));
    std::printf("%s\n", s.ms.size() < s.storeMs.size() ? "  (per page)" : "");
}

bool runSize(const std::string &binary, int events, int repeat)
{
    QTemporaryDir dir;
    const std::string dataDir = dir.path().toStdString();
    const StoreSeeder::Result seeded = StoreSeeder::seed(dataDir, events);
    if (!seeded.ok) {
        std::fprintf(stderr, "seeding failed: %s\n", seeded.error.c_str());
        return false;
    }
    std::printf(
        "\n%d events (mean %.0f B each), seeded through the store in %.1f s (%.0f events/s)\n",
        seeded.events,
        seeded.eventBytes,
        seeded.seconds,
        seeded.events / seeded.seconds);

    ServerRunner server;
    if (!server.start(binary, dataDir, {}))
        return false;
    BenchHttp http(server.port());
    BenchHttp gzipHttp(server.port());
    gzipHttp.setGzip(true);
    if (!http.login("manager", "manager") || !gzipHttp.login("manager", "manager")) {
        std::fprintf(stderr, "login failed\n%s\n", server.logTail().c_str());
        return false;
    }
    const int64_t head = http.headCursor();
    const PageTail before = readPageTail(
        http.get("/api/events?limit=1&cursor=" + std::to_string(head)).body);
    if (head < 0 || !before.ok || !makeChanges(http))
        return false;

    const std::string cursorTarget = "/api/events?cursor=" + std::to_string(head);
    const std::string sinceTarget = "/api/events?lastSync=" + before.serverTimestamp;
    const Sample delta = measureDelta(http, cursorTarget, repeat);
    const Sample deltaGzip = measureDelta(gzipHttp, cursorTarget, repeat);
    const Sample since = measureDelta(http, sinceTarget, repeat);
    const Sample sinceGzip = measureDelta(gzipHttp, sinceTarget, repeat);
    int pages = 0;
    int gzipPages = 0;
    Sample full = measureFull(http, &pages);
    Sample fullGzip = measureFull(gzipHttp, &gzipPages);
    if (delta.ms.empty() || deltaGzip.ms.empty() || since.ms.empty() || sinceGzip.ms.empty()
        || pages < 0 || gzipPages < 0)
        return false;
    full.documents = fullGzip.documents = size_t(seeded.events);

    std::printf("delta fetch of 50 changes (46 edits, 2 creates, 2 deletes) among %d events,"
                " %d repeats, loopback, client-observed:\n",
                seeded.events,
                repeat);
    printRow("cursor delta", delta);
    printRow("cursor delta, gzip", deltaGzip);
    printRow("lastSync (timestamp) delta", since);
    printRow("lastSync delta, gzip", sinceGzip);
    char label[64];
    std::snprintf(label, sizeof label, "full fetch (%d page(s) of <=10000)", pages);
    printRow(label, full);
    std::snprintf(label, sizeof label, "full fetch, gzip (%d page(s))", gzipPages);
    printRow(label, fullGzip);
    std::printf("  full / cursor delta: %.0fx the time, %.0fx the bytes (%.0fx with gzip)\n",
                BenchUtil::median(full.ms) / std::max(BenchUtil::median(delta.ms), 1e-3),
                double(full.wireBytes) / std::max<double>(double(delta.wireBytes), 1),
                double(fullGzip.wireBytes) / std::max<double>(double(deltaGzip.wireBytes), 1));
    std::printf("  server-side time: %s\n",
                delta.serverTiming.empty()
                    ? "not exposed by the server (no Server-Timing header); figures are "
                      "client-observed on loopback"
                    : "rows 'server-side' above (store = read + page build on the store thread, "
                      "gzip = compression where it ran); the rest is network + client");
    std::printf("  server RSS after the fetches: %lld KiB\n", (long long) server.residentKiB());
    std::fflush(stdout);
    return server.stop();
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const bool quick = BenchUtil::hasFlag(argc, argv, "--quick");
    const std::vector<int> sizes = BenchUtil::intList(
        BenchUtil::option(argc, argv, "--sizes", quick ? "3000" : "100000,1000000"));
    const int repeat = std::atoi(
        BenchUtil::option(argc, argv, "--repeat", quick ? "3" : "20").c_str());
    const std::string binary = ServerRunner::binaryPath(argc, argv);

    std::printf("bench-server-delta%s: server %s\n", quick ? " (quick)" : "", binary.c_str());
    QTemporaryDir rawDir;
    BenchUtil::printRawLimits(rawDir.path().toStdString(), quick);
    for (int events : sizes) {
        if (!runSize(binary, events, std::max(repeat, 1)))
            return 1;
    }
    return 0;
}
