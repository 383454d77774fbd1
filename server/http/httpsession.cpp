#include "httpsession.h"

#include "responses.h"
#include "router.h"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcHttp, "deltadesk.server.http")

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace asio = boost::asio;

namespace {
constexpr auto drainTimeout = std::chrono::seconds(5);
constexpr size_t drainLimit = 64 * 1024 * 1024;
constexpr int streamSocketBufferCap = 256 * 1024;
} // namespace

HttpSession::HttpSession(asio::ip::tcp::socket &&socket,
                         std::shared_ptr<const Router> router,
                         const HttpLimits &limits)
    : m_stream(std::move(socket))
    , m_router(std::move(router))
    , m_limits(limits)
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
    m_parser.emplace();
    m_parser->header_limit(m_limits.headerLimit);
    m_parser->body_limit(m_limits.bodyLimit);
    m_stream.expires_after(m_limits.idleTimeout);
    http::async_read(m_stream,
                     m_buffer,
                     *m_parser,
                     [self = shared_from_this()](beast::error_code ec, size_t) {
                         self->onRead(ec);
                     });
}

void HttpSession::onRead(beast::error_code ec)
{
    if (ec == http::error::end_of_stream || ec == beast::error::timeout
        || ec == asio::error::operation_aborted || ec == asio::error::connection_reset) {
        closeSocket();
        return;
    }
    if (ec == http::error::body_limit) {
        failRequest(413, "payload_too_large", "The request body exceeds --max-body-bytes.");
        return;
    }
    if (ec == http::error::header_limit) {
        failRequest(431, "bad_request", "The request headers are too large.");
        return;
    }
    if (ec) {
        if (ec.category() == beast::http::make_error_code(http::error::bad_target).category()) {
            failRequest(400, "bad_request", "Malformed HTTP request.");
        } else {
            closeSocket();
        }
        return;
    }

    http::request<http::string_body> &message = m_parser->get();
    HttpRequest request;
    request.method = std::string(message.method_string());
    const std::string_view target(message.target().data(), message.target().size());
    const size_t question = target.find('?');
    request.path = std::string(target.substr(0, question));
    if (question != std::string_view::npos)
        request.query = std::string(target.substr(question + 1));
    for (const auto &field : message) {
        std::string name(field.name_string());
        for (char &c : name)
            c = char(std::tolower(static_cast<unsigned char>(c)));
        request.headers.emplace_back(std::move(name), std::string(field.value()));
    }
    request.body = std::move(message.body());
    request.remoteAddress = m_remote;
    const bool keepAlive = message.keep_alive();

    // No timeout while the handler works; the write arms its own.
    m_stream.expires_never();
    auto self = shared_from_this();
    m_router->dispatch(std::move(request), [self, keepAlive](HttpResponse response) {
        asio::post(self->m_stream.get_executor(),
                   [self, keepAlive, response = std::move(response)]() mutable {
                       self->respond(std::move(response), keepAlive);
                   });
    });
}

void HttpSession::failRequest(int status, const char *code, const char *message)
{
    respond(Responses::error(status, code, message), false);
}

void HttpSession::respond(HttpResponse response, bool keepAlive)
{
    if (response.onStreamStarted) {
        startStream(std::move(response));
        return;
    }
    auto message = std::make_shared<http::response<http::string_body>>();
    message->version(11);
    message->result(static_cast<unsigned>(response.status));
    message->set(http::field::server, "deltadesk-server/" DELTADESK_VERSION);
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
                       "X-Accel-Buffering: no\r\n";
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
