#include "loginratelimiter.h"

#include <algorithm>

namespace {

constexpr int64_t minuteMs = 60 * 1000;

void keepLastMinute(std::deque<int64_t> &times, int64_t nowMs)
{
    while (!times.empty() && times.front() <= nowMs - minuteMs)
        times.pop_front();
}

} // namespace

LoginRateLimiter::LoginRateLimiter()
    : LoginRateLimiter(Options())
{}

LoginRateLimiter::LoginRateLimiter(const Options &options)
    : m_options(options)
{}

int LoginRateLimiter::retryAfterSeconds(const std::string &username,
                                        const std::string &address,
                                        int64_t nowMs)
{
    forgetOld(nowMs);
    int64_t until = 0;
    if (auto it = m_pairs.find({username, address}); it != m_pairs.end()) {
        PairState &pair = it->second;
        const int over = pair.failures - m_options.freeFailures;
        if (over >= 0) {
            const int64_t delay = std::min(m_options.firstDelayMs << std::min(over, 30),
                                           m_options.maxDelayMs);
            until = std::max(until, pair.lastFailureMs + delay);
        }
        keepLastMinute(pair.successes, nowMs);
        if (int(pair.successes.size()) >= m_options.successesPerMinute)
            until = std::max(until, pair.successes.front() + minuteMs);
    }
    if (auto it = m_addressFailures.find(address); it != m_addressFailures.end()) {
        keepLastMinute(it->second, nowMs);
        if (int(it->second.size()) >= m_options.addressFailuresPerMinute)
            until = std::max(until, it->second.front() + minuteMs);
    }
    if (until <= nowMs)
        return 0;
    return int((until - nowMs + 999) / 1000);
}

void LoginRateLimiter::recordAttempt(const std::string &username,
                                     const std::string &address,
                                     int64_t nowMs)
{
    PairState &pair = m_pairs[{username, address}];
    ++pair.failures;
    pair.lastFailureMs = nowMs;
    m_addressFailures[address].push_back(nowMs);
}

void LoginRateLimiter::recordFailureAnswered(const std::string &username,
                                             const std::string &address,
                                             int64_t nowMs)
{
    if (auto it = m_pairs.find({username, address}); it != m_pairs.end() && it->second.failures > 0)
        it->second.lastFailureMs = std::max(it->second.lastFailureMs, nowMs);
}

void LoginRateLimiter::recordUndecided(const std::string &username, const std::string &address)
{
    if (auto it = m_pairs.find({username, address}); it != m_pairs.end() && it->second.failures > 0)
        --it->second.failures;
    takeBackAddressFailure(address);
}

void LoginRateLimiter::takeBackAddressFailure(const std::string &address)
{
    if (auto it = m_addressFailures.find(address); it != m_addressFailures.end()) {
        if (!it->second.empty())
            it->second.pop_back();
        if (it->second.empty())
            m_addressFailures.erase(it);
    }
}

void LoginRateLimiter::recordSuccess(const std::string &username,
                                     const std::string &address,
                                     int64_t nowMs)
{
    PairState &pair = m_pairs[{username, address}];
    pair.failures = 0;
    pair.successes.push_back(nowMs);
    // The attempt was counted against the address too: take it back.
    takeBackAddressFailure(address);
}

void LoginRateLimiter::forgetOld(int64_t nowMs)
{
    // Bounded memory at a bounded cost: one sweep a second at most.
    if (nowMs - m_lastSweepMs < 1000)
        return;
    m_lastSweepMs = nowMs;
    for (auto it = m_pairs.begin(); it != m_pairs.end();) {
        PairState &pair = it->second;
        keepLastMinute(pair.successes, nowMs);
        const bool failuresForgotten = pair.failures == 0
                                       || pair.lastFailureMs <= nowMs - m_options.forgetAfterMs;
        if (failuresForgotten)
            pair.failures = 0;
        it = failuresForgotten && pair.successes.empty() ? m_pairs.erase(it) : std::next(it);
    }
    for (auto it = m_addressFailures.begin(); it != m_addressFailures.end();) {
        keepLastMinute(it->second, nowMs);
        it = it->second.empty() ? m_addressFailures.erase(it) : std::next(it);
    }
}
