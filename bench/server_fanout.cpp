// bench-server-fanout: one write reaching N stream clients (N = 100, 1000,
// 10000). For each N: a fresh demo server, N event-stream clients opened from
// this process (StreamFleet), then `rounds` writes one after another, each
// timed from just before the PUT is sent to the moment its event completed on
// the LAST client; p50/p99 over the rounds. Server memory per client is the
// server's VmRSS before and after the N streams opened.
//
//   bench-server-fanout [--quick] [--clients 100,1000,10000] [--rounds 20]
//                       [--server-bin PATH]

#include "benchhttp.h"
#include "benchutil.h"
#include "serverrunner.h"
#include "streamfleet.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

namespace {

double msBetween(StreamFleet::Clock::time_point from, StreamFleet::Clock::time_point to)
{
    return std::chrono::duration<double, std::milli>(to - from).count();
}

struct Target
{
    std::string id;
    int64_t version = 0;
};

Target firstEvent(BenchHttp &http)
{
    const HttpResult r = http.get("/api/events?limit=1");
    const QJsonObject doc = QJsonDocument::fromJson(QByteArray::fromStdString(r.body))
                                .object()
                                .value(QStringLiteral("events"))
                                .toArray()
                                .at(0)
                                .toObject();
    return {doc.value(QStringLiteral("_id")).toString().toStdString(),
            doc.value(QStringLiteral("version")).toInteger()};
}

bool runClients(const std::string &binary, int clients, int rounds)
{
    QTemporaryDir dir;
    ServerRunner server;
    // Seed, then restart on the seeded dir: the process that is measured has
    // not freed the seeding's buffers into its heap, where the streams'
    // allocations would reuse them without growing VmRSS.
    // All N streams come from one token and one address here, as they would
    // from N users behind N addresses: the caps are raised to let them in.
    const std::string cap = std::to_string(clients + 64);
    const std::vector<std::string> caps{"--max-streams-per-token",
                                        cap,
                                        "--max-streams-per-user",
                                        cap,
                                        "--max-connections",
                                        cap,
                                        "--max-connections-per-address",
                                        cap};
    std::vector<std::string> seedArgs = caps;
    seedArgs.push_back("--demo");
    if (!server.start(binary, dir.path().toStdString(), seedArgs) || !server.stop()
        || !server.start(binary, dir.path().toStdString(), caps))
        return false;
    BenchHttp http(server.port());
    if (!http.login("manager", "manager")) {
        std::fprintf(stderr, "login failed\n%s\n", server.logTail().c_str());
        return false;
    }
    Target target = firstEvent(http);
    int64_t head = http.headCursor();
    if (target.id.empty() || head < 0)
        return false;

    const int64_t rssBefore = server.residentKiB();
    StreamFleet fleet(server.port(), http.token(), clients);
    const auto connectStart = StreamFleet::Clock::now();
    const bool allConnected = fleet.connectAll(200, 180000);
    const double connectMs = msBetween(connectStart, StreamFleet::Clock::now());
    const int64_t rssConnected = server.residentKiB();
    if (!allConnected) {
        std::fprintf(stderr,
                     "only %d of %d streams opened (%d failed)\n%s\n",
                     fleet.connected(),
                     clients,
                     fleet.dead(),
                     server.logTail().c_str());
        return false;
    }

    std::vector<double> lastMs;
    std::vector<double> medianMs;
    std::vector<double> writeMs;
    std::vector<StreamFleet::Clock::time_point> arrivals;
    for (int round = 0; round < rounds; ++round) {
        fleet.arm(head);
        const QJsonObject edit{{QStringLiteral("status"),
                                round % 2 ? QStringLiteral("draft") : QStringLiteral("confirmed")},
                               {QStringLiteral("location"), QStringLiteral("Hall %1").arg(round)}};
        const auto sent = StreamFleet::Clock::now();
        const HttpResult r
            = http.request("PUT",
                           "/api/events/" + target.id,
                           QJsonDocument(edit).toJson(QJsonDocument::Compact).toStdString(),
                           {{"If-Match", std::to_string(target.version)}});
        if (r.status != 200) {
            std::fprintf(stderr,
                         "write failed: %d %s %s\n",
                         r.status,
                         r.error.c_str(),
                         r.body.c_str());
            return false;
        }
        writeMs.push_back(r.ms);
        ++target.version;
        head = std::atoll(r.header("x-sync-cursor").c_str());
        if (!fleet.waitRound(60000, &arrivals)) {
            std::fprintf(stderr,
                         "round %d: the change reached %zu of %d clients\n",
                         round,
                         arrivals.size(),
                         clients);
            return false;
        }
        std::vector<double> each;
        each.reserve(arrivals.size());
        for (const auto &at : arrivals)
            each.push_back(msBetween(sent, at));
        lastMs.push_back(*std::max_element(each.begin(), each.end()));
        medianMs.push_back(BenchUtil::median(each));
    }
    const int64_t rssAfter = server.residentKiB();
    const std::string health = http.get("/health").body;

    std::printf("\n%d stream clients (opened in %.0f ms), %d writes of one ~4.5 KB event:\n",
                clients,
                connectMs,
                rounds);
    std::printf("  latency to the LAST client   p50 %8.2f ms  p99 %8.2f ms  max %8.2f ms\n",
                BenchUtil::median(lastMs),
                BenchUtil::percentile(lastMs, 99),
                *std::max_element(lastMs.begin(), lastMs.end()));
    std::printf("  latency to the median client p50 %8.2f ms  p99 %8.2f ms\n",
                BenchUtil::median(medianMs),
                BenchUtil::percentile(medianMs, 99));
    std::printf("  the write itself (PUT round trip) p50 %8.2f ms\n", BenchUtil::median(writeMs));
    std::printf("  server VmRSS: %lld KiB before, %lld KiB with %d streams, %lld KiB after the "
                "writes -> %.1f KiB per client\n",
                (long long) rssBefore,
                (long long) rssConnected,
                clients,
                (long long) rssAfter,
                double(rssConnected - rssBefore) / clients);
    std::printf("  server /health: %s\n", health.c_str());
    std::fflush(stdout);
    return server.stop();
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const bool quick = BenchUtil::hasFlag(argc, argv, "--quick");
    const std::vector<int> sizes = BenchUtil::intList(
        BenchUtil::option(argc, argv, "--clients", quick ? "20,100" : "100,1000,10000"));
    const int rounds
        = std::max(1,
                   std::atoi(BenchUtil::option(argc, argv, "--rounds", quick ? "3" : "20").c_str()));
    const std::string binary = ServerRunner::binaryPath(argc, argv);
    const long files = BenchUtil::raiseFileLimit();

    std::printf("bench-server-fanout%s: server %s, descriptor limit %ld\n",
                quick ? " (quick)" : "",
                binary.c_str(),
                files);
    QTemporaryDir rawDir;
    BenchUtil::printRawLimits(rawDir.path().toStdString(), quick);
    std::printf("latency = PUT sent -> event complete on a client, both clocks in this process; "
                "the %s clients share one bench thread, so reading them is part of the figure\n",
                quick ? "few" : "N");
    for (int clients : sizes) {
        if (clients + 64 > files) {
            std::fprintf(stderr, "%d clients need more descriptors than %ld\n", clients, files);
            return 1;
        }
        if (!runClients(binary, clients, rounds))
            return 1;
    }
    return 0;
}
