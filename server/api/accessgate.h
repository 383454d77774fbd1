#pragma once

// The router's gate: runs when a request's header is complete, before any
// of its body is read. Every /api/ route but login needs a valid bearer
// token (401 before anything else, without reading the body); the token is
// checked on the store thread. The body limit follows the route: event
// writes may send --max-body-bytes, every other request (login included)
// a few KiB. /health takes a token optionally (it then says more).

#include "httptypes.h"

struct ApiContext;

namespace AccessGate {

// Login needs a few hundred bytes; 8 KiB leaves room for long passwords.
constexpr uint64_t smallBodyLimit = 8 * 1024;

void admit(ApiContext &context, const HttpRequest &head, AdmissionCallback done);

} // namespace AccessGate
