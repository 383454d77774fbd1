#include "eventswritehandler.h"

#include "apicontext.h"
#include "authenticator.h"
#include "changelogstore.h"
#include "eventvalidator.h"
#include "protocol.h"
#include "responses.h"
#include "streamhub.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QRandomGenerator>

#include <boost/asio/post.hpp>

namespace {

const QString writePermission = QStringLiteral("events:write");

HttpResponse problemResponse(const EventValidator::Problem &problem)
{
    const char *code = problem.status == 400   ? Protocol::Error::badRequest
                       : problem.status == 413 ? Protocol::Error::payloadTooLarge
                                               : Protocol::Error::unprocessable;
    return Responses::error(problem.status, code, problem.message);
}

// Who wrote it, for "changed by manager at 14:05" on other desks. Stamped
// here, where the account is known, so both stores keep it alike; a client's
// own updatedBy was dropped with the other server fields.
void stampWriter(QJsonObject *fields, const Account &account)
{
    fields->insert(QStringLiteral("updatedBy"), QString::fromStdString(account.username));
}

} // namespace

EventsWriteHandler::EventsWriteHandler(ApiContext &context)
    : m_context(context)
{}

std::string EventsWriteHandler::newEventId()
{
    const quint64 random = QRandomGenerator::system()->generate64();
    return "e-" + QByteArray::number(random, 36).toStdString();
}

bool EventsWriteHandler::readIfMatch(const HttpRequest &request,
                                     std::optional<int64_t> *version,
                                     const Responder &responder)
{
    if (!request.hasHeader("if-match"))
        return true;
    std::string value = request.header("if-match");
    if (value.rfind("W/", 0) == 0)
        value.erase(0, 2);
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
        value = value.substr(1, value.size() - 2);
    *version = Protocol::parseCursor(QString::fromStdString(value));
    if (!version->has_value()) {
        responder(Responses::error(400,
                                   Protocol::Error::badRequest,
                                   "If-Match must be the document's version, e.g. \"3\"."));
    }
    return version->has_value();
}

HttpResponse EventsWriteHandler::commit(ApiContext &context,
                                        ChangeLogStore &store,
                                        const WriteCommand &command,
                                        int successStatus)
{
    std::vector<WriteResult> results;
    if (!store.applyWrites({command}, QDateTime::currentMSecsSinceEpoch(), &results)
        || results.size() != 1)
        return Responses::internalError("event write: " + store.lastError());
    WriteResult &result = results.front();
    switch (result.status) {
    case WriteResult::Status::Ok:
        break;
    case WriteResult::Status::NotFound:
        return Responses::error(404, Protocol::Error::notFound, "No event " + command.id + ".");
    case WriteResult::Status::Conflict:
        return Responses::error(409, "conflict", "An event " + command.id + " already exists.");
    case WriteResult::Status::VersionMismatch:
        return Responses::json(412, result.currentDocument);
    case WriteResult::Status::Failed:
        return Responses::internalError("event write: " + store.lastError());
    }
    HttpResponse response = successStatus == 204
                                ? Responses::noContent()
                                : Responses::json(successStatus, result.change.documentJson);
    response.headers.emplace_back(Protocol::syncCursorHeader, std::to_string(result.change.seq));
    if (!context.databaseId.empty())
        response.headers.emplace_back(Protocol::databaseIdHeader, context.databaseId);
    // Committed: publish, posted to the I/O thread right behind the
    // response, so the writer never waits for the fan-out to N streams.
    // Posted from the store thread in commit order: streams see seq order.
    response.afterResponding = [&io = context.io, &hub = context.hub, change = result.change] {
        boost::asio::post(io, [&hub, change] { hub.publish(change); });
    };
    return response;
}

void EventsWriteHandler::create(HttpRequest request, Responder responder)
{
    const std::string body = std::move(request.body);
    ApiContext &context = m_context;
    Authenticator::runAuthorized(
        m_context,
        std::move(request),
        std::move(responder),
        writePermission,
        [&context, body](ChangeLogStore &store, const Account &account) {
            EventValidator::Problem problem;
            std::optional<QJsonObject> fields = EventValidator::parseBody(body, &problem);
            if (!fields)
                return problemResponse(problem);
            if (!fields->contains(QStringLiteral("status")))
                fields->insert(QStringLiteral("status"), QStringLiteral("draft"));
            stampWriter(&*fields, account);
            if (auto bad = EventValidator::check(*fields, store))
                return problemResponse(*bad);
            if (auto bad = EventValidator::checkBounds(*fields, context.config.maxBodyBytes))
                return problemResponse(*bad);
            WriteCommand command;
            command.kind = WriteCommand::Kind::Insert;
            command.collection = "events";
            command.id = newEventId();
            command.fields = std::move(*fields);
            return commit(context, store, command, 201);
        });
}

void EventsWriteHandler::update(HttpRequest request, Responder responder)
{
    if (!Authenticator::requirePermission(request, writePermission, responder))
        return;
    std::optional<int64_t> expected;
    if (!readIfMatch(request, &expected, responder))
        return;
    const std::string id = request.pathParams.at(0);
    const std::string body = std::move(request.body);
    ApiContext &context = m_context;
    Authenticator::runAuthorized(
        m_context,
        std::move(request),
        std::move(responder),
        writePermission,
        [&context, id, body, expected](ChangeLogStore &store, const Account &account) {
            EventValidator::Problem problem;
            const std::optional<QJsonObject> changes = EventValidator::parseBody(body, &problem);
            if (!changes)
                return problemResponse(problem);
            const std::optional<StoredDocument> stored = store.document("events", id);
            if (!stored || stored->deleted)
                return Responses::error(404, Protocol::Error::notFound, "No event " + id + ".");
            if (expected && *expected != stored->version)
                return Responses::json(412, stored->json);
            QJsonParseError parseError;
            const QJsonDocument current
                = QJsonDocument::fromJson(QByteArray::fromStdString(stored->json), &parseError);
            if (parseError.error != QJsonParseError::NoError || !current.isObject())
                return Responses::internalError("stored event " + id + " does not parse: "
                                                + parseError.errorString().toStdString());
            // The merged result is what gets stored: it must pass every
            // check a new event does, its size and depth included.
            QJsonObject fields = EventValidator::merged(current.object(), *changes);
            stampWriter(&fields, account);
            if (auto bad = EventValidator::check(fields, store))
                return problemResponse(*bad);
            if (auto bad = EventValidator::checkBounds(fields, context.config.maxBodyBytes))
                return problemResponse(*bad);
            WriteCommand command;
            command.kind = WriteCommand::Kind::Update;
            command.collection = "events";
            command.id = id;
            command.fields = fields;
            command.expectedVersion = stored->version;
            return commit(context, store, command, 200);
        });
}

void EventsWriteHandler::remove(HttpRequest request, Responder responder)
{
    if (!Authenticator::requirePermission(request, writePermission, responder))
        return;
    std::optional<int64_t> expected;
    if (!readIfMatch(request, &expected, responder))
        return;
    const std::string id = request.pathParams.at(0);
    ApiContext &context = m_context;
    Authenticator::runAuthorized(m_context,
                                 std::move(request),
                                 std::move(responder),
                                 writePermission,
                                 [&context, id, expected](ChangeLogStore &store, const Account &) {
                                     WriteCommand command;
                                     command.kind = WriteCommand::Kind::Delete;
                                     command.collection = "events";
                                     command.id = id;
                                     command.expectedVersion = expected;
                                     return commit(context, store, command, 204);
                                 });
}
