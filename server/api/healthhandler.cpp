#include "healthhandler.h"

#include "responses.h"
#include "streamhub.h"

HealthHandler::HealthHandler(const StreamHub &hub)
    : m_hub(hub)
{}

void HealthHandler::health(HttpRequest request, Responder responder)
{
    if (!request.principal) {
        responder(Responses::json(200, std::string("{\"status\":\"ok\"}")));
        return;
    }
    responder(Responses::json(200,
                              "{\"status\":\"ok\",\"cursor\":\"" + std::to_string(m_hub.head())
                                  + "\",\"streams\":" + std::to_string(m_hub.clientCount()) + "}"));
}
