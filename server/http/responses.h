#pragma once

// Builders for the JSON responses every handler sends, so each error has the
// {"error","message"} shape and the status docs/protocol.md names.

#include "httptypes.h"

#include <QJsonObject>

#include <string>
#include <string_view>

namespace Responses {

HttpResponse json(int status, std::string body);
HttpResponse json(int status, const QJsonObject &object);
HttpResponse error(int status, std::string_view code, std::string_view message);
// 500 internal_error with a reference the log line carries too: the detail
// (SQLite's text, file paths) goes to the log, never to the client.
HttpResponse internalError(std::string_view detail);
HttpResponse noContent();

// Compresses the body when the request accepts gzip and it is worth it, and
// adds gzip;dur=<ms> to a Server-Timing header the response already has.
// Costs CPU: never on the I/O thread; large bodies (see isLargeForGzip) on
// the Compressor, so the store thread does not wait on zlib.
void gzipIfAccepted(HttpResponse &response, bool acceptsGzip);
bool isLargeForGzip(const HttpResponse &response, bool acceptsGzip);

// Server-Timing metric text, e.g. "store;dur=1.25".
std::string timingMetric(std::string_view name, double ms);

// A JSON string literal (with quotes) for text of unknown origin; invalid
// UTF-8 becomes U+FFFD, so every body stays valid UTF-8.
std::string quoted(std::string_view text);

} // namespace Responses
