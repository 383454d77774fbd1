#pragma once

// GET /health: no token; {"status":"ok","cursor":"<head>"}. Answered from
// the hub's head on the I/O thread, so it stays cheap under load.

#include "httptypes.h"

class StreamHub;

class HealthHandler
{
public:
    explicit HealthHandler(const StreamHub &hub);

    void health(HttpRequest request, Responder responder);

private:
    const StreamHub &m_hub;
};
