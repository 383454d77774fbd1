#pragma once

// The command line of deltadesk-server (QCommandLineParser):
//   deltadesk-server --data-dir DIR --listen HOST:PORT [--demo] [...]
//   deltadesk-server user add NAME --role ROLE --data-dir DIR   (password on stdin)
//   deltadesk-server user passwd NAME --data-dir DIR            (password on stdin)
//   deltadesk-server user list --data-dir DIR
//   deltadesk-server user disable|enable NAME --data-dir DIR
//   deltadesk-server backup --data-dir DIR --to FILE
//   deltadesk-server restore --data-dir DIR --from FILE [--force]
//   deltadesk-server new-database-id --data-dir DIR | --database URL

#include "serverconfig.h"

#include <QStringList>

#include <optional>

struct ServerCommand
{
    enum class Kind {
        Serve,
        AddUser,
        SetPassword,
        ListUsers,
        DisableUser,
        EnableUser,
        Backup,
        Restore,
        NewDatabaseId,
        Exit
    };
    Kind kind = Kind::Serve;
    ServerConfig config;
    std::string userName;
    std::string userRole;
    std::string backupFile; // backup --to, restore --from
    bool force = false;     // restore --force
    int exitCode = 0;
};

namespace ServerOptions {

// Prints help, version and errors itself (Kind::Exit then).
ServerCommand parse(const QStringList &arguments);

} // namespace ServerOptions
