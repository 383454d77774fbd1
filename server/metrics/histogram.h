#pragma once

// A Prometheus histogram with fixed bucket bounds, observed from any thread
// without a lock (one atomic per bucket).

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

class Histogram
{
public:
    explicit Histogram(std::vector<double> upperBounds);

    void observe(double value);
    // The _bucket, _sum and _count samples (no HELP/TYPE); labels may be
    // empty or "a=\"b\"".
    void render(std::string &out, std::string_view name, std::string_view labels) const;
    uint64_t count() const { return m_count.load(std::memory_order_relaxed); }

    // Seconds, from 0.5 ms to 10 s: requests, store jobs, fan-out lag.
    static std::vector<double> latencyBounds();

private:
    std::vector<double> m_bounds;
    std::unique_ptr<std::atomic<uint64_t>[]> m_buckets; // not cumulative; +Inf last
    std::atomic<uint64_t> m_count{0};
    std::atomic<double> m_sum{0};
};
