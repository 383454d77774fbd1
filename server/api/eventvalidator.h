#pragma once

// Validation of event writes: the body must be strict JSON (StrictJson) and
// an object (400), the known fields must have the right types and values,
// and clientId/tariffId must name live documents (422). Whatever is stored
// must be readable by every client: the whole document, a PUT's merged
// result included, is nested at most maxDepth deep (422) and its stored
// JSON at most the body limit (413). Runs on the store thread.

#include <QJsonObject>

#include <cstdint>
#include <optional>
#include <string>

class ChangeLogStore;

namespace EventValidator {

// A document is level 1, an object or array in one of its fields level 2,
// and so on. Events need 3 (lineItems of objects); Qt's parser gives up at
// 1024 levels, and a delta page or stream frame adds 3 around a document.
constexpr int maxDepth = 32;

struct Problem
{
    int status = 422;
    std::string message;
};

// The request body as an object without the server-owned fields.
std::optional<QJsonObject> parseBody(const std::string &body, Problem *problem);
// Depth and stored size of a whole document (fields without _id, version,
// updatedAt, which the store adds: they are allowed for).
std::optional<Problem> checkBounds(const QJsonObject &document, uint64_t maxBytes);
// Applies the fields of a PUT over the stored ones; null removes a field.
QJsonObject merged(const QJsonObject &stored, const QJsonObject &changes);
// Checks a whole event document.
std::optional<Problem> check(const QJsonObject &event, ChangeLogStore &store);

} // namespace EventValidator
