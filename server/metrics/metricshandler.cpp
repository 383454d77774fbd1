#include "metricshandler.h"

#include "prometheustext.h"
#include "protocol.h"
#include "router.h"
#include "servermetrics.h"
#include "storestatistics.h"
#include "streamhub.h"

#include <boost/asio/post.hpp>

MetricsHandler::MetricsHandler(const StreamHub &hub, const ServerConfig &config)
    : m_hub(hub)
    , m_statistics(StoreStatistics::create(config))
{}

MetricsHandler::~MetricsHandler()
{
    m_thread.join();
}

std::shared_ptr<Router> MetricsHandler::makeRouter()
{
    auto router = std::make_shared<Router>();
    router->add("GET", "/metrics", [this](HttpRequest request, Responder responder) {
        scrape(std::move(request), std::move(responder));
    });
    return router;
}

void MetricsHandler::scrape(HttpRequest, Responder responder)
{
    // The hub is the I/O thread's: read it here, the database over there.
    const size_t streams = m_hub.clientCount();
    boost::asio::post(m_thread, [this, streams, responder = std::move(responder)] {
        using PrometheusText::family;
        using PrometheusText::labelValue;
        using PrometheusText::sample;
        const std::optional<StoreFigures> figures = m_statistics->read();
        std::string out;
        out.reserve(16 * 1024);
        ServerMetrics::instance().render(out);
        family(out, "deltadesk_streams_open", "gauge", "Open change streams on this instance.");
        sample(out, "deltadesk_streams_open", {}, double(streams));
        family(out,
               "deltadesk_database_up",
               "gauge",
               "Whether this scrape could read the database (1) or not (0).");
        sample(out, "deltadesk_database_up", {}, figures ? 1 : 0);
        if (figures) {
            family(out,
                   "deltadesk_database_size_bytes",
                   "gauge",
                   "Size of the database: the SQLite file with its write-ahead log, or "
                   "pg_database_size.");
            sample(out, "deltadesk_database_size_bytes", {}, double(figures->sizeBytes));
            family(out,
                   "deltadesk_documents",
                   "gauge",
                   "Documents per collection: live ones, and tombstones of deletes kept for "
                   "--tombstone-retention-days.");
            for (const QString &name : Protocol::collectionNames()) {
                const std::string collection = name.toStdString();
                const auto found = figures->collections.find(collection);
                const StoreFigures::Collection counts = found == figures->collections.end()
                                                            ? StoreFigures::Collection()
                                                            : found->second;
                const std::string label = "collection=\"" + labelValue(collection) + "\"";
                sample(out, "deltadesk_documents", label + ",state=\"live\"", double(counts.live));
                sample(out,
                       "deltadesk_documents",
                       label + ",state=\"tombstone\"",
                       double(counts.tombstones));
            }
        }
        HttpResponse response;
        response.status = 200;
        response.contentType = PrometheusText::contentType;
        response.body = std::move(out);
        responder(std::move(response));
    });
}
