#pragma once

// The data dir holds the password hashes and every document: it is 0700 and
// its files 0600 whatever the umask, also when an older version created
// them wider. SQLite gives its -wal and -shm files the database file's mode,
// so the database file is created 0600 before SQLite opens it.

#include <string>

namespace PrivateFiles {

// Creates the directory (and its parents) if needed; sets it to 0700.
bool makeDirectory(const std::string &path, std::string *error);
// Creates the file empty if needed; sets it (and those of its companions
// that exist) to 0600.
bool makeFile(const std::string &path, std::string *error);

} // namespace PrivateFiles
