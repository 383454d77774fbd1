#pragma once

// UTF-8 as RFC 3629 defines it (no overlong forms, no surrogates, nothing
// above U+10FFFF), for text that arrives from the network: every body the
// server sends is valid UTF-8, whatever a client put in a path or a field.

#include <cstddef>
#include <string>
#include <string_view>

namespace Utf8 {

// Length (1-4) of the valid sequence that starts text[at], 0 if it is not one.
size_t sequenceLength(std::string_view text, size_t at);
// The code point of a valid sequence of that length at text[at].
char32_t decode(std::string_view text, size_t at, size_t length);
void append(std::string &out, char32_t codePoint);

bool isValid(std::string_view text);
// A C0 control character (NUL included) or DEL: never part of an id, a
// name or a parameter.
bool hasControlCharacter(std::string_view text);
// Every byte that does not start a valid sequence becomes U+FFFD.
std::string sanitized(std::string_view text);

} // namespace Utf8
