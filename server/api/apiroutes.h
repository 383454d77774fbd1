#pragma once

// The API's route table: every handler wired to its method and path.

#include "authhandler.h"
#include "collectionshandler.h"
#include "eventswritehandler.h"
#include "healthhandler.h"
#include "streamhandler.h"

#include <memory>

class Router;
struct ApiContext;

class ApiRoutes
{
public:
    explicit ApiRoutes(ApiContext &context);

    // The router refers to this object's handlers: keep it alive as long.
    std::shared_ptr<Router> makeRouter();

private:
    ApiContext &m_context;
    AuthHandler m_auth;
    CollectionsHandler m_collections;
    EventsWriteHandler m_writes;
    StreamHandler m_stream;
    HealthHandler m_health;
};
