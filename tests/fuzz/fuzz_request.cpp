// The server's request path on raw bytes, in process: Beast's request
// parser with HttpSession's settings (header limit first, the body limit
// the gate picks), the router's gate and dispatch with the real API routes,
// their handlers on the store thread over a real SQLite store, and the
// event stream's start on a sink that records frames. Invariants: every
// request is answered exactly once (bounded in time), with a status a
// client can act on; no 500 (bad input is the client's fault, a 4xx);
// every error body is a JSON object naming the error (a 412 the document).
//
// Not covered (no socket here): timeouts, keep-alive pipelining, the
// session's own RFC 9112 framing checks (framingProblem in
// httpsession.cpp is file-local), and what the access log writes.

#include "fuzzcheck.h"
#include "fuzzserver.h"
#include "router.h"

#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace asio = boost::asio;

namespace {

// A sink that takes every frame; closing it runs the hub's handler later on
// the I/O thread, as a session's does.
class RecordingSink final : public StreamSink
{
public:
    bool send(SharedFrame frame) override
    {
        if (m_closed || !frame)
            return false;
        FUZZ_CHECK(!frame->empty());
        ++m_frames;
        return true;
    }
    void close() override
    {
        if (m_closed)
            return;
        m_closed = true;
        if (m_onClosed)
            asio::post(FuzzServer::io(), std::move(m_onClosed));
    }
    void setClosedHandler(std::function<void()> handler) override
    {
        m_onClosed = std::move(handler);
    }
    size_t bufferedBytes() const override { return 0; }
    void setDrainedHandler(std::function<void()> handler) override
    {
        asio::post(FuzzServer::io(), std::move(handler)); // nothing is ever left unsent
    }
    std::optional<std::chrono::steady_clock::time_point> undrainedSince() const override
    {
        return std::nullopt;
    }
    size_t frames() const { return m_frames; }

private:
    bool m_closed = false;
    size_t m_frames = 0;
    std::function<void()> m_onClosed;
};

std::string lowered(beast::string_view text)
{
    std::string out(text.data(), text.size());
    for (char &c : out)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

void checkAnswer(const HttpResponse &response)
{
    FUZZ_CHECK(response.status >= 200 && response.status <= 599);
    FUZZ_CHECK(response.status != 500);
    if (response.status < 400 || response.onStreamStarted)
        return;
    const QJsonDocument body = QJsonDocument::fromJson(QByteArray::fromStdString(response.body));
    FUZZ_CHECK(body.isObject());
    // A stale If-Match gets the current document instead (docs/protocol.md).
    const char *named = response.status == 412 ? "_id" : "error";
    FUZZ_CHECK(body.object().value(QLatin1String(named)).isString());
}

// What HttpSession::respond does with an answer: a stream is admitted (or
// refused with another answer) and started on the sink, which is closed
// again once what the hub sent at once has run.
void respond(HttpResponse response)
{
    if (response.onStreamStarted) {
        std::optional<HttpResponse> refused = response.admitStream ? response.admitStream()
                                                                   : std::nullopt;
        if (refused) {
            checkAnswer(*refused);
            return;
        }
        auto sink = std::make_shared<RecordingSink>();
        response.onStreamStarted(sink);
        FuzzServer::io().poll();
        sink->close();
        FuzzServer::io().poll();
        return;
    }
    checkAnswer(response);
}

// Feeds bytes to the parser until its header (or, after the header, the
// whole message) is done; false when the session would stop reading: an
// error (answered by the session with 400/413/431 or a close) or input
// that ends before the message does (the session would time out).
bool feed(http::request_parser<http::string_body> &parser,
          asio::const_buffer &rest,
          bool untilHeader)
{
    const auto finished = [&] { return untilHeader ? parser.is_header_done() : parser.is_done(); };
    while (!finished()) {
        beast::error_code ec;
        const size_t used = rest.size() > 0 ? parser.put(rest, ec) : 0;
        rest += used;
        if (ec && ec != http::error::need_more)
            return false;
        if (used > 0)
            continue;
        // Nothing more to read: the peer closed here (a body "until close"
        // ends; anything else is cut short).
        ec = {};
        parser.put_eof(ec);
        return !ec && finished();
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static QCoreApplication app(*argc, *argv);
    FuzzServer::restoreTokens(); // builds the server before the first input
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    http::request_parser<http::string_body> parser;
    parser.header_limit(FuzzServer::limits().headerLimit);
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());
    asio::const_buffer rest(data, size);
    if (!feed(parser, rest, true))
        return 0;

    const http::request<http::string_body> &message = parser.get();
    const std::string_view target(message.target().data(), message.target().size());
    const size_t question = target.find('?');
    HttpRequest request;
    request.method = std::string(message.method_string());
    request.path = std::string(target.substr(0, question));
    if (question != std::string_view::npos)
        request.query = std::string(target.substr(question + 1));
    for (const auto &field : message)
        request.headers.emplace_back(lowered(field.name_string()), std::string(field.value()));
    request.remoteAddress = "127.0.0.1";
    request.remoteKey = "127.0.0.1";
    const Router &router = FuzzServer::router();
    const std::string route = router.routeLabel(request.method, request.path);
    FUZZ_CHECK(!route.empty());

    std::optional<Admission> admission;
    router.admit(request, [&admission](Admission made) {
        asio::post(FuzzServer::io(), [&admission, made = std::move(made)]() mutable {
            FUZZ_CHECK(!admission);
            admission = std::move(made);
        });
    });
    FuzzServer::runUntil([&] { return admission.has_value(); });
    if (admission->refusal) {
        checkAnswer(*admission->refusal);
        return 0;
    }
    request.principal = std::move(admission->principal);
    const boost::optional<std::uint64_t> length = parser.content_length();
    if (length && *length > admission->bodyLimit)
        return 0; // the session answers 413 before reading it
    if (!parser.is_done()) {
        parser.body_limit(admission->bodyLimit);
        if (!feed(parser, rest, false))
            return 0;
    }
    request.body = std::move(parser.get().body());

    std::optional<HttpResponse> response;
    router.dispatch(std::move(request), [&response](HttpResponse made) {
        asio::post(FuzzServer::io(), [&response, made = std::move(made)]() mutable {
            FUZZ_CHECK(!response);
            response = std::move(made);
        });
    });
    FuzzServer::runUntil([&] { return response.has_value(); });
    respond(std::move(*response));
    if (route == "/api/auth/logout")
        FuzzServer::restoreTokens();
    return 0;
}
