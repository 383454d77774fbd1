#pragma once

// Builders for the JSON responses every handler sends, so each error has the
// {"error","message"} shape and the status PROTOCOL.md names.

#include "httptypes.h"

#include <QJsonObject>

#include <string>
#include <string_view>

namespace Responses {

HttpResponse json(int status, std::string body);
HttpResponse json(int status, const QJsonObject &object);
HttpResponse error(int status, std::string_view code, std::string_view message);
HttpResponse noContent();

// Compresses the body when the request accepts gzip and it is worth it.
// Costs CPU: call it off the I/O thread for large bodies.
void gzipIfAccepted(HttpResponse &response, const HttpRequest &request);

// A JSON string literal (with quotes) for text of unknown origin.
std::string quoted(std::string_view text);

} // namespace Responses
