#include "httptypes.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

std::string HttpRequest::header(std::string_view name) const
{
    for (const auto &[key, value] : headers) {
        if (key == name)
            return value;
    }
    return {};
}

bool HttpRequest::hasHeader(std::string_view name) const
{
    return std::any_of(headers.begin(), headers.end(), [name](const auto &h) {
        return h.first == name;
    });
}

std::optional<std::string> HttpRequest::queryValue(std::string_view name) const
{
    for (const auto &[key, value] : queryItems) {
        if (key == name)
            return value;
    }
    return std::nullopt;
}

bool HttpRequest::acceptsGzip() const
{
    std::string value = header("accept-encoding");
    std::transform(value.begin(), value.end(), value.begin(), [](unsigned char c) {
        return char(std::tolower(c));
    });
    const size_t at = value.find("gzip");
    if (at == std::string::npos)
        return false;
    // "gzip;q=0" refuses it.
    const size_t end = value.find(',', at);
    const std::string params = value.substr(at, end == std::string::npos ? end : end - at);
    const size_t q = params.find("q=");
    return q == std::string::npos || std::atof(params.c_str() + q + 2) > 0.0;
}
