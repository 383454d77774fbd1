#pragma once

// The text/event-stream frames of docs/protocol.md, one function per frame.

#include "storetypes.h"

#include <string>

namespace SseFormat {

std::string retry(int ms);
// databaseId: left out when empty.
std::string connected(int64_t cursor, int64_t nowMs, const std::string &databaseId);
std::string change(const Change &change);
std::string reset(const char *reason);
std::string heartbeat();

} // namespace SseFormat
