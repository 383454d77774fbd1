#pragma once

// Fills an empty data dir through the server's own store interface
// (SqliteChangeLogStore, as linked from deltadesk_server_core) before the
// server process starts: the demo set, the demo accounts, and as many more
// demo-shaped events (about 5 KB each) as a benchmark asks for. Far faster
// than POSTing them one by one, and the rows are the ones the server writes.

#include <string>
#include <vector>

namespace StoreSeeder {

struct Result
{
    bool ok = false;
    std::string error;
    int events = 0;        // events in the store afterwards
    double seconds = 0;    // wall time of the seeding
    double eventBytes = 0; // mean stored size of an event document
};

// `events` in total (at least the demo set's 1000); accounts admin/admin,
// manager/manager, staff/staff.
Result seed(const std::string &dataDir, int events);

// Adds `accounts` staff accounts (soak-1, soak-2, ...) to a seeded data dir
// and issues `tokensPerAccount` login tokens to each, through the store as
// a login would (so many streams fit the server's default per-token and
// per-user caps without thousands of deliberately slow logins). The tokens,
// account by account; empty on error (with `error` set).
std::vector<std::string> issueStreamTokens(const std::string &dataDir,
                                           int accounts,
                                           int tokensPerAccount,
                                           std::string *error);

} // namespace StoreSeeder
