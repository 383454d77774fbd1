#include "loginratelimiter.h"

#include <algorithm>

LoginRateLimiter::LoginRateLimiter(int maxFailures, int64_t windowMs)
    : m_maxFailures(maxFailures)
    , m_windowMs(windowMs)
{}

int64_t LoginRateLimiter::blockedUntil(std::deque<int64_t> &failures, int64_t nowMs) const
{
    while (!failures.empty() && failures.front() <= nowMs - m_windowMs)
        failures.pop_front();
    if (int(failures.size()) < m_maxFailures)
        return 0;
    return failures.front() + m_windowMs;
}

int LoginRateLimiter::retryAfterSeconds(const std::string &username,
                                        const std::string &address,
                                        int64_t nowMs)
{
    forgetOld(nowMs);
    int64_t until = 0;
    if (auto it = m_byUser.find(username); it != m_byUser.end())
        until = std::max(until, blockedUntil(it->second, nowMs));
    // An address gets more room: several people may share one.
    if (auto it = m_byAddress.find(address); it != m_byAddress.end()) {
        const int64_t byAddress = int(it->second.size()) >= m_maxFailures * 5
                                      ? it->second.front() + m_windowMs
                                      : 0;
        until = std::max(until, byAddress);
    }
    if (until <= nowMs)
        return 0;
    return int((until - nowMs + 999) / 1000);
}

void LoginRateLimiter::recordFailure(const std::string &username,
                                     const std::string &address,
                                     int64_t nowMs)
{
    m_byUser[username].push_back(nowMs);
    m_byAddress[address].push_back(nowMs);
}

void LoginRateLimiter::recordSuccess(const std::string &username)
{
    m_byUser.erase(username);
}

void LoginRateLimiter::forgetOld(int64_t nowMs)
{
    // Bounded memory: entries whose newest failure left the window go.
    for (auto *table : {&m_byUser, &m_byAddress}) {
        for (auto it = table->begin(); it != table->end();) {
            while (!it->second.empty() && it->second.front() <= nowMs - m_windowMs)
                it->second.pop_front();
            it = it->second.empty() ? table->erase(it) : std::next(it);
        }
    }
}
