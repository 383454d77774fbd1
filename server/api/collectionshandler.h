#pragma once

// GET /api/<collection>: full sync, delta by cursor, or legacy delta by
// lastSync; paged by limit. The page is read and serialised on the store
// thread; documents go out as the stored JSON text, never re-parsed.

#include "httptypes.h"

struct ApiContext;
struct DeltaPage;

class CollectionsHandler
{
public:
    explicit CollectionsHandler(ApiContext &context);

    void fetch(HttpRequest request, Responder responder);

    // databaseId: left out when empty.
    static std::string pageJson(const std::string &collection,
                                const DeltaPage &page,
                                bool deltaSync,
                                int64_t nowMs,
                                const std::string &databaseId = {});

private:
    ApiContext &m_context;
};
