#include "benchhttp.h"

#include "gzip.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cctype>
#include <chrono>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

struct BenchHttp::Impl
{
    explicit Impl(uint16_t p)
        : port(p)
    {}
    uint16_t port;
    asio::io_context io{1};
    std::unique_ptr<beast::tcp_stream> stream;
    beast::flat_buffer buffer;
};

std::string HttpResult::header(const std::string &lowerName) const
{
    const auto it = headers.find(lowerName);
    return it == headers.end() ? std::string() : it->second;
}

BenchHttp::BenchHttp(uint16_t port)
    : m_impl(std::make_unique<Impl>(port))
{}

BenchHttp::~BenchHttp() = default;

HttpResult BenchHttp::request(const std::string &method,
                              const std::string &target,
                              const std::string &body,
                              const std::vector<std::pair<std::string, std::string>> &headers,
                              int timeoutMs)
{
    // A kept-alive connection the server closed while we were idle fails
    // before any response byte: that one attempt is repeated on a new one.
    const bool reused = m_impl->stream != nullptr;
    HttpResult result = attempt(method, target, body, headers, timeoutMs);
    if (result.status == 0 && reused && result.wireBytes == 0 && result.ms < timeoutMs / 2.0)
        result = attempt(method, target, body, headers, timeoutMs);
    return result;
}

HttpResult BenchHttp::attempt(const std::string &method,
                              const std::string &target,
                              const std::string &body,
                              const std::vector<std::pair<std::string, std::string>> &headers,
                              int timeoutMs)
{
    HttpResult result;
    Impl &d = *m_impl;
    const auto timeout = std::chrono::milliseconds(timeoutMs);
    beast::error_code ec;
    if (!d.stream) {
        d.stream = std::make_unique<beast::tcp_stream>(d.io);
        d.stream->expires_after(timeout);
        d.stream->async_connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), d.port),
                                [&ec](beast::error_code e) { ec = e; });
        d.io.restart();
        d.io.run();
        if (ec) {
            result.error = "connect: " + ec.message();
            d.stream.reset();
            return result;
        }
        d.buffer.clear();
    }

    http::request<http::string_body> req{http::string_to_verb(method), target, 11};
    req.set(http::field::host, "127.0.0.1");
    req.keep_alive(true);
    if (!m_token.empty())
        req.set(http::field::authorization, "Bearer " + m_token);
    if (m_gzip)
        req.set(http::field::accept_encoding, "gzip");
    for (const auto &[name, value] : headers)
        req.set(name, value);
    if (!body.empty()) {
        req.set(http::field::content_type, "application/json");
        req.body() = body;
    }
    req.prepare_payload();

    http::response_parser<http::string_body> parser;
    parser.body_limit(uint64_t(4) << 30);
    parser.header_limit(64 * 1024);
    size_t readBytes = 0;
    const auto started = std::chrono::steady_clock::now();
    d.stream->expires_after(timeout);
    http::async_write(*d.stream, req, [&](beast::error_code e, size_t) {
        if (e) {
            ec = e;
            return;
        }
        http::async_read(*d.stream, d.buffer, parser, [&](beast::error_code e2, size_t n) {
            ec = e2;
            readBytes = n;
        });
    });
    d.io.restart();
    d.io.run();
    result.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
                    .count();
    if (ec) {
        result.error = method + " " + target + ": " + ec.message();
        d.stream.reset();
        return result;
    }
    http::response<http::string_body> response = parser.release();
    result.status = int(response.result_int());
    result.wireBytes = readBytes;
    result.bodyWireBytes = response.body().size();
    for (const auto &field : response) {
        std::string name(field.name_string());
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) {
            return char(std::tolower(c));
        });
        result.headers[name] = std::string(field.value());
    }
    if (result.header("content-encoding") == "gzip") {
        std::optional<std::string> plain = Gzip::decompress(response.body());
        if (!plain) {
            result.error = "bad gzip body";
            result.status = 0;
            return result;
        }
        result.body = std::move(*plain);
    } else {
        result.body = std::move(response.body());
    }
    if (!response.keep_alive())
        d.stream.reset();
    return result;
}

bool BenchHttp::login(const std::string &user, const std::string &password)
{
    const QJsonObject credentials{{QStringLiteral("username"), QString::fromStdString(user)},
                                  {QStringLiteral("password"), QString::fromStdString(password)}};
    const HttpResult r = request("POST",
                                 "/api/auth/login",
                                 QJsonDocument(credentials).toJson().toStdString());
    if (r.status != 200)
        return false;
    const QJsonObject reply = QJsonDocument::fromJson(QByteArray::fromStdString(r.body)).object();
    m_token = reply.value(QStringLiteral("token")).toString().toStdString();
    return !m_token.empty();
}

int64_t BenchHttp::headCursor()
{
    const HttpResult r = get("/health");
    if (r.status != 200)
        return -1;
    const QJsonObject reply = QJsonDocument::fromJson(QByteArray::fromStdString(r.body)).object();
    bool ok = false;
    const qint64 head = reply.value(QStringLiteral("cursor")).toString().toLongLong(&ok);
    return ok ? head : -1;
}

PageTail readPageTail(const std::string &body)
{
    // The server writes the envelope after the documents:
    // ...],"serverTimestamp":"...","deltaSync":..,"cursor":"N","hasMore":b,...}
    PageTail tail;
    const size_t from = body.size() > 400 ? body.size() - 400 : 0;
    const std::string end = body.substr(from);
    auto stringField = [&end](const std::string &name) -> std::string {
        const std::string key = "\"" + name + "\":\"";
        const size_t at = end.rfind(key);
        if (at == std::string::npos)
            return {};
        const size_t start = at + key.size();
        const size_t close = end.find('"', start);
        return close == std::string::npos ? std::string() : end.substr(start, close - start);
    };
    tail.cursor = stringField("cursor");
    tail.serverTimestamp = stringField("serverTimestamp");
    const size_t more = end.rfind("\"hasMore\":");
    tail.hasMore = more != std::string::npos && end.compare(more + 10, 4, "true") == 0;
    tail.ok = !tail.cursor.empty() && more != std::string::npos;
    return tail;
}
