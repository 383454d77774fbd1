#pragma once

// Where the server's log lines go and in which shape (--log-format):
//   text: Qt's own handler, one line per message (the default; what an
//         operator reads on a terminal);
//   json: one JSON object per line on stderr, for the journal and log
//         shippers: {"time", "level", "category", ..., "message"}.
// Messages from every thread; each line is written with one call, so lines
// never interleave.

#include <QtGlobal>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ServerLog {

enum class Format { Text, Json };

// Once, before the first message; the format every later line has.
void install(Format format);
Format format();

// A JSON line with fields beside the usual ones. Each field's value is
// already JSON (a number, or a string made with Responses::quoted).
using JsonFields = std::vector<std::pair<std::string, std::string>>;
void writeJson(QtMsgType type,
               std::string_view category,
               const JsonFields &fields,
               std::string_view message);

} // namespace ServerLog
