#pragma once

// GET /health: no token needed; {"status":"ok"}. With a valid token it also
// says {"cursor":"<head>","streams":N}: how far the server is and how many
// listen is nothing for strangers. Answered from the hub on the I/O thread,
// so it stays cheap under load.

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
