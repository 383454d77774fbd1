#pragma once

// `deltadesk-server restore --data-dir D --from FILE [--force]`: puts a
// backup (what `backup` wrote) in place as D's database, while no server
// runs on D (it holds D's lock, see DataDirLock) and D holds no database
// yet, or --force says to replace it. FILE is checked first (a DeltaDesk
// database, PRAGMA integrity_check, a schema this server knows) before
// anything in D is touched. The restored database gets a NEW database id,
// so clients whose cursors are newer than its head resync in full. Accounts
// and tokens are kept as they were in the backup (staff need not log in
// again; tokens issued after the backup are gone with it).
//
// `deltadesk-server new-database-id --data-dir D | --database URL`: gives
// the database a new id, for a PostgreSQL database restored with
// pg_restore or PITR (run it before the servers start).
//
// Exit code 0, 1 on failure or refusal, 2 on bad input.

#include "serverconfig.h"

#include <string>

namespace RestoreCommand {

int run(const ServerConfig &config, const std::string &from, bool force);
int renewDatabaseId(const ServerConfig &config);

} // namespace RestoreCommand
