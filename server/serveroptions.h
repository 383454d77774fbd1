#pragma once

// The command line of deltadesk-server (QCommandLineParser):
//   deltadesk-server --data-dir DIR --listen HOST:PORT [--demo] [...]
//   deltadesk-server user add NAME --role ROLE --data-dir DIR   (password on stdin)
//   deltadesk-server user passwd NAME --data-dir DIR            (password on stdin)
//   deltadesk-server user list --data-dir DIR
//   deltadesk-server user disable|enable NAME --data-dir DIR

#include "serverconfig.h"

#include <QStringList>

#include <optional>

struct ServerCommand
{
    enum class Kind { Serve, AddUser, SetPassword, ListUsers, DisableUser, EnableUser, Exit };
    Kind kind = Kind::Serve;
    ServerConfig config;
    std::string userName;
    std::string userRole;
    int exitCode = 0;
};

namespace ServerOptions {

// Prints help, version and errors itself (Kind::Exit then).
ServerCommand parse(const QStringList &arguments);

} // namespace ServerOptions
