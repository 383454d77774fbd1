#pragma once

// The database id (ChangeLogStore::databaseId): 128 random bits from the
// operating system, as 32 lower-case hex digits, the form the schema
// migrations create too.

#include <string>

namespace DatabaseId {

std::string generate();
// 32 lower-case hex digits: what generate() and the migrations make.
bool isWellFormed(const std::string &id);

} // namespace DatabaseId
