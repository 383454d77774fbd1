#include "servermetrics.h"

#include "prometheustext.h"

namespace {

constexpr std::array<const char *, 4> loginResults{"success", "failure", "throttled", "busy"};
constexpr std::array<const char *, 2> dropReasons{"send_buffer", "drain_timeout"};

} // namespace

ServerMetrics &ServerMetrics::instance()
{
    static ServerMetrics metrics;
    return metrics;
}

ServerMetrics::ServerMetrics()
    : m_fanOutLag(Histogram::latencyBounds())
    , m_storeWait(Histogram::latencyBounds())
    , m_storeRun(Histogram::latencyBounds())
{}

std::string ServerMetrics::methodLabel(std::string_view method)
{
    for (const char *known : {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"}) {
        if (method == known)
            return known;
    }
    return "OTHER";
}

void ServerMetrics::observeRequest(std::string_view method,
                                   const std::string &route,
                                   int status,
                                   double seconds)
{
    const std::lock_guard<std::mutex> lock(m_requestsLock);
    ++m_requests[{methodLabel(method), route, status}];
    std::unique_ptr<Histogram> &histogram = m_requestSeconds[route];
    if (!histogram)
        histogram = std::make_unique<Histogram>(Histogram::latencyBounds());
    histogram->observe(seconds);
}

void ServerMetrics::countLogin(Login result)
{
    m_logins[size_t(result)].fetch_add(1, std::memory_order_relaxed);
}

void ServerMetrics::observeFanOutLag(double seconds)
{
    m_fanOutLag.observe(seconds);
}

void ServerMetrics::countDroppedReader(Drop reason)
{
    m_dropped[size_t(reason)].fetch_add(1, std::memory_order_relaxed);
}

void ServerMetrics::storeJobQueued()
{
    m_storeQueueDepth.fetch_add(1, std::memory_order_relaxed);
}

void ServerMetrics::storeJobStarted(double waitedSeconds)
{
    m_storeQueueDepth.fetch_sub(1, std::memory_order_relaxed);
    m_storeWait.observe(waitedSeconds);
}

void ServerMetrics::storeJobFinished(double runSeconds)
{
    m_storeRun.observe(runSeconds);
}

void ServerMetrics::render(std::string &out) const
{
    using PrometheusText::family;
    using PrometheusText::labelValue;
    using PrometheusText::sample;
    {
        const std::lock_guard<std::mutex> lock(m_requestsLock);
        family(out,
               "deltadesk_http_requests_total",
               "counter",
               "HTTP requests answered, by route pattern, method and status.");
        for (const auto &[key, count] : m_requests) {
            const auto &[method, route, status] = key;
            sample(out,
                   "deltadesk_http_requests_total",
                   "route=\"" + labelValue(route) + "\",method=\"" + method + "\",status=\""
                       + std::to_string(status) + "\"",
                   double(count));
        }
        family(out,
               "deltadesk_http_request_duration_seconds",
               "histogram",
               "From a request's header read to its answer handed to the socket (a stream: "
               "its head).");
        for (const auto &[route, histogram] : m_requestSeconds)
            histogram->render(out,
                              "deltadesk_http_request_duration_seconds",
                              "route=\"" + labelValue(route) + "\"");
    }
    family(out,
           "deltadesk_logins_total",
           "counter",
           "Login attempts by result: success, failure (wrong or unknown credentials, disabled "
           "account), throttled (429), busy (503).");
    for (size_t i = 0; i < loginResults.size(); ++i)
        sample(out,
               "deltadesk_logins_total",
               std::string("result=\"") + loginResults[i] + "\"",
               double(m_logins[i].load()));
    family(out,
           "deltadesk_stream_fanout_lag_seconds",
           "histogram",
           "From a write's commit timestamp to its frame queued on the last stream that wants "
           "it.");
    m_fanOutLag.render(out, "deltadesk_stream_fanout_lag_seconds", {});
    family(out,
           "deltadesk_stream_slow_readers_dropped_total",
           "counter",
           "Streams closed because their reader fell behind: past --stream-buffer-bytes "
           "(send_buffer) or not drained within --stream-drain-timeout-ms (drain_timeout).");
    for (size_t i = 0; i < dropReasons.size(); ++i)
        sample(out,
               "deltadesk_stream_slow_readers_dropped_total",
               std::string("reason=\"") + dropReasons[i] + "\"",
               double(m_dropped[i].load()));
    family(out,
           "deltadesk_store_queue_depth",
           "gauge",
           "Jobs waiting for a store thread (token checks, reads, writes).");
    sample(out, "deltadesk_store_queue_depth", {}, double(std::max<int64_t>(0, storeQueueDepth())));
    family(out,
           "deltadesk_store_queue_wait_seconds",
           "histogram",
           "How long store jobs waited for a store thread.");
    m_storeWait.render(out, "deltadesk_store_queue_wait_seconds", {});
    family(out,
           "deltadesk_store_job_duration_seconds",
           "histogram",
           "How long store jobs ran on their store thread.");
    m_storeRun.render(out, "deltadesk_store_job_duration_seconds", {});
}
