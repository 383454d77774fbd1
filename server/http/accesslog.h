#pragma once

// One line per answered request (category deltadesk.server.access, info):
// request id, method, route (the pattern, never the raw path), status,
// duration, user. A stream's line is written when its head goes out. The
// user is the client's text where no token named it (a login): escaped.

#include <string>

struct AccessRecord
{
    std::string requestId;
    std::string method; // as RequestMetrics names it: unknown verbs are "OTHER"
    std::string route;
    int status = 0;
    double durationMs = 0;
    std::string user; // empty: nobody known
};

namespace AccessLog {

void write(const AccessRecord &record);

} // namespace AccessLog
