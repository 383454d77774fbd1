#pragma once

// Strict percent-decoding (RFC 3986) of request paths and queries: a '%'
// must be followed by two hex digits and the decoded bytes must be UTF-8
// without control characters (no id, name or parameter holds one, and a NUL
// would cut the text short where it reaches C strings, e.g. libpq),
// otherwise the request is a 400, never guessed at or echoed back raw.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace PercentDecoding {

using QueryItems = std::vector<std::pair<std::string, std::string>>;

std::optional<std::string> decode(std::string_view text);

// name=value pairs split at '&', both decoded. '+' stays a literal plus, as
// QUrlQuery reads it on the client side.
std::optional<QueryItems> parseQuery(std::string_view query);

} // namespace PercentDecoding
