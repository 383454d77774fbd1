#include "accesslog.h"

#include "logtext.h"
#include "responses.h"
#include "serverlog.h"

#include <QLoggingCategory>

#include <cstdio>

Q_LOGGING_CATEGORY(lcAccess, "deltadesk.server.access")

namespace AccessLog {

void write(const AccessRecord &record)
{
    if (!lcAccess().isInfoEnabled())
        return;
    const std::string user = LogText::escaped(record.user);
    char duration[32];
    std::snprintf(duration, sizeof duration, "%.3f", record.durationMs);
    if (ServerLog::format() == ServerLog::Format::Json) {
        ServerLog::writeJson(QtInfoMsg,
                             lcAccess().categoryName(),
                             {{"requestId", Responses::quoted(record.requestId)},
                              {"method", Responses::quoted(record.method)},
                              {"route", Responses::quoted(record.route)},
                              {"status", std::to_string(record.status)},
                              {"durationMs", duration},
                              {"user", record.user.empty() ? "null" : Responses::quoted(user)}},
                             record.method + " " + record.route + " "
                                 + std::to_string(record.status));
        return;
    }
    qCInfo(lcAccess).noquote() << record.method.c_str() << record.route.c_str() << record.status
                               << duration << "ms" << (record.user.empty() ? "-" : user.c_str())
                               << ("id=" + record.requestId).c_str();
}

} // namespace AccessLog
