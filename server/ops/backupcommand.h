#pragma once

// `deltadesk-server backup --data-dir D --to FILE`: a consistent copy of the
// SQLite store (documents and change log, accounts, tokens: it is one file)
// taken with the online backup API while the server serves and writes. The
// copy is made beside FILE (0600: it holds password and token hashes) and
// renamed onto it when complete, so FILE is never half a backup. One line
// on stderr says what was copied and the copy's cursor (its head seq).
// Exit code 0, 1 on failure, 2 on bad input (as the `user` commands).

#include "serverconfig.h"

#include <string>

namespace BackupCommand {

int run(const ServerConfig &config, const std::string &to);

} // namespace BackupCommand
