#pragma once

// GET /api/sync/stream: checks collections= and the resume cursor
// (Last-Event-ID or since=) before the stream starts (400 as JSON), then the
// token, then hands the connection to the hub. Works with or without
// Accept: text/event-stream.

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
