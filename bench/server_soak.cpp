// bench-server-soak: the real server under a steady load for minutes: N
// event-stream clients (10k) and real writes at a fixed rate (200/s, PUTs of
// small events over several keep-alive connections), printing once a minute
// the server's VmRSS, the writes done, the fan-out p50/p99 to the LAST
// stream of each write (from just before its PUT was sent to the moment its
// event completed on the last live stream), and the slow readers the server
// dropped (its /metrics counter). Beside them, in the same minute: the round
// trip of a tiny request to the same server (the raw limit), and the CPU the
// bench's stream thread and the server used, so a client-bound run says so.
//
//   bench-server-soak [--quick] [--streams N] [--minutes N] [--writes-per-second N]
//                     [--server-bin PATH]

#include "fanouttally.h"
#include "soakreport.h"
#include "soakwriter.h"

#include "benchhttp.h"
#include "benchutil.h"
#include "serverrunner.h"
#include "storeseeder.h"
#include "streamfleet.h"

#include <QCoreApplication>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <thread>

namespace {

// The server's default caps, which the streams are spread to fit
// (docs/protocol.md, "Bounds at a glance").
constexpr int streamsPerToken = 8;
constexpr int tokensPerAccount = 4;    // 4 x 8 = the 32 streams one user may hold
constexpr int streamsPerAddress = 200; // below the 256 connections per address
constexpr int defaultMaxConnections = 4096;
// Stop rather than let a runaway server take the shared machine's memory.
constexpr int64_t rssGuardKiB = int64_t(8) << 20;

std::vector<StreamFleet::Identity> identities(const std::vector<std::string> &tokens, int streams)
{
    std::vector<StreamFleet::Identity> out;
    out.reserve(size_t(streams));
    for (int i = 0; i < streams; ++i) {
        // 127.0.0.1 stays for the writers and the probe; Linux routes all of
        // 127/8 to loopback, so each block of streams has an address of its own.
        const int address = 2 + i / streamsPerAddress;
        out.push_back(
            {tokens[size_t(i / streamsPerToken)],
             "127.0." + std::to_string(address / 256) + "." + std::to_string(address % 256)});
    }
    return out;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const bool quick = BenchUtil::hasFlag(argc, argv, "--quick");
    const int streams = std::max(
        1, std::atoi(BenchUtil::option(argc, argv, "--streams", quick ? "1000" : "10000").c_str()));
    const int minutes
        = std::max(1,
                   std::atoi(
                       BenchUtil::option(argc, argv, "--minutes", quick ? "2" : "10").c_str()));
    const int perSecond
        = std::max(1,
                   std::atoi(BenchUtil::option(argc, argv, "--writes-per-second", "200").c_str()));
    const int writerConnections = 8;
    const std::string binary = ServerRunner::binaryPath(argc, argv);
    const long files = BenchUtil::raiseFileLimit();

    std::printf("bench-server-soak%s: %d streams, %d writes/s for %d min; server %s, descriptor "
                "limit %ld\n",
                quick ? " (quick)" : "",
                streams,
                perSecond,
                minutes,
                binary.c_str(),
                files);
    if (streams + 256 > files) {
        std::fprintf(stderr, "%d streams need more descriptors than %ld\n", streams, files);
        return 1;
    }
    QTemporaryDir rawDir;
    BenchUtil::printRawLimits(rawDir.path().toStdString(), quick);

    // Accounts and tokens through the store, so that no default cap but the
    // total number of connections has to be raised.
    QTemporaryDir dir;
    const std::string dataDir = dir.path().toStdString();
    const int tokenCount = (streams + streamsPerToken - 1) / streamsPerToken;
    const int accounts = (tokenCount + tokensPerAccount - 1) / tokensPerAccount;
    std::string error;
    const StoreSeeder::Result seeded = StoreSeeder::seed(dataDir, 1000);
    const std::vector<std::string> tokens
        = seeded.ok ? StoreSeeder::issueStreamTokens(dataDir, accounts, tokensPerAccount, &error)
                    : std::vector<std::string>{};
    if (tokens.empty()) {
        std::fprintf(stderr, "seeding failed: %s%s\n", seeded.error.c_str(), error.c_str());
        return 1;
    }

    std::vector<std::string> args{"--metrics-listen", "127.0.0.1:0"};
    const int connectionsNeeded = streams + writerConnections + 64;
    if (connectionsNeeded > defaultMaxConnections) {
        args.push_back("--max-connections");
        args.push_back(std::to_string(connectionsNeeded));
    }
    ServerRunner server;
    if (!server.start(binary, dataDir, args))
        return 1;
    std::printf("server settings: the defaults, --metrics-listen 127.0.0.1:0 (for the dropped "
                "readers)%s; streams spread over %d accounts x %d tokens x %d streams and %d "
                "local addresses\n",
                connectionsNeeded > defaultMaxConnections
                    ? (", --max-connections " + std::to_string(connectionsNeeded)
                       + " (the default 4096 cannot hold the streams)")
                          .c_str()
                    : "",
                accounts,
                tokensPerAccount,
                streamsPerToken,
                (streams + streamsPerAddress - 1) / streamsPerAddress);

    BenchHttp http(server.port());
    if (!http.login("manager", "manager")) {
        std::fprintf(stderr, "login failed\n%s\n", server.logTail().c_str());
        return 1;
    }
    FanOutTally tally;
    SoakWriter writer(server.port(), http.token(), writerConnections, perSecond, tally);
    if (!writer.prepare(8, &error)) {
        std::fprintf(stderr, "%s\n", error.c_str());
        return 1;
    }

    const int64_t rssIdle = server.residentKiB();
    StreamFleet fleet(server.port(), identities(tokens, streams));
    fleet.setResume(true);
    fleet.setEventObserver(
        [&tally](int64_t previous, int64_t seq, StreamFleet::Clock::time_point at) {
            tally.arrived(previous, seq, at);
        });
    const auto connectStart = StreamFleet::Clock::now();
    if (!fleet.connectAll(200, 300000)) {
        std::fprintf(stderr,
                     "only %d of %d streams opened (%d failed)\n%s\n",
                     fleet.connected(),
                     streams,
                     fleet.dead(),
                     server.logTail().c_str());
        return 1;
    }
    std::printf("%d streams open in %.1f s; server VmRSS %.1f MiB idle, %.1f MiB with them\n",
                streams,
                std::chrono::duration<double>(StreamFleet::Clock::now() - connectStart).count(),
                rssIdle / 1024.0,
                server.residentKiB() / 1024.0);

    SoakReport report(server, fleet, writer, tally, perSecond);
    report.printHeader();
    writer.start();
    const auto started = StreamFleet::Clock::now();
    bool aborted = false;
    for (int minute = 1; minute <= minutes && !aborted; ++minute) {
        std::this_thread::sleep_until(started + std::chrono::minutes(minute));
        const SoakReport::Row &row = report.sample(minute);
        if (row.rssKiB > rssGuardKiB) {
            std::printf("stopped: server VmRSS past %lld MiB\n", (long long) (rssGuardKiB >> 10));
            aborted = true;
        } else if (row.liveStreams == 0) {
            std::printf("stopped: no stream left open\n");
            aborted = true;
        }
    }
    writer.stop();
    // Where the streams stand at the end: how far behind the head the
    // slowest are (a resumed stream waits for its replay).
    std::vector<int64_t> lastIds = fleet.lastIds();
    std::sort(lastIds.begin(), lastIds.end());
    std::printf("at the end: head %lld; last event on the streams: min %lld, p10 %lld, p50 %lld, "
                "max %lld (-1: waiting to be opened again)\n",
                (long long) http.headCursor(),
                (long long) lastIds.front(),
                (long long) lastIds[lastIds.size() / 10],
                (long long) lastIds[lastIds.size() / 2],
                (long long) lastIds.back());
    report.printSummary();
    return server.stop() && !aborted ? 0 : 1;
}
