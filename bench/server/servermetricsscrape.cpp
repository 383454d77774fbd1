#include "servermetricsscrape.h"

#include <cmath>
#include <cstdlib>
#include <limits>
#include <sstream>

namespace {

double valueOf(const std::string &line)
{
    return std::atof(line.c_str() + line.rfind(' ') + 1);
}

} // namespace

ServerMetricsScrape ServerMetricsScrape::parse(const std::string &text)
{
    ServerMetricsScrape out;
    const std::string dropped = "deltadesk_stream_slow_readers_dropped_total{reason=\"";
    const std::string bucket = "deltadesk_stream_fanout_lag_seconds_bucket{le=\"";
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.rfind(dropped, 0) == 0) {
            out.ok = true;
            const std::string reason = line.substr(dropped.size(),
                                                   line.find('"', dropped.size()) - dropped.size());
            (reason == "send_buffer" ? out.droppedSendBuffer : out.droppedDrainTimeout) = int64_t(
                valueOf(line));
        } else if (line.rfind(bucket, 0) == 0) {
            const std::string bound = line.substr(bucket.size(),
                                                  line.find('"', bucket.size()) - bucket.size());
            out.lagBuckets.emplace_back(bound == "+Inf" ? std::numeric_limits<double>::infinity()
                                                        : std::atof(bound.c_str()),
                                        valueOf(line));
        }
    }
    return out;
}

double ServerMetricsScrape::lagPercentileMs(const ServerMetricsScrape &before, double p) const
{
    if (lagBuckets.empty())
        return -1;
    auto countAt = [](const ServerMetricsScrape &scrape, size_t i) {
        return i < scrape.lagBuckets.size() ? scrape.lagBuckets[i].second : 0.0;
    };
    const double total = lagBuckets.back().second - countAt(before, lagBuckets.size() - 1);
    if (total <= 0)
        return -1;
    for (size_t i = 0; i < lagBuckets.size(); ++i) {
        if (lagBuckets[i].second - countAt(before, i) >= total * p / 100.0)
            return lagBuckets[i].first * 1000.0;
    }
    return lagBuckets.back().first * 1000.0;
}
