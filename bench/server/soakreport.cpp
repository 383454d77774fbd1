#include "soakreport.h"

#include "benchhttp.h"
#include "benchutil.h"
#include "serverrunner.h"
#include "soakwriter.h"
#include "streamfleet.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace {

// A write that has not reached every live stream in this long is counted as
// not delivered (the server closes a stream that does not drain in 60 s).
constexpr auto patience = std::chrono::seconds(90);
constexpr int tinyRequests = 20;

double loadAverage()
{
    std::ifstream loadavg("/proc/loadavg");
    double one = 0;
    loadavg >> one;
    return one;
}

// A minute in which no write reached every live stream has no fan-out
// figure: "-", not a 0 that reads as instant.
std::string msOrNone(double ms, size_t settled)
{
    if (settled == 0)
        return "-";
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", ms);
    return text;
}

double seconds(FanOutTally::Clock::duration d)
{
    return std::chrono::duration<double>(d).count();
}

} // namespace

SoakReport::SoakReport(
    ServerRunner &server, StreamFleet &fleet, SoakWriter &writer, FanOutTally &tally, int perSecond)
    : m_server(server)
    , m_fleet(fleet)
    , m_writer(writer)
    , m_tally(tally)
    , m_perSecond(perSecond)
    , m_probe(std::make_unique<BenchHttp>(server.port()))
    , m_metrics(std::make_unique<BenchHttp>(server.metricsPort()))
    , m_last(FanOutTally::Clock::now())
    , m_lastFleetCpu(fleet.threadCpuSeconds())
    , m_lastServerCpu(server.cpuSeconds())
    , m_lastFleetWait(fleet.threadWaitSeconds())
    , m_lastServerWait(server.runQueueWaitSeconds())
    , m_lastScrape(scrape())
{}

SoakReport::~SoakReport() = default;

void SoakReport::printHeader() const
{
    std::printf(
        "columns:\n"
        "  writes  writes done this minute (target %d); late: sent > 100 ms after due; PUT: its "
        "round trip p50\n"
        "  p50/p99/max  fan-out: PUT sent -> its event complete on the LAST live stream, over the "
        "writes settled (reached every live stream) this minute; both clocks in this process, "
        "all streams read by one bench thread, so reading them is part of the figure\n"
        "  missed  writes not on every live stream %lld s after they were seen (a resumed stream "
        "counts a write once it has a later event: a replay sends only the latest state); "
        "queued: acknowledged, on their way\n"
        "  srv99   the server's own p99 (a histogram bucket bound) from commit to frame queued on "
        "the last stream\n"
        "  dropped slow readers the server closed since the start (of them for the drain "
        "timeout); resumed: streams the bench opened again (Last-Event-ID, after 2 s) since the "
        "start (of their requests refused with another status than 200)\n"
        "  tiny    raw limit: p50 round trip of a GET the same server answers 404 without its "
        "store, this minute\n"
        "  c/w     CPU / run-queue wait (runnable, no core free) in %% of one core: the bench's "
        "stream thread, the server's threads\n",
        m_perSecond * 60,
        (long long) std::chrono::duration_cast<std::chrono::seconds>(patience).count());
    std::printf(
        "%3s %7s %6s %5s %3s %7s %6s %7s %7s %7s %5s %6s %7s %11s %11s %5s %6s %9s %9s %5s\n",
        "min",
        "RSS MiB",
        "writes",
        "late",
        "err",
        "PUT ms",
        "settld",
        "p50 ms",
        "p99 ms",
        "max ms",
        "missed",
        "queued",
        "srv99ms",
        "dropped(dt)",
        "resumed(rf)",
        "live",
        "tinyms",
        "bench c/w",
        "srv c/w",
        "load");
    std::fflush(stdout);
}

const SoakReport::Row &SoakReport::sample(int minute)
{
    const auto now = FanOutTally::Clock::now();
    Row row;
    row.minute = minute;
    row.rssKiB = m_server.residentKiB();
    SoakWriter::Counts counts = m_writer.take();
    row.writes = counts.done;
    row.late = counts.late;
    row.failed = counts.failed;
    row.putP50 = BenchUtil::median(counts.writeMs);
    row.liveStreams = m_fleet.connected() - m_fleet.dead();
    row.resumed = m_fleet.resumed();
    row.refused = m_fleet.refused();
    FanOutTally::Settled settled = m_tally.settle(row.liveStreams, now, patience);
    row.settled = settled.lastMs.size();
    row.givenUp = settled.givenUp;
    row.pending = settled.pending;
    row.p50 = BenchUtil::median(settled.lastMs);
    row.p99 = BenchUtil::percentile(settled.lastMs, 99);
    row.max = settled.lastMs.empty()
                  ? 0
                  : *std::max_element(settled.lastMs.begin(), settled.lastMs.end());
    const ServerMetricsScrape metrics = scrape();
    row.dropped = metrics.ok ? metrics.droppedSendBuffer + metrics.droppedDrainTimeout : -1;
    row.droppedDrainTimeout = metrics.droppedDrainTimeout;
    row.serverLagP99 = metrics.lagPercentileMs(m_lastScrape, 99);
    m_lastScrape = metrics;
    row.tinyP50 = tinyRoundTripMs();
    const double wall = seconds(now - m_last);
    const double fleetCpu = m_fleet.threadCpuSeconds();
    const double serverCpu = m_server.cpuSeconds();
    row.fleetCpuPercent = 100 * (fleetCpu - m_lastFleetCpu) / wall;
    row.serverCpuPercent = 100 * (serverCpu - m_lastServerCpu) / wall;
    const double fleetWait = m_fleet.threadWaitSeconds();
    const double serverWait = m_server.runQueueWaitSeconds();
    row.fleetWaitPercent = 100 * (fleetWait - m_lastFleetWait) / wall;
    row.serverWaitPercent = 100 * (serverWait - m_lastServerWait) / wall;
    row.load1 = loadAverage();
    m_last = now;
    m_lastFleetCpu = fleetCpu;
    m_lastServerCpu = serverCpu;
    m_lastFleetWait = fleetWait;
    m_lastServerWait = serverWait;

    char dropped[32];
    std::snprintf(dropped,
                  sizeof dropped,
                  "%lld(%lld)",
                  (long long) row.dropped,
                  (long long) row.droppedDrainTimeout);
    char resumed[32];
    std::snprintf(resumed, sizeof resumed, "%d(%d)", row.resumed, row.refused);
    std::printf("%3d %7.1f %6lld %5lld %3lld %7.1f %6zu %7s %7s %7s %5d %6d %7.0f %11s %11s %5d "
                "%6.2f %4.0f/%3.0f%% %4.0f/%3.0f%% %5.2f\n",
                row.minute,
                row.rssKiB / 1024.0,
                (long long) row.writes,
                (long long) row.late,
                (long long) row.failed,
                row.putP50,
                row.settled,
                msOrNone(row.p50, row.settled).c_str(),
                msOrNone(row.p99, row.settled).c_str(),
                msOrNone(row.max, row.settled).c_str(),
                row.givenUp,
                row.pending,
                row.serverLagP99,
                dropped,
                resumed,
                row.liveStreams,
                row.tinyP50,
                row.fleetCpuPercent,
                row.fleetWaitPercent,
                row.serverCpuPercent,
                row.serverWaitPercent,
                row.load1);
    std::fflush(stdout);
    m_rows.push_back(row);
    return m_rows.back();
}

ServerMetricsScrape SoakReport::scrape()
{
    const HttpResult r = m_metrics->get("/metrics");
    return r.status == 200 ? ServerMetricsScrape::parse(r.body) : ServerMetricsScrape{};
}

double SoakReport::tinyRoundTripMs()
{
    std::vector<double> ms;
    for (int i = 0; i < tinyRequests; ++i) {
        const HttpResult r = m_probe->get("/soak-probe");
        if (r.status != 0)
            ms.push_back(r.ms);
    }
    return BenchUtil::median(ms);
}

void SoakReport::printSummary() const
{
    if (m_rows.empty())
        return;
    // Warm-up: the first fifth of the run (2 of 10 minutes), at least one.
    const size_t warm = m_rows.size() < 2 ? 1
                                          : std::min(m_rows.size() - 1,
                                                     std::max<size_t>(1, (m_rows.size() + 2) / 5));
    const Row &base = m_rows[warm - 1];
    const Row &last = m_rows.back();
    const double growth = base.rssKiB > 0
                              ? 100.0 * double(last.rssKiB - base.rssKiB) / double(base.rssKiB)
                              : 0;
    double fleetBusyMax = 0;
    int givenUp = 0;
    int64_t writes = 0;
    for (const Row &row : m_rows) {
        writes += row.writes;
        fleetBusyMax = std::max(fleetBusyMax, row.fleetCpuPercent + row.fleetWaitPercent);
        givenUp += row.givenUp;
    }
    if (fleetBusyMax > 90)
        std::printf("note: the bench's stream thread was running or waiting for a core up to %.0f "
                    "%% of a minute: the client side is (near) a bottleneck, so the fan-out "
                    "figures are what this bench could read here, not the server's alone (see "
                    "srv99 for the server's own share)\n",
                    fleetBusyMax);
    std::printf("soak: rss growth %.1f %% over last %zu min, p99 first/last %s/%s ms, dropped "
                "%lld (resumed %d); writes %lld of %lld offered (%.0f/s), missed by a live "
                "stream %d\n",
                growth,
                m_rows.size() - warm,
                msOrNone(m_rows.front().p99, m_rows.front().settled).c_str(),
                msOrNone(last.p99, last.settled).c_str(),
                (long long) last.dropped,
                last.resumed,
                (long long) writes,
                (long long) m_perSecond * 60 * (long long) m_rows.size(),
                double(writes) / (60.0 * double(m_rows.size())),
                givenUp);
    std::fflush(stdout);
}
