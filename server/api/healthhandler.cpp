#include "healthhandler.h"

#include "apicontext.h"
#include "changelogstore.h"
#include "protocol.h"
#include "responses.h"
#include "storeworker.h"
#include "streamhub.h"

HealthHandler::HealthHandler(ApiContext &context)
    : m_context(context)
{}

void HealthHandler::health(HttpRequest request, Responder responder)
{
    // The hub belongs to the I/O thread: what it knows is read here.
    std::string extra;
    if (request.principal) {
        extra = ",\"cursor\":\"" + std::to_string(m_context.hub.head())
                + "\",\"streams\":" + std::to_string(m_context.hub.clientCount());
    }
    m_context.store.post([databaseId = m_context.databaseId,
                          extra = std::move(extra),
                          responder = std::move(responder)](ChangeLogStore &store) {
        // A read that reaches the database: a lost connection shows here
        // (available() alone only knows of losses already met).
        const bool reachable = store.databaseId().has_value() && store.available();
        if (!reachable) {
            HttpResponse response = Responses::json(
                503,
                "{\"status\":\"unavailable\",\"error\":\""
                    + std::string(Protocol::Error::unavailable)
                    + "\",\"message\":\"The server cannot reach its database; retry shortly.\"}");
            response.headers.emplace_back("Retry-After", "2");
            responder(std::move(response));
            return;
        }
        std::string body = "{\"status\":\"ok\"";
        if (!databaseId.empty())
            body += ",\"databaseId\":" + Responses::quoted(databaseId);
        responder(Responses::json(200, body + extra + "}"));
    });
}
