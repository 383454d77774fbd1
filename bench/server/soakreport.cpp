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
{}

SoakReport::~SoakReport() = default;

void SoakReport::printHeader() const
{
    std::printf(
        "fan-out = PUT sent -> its event complete on the LAST live stream (both clocks in this "
        "process; all streams are read by one bench thread, so reading them is part of the "
        "figure); settled = writes that reached every live stream this minute, given up = "
        "not on every live stream after %lld s; tiny = round trip of a GET the server answers "
        "404 without its store (the raw limit); late = writes sent > 100 ms after they were due "
        "(target %d a minute); CPU in %% of one core\n",
        (long long) std::chrono::duration_cast<std::chrono::seconds>(patience).count(),
        m_perSecond * 60);
    std::printf("%4s %8s %7s %5s %4s %7s %7s %6s %8s %8s %8s %6s %7s %6s %7s %7s %6s %6s\n",
                "min",
                "RSS MiB",
                "writes",
                "late",
                "fail",
                "PUT p50",
                "settled",
                "gvnup",
                "p50 ms",
                "p99 ms",
                "max ms",
                "queued",
                "dropped",
                "live",
                "tiny ms",
                "benchCPU",
                "srvCPU",
                "load1");
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
    FanOutTally::Settled settled = m_tally.settle(row.liveStreams, now, patience);
    row.settled = settled.lastMs.size();
    row.givenUp = settled.givenUp;
    row.pending = settled.pending;
    row.p50 = BenchUtil::median(settled.lastMs);
    row.p99 = BenchUtil::percentile(settled.lastMs, 99);
    row.max = settled.lastMs.empty()
                  ? 0
                  : *std::max_element(settled.lastMs.begin(), settled.lastMs.end());
    row.dropped = droppedReaders();
    row.tinyP50 = tinyRoundTripMs();
    const double wall = seconds(now - m_last);
    const double fleetCpu = m_fleet.threadCpuSeconds();
    const double serverCpu = m_server.cpuSeconds();
    row.fleetCpuPercent = 100 * (fleetCpu - m_lastFleetCpu) / wall;
    row.serverCpuPercent = 100 * (serverCpu - m_lastServerCpu) / wall;
    row.load1 = loadAverage();
    m_last = now;
    m_lastFleetCpu = fleetCpu;
    m_lastServerCpu = serverCpu;

    std::printf("%4d %8.1f %7lld %5lld %4lld %7.2f %7zu %6d %8.1f %8.1f %8.1f %6d %7lld %6d %7.2f "
                "%7.0f%% %5.0f%% %6.2f\n",
                row.minute,
                row.rssKiB / 1024.0,
                (long long) row.writes,
                (long long) row.late,
                (long long) row.failed,
                row.putP50,
                row.settled,
                row.givenUp,
                row.p50,
                row.p99,
                row.max,
                row.pending,
                (long long) row.dropped,
                row.liveStreams,
                row.tinyP50,
                row.fleetCpuPercent,
                row.serverCpuPercent,
                row.load1);
    std::fflush(stdout);
    m_rows.push_back(row);
    return m_rows.back();
}

int64_t SoakReport::droppedReaders()
{
    const HttpResult r = m_metrics->get("/metrics");
    if (r.status != 200)
        return -1;
    // deltadesk_stream_slow_readers_dropped_total{reason="..."} N, summed.
    const std::string name = "deltadesk_stream_slow_readers_dropped_total{";
    std::istringstream lines(r.body);
    std::string line;
    int64_t total = 0;
    while (std::getline(lines, line)) {
        if (line.rfind(name, 0) == 0)
            total += std::atoll(line.c_str() + line.rfind(' ') + 1);
    }
    return total;
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
    double fleetCpuMax = 0;
    int givenUp = 0;
    for (const Row &row : m_rows) {
        fleetCpuMax = std::max(fleetCpuMax, row.fleetCpuPercent);
        givenUp += row.givenUp;
    }
    if (fleetCpuMax > 90)
        std::printf("note: the bench's stream thread used up to %.0f %% of a core: the client side "
                    "is (near) the bottleneck, so the fan-out figures are what this bench can "
                    "read, an upper bound on the server's own\n",
                    fleetCpuMax);
    std::printf("soak: rss growth %.1f %% over last %zu min, p99 first/last %.1f/%.1f ms, dropped "
                "%lld, writes not on every live stream %d\n",
                growth,
                m_rows.size() - warm,
                m_rows.front().p99,
                last.p99,
                (long long) last.dropped,
                givenUp);
    std::fflush(stdout);
}
