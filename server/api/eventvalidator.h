#pragma once

// Validation of event writes: the body must be a JSON object (400), the
// known fields must have the right types and values, and clientId/tariffId
// must name live documents (422). Runs on the store thread.

#include <QJsonObject>

#include <optional>
#include <string>

class ChangeLogStore;

namespace EventValidator {

struct Problem
{
    int status = 422;
    std::string message;
};

// The request body as an object without the server-owned fields.
std::optional<QJsonObject> parseBody(const std::string &body, Problem *problem);
// Applies the fields of a PUT over the stored ones; null removes a field.
QJsonObject merged(const QJsonObject &stored, const QJsonObject &changes);
// Checks a whole event document.
std::optional<Problem> check(const QJsonObject &event, ChangeLogStore &store);

} // namespace EventValidator
