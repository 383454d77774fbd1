#pragma once

// GET /api/sync/stream: the gate checked the token (401); then
// collections= and the resume cursor (Last-Event-ID or since=) are checked
// (400 as JSON), the hub's stream caps (429), and the connection is handed
// to the hub. Works with or without Accept: text/event-stream.

#include "httptypes.h"

struct ApiContext;

class StreamHandler
{
public:
    explicit StreamHandler(ApiContext &context);

    void open(HttpRequest request, Responder responder);

private:
    ApiContext &m_context;
};
