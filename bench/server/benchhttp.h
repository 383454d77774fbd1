#pragma once

// A keep-alive HTTP/1.1 client for the benchmarks (Boost.Beast on its own
// io_context): one request at a time, every one bounded by a timeout, with
// the bytes that crossed the wire and the latency the client observed.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

struct HttpResult
{
    int status = 0;                             // 0 on a transport error
    std::string error;                          // transport error, if any
    std::map<std::string, std::string> headers; // names in lower case
    std::string body;                           // decoded (gunzipped) body
    size_t wireBytes = 0;                       // response head + body as received
    size_t bodyWireBytes = 0;                   // body as received (compressed if gzip)
    double ms = 0;                              // request written -> response read

    std::string header(const std::string &lowerName) const;
};

class BenchHttp
{
public:
    explicit BenchHttp(uint16_t port);
    ~BenchHttp();
    BenchHttp(const BenchHttp &) = delete;
    BenchHttp &operator=(const BenchHttp &) = delete;

    void setToken(const std::string &token) { m_token = token; }
    const std::string &token() const { return m_token; }
    void setGzip(bool on) { m_gzip = on; }

    HttpResult request(const std::string &method,
                       const std::string &target,
                       const std::string &body = {},
                       const std::vector<std::pair<std::string, std::string>> &headers = {},
                       int timeoutMs = 300000);
    HttpResult get(const std::string &target) { return request("GET", target); }

    // Logs in and keeps the token for the following requests.
    bool login(const std::string &user, const std::string &password);
    // The server's head seq from /health, -1 on error.
    int64_t headCursor();

private:
    HttpResult attempt(const std::string &method,
                       const std::string &target,
                       const std::string &body,
                       const std::vector<std::pair<std::string, std::string>> &headers,
                       int timeoutMs);

    struct Impl;
    std::unique_ptr<Impl> m_impl;
    std::string m_token;
    bool m_gzip = false;
};

// The envelope of a delta page, read from its tail without parsing the
// documents (pages can be tens of MB).
struct PageTail
{
    bool ok = false;
    std::string cursor;
    bool hasMore = false;
    std::string serverTimestamp;
};
PageTail readPageTail(const std::string &body);
