#pragma once

// Client-supplied text (a username, a path) made safe for one line of the
// server log: it can neither start a forged line, nor send escape sequences
// to an operator's terminal, nor fill the log.

#include <cstddef>
#include <string>
#include <string_view>

namespace LogText {

// Control characters (C0, DEL, C1), line and paragraph separators, bidi
// overrides and invalid UTF-8 are written as escapes (\n, \x1b, \u202e),
// a backslash as "\\"; text past maxBytes is cut and its length noted.
std::string escaped(std::string_view text, size_t maxBytes = 64);

} // namespace LogText
