#include "collectionshandler.h"

#include "apicontext.h"
#include "authenticator.h"
#include "changelogstore.h"
#include "jsdatetime.h"
#include "protocol.h"
#include "responses.h"

#include <QDateTime>

#include <chrono>

CollectionsHandler::CollectionsHandler(ApiContext &context)
    : m_context(context)
{}

void CollectionsHandler::fetch(HttpRequest request, Responder responder)
{
    const std::string collection = request.pathParams.at(0);
    if (!Protocol::isKnownCollection(QString::fromStdString(collection))) {
        responder(Responses::error(400,
                                   Protocol::Error::badRequest,
                                   "Unknown collection '" + collection
                                       + "'; known: events, users, clients, roles, tariffs."));
        return;
    }
    // Who asks comes first: 401 (the gate) and 403 before any parameter's 400.
    const QString permission = QString::fromStdString(collection) + QStringLiteral(":read");
    if (!Authenticator::requirePermission(request, permission, responder))
        return;
    int limit = Protocol::defaultPageLimit;
    if (const auto text = request.queryValue("limit")) {
        const auto parsed = Protocol::parseCursor(QString::fromStdString(*text));
        if (!parsed || *parsed < 1 || *parsed > Protocol::maxPageLimit) {
            responder(Responses::error(400,
                                       Protocol::Error::badRequest,
                                       "limit must be an integer from 1 to "
                                           + std::to_string(Protocol::maxPageLimit) + "."));
            return;
        }
        limit = int(*parsed);
    }
    std::optional<int64_t> cursor;
    if (const auto text = request.queryValue("cursor")) {
        cursor = Protocol::parseCursor(QString::fromStdString(*text));
        if (!cursor) {
            responder(Responses::error(400,
                                       Protocol::Error::badRequest,
                                       "cursor must be a non-negative decimal integer."));
            return;
        }
    }
    std::optional<int64_t> sinceMs;
    if (const auto text = request.queryValue("lastSync"); text && !cursor) {
        sinceMs = JsDateTime::parseIso(*text);
        if (!sinceMs) {
            responder(Responses::error(400,
                                       Protocol::Error::badRequest,
                                       "lastSync must be an ISO 8601 date or timestamp such as "
                                       "2025-01-15, 2025-01-15T10:30 or "
                                       "2025-01-15T10:30:00.000Z."));
            return;
        }
    }

    Authenticator::runAuthorized(
        m_context,
        std::move(request),
        std::move(responder),
        permission,
        [collection,
         limit,
         cursor,
         sinceMs,
         maxBytes = size_t(m_context.config.maxPageBytes),
         databaseId = m_context.databaseId](ChangeLogStore &store, const Account &) {
            const auto started = std::chrono::steady_clock::now();
            // Bounded in bytes too: limit 10000 of 1 MiB documents would be
            // a 10 GB page, built in memory.
            const std::optional<DeltaPage> page
                = sinceMs ? store.readDeltaSince(collection, *sinceMs, limit, maxBytes)
                          : store.readDelta(collection, cursor.value_or(0), limit, maxBytes);
            if (!page)
                return Responses::internalError("delta read: " + store.lastError());
            if (page->expired)
                return Responses::error(410,
                                        Protocol::Error::cursorExpired,
                                        "The cursor is older than the tombstone retention "
                                        "window; run a full sync.");
            const bool deltaSync = cursor.has_value() || sinceMs.has_value();
            HttpResponse response = Responses::json(200,
                                                    pageJson(collection,
                                                             *page,
                                                             deltaSync,
                                                             QDateTime::currentMSecsSinceEpoch(),
                                                             databaseId));
            if (!databaseId.empty())
                response.headers.emplace_back(Protocol::databaseIdHeader, databaseId);
            // Read + page build on the store thread; gzip adds its own
            // metric where it runs, so a client can tell server time from
            // the network's.
            const double storeMs = std::chrono::duration<double, std::milli>(
                                       std::chrono::steady_clock::now() - started)
                                       .count();
            response.headers.emplace_back("Server-Timing",
                                          Responses::timingMetric("store", storeMs));
            return response;
        });
}

std::string CollectionsHandler::pageJson(const std::string &collection,
                                         const DeltaPage &page,
                                         bool deltaSync,
                                         int64_t nowMs,
                                         const std::string &databaseId)
{
    size_t size = 256;
    for (const std::string &doc : page.documents)
        size += doc.size() + 1;
    std::string out;
    out.reserve(size);
    out += "{\"" + collection + "\":[";
    for (size_t i = 0; i < page.documents.size(); ++i) {
        if (i)
            out += ',';
        out += page.documents[i];
    }
    out += "],\"deleted\":[";
    for (size_t i = 0; i < page.deletedIds.size(); ++i) {
        if (i)
            out += ',';
        out += Responses::quoted(page.deletedIds[i]);
    }
    const int64_t cursor = page.hasMore ? page.lastSeq : page.head;
    out += "],\"serverTimestamp\":\"";
    out += Protocol::formatTimestamp(QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC)).toStdString();
    out += "\",\"deltaSync\":";
    out += deltaSync ? "true" : "false";
    out += ",\"cursor\":\"" + std::to_string(cursor) + "\"";
    if (!databaseId.empty())
        out += ",\"databaseId\":" + Responses::quoted(databaseId);
    out += ",\"hasMore\":";
    out += page.hasMore ? "true" : "false";
    out += ",\"total\":" + std::to_string(page.total) + "}";
    return out;
}
