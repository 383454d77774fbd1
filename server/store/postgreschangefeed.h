#pragma once

// The one ordered source of published changes of a server instance on
// PostgreSQL. Several instances (and several store threads of each) commit
// into one log; this instance's stream clients must see every change, once,
// in seq order. The feed remembers the last seq it handed on and only ever
// hands on what follows it:
// - after a local commit of seqs first..last: when first follows the last
//   published seq directly, the commit's own changes; otherwise (another
//   instance committed in between) it reads the log after the last
//   published seq first;
// - on a notification, and after the listening connection (re)connects: it
//   reads the log after the last published seq, so a lost or coalesced
//   notification costs nothing but latency.
// Thread-safe: store threads and the listener call it; the publisher is
// called under the feed's lock, so its calls arrive in seq order.

#include "storetypes.h"

#include <functional>
#include <mutex>
#include <vector>

class PostgresChangeLogStore;

class PostgresChangeFeed
{
public:
    // changes in seq order; through: every seq up to it is accounted for
    // (changes superseded by a later write of the same document are absent).
    using Publisher = std::function<void(std::vector<Change> changes, int64_t through)>;

    // From now on commits and catch-ups are handed to publisher; nothing at
    // or below publishedThrough is.
    void start(int64_t publishedThrough, Publisher publisher);
    void stop();

    void committed(PostgresChangeLogStore &reader, const std::vector<Change> &changes);
    // false when the log could not be read (the database is away).
    bool catchUp(PostgresChangeLogStore &reader);
    int64_t publishedThrough() const;

private:
    bool catchUpLocked(PostgresChangeLogStore &reader);

    mutable std::mutex m_mutex;
    Publisher m_publisher;
    int64_t m_published = 0;
};
