#include "histogram.h"

#include "prometheustext.h"

#include <algorithm>

Histogram::Histogram(std::vector<double> upperBounds)
    : m_bounds(std::move(upperBounds))
    , m_buckets(new std::atomic<uint64_t>[m_bounds.size() + 1])
{
    for (size_t i = 0; i <= m_bounds.size(); ++i)
        m_buckets[i] = 0;
}

std::vector<double> Histogram::latencyBounds()
{
    return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

void Histogram::observe(double value)
{
    const size_t bucket = size_t(std::lower_bound(m_bounds.begin(), m_bounds.end(), value)
                                 - m_bounds.begin());
    m_buckets[bucket].fetch_add(1, std::memory_order_relaxed);
    double sum = m_sum.load(std::memory_order_relaxed);
    while (!m_sum.compare_exchange_weak(sum, sum + value, std::memory_order_relaxed)) {
    }
    m_count.fetch_add(1, std::memory_order_relaxed);
}

void Histogram::render(std::string &out, std::string_view name, std::string_view labels) const
{
    const std::string prefix = labels.empty() ? std::string() : std::string(labels) + ",";
    const std::string bucketName = std::string(name) + "_bucket";
    uint64_t cumulative = 0;
    for (size_t i = 0; i <= m_bounds.size(); ++i) {
        cumulative += m_buckets[i].load(std::memory_order_relaxed);
        const std::string bound = i < m_bounds.size() ? PrometheusText::number(m_bounds[i])
                                                      : std::string("+Inf");
        PrometheusText::sample(out, bucketName, prefix + "le=\"" + bound + "\"", double(cumulative));
    }
    // The count is the +Inf bucket, so the two always agree in one scrape.
    PrometheusText::sample(out,
                           std::string(name) + "_sum",
                           labels,
                           m_sum.load(std::memory_order_relaxed));
    PrometheusText::sample(out, std::string(name) + "_count", labels, double(cumulative));
}
