#include "responses.h"

#include "gzip.h"
#include "logtext.h"
#include "utf8.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRandomGenerator>

#include <chrono>
#include <cstdio>

Q_DECLARE_LOGGING_CATEGORY(lcHttp)

namespace Responses {

namespace {
constexpr size_t gzipThreshold = 512;
constexpr size_t largeBody = 256 * 1024;
// Above this (~5 ms of zlib), compression leaves the store thread.
constexpr size_t offloadBody = 64 * 1024;
constexpr std::string_view serverTiming = "Server-Timing";
} // namespace

HttpResponse json(int status, std::string body)
{
    HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    return r;
}

HttpResponse json(int status, const QJsonObject &object)
{
    return json(status, QJsonDocument(object).toJson(QJsonDocument::Compact).toStdString());
}

HttpResponse error(int status, std::string_view code, std::string_view message)
{
    return json(status, "{\"error\":" + quoted(code) + ",\"message\":" + quoted(message) + "}");
}

HttpResponse internalError(std::string_view detail)
{
    char reference[16];
    std::snprintf(reference, sizeof reference, "%08x", QRandomGenerator::global()->generate());
    // The detail may quote a client's text (an id inside a database error):
    // escaped like any client text, with room for the database's message.
    qCWarning(lcHttp).noquote() << "internal error" << reference << ":"
                                << LogText::escaped(detail, 1024).c_str();
    return error(500,
                 "internal_error",
                 std::string("The server could not complete the request (reference ") + reference
                     + "); its log has the details.");
}

HttpResponse noContent()
{
    HttpResponse r;
    r.status = 204;
    r.contentType.clear();
    return r;
}

std::string timingMetric(std::string_view name, double ms)
{
    char text[32];
    std::snprintf(text, sizeof text, ";dur=%.2f", ms);
    return std::string(name) + text;
}

bool isLargeForGzip(const HttpResponse &response, bool acceptsGzip)
{
    return acceptsGzip && !response.gzipped && response.body.size() >= offloadBody;
}

void gzipIfAccepted(HttpResponse &response, bool acceptsGzip)
{
    response.headers.emplace_back("Vary", "Accept-Encoding");
    if (response.gzipped || response.body.size() < gzipThreshold || !acceptsGzip)
        return;
    const auto started = std::chrono::steady_clock::now();
    // Level 6 on a 4 MB page costs ~300 ms of the store thread; level 1
    // costs ~60 ms for a 4x instead of 5.5x smaller body.
    const int level = response.body.size() > largeBody ? 1 : 6;
    if (std::optional<std::string> packed = Gzip::compress(response.body, level)) {
        response.body = std::move(*packed);
        response.gzipped = true;
        response.headers.emplace_back("Content-Encoding", "gzip");
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now()
                                                                    - started)
                              .count();
        for (auto &[name, value] : response.headers) {
            if (name == serverTiming)
                value += ", " + timingMetric("gzip", ms);
        }
    }
}

std::string quoted(std::string_view raw)
{
    const std::string text = Utf8::sanitized(raw);
    std::string out;
    out.reserve(text.size() + 2);
    out += '"';
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (c < 0x20) {
                static const char hex[] = "0123456789abcdef";
                out += "\\u00";
                out += hex[c >> 4];
                out += hex[c & 15];
            } else {
                out += ch;
            }
        }
    }
    out += '"';
    return out;
}

} // namespace Responses
