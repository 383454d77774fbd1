#pragma once

// The HTTP values the api layer sees. They keep Boost.Beast out of every
// translation unit but the listener and the session (Beast is slow to
// compile, and the handlers do not need it).

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// Who sent a request: defined by the api layer (requestprincipal.h), which
// resolves the bearer token; the HTTP layer only carries it.
struct RequestPrincipal;

struct HttpRequest
{
    std::string method;                                       // upper case, e.g. "GET"
    std::string path;                                         // percent-encoded path, no query
    std::string query;                                        // raw query string without '?'
    std::vector<std::pair<std::string, std::string>> headers; // names in lower case
    std::string body;
    std::string remoteAddress;
    std::string remoteKey; // what limits count it under: the IPv4 address, an IPv6 /64
    std::vector<std::string> pathParams; // the '*' segments the router matched, decoded
    std::vector<std::pair<std::string, std::string>> queryItems; // decoded by the router
    // Set at admission when the request carried a valid token.
    std::shared_ptr<const RequestPrincipal> principal;

    // Empty when absent; name in lower case.
    std::string header(std::string_view name) const;
    bool hasHeader(std::string_view name) const;
    // Percent-decoded value of the first parameter with that name.
    std::optional<std::string> queryValue(std::string_view name) const;
    bool acceptsGzip() const;
};

// One published frame, shared read-only by every stream it is queued on:
// a fan-out to N clients holds one copy of the bytes, not N.
using SharedFrame = std::shared_ptr<const std::string>;

inline SharedFrame makeFrame(std::string bytes)
{
    return std::make_shared<const std::string>(std::move(bytes));
}

// The open side of a text/event-stream response, owned by the session.
// All calls on the I/O thread.
class StreamSink
{
public:
    virtual ~StreamSink() = default;
    // Queues a reference to the frame. false when the connection is closed
    // or the bytes still unsent passed the bound (the connection is then
    // closed: the reader was too slow).
    virtual bool send(SharedFrame frame) = 0;
    virtual void close() = 0;
    // Called once, later on the I/O thread, when the connection has closed.
    virtual void setClosedHandler(std::function<void()> handler) = 0;
    // Bytes queued and not yet accepted by the socket.
    virtual size_t bufferedBytes() const = 0;
    // Called once, the next time the queue has been written out completely.
    virtual void setDrainedHandler(std::function<void()> handler) = 0;
    // Since when bytes have been waiting without the queue ever running
    // empty; nullopt while everything queued has been written out.
    virtual std::optional<std::chrono::steady_clock::time_point> undrainedSince() const = 0;
};

struct HttpResponse
{
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string contentType = "application/json";
    std::string body;
    bool gzipped = false;
    // Whom the access log names when no token did (a login: the username
    // it tried).
    std::string logUser;
    // Run right after the response was handed to its Responder, on that
    // thread: work that must follow the answer, such as the fan-out of a
    // committed write (the writer is not kept waiting on N streams).
    std::function<void()> afterResponding;
    // A stream response: on the I/O thread, admitStream (if set) may still
    // refuse it with another response (e.g. 429 past a stream cap); else
    // the session writes the event-stream head, then hands itself to
    // onStreamStarted, in the same step, so no other stream slips between.
    std::function<std::optional<HttpResponse>()> admitStream;
    std::function<void(std::shared_ptr<StreamSink>)> onStreamStarted;
};

// Completes a request. Callable from any thread, exactly once.
using Responder = std::function<void(HttpResponse)>;
using RequestHandler = std::function<void(HttpRequest, Responder)>;

// The answer to a request's header, given before any of its body is read.
struct Admission
{
    std::optional<HttpResponse> refusal; // answer this (e.g. 401) and read no body
    uint64_t bodyLimit = 0;              // largest body this request may send
    std::shared_ptr<const RequestPrincipal> principal;
    std::string user; // the principal's username, for the access log and metrics
};
// Callable from any thread, exactly once.
using AdmissionCallback = std::function<void(Admission)>;
// Decides on a request from its method, path, headers and address alone.
using AdmissionGate = std::function<void(const HttpRequest &head, AdmissionCallback)>;

struct HttpLimits
{
    uint32_t headerLimit = 16 * 1024;
    std::chrono::milliseconds idleTimeout{60000};
    size_t streamBufferBytes = 256 * 1024;
    size_t maxConnections = 4096;
    size_t maxConnectionsPerAddress = 256;
    // Reverse proxies whose X-Forwarded-For names the client (addresses as
    // text); their own connections are not capped per address.
    std::vector<std::string> trustedProxies;
};
