#pragma once

// POST /api/events, PUT and DELETE /api/events/<id>. Validates on the store
// thread, commits, then publishes the change to the hub (commit first, then
// publish), and answers with X-Sync-Cursor. The demo writer uses commit().

#include "httptypes.h"
#include "storetypes.h"

struct ApiContext;
class ChangeLogStore;

class EventsWriteHandler
{
public:
    explicit EventsWriteHandler(ApiContext &context);

    void create(HttpRequest request, Responder responder);
    void update(HttpRequest request, Responder responder);
    void remove(HttpRequest request, Responder responder);

    // Applies one write on the store thread; the response to send
    // (201/200/204 or the error). A committed write's response carries its
    // publish in afterResponding: the caller runs it on the store thread
    // after handing the response on (runAuthorized does).
    static HttpResponse commit(ApiContext &context,
                               ChangeLogStore &store,
                               const WriteCommand &command,
                               int successStatus);

    static std::string newEventId();

private:
    // The If-Match version, nullopt if absent; false on a malformed header.
    // False (and a 400 already answered) when If-Match is not a version.
    static bool readIfMatch(const HttpRequest &request,
                            std::optional<int64_t> *version,
                            const Responder &responder);

    ApiContext &m_context;
};
