#include "percentdecoding.h"

#include "utf8.h"

namespace {

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace

namespace PercentDecoding {

std::optional<std::string> decode(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        if (i + 2 >= text.size())
            return std::nullopt;
        const int high = hexValue(text[i + 1]);
        const int low = hexValue(text[i + 2]);
        if (high < 0 || low < 0)
            return std::nullopt;
        out += char(high * 16 + low);
        i += 2;
    }
    if (Utf8::hasControlCharacter(out) || !Utf8::isValid(out))
        return std::nullopt;
    return out;
}

std::optional<QueryItems> parseQuery(std::string_view query)
{
    QueryItems items;
    size_t start = 0;
    while (start <= query.size()) {
        const size_t end = std::min(query.find('&', start), query.size());
        const std::string_view part = query.substr(start, end - start);
        if (!part.empty()) {
            const size_t equals = part.find('=');
            std::optional<std::string> name = decode(part.substr(0, equals));
            std::optional<std::string> value = decode(
                equals == std::string_view::npos ? std::string_view() : part.substr(equals + 1));
            if (!name || !value)
                return std::nullopt;
            items.emplace_back(std::move(*name), std::move(*value));
        }
        start = end + 1;
    }
    return items;
}

} // namespace PercentDecoding
