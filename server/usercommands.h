#pragma once

// `deltadesk-server user ...`: account administration on the data dir,
// also while the server runs (SQLite in WAL mode; the server sees a revoked
// token at the next request, and ends its streams within a heartbeat).
// Each returns the process exit code (0, 1 on failure, 2 on bad input) and
// prints what it did to stderr.

#include "serverconfig.h"

#include <string>

namespace UserCommands {

// `user add`: creates an account, or gives an existing one a new role and
// password (and ends its sessions).
int add(const ServerConfig &config,
        const std::string &name,
        const std::string &role,
        const std::string &password);
// `user passwd`: a new password; every token of the user is revoked.
int setPassword(const ServerConfig &config, const std::string &name, const std::string &password);
// `user disable` (revokes every token; login refused) and `user enable`.
int setDisabled(const ServerConfig &config, const std::string &name, bool disabled);
// `user list`: one account a line on stdout.
int list(const ServerConfig &config);

} // namespace UserCommands
