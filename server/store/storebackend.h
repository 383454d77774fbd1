#pragma once

// Where the change log lives, chosen by --database: an SQLite file in the
// data dir (the default) or a PostgreSQL database that several server
// instances share. The backend opens the store connections of the pool
// and, where other instances write too, feeds every committed change to
// the hub in seq order. serverapp and the `user` commands know no more of
// the store than this.

#include "changelogstore.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

struct ServerConfig;

class StoreBackend
{
public:
    // Changes committed by any instance, in seq order; every seq up to
    // through is accounted for.
    using Publisher = std::function<void(std::vector<Change> changes, int64_t through)>;
    using AvailabilityHandler = std::function<void(bool reachable)>;
    using RevocationHandler = std::function<void(const std::string &tokenHash)>;

    // nullptr and *error for a --database value that names no store.
    static std::unique_ptr<StoreBackend> create(const ServerConfig &config, std::string *error);
    // "sqlite", or a postgresql:// or postgres:// URL.
    static bool isValidDatabase(const std::string &database);
    static bool isPostgres(const std::string &database);
    // The URL without its password, for messages.
    static std::string redacted(const std::string &database);

    virtual ~StoreBackend() = default;

    // For messages, e.g. "PostgreSQL postgresql://deltadesk@db:5432/deltadesk".
    virtual std::string description() const = 0;
    // One store (one connection); the first one also creates or migrates
    // the schema. nullptr and *error when it cannot.
    virtual std::unique_ptr<ChangeLogStore> open(std::string *error) = 0;
    // Store threads the server runs: one per connection.
    virtual int poolSize() const = 0;

    // Hands what any instance commits after head to publisher from now on,
    // reachability changes of the database to availability, and tokens
    // revoked on other instances to revocation. SQLite has one writer, whose
    // handlers publish their own commits and revocations: nothing to do.
    virtual void startFeed(int64_t head,
                           Publisher publisher,
                           AvailabilityHandler availability,
                           RevocationHandler revocation)
    {
        (void) head;
        (void) publisher;
        (void) availability;
        (void) revocation;
    }
    // Stops the feed; its callbacks are not called afterwards.
    virtual void stopFeed() {}
};
