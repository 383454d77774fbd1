#include "httpsession.h"

#include "accesslog.h"
#include "requestid.h"
#include "responses.h"
#include "router.h"
#include "servermetrics.h"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include <QLoggingCategory>

#include <cctype>
#include <limits>

Q_LOGGING_CATEGORY(lcHttp, "deltadesk.server.http")

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace asio = boost::asio;

namespace {
constexpr auto drainTimeout = std::chrono::seconds(5);
constexpr size_t drainLimit = 64 * 1024 * 1024;
constexpr int streamSocketBufferCap = 256 * 1024;
constexpr char serverName[] = "deltadesk-server";

std::string lowered(beast::string_view text)
{
    std::string out(text.data(), text.size());
    for (char &c : out)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// What RFC 9112 makes a 400 (or 501) that the parser lets through; null
// when the framing is sound. A Transfer-Encoding must end in chunked (the
// body's length is unknowable otherwise) and not come with Content-Length
// or in HTTP/1.0 (request smuggling); HTTP/1.1 needs exactly one Host.
const char *framingProblem(const http::request<http::string_body> &message, int *status)
{
    *status = 400;
    const auto hosts = message.equal_range(http::field::host);
    const auto hostCount = std::distance(hosts.first, hosts.second);
    if (message.version() >= 11 && hostCount == 0)
        return "An HTTP/1.1 request needs a Host header (RFC 9112, section 3.2).";
    if (hostCount > 1)
        return "A request may carry only one Host header (RFC 9112, section 3.2).";
    std::vector<std::string> codings;
    for (const auto &field : message) {
        if (field.name() != http::field::transfer_encoding)
            continue;
        const std::string value = lowered(field.value());
        size_t start = 0;
        while (start <= value.size()) {
            const size_t end = std::min(value.find(',', start), value.size());
            std::string coding = value.substr(start, end - start);
            coding.erase(0, coding.find_first_not_of(" \t"));
            coding.erase(coding.find_last_not_of(" \t") + 1);
            if (!coding.empty())
                codings.push_back(coding);
            start = end + 1;
        }
    }
    if (codings.empty()) {
        if (message.count(http::field::transfer_encoding) > 0)
            return "An empty Transfer-Encoding is not a framing (RFC 9112, section 6.1).";
        return nullptr;
    }
    if (message.version() < 11)
        return "HTTP/1.0 has no Transfer-Encoding (RFC 9112, section 6.1).";
    if (message.count(http::field::content_length) > 0)
        return "A request may not carry both Transfer-Encoding and Content-Length "
               "(RFC 9112, section 6.1).";
    if (codings.back() != "chunked")
        return "A request's Transfer-Encoding must end in chunked (RFC 9112, section 6.3).";
    if (codings.size() > 1) {
        *status = 501;
        return "Only the chunked transfer coding is supported.";
    }
    return nullptr;
}

// The address a trusted proxy appended to X-Forwarded-For: the last entry
// (the ones before it came from the client and prove nothing).
std::optional<asio::ip::address> forwardedClient(const http::request<http::string_body> &message)
{
    std::string last;
    for (const auto &field : message) {
        if (!beast::iequals(field.name_string(), "x-forwarded-for"))
            continue;
        const std::string value(field.value().data(), field.value().size());
        const size_t comma = value.rfind(',');
        last = value.substr(comma == std::string::npos ? 0 : comma + 1);
    }
    last.erase(0, last.find_first_not_of(" \t"));
    last.erase(last.find_last_not_of(" \t") + 1);
    beast::error_code ec;
    const asio::ip::address address = asio::ip::make_address(last, ec);
    if (ec)
        return std::nullopt;
    return address;
}

} // namespace

HttpSession::HttpSession(asio::ip::tcp::socket &&socket,
                         std::shared_ptr<const Router> router,
                         const HttpLimits &limits,
                         std::unique_ptr<ConnectionLimiter::Slot> slot,
                         std::string remoteKey,
                         bool fromTrustedProxy)
    : m_stream(std::move(socket))
    , m_router(std::move(router))
    , m_limits(limits)
    , m_slot(std::move(slot))
    , m_remoteKey(std::move(remoteKey))
    , m_fromTrustedProxy(fromTrustedProxy)
{
    beast::error_code ec;
    const auto endpoint = m_stream.socket().remote_endpoint(ec);
    if (!ec)
        m_remote = endpoint.address().to_string();
}

HttpSession::~HttpSession() = default;

void HttpSession::run()
{
    readRequest();
}

void HttpSession::readRequest()
{
    m_requestId.clear();
    m_route = "unmatched";
    m_user.clear();
    m_parser.emplace();
    m_parser->header_limit(m_limits.headerLimit);
    // Only the header is read now; the body's limit depends on the route and
    // on who asks, and is set once the gate has admitted the request.
    m_parser->body_limit(std::numeric_limits<std::uint64_t>::max());
    m_stream.expires_after(m_limits.idleTimeout);
    http::async_read_header(m_stream,
                            m_buffer,
                            *m_parser,
                            [self = shared_from_this()](beast::error_code ec, size_t) {
                                self->onHeader(ec);
                            });
}

bool HttpSession::readFailed(beast::error_code ec)
{
    if (!ec)
        return false;
    if (ec == http::error::end_of_stream || ec == beast::error::timeout
        || ec == asio::error::operation_aborted || ec == asio::error::connection_reset) {
        closeSocket();
    } else if (ec == http::error::body_limit) {
        failRequest(413,
                    "payload_too_large",
                    "The request body exceeds the limit of " + std::to_string(m_bodyLimit)
                        + " bytes for this request.");
    } else if (ec == http::error::header_limit) {
        failRequest(431, "bad_request", "The request headers are too large.");
    } else if (ec.category() == beast::http::make_error_code(http::error::bad_target).category()) {
        failRequest(400, "bad_request", "Malformed HTTP request.");
    } else {
        closeSocket();
    }
    return true;
}

void HttpSession::onHeader(beast::error_code ec)
{
    if (readFailed(ec))
        return;
    const http::request<http::string_body> &message = m_parser->get();
    m_started = std::chrono::steady_clock::now();
    const auto sentId = message.find("X-Request-Id");
    m_requestId = RequestId::forRequest(
        sentId == message.end() ? std::string_view()
                                : std::string_view(sentId->value().data(), sentId->value().size()));
    const std::string method(message.method_string().data(), message.method_string().size());
    m_method = ServerMetrics::methodLabel(method);
    const std::string_view fullTarget(message.target().data(), message.target().size());
    m_route = m_router->routeLabel(method, std::string(fullTarget.substr(0, fullTarget.find('?'))));
    int status = 400;
    if (const char *problem = framingProblem(message, &status)) {
        failRequest(status, status == 400 ? "bad_request" : "not_implemented", problem);
        return;
    }
    m_request = HttpRequest();
    m_request.method = std::string(message.method_string());
    const std::string_view target(message.target().data(), message.target().size());
    const size_t question = target.find('?');
    m_request.path = std::string(target.substr(0, question));
    if (question != std::string_view::npos)
        m_request.query = std::string(target.substr(question + 1));
    for (const auto &field : message)
        m_request.headers.emplace_back(lowered(field.name_string()), std::string(field.value()));
    m_request.remoteAddress = m_remote;
    m_request.remoteKey = m_remoteKey;
    if (m_fromTrustedProxy) {
        if (const std::optional<asio::ip::address> client = forwardedClient(message)) {
            m_request.remoteAddress = client->to_string();
            m_request.remoteKey = ConnectionLimiter::addressKey(*client);
        }
    }
    m_keepAlive = message.keep_alive();

    // No timeout while the gate checks the token; the body read arms its own.
    m_stream.expires_never();
    m_router->admit(m_request, [self = shared_from_this()](Admission admission) {
        asio::post(self->m_stream.get_executor(),
                   [self, admission = std::move(admission)]() mutable {
                       self->onAdmitted(std::move(admission));
                   });
    });
}

void HttpSession::onAdmitted(Admission admission)
{
    const bool bodyPending = !m_parser->is_done();
    if (admission.refusal) {
        // An unread body would be taken for the next request: close then.
        respond(std::move(*admission.refusal), m_keepAlive && !bodyPending);
        return;
    }
    m_bodyLimit = admission.bodyLimit;
    m_user = std::move(admission.user);
    m_request.principal = std::move(admission.principal);
    const boost::optional<std::uint64_t> length = m_parser->content_length();
    if (length && *length > m_bodyLimit) {
        readFailed(http::error::body_limit);
        return;
    }
    if (!bodyPending) {
        dispatch();
        return;
    }
    m_parser->body_limit(m_bodyLimit);
    m_stream.expires_after(m_limits.idleTimeout);
    http::async_read(m_stream,
                     m_buffer,
                     *m_parser,
                     [self = shared_from_this()](beast::error_code ec, size_t) {
                         self->onBody(ec);
                     });
}

void HttpSession::onBody(beast::error_code ec)
{
    if (readFailed(ec))
        return;
    dispatch();
}

void HttpSession::dispatch()
{
    m_request.body = std::move(m_parser->get().body());
    const bool keepAlive = m_keepAlive;
    // No timeout while the handler works; the write arms its own.
    m_stream.expires_never();
    auto self = shared_from_this();
    m_router->dispatch(std::move(m_request), [self, keepAlive](HttpResponse response) {
        asio::post(self->m_stream.get_executor(),
                   [self, keepAlive, response = std::move(response)]() mutable {
                       self->respond(std::move(response), keepAlive);
                   });
    });
}

void HttpSession::failRequest(int status, const char *code, const std::string &message)
{
    respond(Responses::error(status, code, message), false);
}

void HttpSession::noteAnswered(int status, const std::string &logUser)
{
    if (m_requestId.empty()) {
        // Refused before its header was read (431, a malformed head).
        m_requestId = RequestId::make();
        m_started = std::chrono::steady_clock::now();
    }
    const double seconds
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_started).count();
    ServerMetrics::instance().observeRequest(m_method, m_route, status, seconds);
    AccessLog::write(
        {m_requestId, m_method, m_route, status, seconds * 1000, m_user.empty() ? logUser : m_user});
}

void HttpSession::respond(HttpResponse response, bool keepAlive)
{
    if (response.onStreamStarted) {
        std::optional<HttpResponse> refused = response.admitStream ? response.admitStream()
                                                                   : std::nullopt;
        if (!refused) {
            startStream(std::move(response));
            return;
        }
        response = std::move(*refused);
    }
    auto message = std::make_shared<http::response<http::string_body>>();
    message->version(11);
    message->result(static_cast<unsigned>(response.status));
    // No version: it only tells an attacker which holes to try.
    message->set(http::field::server, serverName);
    message->set("X-Content-Type-Options", "nosniff");
    noteAnswered(response.status, response.logUser);
    message->set("X-Request-Id", m_requestId);
    if (!response.contentType.empty())
        message->set(http::field::content_type, response.contentType);
    for (const auto &[name, value] : response.headers)
        message->insert(name, value);
    message->keep_alive(keepAlive);
    message->body() = std::move(response.body);
    message->prepare_payload();

    const bool errorClose = !keepAlive && response.status >= 400;
    m_stream.expires_after(m_limits.idleTimeout);
    http::async_write(m_stream,
                      *message,
                      [self = shared_from_this(),
                       message,
                       keepAlive,
                       errorClose](beast::error_code ec, size_t) {
                          if (ec) {
                              self->closeSocket();
                          } else if (keepAlive) {
                              self->readRequest();
                          } else if (errorClose) {
                              self->drainAndClose();
                          } else {
                              self->closeSocket();
                          }
                      });
}

void HttpSession::drainAndClose()
{
    // The client may still be sending the body we refused; read and discard
    // it so the peer sees our response rather than a reset.
    beast::error_code ec;
    m_stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
    m_stream.expires_after(drainTimeout);
    m_stream.async_read_some(asio::buffer(m_scratch),
                             [self = shared_from_this()](beast::error_code ec, size_t n) {
                                 self->m_drained += n;
                                 if (ec || self->m_drained > drainLimit)
                                     self->closeSocket();
                                 else
                                     self->drainAndClose();
                             });
}

void HttpSession::closeSocket()
{
    beast::error_code ec;
    m_stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    m_stream.close();
}

void HttpSession::startStream(HttpResponse response)
{
    m_streaming = true;
    m_stream.expires_never();
    beast::error_code ec;
    const int socketBuffer = int(
        std::min<size_t>(std::max<size_t>(m_limits.streamBufferBytes, 8192), streamSocketBufferCap));
    m_stream.socket().set_option(asio::socket_base::send_buffer_size(socketBuffer), ec);
    m_stream.socket().set_option(asio::ip::tcp::no_delay(true), ec);

    // No Content-Length and no chunking: the body runs until the connection
    // closes, which every EventSource client and curl -N read as it comes.
    std::string head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                       "Cache-Control: no-cache\r\nConnection: close\r\n"
                       "X-Accel-Buffering: no\r\nX-Content-Type-Options: nosniff\r\n"
                       "Server: deltadesk-server\r\n";
    noteAnswered(200, response.logUser);
    head += "X-Request-Id: " + m_requestId + "\r\n";
    for (const auto &[name, value] : response.headers)
        head += name + ": " + value + "\r\n";
    head += "\r\n";
    m_bufferedBytes += head.size();
    m_queue.push_back(makeFrame(std::move(head)));
    writeQueued();
    watchPeer();
    response.onStreamStarted(shared_from_this());
}

bool HttpSession::send(SharedFrame frame)
{
    if (m_closed || !frame)
        return false;
    // A frame larger than the bound still goes out to a reader that keeps
    // up (nothing unsent); otherwise the unsent bytes may not pass the bound.
    const bool overflow = m_bufferedBytes > 0
                          && m_bufferedBytes + frame->size() > m_limits.streamBufferBytes;
    m_bufferedBytes += frame->size();
    m_queue.push_back(std::move(frame));
    if (overflow) {
        qCInfo(lcHttp) << "stream reader" << m_remote.c_str() << "fell behind by" << m_bufferedBytes
                       << "bytes; disconnecting it";
        ServerMetrics::instance().countDroppedReader(ServerMetrics::Drop::SendBuffer);
        finishStream();
        return false;
    }
    writeQueued();
    return true;
}

void HttpSession::writeQueued()
{
    if (m_writing || m_closed || m_queue.empty())
        return;
    // Gather-write the queued frames in place: they are shared with every
    // other stream, so nothing is copied per client.
    m_inFlight.clear();
    m_inFlightBuffers.clear();
    while (!m_queue.empty()) {
        m_inFlightBuffers.push_back(asio::buffer(*m_queue.front()));
        m_inFlight.push_back(std::move(m_queue.front()));
        m_queue.pop_front();
    }
    m_writing = true;
    if (!m_undrainedSince)
        m_undrainedSince = std::chrono::steady_clock::now();
    asio::async_write(m_stream,
                      m_inFlightBuffers,
                      [self = shared_from_this()](beast::error_code ec, size_t n) {
                          self->m_writing = false;
                          self->m_inFlightBuffers.clear();
                          self->m_inFlight.clear();
                          self->m_bufferedBytes -= std::min(n, self->m_bufferedBytes);
                          if (ec) {
                              self->finishStream();
                              return;
                          }
                          if (self->m_queue.empty())
                              self->m_undrainedSince.reset();
                          if (self->m_queue.empty() && self->m_onDrained) {
                              auto drained = std::move(self->m_onDrained);
                              self->m_onDrained = nullptr;
                              drained();
                          }
                          self->writeQueued();
                      });
}

void HttpSession::watchPeer()
{
    // A stream client sends nothing more; a read completes only when it goes.
    m_stream.async_read_some(asio::buffer(m_scratch),
                             [self = shared_from_this()](beast::error_code ec, size_t) {
                                 if (ec)
                                     self->finishStream();
                                 else
                                     self->watchPeer();
                             });
}

void HttpSession::close()
{
    if (m_streaming)
        finishStream();
    else
        closeSocket();
}

void HttpSession::setClosedHandler(std::function<void()> handler)
{
    m_onClosed = std::move(handler);
}

void HttpSession::setDrainedHandler(std::function<void()> handler)
{
    if (!m_writing && m_queue.empty()) {
        asio::post(m_stream.get_executor(), std::move(handler));
        return;
    }
    m_onDrained = std::move(handler);
}

void HttpSession::finishStream()
{
    if (m_closed)
        return;
    m_closed = true;
    m_queue.clear();
    m_onDrained = nullptr;
    closeSocket();
    if (auto handler = std::move(m_onClosed)) {
        // Deferred, so the hub never sees its client list change under a
        // loop that is sending to it.
        asio::post(m_stream.get_executor(), std::move(handler));
    }
}
