#pragma once

// Fan-out to the LAST stream, for a soak where writes overlap: every
// completed event on every stream is counted (on the fleet's thread) for
// every seq it covers: its own and, after a resume, those the stream skipped
// since its previous event (a replay sends only the latest state of a
// document, which includes the writes before it). Every acknowledged write
// says when it was sent and which seq it
// got (on the writers' threads). A write is settled once as many streams as
// are alive have completed it (its latency: sent -> the last of them), or
// given up on after `patience` (it did not reach every live stream: dropped
// or still queued behind).

#include <chrono>
#include <cstdint>
#include <mutex>
#include <unordered_map>
#include <vector>

class FanOutTally
{
public:
    using Clock = std::chrono::steady_clock;

    // An event `seq` completed on a stream whose previous one was
    // `previousSeq` (0: its first).
    void arrived(int64_t previousSeq, int64_t seq, Clock::time_point at);
    void sent(int64_t seq, Clock::time_point at);

    struct Settled
    {
        std::vector<double> lastMs; // sent -> completed on the last live stream
        int givenUp = 0;            // not on every live stream within patience
        int pending = 0;            // acknowledged, still on their way
    };
    // Takes out what is settled by now, given the streams alive now.
    Settled settle(int liveStreams, Clock::time_point now, Clock::duration patience);

private:
    struct Tally
    {
        int count = 0;
        Clock::time_point last{};
        Clock::time_point sent{};
        bool acknowledged = false;
        Clock::time_point firstSeen{};
    };
    std::mutex m_mutex;
    std::unordered_map<int64_t, Tally> m_bySeq;
};
