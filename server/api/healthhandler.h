#pragma once

// GET /health: no token needed; {"status":"ok","databaseId":"<id>"}. With a
// valid token it also says {"cursor":"<head>","streams":N}: how far the
// server is and how many listen is nothing for strangers. The store is asked
// on its thread (a read of the database id, never SQL on the I/O thread):
// while it cannot reach its database, 503 {"status":"unavailable",...} with
// Retry-After, so a load balancer takes the instance out.

#include "httptypes.h"

struct ApiContext;

class HealthHandler
{
public:
    explicit HealthHandler(ApiContext &context);

    void health(HttpRequest request, Responder responder);

private:
    ApiContext &m_context;
};
