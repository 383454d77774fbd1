#pragma once

// Wires the server together: opens and prepares the store (migrations,
// demo seed, tombstone purge), starts the store thread, the hub, the routes
// and the listener on one I/O thread, and stops it all on SIGINT/SIGTERM.

#include "serverconfig.h"

#include <string>

namespace ServerApp {

// Blocks until a signal stops the server; the process exit code.
int run(const ServerConfig &config);

} // namespace ServerApp
