#pragma once

// The timestamps `lastSync` accepts: every ISO 8601 form the original
// design's backend (Node.js, `new Date(text)`) read, so its documented checks
// (`?lastSync=2024-01-01`) and the timestamps its clients stored
// (`2025-01-15T10:00`) keep working. That is the ECMAScript Date Time String
// Format with V8's leniency inside it:
//
//   YYYY[-MM[-DD]] or +YYYYYY / -YYYYYY (extended years; -000000 is not a year)
//   then optionally T (or t) HH:mm[:ss[.fraction]] (any number of fraction
//   digits, read to the millisecond; 24:00 is the end of the day)
//   then optionally Z (or z) or an offset +HH:mm / -HH:mm / +HHmm.
//
// A form without an offset is UTC, also with a time (JavaScript would take
// the backend's local zone there; that backend ran in UTC, and a cursor's
// meaning must not depend on the zone a server runs in). Impossible dates
// (2024-02-30, month 13, 23:60) are refused, where V8's fallback parser would
// roll them over; so are forms outside ISO 8601 that the fallback reads
// (a space for T, 2024-1-1, week and ordinal dates, English dates).

#include <cstdint>
#include <optional>
#include <string_view>

namespace JsDateTime {

// Milliseconds since the epoch (UTC), or nullopt for anything else.
std::optional<int64_t> parseIso(std::string_view text);

} // namespace JsDateTime
