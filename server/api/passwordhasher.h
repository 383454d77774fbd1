#pragma once

// Salted PBKDF2-HMAC-SHA256 password hashes (QPasswordDigestor). Passwords
// are never stored; only the salt, the iteration count and the derived key.
// Slow on purpose: call it on the store thread, never on the I/O thread.

#include "storetypes.h"

#include <string>

namespace PasswordHasher {

// Qt's PBKDF2 costs ~3 ms per 1000 rounds here; 25000 keeps a login near
// 75 ms (and the rate limit caps guessing), while the demo seed stays fast.
constexpr int defaultIterations = 25000;

Account makeAccount(const std::string &username,
                    const std::string &name,
                    const std::string &role,
                    const std::string &password,
                    int iterations = defaultIterations);
bool verify(const Account &account, const std::string &password);

} // namespace PasswordHasher
