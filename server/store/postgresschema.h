#pragma once

// Creates and migrates the server's PostgreSQL schema. The version lives in
// deltadesk_schema; each migration runs once, in order, in its own
// transaction, and the whole run holds a session advisory lock, so several
// instances starting together take turns: the first migrates, the others
// find the schema current.

#include <string>

class PgConnection;

namespace PostgresSchema {

// Keys of the advisory locks the server takes (pg_advisory_lock(int, int)):
// one namespace, so other applications on the database can avoid them.
constexpr int lockNamespace = 0x44444B31; // "DDK1"
constexpr int setupLock = 1;              // migrations and the demo seed
constexpr int purgeLock = 2;              // tombstone purge
constexpr int tokenPurgeLock = 3;         // expired tokens

bool migrate(PgConnection &db, std::string *error);
int currentVersion();

} // namespace PostgresSchema
