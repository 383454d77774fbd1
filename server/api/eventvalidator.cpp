#include "eventvalidator.h"

#include "changelogstore.h"
#include "protocol.h"
#include "strictjson.h"
#include "utf8.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace {

const QString serverFields[] = {QStringLiteral("_id"),
                                QStringLiteral("version"),
                                QStringLiteral("updatedAt"),
                                QStringLiteral("updatedBy")};

EventValidator::Problem unprocessable(std::string message)
{
    return {422, std::move(message)};
}

std::optional<EventValidator::Problem> checkReference(const QJsonObject &event,
                                                      const QString &field,
                                                      const char *collection,
                                                      ChangeLogStore &store)
{
    const QJsonValue value = event.value(field);
    if (value.isUndefined())
        return std::nullopt;
    if (!value.isString() || value.toString().isEmpty())
        return unprocessable(field.toStdString() + " must be a non-empty string.");
    const std::string id = value.toString().toStdString();
    // No id holds one; and libpq would cut the id at a NUL and find another.
    if (Utf8::hasControlCharacter(id))
        return unprocessable(field.toStdString() + " must not hold control characters.");
    const auto doc = store.document(collection, id);
    if (!doc || doc->deleted)
        return unprocessable(field.toStdString() + " '" + value.toString().toStdString()
                             + "' does not name an existing document of " + collection + ".");
    return std::nullopt;
}

// Levels of nesting of value: 0 for a scalar, 1 for a flat object or array.
int depthOf(const QJsonValue &value)
{
    int inner = 0;
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            inner = std::max(inner, depthOf(it.value()));
    } else if (value.isArray()) {
        for (const QJsonValue &item : value.toArray())
            inner = std::max(inner, depthOf(item));
    } else {
        return 0;
    }
    return inner + 1;
}

// Room for what the store adds: "_id" (ids are short), "version",
// "updatedAt" (24 characters), with their quotes and separators. "updatedBy"
// is in the fields by the time they are checked, so it is counted there.
constexpr uint64_t metaFieldBytes = 160;

} // namespace

namespace EventValidator {

std::optional<QJsonObject> parseBody(const std::string &body, Problem *problem)
{
    if (const std::optional<StrictJson::Problem> bad = StrictJson::check(body, maxDepth)) {
        if (bad->kind == StrictJson::Problem::Kind::TooDeep)
            *problem = {422,
                        "The event is nested deeper than " + std::to_string(maxDepth)
                            + " levels; clients could not read it."};
        else
            *problem = {400, bad->message};
        return std::nullopt;
    }
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(body), &error);
    if (error.error != QJsonParseError::NoError) {
        *problem = {400, "The body is not valid JSON: " + error.errorString().toStdString() + "."};
        return std::nullopt;
    }
    if (!doc.isObject()) {
        *problem = {400, "The body must be a JSON object of event fields."};
        return std::nullopt;
    }
    QJsonObject fields = doc.object();
    for (const QString &name : serverFields)
        fields.remove(name);
    return fields;
}

std::optional<Problem> checkBounds(const QJsonObject &document, uint64_t maxBytes)
{
    if (depthOf(document) > maxDepth)
        return unprocessable("The event would be nested deeper than " + std::to_string(maxDepth)
                             + " levels; clients could not read it.");
    const uint64_t bytes = uint64_t(QJsonDocument(document).toJson(QJsonDocument::Compact).size())
                           + metaFieldBytes;
    if (bytes > maxBytes)
        return Problem{413,
                       "The event would be " + std::to_string(bytes)
                           + " bytes stored; documents are limited to " + std::to_string(maxBytes)
                           + " bytes (--max-body-bytes)."};
    return std::nullopt;
}

QJsonObject merged(const QJsonObject &stored, const QJsonObject &changes)
{
    QJsonObject out = stored;
    for (const QString &name : serverFields)
        out.remove(name);
    for (auto it = changes.begin(); it != changes.end(); ++it) {
        if (it.value().isNull())
            out.remove(it.key());
        else
            out.insert(it.key(), it.value());
    }
    return out;
}

std::optional<Problem> check(const QJsonObject &event, ChangeLogStore &store)
{
    const QJsonValue title = event.value(QStringLiteral("title"));
    if (!title.isString() || title.toString().trimmed().isEmpty())
        return unprocessable("title is required and must be a non-empty string.");

    std::optional<QDateTime> starts;
    std::optional<QDateTime> ends;
    for (const auto &[name, target] : {std::pair{QStringLiteral("startsAt"), &starts},
                                       std::pair{QStringLiteral("endsAt"), &ends}}) {
        const QJsonValue value = event.value(name);
        if (!value.isString())
            return unprocessable(name.toStdString()
                                 + " is required and must be an ISO 8601 timestamp string.");
        *target = Protocol::parseTimestamp(value.toString());
        if (!*target)
            return unprocessable(name.toStdString() + " is not an ISO 8601 timestamp: '"
                                 + value.toString().toStdString() + "'.");
    }
    if (*ends < *starts)
        return unprocessable("endsAt must not be before startsAt.");

    const QJsonValue status = event.value(QStringLiteral("status"));
    if (!status.isUndefined() && status != QLatin1String("draft")
        && status != QLatin1String("confirmed") && status != QLatin1String("cancelled"))
        return unprocessable("status must be one of draft, confirmed, cancelled.");

    for (const QString &name : {QStringLiteral("location"), QStringLiteral("notes")}) {
        const QJsonValue value = event.value(name);
        if (!value.isUndefined() && !value.isString())
            return unprocessable(name.toStdString() + " must be a string.");
    }
    for (const QString &name : {QStringLiteral("staffing"), QStringLiteral("lineItems")}) {
        const QJsonValue value = event.value(name);
        if (!value.isUndefined() && !value.isArray())
            return unprocessable(name.toStdString() + " must be an array.");
    }
    if (auto problem = checkReference(event, QStringLiteral("clientId"), "clients", store))
        return problem;
    if (auto problem = checkReference(event, QStringLiteral("tariffId"), "tariffs", store))
        return problem;
    return std::nullopt;
}

} // namespace EventValidator
