#include "apierror.h"

namespace ApiErrors {

QString name(ApiError error)
{
    switch (error) {
    case ApiError::NoError:
        return QStringLiteral("none");
    case ApiError::Network:
        return QStringLiteral("network");
    case ApiError::Timeout:
        return QStringLiteral("timeout");
    case ApiError::Unauthorized:
        return QStringLiteral("unauthorized");
    case ApiError::Forbidden:
        return QStringLiteral("forbidden");
    case ApiError::NotFound:
        return QStringLiteral("not_found");
    case ApiError::PreconditionFailed:
        return QStringLiteral("precondition_failed");
    case ApiError::Validation:
        return QStringLiteral("validation");
    case ApiError::CursorExpired:
        return QStringLiteral("cursor_expired");
    case ApiError::TooManyRequests:
        return QStringLiteral("too_many_requests");
    case ApiError::Server:
        return QStringLiteral("server");
    case ApiError::InvalidData:
        return QStringLiteral("invalid_data");
    case ApiError::Aborted:
        return QStringLiteral("aborted");
    }
    return QStringLiteral("unknown");
}

bool isTransient(ApiError error)
{
    return error == ApiError::Network || error == ApiError::Timeout || error == ApiError::Server
           || error == ApiError::TooManyRequests;
}

} // namespace ApiErrors
