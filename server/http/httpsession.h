#pragma once

// One TCP connection: reads a request's header (16 KiB at most), asks the
// router's gate whether to admit it (token, body limit) before reading any
// of its body, hands the request to the router, writes responses in order
// (keep-alive honoured), and for an event stream becomes a StreamSink with a
// bounded send queue. Lives as long as an async operation or the hub holds
// it; holds its ConnectionLimiter slot as long.

#include "connectionlimiter.h"
#include "httptypes.h"

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <array>
#include <deque>
#include <memory>
#include <optional>
#include <vector>

class Router;

class HttpSession final : public std::enable_shared_from_this<HttpSession>, public StreamSink
{
public:
    HttpSession(boost::asio::ip::tcp::socket &&socket,
                std::shared_ptr<const Router> router,
                const HttpLimits &limits,
                std::unique_ptr<ConnectionLimiter::Slot> slot,
                std::string remoteKey,
                bool fromTrustedProxy);
    ~HttpSession() override;

    void run();

    bool send(SharedFrame frame) override;
    void close() override;
    void setClosedHandler(std::function<void()> handler) override;
    size_t bufferedBytes() const override { return m_bufferedBytes; }
    void setDrainedHandler(std::function<void()> handler) override;
    std::optional<std::chrono::steady_clock::time_point> undrainedSince() const override
    {
        return m_undrainedSince;
    }

private:
    void readRequest();
    void onHeader(boost::beast::error_code ec);
    void onAdmitted(Admission admission);
    void onBody(boost::beast::error_code ec);
    // true when ec ended the request (answered or closed).
    bool readFailed(boost::beast::error_code ec);
    void dispatch();
    void respond(HttpResponse response, bool keepAlive);
    // The access log line and the request metrics of the answer.
    void noteAnswered(int status, const std::string &logUser);
    void failRequest(int status, const char *code, const std::string &message);
    void startStream(HttpResponse response);
    void writeQueued();
    void watchPeer();
    void finishStream();
    void drainAndClose();
    void closeSocket();

    boost::beast::tcp_stream m_stream;
    boost::beast::flat_buffer m_buffer;
    std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> m_parser;
    std::shared_ptr<const Router> m_router;
    HttpLimits m_limits;
    std::unique_ptr<ConnectionLimiter::Slot> m_slot;
    std::string m_remote;
    std::string m_remoteKey;
    bool m_fromTrustedProxy = false; // its X-Forwarded-For names the client

    // The request being read.
    HttpRequest m_request;
    bool m_keepAlive = false;
    uint64_t m_bodyLimit = 0;
    // What the access log and the metrics say of it.
    std::string m_requestId;
    std::string m_method = "OTHER";
    std::string m_route = "unmatched";
    std::string m_user;
    std::chrono::steady_clock::time_point m_started{};

    // Event-stream state.
    bool m_streaming = false;
    bool m_closed = false;
    bool m_writing = false;
    std::deque<SharedFrame> m_queue;
    std::vector<SharedFrame> m_inFlight; // kept alive until the write completes
    std::vector<boost::asio::const_buffer> m_inFlightBuffers;
    size_t m_bufferedBytes = 0;
    std::optional<std::chrono::steady_clock::time_point> m_undrainedSince;
    std::function<void()> m_onClosed;
    std::function<void()> m_onDrained;
    std::array<char, 1024> m_scratch{};
    size_t m_drained = 0;
};
