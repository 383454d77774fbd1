#pragma once

// gzip (RFC 1952) compression of response bodies with zlib.

#include <optional>
#include <string>
#include <string_view>

namespace Gzip {

std::optional<std::string> compress(std::string_view data, int level = 6);
std::optional<std::string> decompress(std::string_view data);

} // namespace Gzip
