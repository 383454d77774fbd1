#include "httplistener.h"

#include "connectionlimiter.h"
#include "httpsession.h"
#include "requestid.h"

#include <boost/asio/write.hpp>

#include <algorithm>
#include <array>

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcHttp)

namespace asio = boost::asio;

namespace {

// Written before any request is read, so the request id is a new one; it
// still names the answer in the client's and the proxy's logs.
std::string refusal(ConnectionLimiter::Verdict verdict)
{
    const bool address = verdict == ConnectionLimiter::Verdict::TooManyFromAddress;
    const std::string body
        = address ? R"({"error":"too_many_requests","message":"Your address holds too many )"
                    R"(connections to this server; close some and try again."})"
                  : R"({"error":"service_unavailable","message":"The server holds as many )"
                    R"(connections as it accepts; try again in a moment."})";
    return std::string(address ? "HTTP/1.1 429 Too Many Requests"
                               : "HTTP/1.1 503 Service Unavailable")
           + "\r\nServer: deltadesk-server\r\nX-Request-Id: " + RequestId::make()
           + "\r\nContent-Type: application/json\r\nX-Content-Type-Options: nosniff\r\n"
             "Retry-After: 5\r\nConnection: close\r\nContent-Length: "
           + std::to_string(body.size()) + "\r\n\r\n" + body;
}

// A connection past the caps: it gets its short answer, which fits the
// socket's send buffer, so the write completes at once. Then the peer has a
// second to send what it wanted and read the answer: closing with its
// request unread would send a reset that can destroy the answer in flight.
class RefusedConnection : public std::enable_shared_from_this<RefusedConnection>
{
public:
    RefusedConnection(asio::ip::tcp::socket socket, std::string response)
        : m_socket(std::move(socket))
        , m_timer(m_socket.get_executor())
        , m_response(std::move(response))
    {}

    void start()
    {
        asio::async_write(m_socket,
                          asio::buffer(m_response),
                          [self = shared_from_this()](boost::system::error_code ec, size_t) {
                              boost::system::error_code ignored;
                              if (ec) {
                                  self->m_socket.close(ignored);
                                  return;
                              }
                              self->m_socket.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
                              self->m_timer.expires_after(std::chrono::seconds(1));
                              self->m_timer.async_wait([self](boost::system::error_code) {
                                  boost::system::error_code ignored;
                                  self->m_socket.close(ignored);
                              });
                              self->discard();
                          });
    }

private:
    void discard()
    {
        m_socket.async_read_some(asio::buffer(m_scratch),
                                 [self = shared_from_this()](boost::system::error_code ec, size_t) {
                                     if (ec)
                                         self->m_timer.cancel();
                                     else
                                         self->discard();
                                 });
    }

    asio::ip::tcp::socket m_socket;
    asio::steady_timer m_timer;
    const std::string m_response;
    std::array<char, 512> m_scratch{};
};

} // namespace

HttpListener::HttpListener(asio::io_context &context,
                           std::shared_ptr<const Router> router,
                           const HttpLimits &limits)
    : m_context(context)
    , m_acceptor(context)
    , m_retryTimer(context)
    , m_router(std::move(router))
    , m_limits(limits)
    , m_connections(std::make_shared<ConnectionLimiter>(limits.maxConnections,
                                                        limits.maxConnectionsPerAddress,
                                                        limits.trustedProxies))
{}

bool HttpListener::listen(const std::string &host, uint16_t port, std::string *error)
{
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(host, ec);
    if (ec) {
        *error = "invalid listen address " + host;
        return false;
    }
    const asio::ip::tcp::endpoint endpoint(address, port);
    m_acceptor.open(endpoint.protocol(), ec);
    if (!ec)
        m_acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec)
        m_acceptor.bind(endpoint, ec);
    if (!ec)
        m_acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        *error = "cannot listen on " + host + ":" + std::to_string(port) + ": " + ec.message();
        return false;
    }
    return true;
}

uint16_t HttpListener::port() const
{
    boost::system::error_code ec;
    return m_acceptor.local_endpoint(ec).port();
}

void HttpListener::start()
{
    accept();
}

void HttpListener::stop()
{
    boost::system::error_code ec;
    m_acceptor.close(ec);
    m_retryTimer.cancel();
}

void HttpListener::accept()
{
    m_acceptor.async_accept(m_context,
                            [self = shared_from_this()](boost::system::error_code ec,
                                                        asio::ip::tcp::socket socket) {
                                if (ec == asio::error::operation_aborted)
                                    return;
                                if (ec) {
                                    // Out of descriptors, most likely: back off
                                    // instead of spinning on the error.
                                    qCWarning(lcHttp) << "accept failed:" << ec.message().c_str();
                                    self->m_retryTimer.expires_after(std::chrono::milliseconds(100));
                                    self->m_retryTimer.async_wait(
                                        [self](boost::system::error_code waitEc) {
                                            if (!waitEc)
                                                self->accept();
                                        });
                                    return;
                                }
                                self->onAccepted(std::move(socket));
                                self->accept();
                            });
}

void HttpListener::onAccepted(asio::ip::tcp::socket socket)
{
    boost::system::error_code ec;
    const asio::ip::tcp::endpoint peer = socket.remote_endpoint(ec);
    if (ec)
        return; // already gone
    ConnectionLimiter::Verdict verdict = ConnectionLimiter::Verdict::Admitted;
    std::unique_ptr<ConnectionLimiter::Slot> slot = m_connections->acquire(peer.address(), &verdict);
    if (!slot) {
        qCDebug(lcHttp) << "refused a connection from" << peer.address().to_string().c_str()
                        << (verdict == ConnectionLimiter::Verdict::TooManyFromAddress
                                ? "(its address is at the cap)"
                                : "(the server is at its cap)");
        refuse(std::move(socket), refusal(verdict));
        return;
    }
    std::string key = ConnectionLimiter::addressKey(peer.address());
    const bool proxy = std::find(m_limits.trustedProxies.begin(), m_limits.trustedProxies.end(), key)
                       != m_limits.trustedProxies.end();
    std::make_shared<HttpSession>(std::move(socket),
                                  m_router,
                                  m_limits,
                                  std::move(slot),
                                  std::move(key),
                                  proxy)
        ->run();
}

void HttpListener::refuse(asio::ip::tcp::socket socket, std::string response)
{
    std::make_shared<RefusedConnection>(std::move(socket), std::move(response))->start();
}
