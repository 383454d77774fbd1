#pragma once

// What the soak reads from the server's /metrics (Prometheus text): the slow
// readers it dropped, by reason, and its own fan-out lag histogram (from a
// write's commit to its frame queued on the last stream), so a minute's
// server-side share of the fan-out can be read beside the bench's.

#include <cstdint>
#include <string>
#include <vector>

struct ServerMetricsScrape
{
    bool ok = false;
    int64_t droppedSendBuffer = 0;
    int64_t droppedDrainTimeout = 0;
    // Cumulative counts by upper bound in seconds (+Inf last).
    std::vector<std::pair<double, double>> lagBuckets;

    static ServerMetricsScrape parse(const std::string &text);
    // The bucket bound (ms) under which p % of the lags observed between
    // `before` and this scrape fall; -1 without observations.
    double lagPercentileMs(const ServerMetricsScrape &before, double p) const;
};
