#pragma once

// The soak's minute-by-minute table and its summary line: what the server
// holds (VmRSS), what the writers did, the fan-out to the last stream, the
// slow readers the server dropped (its /metrics counter), and beside them the
// raw limit of that minute (the round trip of a tiny request to the same
// server) and the CPU the bench's stream thread and the server used.

#include "fanouttally.h"
#include "servermetricsscrape.h"

#include <cstdint>
#include <deque>
#include <memory>

class BenchHttp;
class ServerRunner;
class SoakWriter;
class StreamFleet;

class SoakReport
{
public:
    SoakReport(ServerRunner &server,
               StreamFleet &fleet,
               SoakWriter &writer,
               FanOutTally &tally,
               int perSecond);
    ~SoakReport();

    struct Row
    {
        int minute = 0;
        int64_t rssKiB = 0;
        int64_t writes = 0;
        int64_t late = 0;
        int64_t failed = 0;
        double putP50 = 0;
        size_t settled = 0;
        int givenUp = 0;
        int pending = 0;
        double p50 = 0;
        double p99 = 0;
        double max = 0;
        int64_t dropped = 0; // since the start, by the server's counter
        int64_t droppedDrainTimeout = 0;
        double serverLagP99 = -1; // the server's own commit -> queued on the last stream
        int liveStreams = 0;
        int resumed = 0; // streams opened again since the start
        int refused = 0; // stream requests answered with another status than 200
        double tinyP50 = 0;
        double fleetCpuPercent = 0;
        double serverCpuPercent = 0;
        double fleetWaitPercent = 0; // runnable, waiting for a core
        double serverWaitPercent = 0;
        double load1 = 0;
    };

    void printHeader() const;
    // Measures and prints the row of the minute that just ended.
    const Row &sample(int minute);
    void printSummary() const;

private:
    ServerMetricsScrape scrape();
    double tinyRoundTripMs();

    ServerRunner &m_server;
    StreamFleet &m_fleet;
    SoakWriter &m_writer;
    FanOutTally &m_tally;
    int m_perSecond;
    std::unique_ptr<BenchHttp> m_probe;
    std::unique_ptr<BenchHttp> m_metrics;
    std::deque<Row> m_rows;
    FanOutTally::Clock::time_point m_last;
    double m_lastFleetCpu = 0;
    double m_lastServerCpu = 0;
    double m_lastFleetWait = 0;
    double m_lastServerWait = 0;
    ServerMetricsScrape m_lastScrape;
};
