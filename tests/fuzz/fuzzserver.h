#pragma once

// The server's API wired as ServerApp::run wires it (store worker thread on
// a real SQLite store, hub, compressor, password pool, ApiRoutes' router),
// minus the listener: the fuzz target plays the HttpSession. Made once per
// process. Two accounts hold long-lived tokens: Bearer fuzz-admin (admin)
// and Bearer fuzz-staff (staff); their passwords are random, so no login
// succeeds and no login can push those tokens out.

#include "httptypes.h"

#include <boost/asio/io_context.hpp>

#include <functional>
#include <memory>

class Router;

namespace FuzzServer {

boost::asio::io_context &io();
const Router &router();
const HttpLimits &limits();
// Issues the two tokens again (a fuzzed logout may have revoked one); waits
// for the store thread.
void restoreTokens();
// Runs the I/O context until done() holds; aborts after 10 s (a request
// that never completes is a bug too).
void runUntil(const std::function<bool()> &done);

} // namespace FuzzServer
