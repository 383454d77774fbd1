#pragma once

// The typed errors every ApiClient job reports, so callers react to the kind
// of failure (retry, log in again, full sync) without parsing HTTP statuses.

#include <QMetaType>
#include <QString>

enum class ApiError {
    NoError,
    Network,            // connection refused/reset, dropped mid-body
    Timeout,            // nothing heard within the job's idle timeout
    Unauthorized,       // 401
    Forbidden,          // 403
    NotFound,           // 404
    PreconditionFailed, // 412: stale If-Match version
    Conflict = PreconditionFailed,
    Validation,      // 400, 413, 422
    CursorExpired,   // 410
    TooManyRequests, // 429
    Server,          // 5xx and other unexpected statuses
    InvalidData,     // a 2xx body that is not the JSON we expect, or broken gzip
    Aborted,         // abort() was called
};

namespace ApiErrors {
// "network", "timeout", ... for logs and the headless client's JSON.
QString name(ApiError error);
// Errors worth retrying with backoff: the cursor and cache stay.
bool isTransient(ApiError error);
} // namespace ApiErrors

Q_DECLARE_METATYPE(ApiError)
