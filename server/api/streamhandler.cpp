#include "streamhandler.h"

#include "apicontext.h"
#include "authenticator.h"
#include "protocol.h"
#include "requestprincipal.h"
#include "responses.h"
#include "streamhub.h"

#include <QString>
#include <QStringList>

StreamHandler::StreamHandler(ApiContext &context)
    : m_context(context)
{}

void StreamHandler::open(HttpRequest request, Responder responder)
{
    const Account *account = Authenticator::requirePermission(request, {}, responder);
    if (!account)
        return;
    std::vector<std::string> collections;
    if (const auto list = request.queryValue("collections")) {
        const QStringList names = QString::fromStdString(*list).split(u',', Qt::SkipEmptyParts);
        for (const QString &name : names) {
            const QString trimmed = name.trimmed();
            if (!Protocol::isKnownCollection(trimmed)) {
                responder(Responses::error(400,
                                           Protocol::Error::badRequest,
                                           "Unknown collection '" + trimmed.toStdString()
                                               + "' in collections=."));
                return;
            }
            collections.push_back(trimmed.toStdString());
        }
    }
    std::optional<int64_t> since;
    std::string resume = request.header("last-event-id");
    if (resume.empty())
        resume = request.queryValue("since").value_or(std::string());
    if (!resume.empty()) {
        since = Protocol::parseCursor(QString::fromStdString(resume));
        if (!since) {
            responder(Responses::error(400,
                                       Protocol::Error::badRequest,
                                       "Last-Event-ID / since must be a cursor (a decimal seq)."));
            return;
        }
    }
    StreamHub &hub = m_context.hub;
    const StreamHub::Credential credential{request.principal->tokenHash,
                                           account->username,
                                           account->tokenExpiresAtMs};
    HttpResponse response;
    response.contentType = "text/event-stream";
    // Both run on the I/O thread in one step: the cap is checked and the
    // stream counted before any other stream can be.
    response.admitStream = [&hub, credential]() -> std::optional<HttpResponse> {
        const std::optional<std::string> problem = hub.admissionProblem(credential);
        if (!problem)
            return std::nullopt;
        HttpResponse refused = Responses::error(429, Protocol::Error::tooManyRequests, *problem);
        refused.headers.emplace_back("Retry-After", "5");
        return refused;
    };
    response.onStreamStarted =
        [&hub, collections, since, credential](std::shared_ptr<StreamSink> sink) {
            hub.subscribe(std::move(sink), collections, since, credential);
        };
    responder(std::move(response));
}
