#include "eventvalidator.h"

#include "changelogstore.h"
#include "protocol.h"

#include <QJsonDocument>

namespace {

const QString serverFields[] = {QStringLiteral("_id"),
                                QStringLiteral("version"),
                                QStringLiteral("updatedAt")};

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
    const auto doc = store.document(collection, value.toString().toStdString());
    if (!doc || doc->deleted)
        return unprocessable(field.toStdString() + " '" + value.toString().toStdString()
                             + "' does not name an existing document of " + collection + ".");
    return std::nullopt;
}

} // namespace

namespace EventValidator {

std::optional<QJsonObject> parseBody(const std::string &body, Problem *problem)
{
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
