#include "apiroutes.h"

#include "accessgate.h"
#include "apicontext.h"
#include "protocol.h"
#include "responses.h"
#include "router.h"

ApiRoutes::ApiRoutes(ApiContext &context)
    : m_context(context)
    , m_auth(context)
    , m_collections(context)
    , m_writes(context)
    , m_stream(context)
    , m_health(context)
{}

std::shared_ptr<Router> ApiRoutes::makeRouter()
{
    auto router = std::make_shared<Router>();
    router->setGate([&context = m_context](const HttpRequest &head, AdmissionCallback done) {
        AccessGate::admit(context, head, std::move(done));
    });
    auto bind = [](auto *object, auto method) {
        return [object, method](HttpRequest request, Responder responder) {
            (object->*method)(std::move(request), std::move(responder));
        };
    };
    router->add("GET", "/health", bind(&m_health, &HealthHandler::health));
    router->add("POST", "/api/auth/login", bind(&m_auth, &AuthHandler::login));
    router->add("POST", "/api/auth/logout", bind(&m_auth, &AuthHandler::logout));
    router->add("GET", "/api/sync/stream", bind(&m_stream, &StreamHandler::open));
    router->add("GET",
                "/api/*",
                bind(&m_collections, &CollectionsHandler::fetch),
                "/api/{collection}");
    router->add("POST", "/api/events", bind(&m_writes, &EventsWriteHandler::create));
    router->add("PUT",
                "/api/events/*",
                bind(&m_writes, &EventsWriteHandler::update),
                "/api/events/{id}");
    router->add("DELETE",
                "/api/events/*",
                bind(&m_writes, &EventsWriteHandler::remove),
                "/api/events/{id}");
    // Other collections are read-only: say so instead of a bare 405.
    auto readOnly = [](HttpRequest request, Responder responder) {
        const std::string collection = request.pathParams.at(0);
        if (!Protocol::isKnownCollection(QString::fromStdString(collection))) {
            // /api/auth/* and /api/sync/* exist, with other methods.
            const bool known = request.pathParams.size() > 1
                               && (collection == "auth" || collection == "sync");
            responder(known ? Responses::error(405,
                                               Protocol::Error::methodNotAllowed,
                                               request.method + " is not allowed on " + request.path
                                                   + ".")
                            : Responses::error(404,
                                               Protocol::Error::notFound,
                                               "No such resource: " + request.path));
            return;
        }
        const bool events = collection == "events";
        const bool item = request.pathParams.size() > 1;
        const std::string allow = events ? (item ? "PUT, DELETE" : "GET, POST") : "GET";
        HttpResponse r = Responses::error(
            405,
            Protocol::Error::methodNotAllowed,
            events ? request.method
                         + " is not allowed here; use POST /api/events or PUT/DELETE "
                           "/api/events/<id>."
                   : "The " + collection + " collection is read-only; only events accept writes.");
        r.headers.emplace_back("Allow", allow);
        responder(std::move(r));
    };
    for (const char *method : {"POST", "PUT", "DELETE", "PATCH"}) {
        router->addRefusal(method, "/api/*", readOnly, "/api/{collection}");
        router->addRefusal(method, "/api/*/*", readOnly, "/api/{collection}/{id}");
    }
    return router;
}
