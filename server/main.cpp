// deltadesk-server: the reference server of the DeltaDesk sync protocol.

#include "backupcommand.h"
#include "restorecommand.h"
#include "serverapp.h"
#include "serverlog.h"
#include "serveroptions.h"
#include "usercommands.h"

#include <QCoreApplication>
#include <QLoggingCategory>

#include <sys/stat.h>

#include <iostream>
#include <string>

namespace {

std::string readPassword()
{
    std::string password;
    std::getline(std::cin, password);
    if (!password.empty() && password.back() == '\r')
        password.pop_back();
    return password;
}

} // namespace

int main(int argc, char *argv[])
{
    // Nothing this process writes is for other users (the database holds
    // the password hashes): whatever umask it was started with.
    umask(S_IRWXG | S_IRWXO);
    // Only for the application name/version and argument decoding; the
    // server runs on Asio, never on Qt's event loop.
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("deltadesk-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(DELTADESK_VERSION));
    // Per-connection debug lines stay off unless QT_LOGGING_RULES (which
    // takes precedence over this) turns them on.
    QLoggingCategory::setFilterRules(QStringLiteral("deltadesk.*.debug=false"));

    const ServerCommand command = ServerOptions::parse(QCoreApplication::arguments());
    ServerLog::install(command.config.jsonLogs ? ServerLog::Format::Json : ServerLog::Format::Text);
    switch (command.kind) {
    case ServerCommand::Kind::Exit:
        return command.exitCode;
    case ServerCommand::Kind::AddUser:
        return UserCommands::add(command.config, command.userName, command.userRole, readPassword());
    case ServerCommand::Kind::SetPassword:
        return UserCommands::setPassword(command.config, command.userName, readPassword());
    case ServerCommand::Kind::ListUsers:
        return UserCommands::list(command.config);
    case ServerCommand::Kind::DisableUser:
        return UserCommands::setDisabled(command.config, command.userName, true);
    case ServerCommand::Kind::EnableUser:
        return UserCommands::setDisabled(command.config, command.userName, false);
    case ServerCommand::Kind::Backup:
        return BackupCommand::run(command.config, command.backupFile);
    case ServerCommand::Kind::Restore:
        return RestoreCommand::run(command.config, command.backupFile, command.force);
    case ServerCommand::Kind::NewDatabaseId:
        return RestoreCommand::renewDatabaseId(command.config);
    case ServerCommand::Kind::Serve:
        break;
    }
    return ServerApp::run(command.config);
}
