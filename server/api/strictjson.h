#pragma once

// A strict RFC 8259 check of a request body before Qt parses it:
// QJsonDocument is lenient (it takes a byte order mark, "1.", raw control
// characters in strings, invalid UTF-8 and lone surrogates, and keeps one of
// two equal names), and what it lets through would be stored and sent to
// every client. The rules beyond the RFC's grammar are in docs/protocol.md:
// no byte order mark, strings valid UTF-8 without lone surrogates, names
// unique within an object, numbers that fit a double, containers nested at
// most maxDepth deep (checked while scanning, so depth costs no stack).

#include <optional>
#include <string>
#include <string_view>

namespace StrictJson {

struct Problem
{
    enum class Kind { Syntax, TooDeep };
    Kind kind = Kind::Syntax;
    std::string message; // a sentence, e.g. "... at byte 17: ..."
};

std::optional<Problem> check(std::string_view text, int maxDepth);

} // namespace StrictJson
