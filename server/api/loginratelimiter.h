#pragma once

// Throttles logins per (username, client address), so guessing one
// account's password from one place slows down while the real user,
// elsewhere, still logs in. After freeFailures failed attempts in a row,
// each further attempt must wait a delay that doubles from firstDelay up to
// maxDelay; a success clears the count. An address that fails for many
// usernames (password spraying) is held back as a whole, and successful
// logins are capped per (username, address) too, since each costs a hash
// and a token. Attempts count as failures from the moment they start, so
// parallel guesses are held back as well. I/O thread only.

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <utility>

class LoginRateLimiter
{
public:
    struct Options
    {
        int freeFailures = 5;
        int64_t firstDelayMs = 1000;
        int64_t maxDelayMs = 5 * 60 * 1000;
        int64_t forgetAfterMs = 15 * 60 * 1000; // a pair's count after its last failure
        int addressFailuresPerMinute = 50;
        int successesPerMinute = 10;
    };

    LoginRateLimiter();
    explicit LoginRateLimiter(const Options &options);

    // Seconds to wait before trying again, or 0 if an attempt is allowed.
    int retryAfterSeconds(const std::string &username, const std::string &address, int64_t nowMs);
    // An attempt starts: a failure unless recordSuccess follows.
    void recordAttempt(const std::string &username, const std::string &address, int64_t nowMs);
    // It was answered as a failure: the delay runs from now (the answer
    // may have taken a while to hash).
    void recordFailureAnswered(const std::string &username,
                               const std::string &address,
                               int64_t nowMs);
    void recordSuccess(const std::string &username, const std::string &address, int64_t nowMs);
    // The server could not decide it (its database away, its hashing queue
    // full): the attempt counts neither way, so a client retrying through an
    // outage is not held back once the server is well again.
    void recordUndecided(const std::string &username, const std::string &address);

    size_t trackedPairs() const { return m_pairs.size(); }

private:
    struct PairState
    {
        int failures = 0;
        int64_t lastFailureMs = 0;
        std::deque<int64_t> successes; // in the last minute
    };
    using Key = std::pair<std::string, std::string>;

    void forgetOld(int64_t nowMs);
    void takeBackAddressFailure(const std::string &address);

    Options m_options;
    std::map<Key, PairState> m_pairs;
    std::map<std::string, std::deque<int64_t>> m_addressFailures; // in the last minute
    int64_t m_lastSweepMs = 0;
};
