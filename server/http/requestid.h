#pragma once

// The X-Request-Id of a request: the one a proxy or client sent when it is a
// plain token (1 to 64 of A-Z a-z 0-9 . _ : -, e.g. nginx's $request_id or a
// UUID), so one id follows a request through every log; else a new one,
// unique in this process and unlikely to repeat across restarts
// (random process prefix, counter).

#include <string>
#include <string_view>

namespace RequestId {

bool isAcceptable(std::string_view id);
std::string make();
// The client's id if acceptable, else a new one.
std::string forRequest(std::string_view sent);

} // namespace RequestId
