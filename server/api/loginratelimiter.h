#pragma once

// Counts failed logins per username and per client address in a sliding
// window; past the limit, login answers 429 with Retry-After without even
// checking the password. Used on the store thread only.

#include <cstdint>
#include <deque>
#include <map>
#include <string>

class LoginRateLimiter
{
public:
    explicit LoginRateLimiter(int maxFailures = 10, int64_t windowMs = 60000);

    // Seconds to wait before trying again, or 0 if an attempt is allowed.
    int retryAfterSeconds(const std::string &username, const std::string &address, int64_t nowMs);
    void recordFailure(const std::string &username, const std::string &address, int64_t nowMs);
    void recordSuccess(const std::string &username);

private:
    int64_t blockedUntil(std::deque<int64_t> &failures, int64_t nowMs) const;
    void forgetOld(int64_t nowMs);

    int m_maxFailures;
    int64_t m_windowMs;
    std::map<std::string, std::deque<int64_t>> m_byUser;
    std::map<std::string, std::deque<int64_t>> m_byAddress;
};
