#pragma once

// File work shared by `backup` and `restore`: a consistent copy of an open
// SQLite database into a new private file with the online backup API, and
// the temp-file-then-rename that never leaves half a file under the final
// name.

#include <sqlite3.h>

#include <string>

namespace SqliteFileCopy {

// A new empty file beside finalPath, mode 0600 (mkstemp); "" and *error
// when it cannot be made.
std::string makeTempBeside(const std::string &finalPath, std::string *error);

// Copies source's main database into the empty file at destPath with
// sqlite3_backup_step, a few pages a step with a short pause between
// steps, retrying SQLITE_BUSY/SQLITE_LOCKED a bounded number of times.
// The caller holds a read transaction on source, so the copy is of one
// snapshot and a writer on another connection never restarts it (in WAL
// mode the writer is not blocked by it either). The copy is left in
// rollback-journal mode: one self-contained file.
bool copy(sqlite3 *source, const std::string &destPath, std::string *error);

// fsync of the file, rename(2) onto finalPath, fsync of its directory.
bool commit(const std::string &tempPath, const std::string &finalPath, std::string *error);

// SQLite's message for db, or for a failed open.
std::string message(sqlite3 *db);

} // namespace SqliteFileCopy
