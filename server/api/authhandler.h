#pragma once

// POST /api/auth/login and /api/auth/logout.

#include "httptypes.h"
#include "loginratelimiter.h"

#include <memory>

struct ApiContext;

class AuthHandler
{
public:
    explicit AuthHandler(ApiContext &context);

    void login(HttpRequest request, Responder responder);
    void logout(HttpRequest request, Responder responder);

private:
    ApiContext &m_context;
    // Touched only by jobs on the store thread.
    std::shared_ptr<LoginRateLimiter> m_limiter = std::make_shared<LoginRateLimiter>();
};
