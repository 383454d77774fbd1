#pragma once

// Accepts TCP connections on one address and starts an HttpSession for each,
// within the connection caps (ConnectionLimiter): past them a connection
// gets a short 429 (its address holds too many) or 503 (the server is full)
// and is closed.

#include "httptypes.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <memory>
#include <string>

class ConnectionLimiter;
class Router;

class HttpListener : public std::enable_shared_from_this<HttpListener>
{
public:
    HttpListener(boost::asio::io_context &context,
                 std::shared_ptr<const Router> router,
                 const HttpLimits &limits);

    bool listen(const std::string &host, uint16_t port, std::string *error);
    uint16_t port() const;
    void start();
    void stop();

private:
    void accept();
    void onAccepted(boost::asio::ip::tcp::socket socket);
    static void refuse(boost::asio::ip::tcp::socket socket, std::string response);

    boost::asio::io_context &m_context;
    boost::asio::ip::tcp::acceptor m_acceptor;
    boost::asio::steady_timer m_retryTimer;
    std::shared_ptr<const Router> m_router;
    HttpLimits m_limits;
    std::shared_ptr<ConnectionLimiter> m_connections;
};
