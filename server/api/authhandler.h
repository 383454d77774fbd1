#pragma once

// POST /api/auth/login and /api/auth/logout.
//
// A login moves between threads so that none of them waits on the others:
// the body is checked and the throttle asked on the I/O thread, the account
// read on the store thread, its password derived on the PasswordPool (also
// for an unknown username, against a dummy account, so both answers take
// as long), and the token written on the store thread again; the answer and
// the throttle's bookkeeping happen back on the I/O thread.

#include "httptypes.h"
#include "loginratelimiter.h"
#include "storetypes.h"

#include <memory>
#include <optional>
#include <vector>

class ChangeLogStore;
struct ApiContext;

class AuthHandler
{
public:
    explicit AuthHandler(ApiContext &context);

    void login(HttpRequest request, Responder responder);
    void logout(HttpRequest request, Responder responder);

private:
    struct Attempt
    {
        std::string username;
        std::string password;
        std::string addressKey;
        std::string address;
        Responder responder;
    };
    // On the store thread.
    void lookUp(std::shared_ptr<Attempt> attempt, std::optional<Account> account);
    // On a pool thread.
    void verify(std::shared_ptr<Attempt> attempt, std::optional<Account> account);
    // On the store thread.
    void issueToken(std::shared_ptr<Attempt> attempt, const Account &account, ChangeLogStore &store);
    // On the I/O thread.
    void finishFailed(std::shared_ptr<Attempt> attempt, int status, const std::string &message);
    // The server could not decide the attempt (503, 500): it does not count.
    void finishUndecided(std::shared_ptr<Attempt> attempt, HttpResponse response);
    void finishSucceeded(std::shared_ptr<Attempt> attempt,
                         HttpResponse response,
                         const std::vector<std::string> &revokedTokens);

    ApiContext &m_context;
    LoginRateLimiter m_limiter; // I/O thread only
};
