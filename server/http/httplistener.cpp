#include "httplistener.h"

#include "httpsession.h"

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcHttp)

namespace asio = boost::asio;

HttpListener::HttpListener(asio::io_context &context,
                           std::shared_ptr<const Router> router,
                           const HttpLimits &limits)
    : m_context(context)
    , m_acceptor(context)
    , m_retryTimer(context)
    , m_router(std::move(router))
    , m_limits(limits)
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
    m_acceptor.async_accept(
        m_context,
        [self = shared_from_this()](boost::system::error_code ec, asio::ip::tcp::socket socket) {
            if (ec == asio::error::operation_aborted)
                return;
            if (ec) {
                // Out of descriptors, most likely: back off
                // instead of spinning on the error.
                qCWarning(lcHttp) << "accept failed:" << ec.message().c_str();
                self->m_retryTimer.expires_after(std::chrono::milliseconds(100));
                self->m_retryTimer.async_wait([self](boost::system::error_code waitEc) {
                    if (!waitEc)
                        self->accept();
                });
                return;
            }
            std::make_shared<HttpSession>(std::move(socket), self->m_router, self->m_limits)->run();
            self->accept();
        });
}
