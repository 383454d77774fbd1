#include "streamhandler.h"

#include "apicontext.h"
#include "authenticator.h"
#include "protocol.h"
#include "responses.h"
#include "streamhub.h"

#include <QString>
#include <QStringList>

StreamHandler::StreamHandler(ApiContext &context)
    : m_context(context)
{}

void StreamHandler::open(HttpRequest request, Responder responder)
{
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
    const std::string tokenHash = Authenticator::tokenHash(
        Authenticator::bearerToken(request).value_or(std::string()));
    Authenticator::runAuthorized(
        m_context,
        std::move(request),
        std::move(responder),
        {},
        [&hub, collections, since, tokenHash](ChangeLogStore &, const Account &account) {
            HttpResponse response;
            response.contentType = "text/event-stream";
            const StreamHub::Credential credential{tokenHash, account.tokenExpiresAtMs};
            response.onStreamStarted =
                [&hub, collections, since, credential](std::shared_ptr<StreamSink> sink) {
                    hub.subscribe(std::move(sink), collections, since, credential);
                };
            return response;
        });
}
