#pragma once

// Creates and migrates the server's SQLite schema, tracked by PRAGMA
// user_version: each migration runs once, in order, in one transaction.

#include <sqlite3.h>

#include <string>

namespace SqliteSchema {

bool migrate(sqlite3 *db, std::string *error);
int currentVersion();

} // namespace SqliteSchema
