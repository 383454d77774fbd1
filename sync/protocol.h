#pragma once

// The wire contract of docs/protocol.md as values and helpers shared by
// the client library and the reference server, so both spell it one way.

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <optional>

namespace Protocol {

// The collections every server serves, in the order the UI shows them.
const QStringList &collectionNames();
bool isKnownCollection(QStringView name);

constexpr int defaultPageLimit = 1000;
constexpr int maxPageLimit = 10000;
constexpr int defaultHeartbeatMs = 30000;
constexpr int defaultRetryMs = 2000;

// Header and field names that are easy to misspell.
inline constexpr char syncCursorHeader[] = "X-Sync-Cursor";
inline constexpr char lastEventIdHeader[] = "Last-Event-ID";
// The server's database id: in /health, delta pages, the stream's connected
// frame, and as a header beside X-Sync-Cursor. A new id means the cursors
// held for the old one mean nothing there (a restored or replaced database).
inline constexpr char databaseIdHeader[] = "X-Database-Id";
inline constexpr char databaseIdField[] = "databaseId";

// Error codes in {"error": code, "message": text} bodies.
namespace Error {
inline constexpr char badRequest[] = "bad_request";
inline constexpr char unauthorized[] = "unauthorized";
inline constexpr char forbidden[] = "forbidden";
inline constexpr char notFound[] = "not_found";
inline constexpr char methodNotAllowed[] = "method_not_allowed";
inline constexpr char cursorExpired[] = "cursor_expired";
inline constexpr char preconditionFailed[] = "precondition_failed";
inline constexpr char payloadTooLarge[] = "payload_too_large";
inline constexpr char unprocessable[] = "unprocessable_entity";
inline constexpr char tooManyRequests[] = "too_many_requests";
inline constexpr char internal[] = "internal_error";
inline constexpr char unavailable[] = "service_unavailable";
} // namespace Error

// ISO 8601 UTC with milliseconds, as every timestamp on the wire:
// 2025-01-15T10:30:00.000Z.
QString formatTimestamp(const QDateTime &utc);
// Accepts what formatTimestamp writes and the other ISO forms JavaScript's
// Date#toISOString and MongoDB produce; nullopt for anything else.
std::optional<QDateTime> parseTimestamp(QStringView text);

// A cursor is a decimal, non-negative seq; nullopt for anything else.
std::optional<qint64> parseCursor(QStringView text);
QString formatCursor(qint64 seq);

} // namespace Protocol
