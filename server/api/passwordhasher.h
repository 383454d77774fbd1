#pragma once

// Salted PBKDF2-HMAC-SHA256 password hashes (QPasswordDigestor). Passwords
// are never stored; only the salt, the iteration count and the derived key.
// Slow on purpose: call it on the PasswordPool (or in the command line
// tools), never on the I/O or the store thread.

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

// An account no password matches (a random salt and key, made once), with
// the default rounds: login verifies against it when the username is
// unknown, so that answer takes as long as a wrong password does.
const Account &dummyAccount();

} // namespace PasswordHasher
