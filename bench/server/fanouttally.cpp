#include "fanouttally.h"

#include <algorithm>

void FanOutTally::arrived(int64_t previousSeq, int64_t seq, Clock::time_point at)
{
    // The first event of a stream covers only itself (the stream did not
    // exist before); a gap beyond any soak's writes is not ours to count.
    constexpr int64_t widestGap = 1000000;
    const int64_t from = previousSeq > 0 && seq - previousSeq <= widestGap ? previousSeq + 1 : seq;
    std::lock_guard lock(m_mutex);
    for (int64_t covered = from; covered <= seq; ++covered) {
        Tally &tally = m_bySeq[covered];
        if (tally.count++ == 0)
            tally.firstSeen = at;
        tally.last = std::max(tally.last, at);
    }
}

void FanOutTally::sent(int64_t seq, Clock::time_point at)
{
    std::lock_guard lock(m_mutex);
    Tally &tally = m_bySeq[seq];
    tally.sent = at;
    tally.acknowledged = true;
    if (tally.count == 0)
        tally.firstSeen = at;
}

FanOutTally::Settled FanOutTally::settle(int liveStreams,
                                         Clock::time_point now,
                                         Clock::duration patience)
{
    Settled out;
    std::lock_guard lock(m_mutex);
    for (auto it = m_bySeq.begin(); it != m_bySeq.end();) {
        const Tally &tally = it->second;
        const bool everywhere = tally.count >= liveStreams;
        const bool tooOld = now - tally.firstSeen > patience;
        if (tally.acknowledged && everywhere) {
            out.lastMs.push_back(
                std::chrono::duration<double, std::milli>(tally.last - tally.sent).count());
        } else if (tally.acknowledged && tooOld) {
            ++out.givenUp;
        } else if (!tooOld) {
            // Seen on streams but not yet acknowledged to its writer, or on
            // its way: decided at a later settle.
            if (tally.acknowledged)
                ++out.pending;
            ++it;
            continue;
        }
        // A change no writer of ours acknowledged (none expected) is
        // forgotten once old.
        it = m_bySeq.erase(it);
    }
    return out;
}
