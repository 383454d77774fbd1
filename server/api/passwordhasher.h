#pragma once

// Salted PBKDF2-HMAC-SHA256 password hashes (QPasswordDigestor). Passwords
// are never stored; only the salt, the iteration count and the derived key.
// Slow on purpose: call it on the store thread, never on the I/O thread.

#include "storetypes.h"

#include <string>

namespace PasswordHasher {

constexpr int defaultIterations = 60000;

Account makeAccount(const std::string &username,
                    const std::string &name,
                    const std::string &role,
                    const std::string &password,
                    int iterations = defaultIterations);
bool verify(const Account &account, const std::string &password);

} // namespace PasswordHasher
