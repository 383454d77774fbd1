// deltadesk-server: the reference server of the DeltaDesk sync protocol.

#include "serverapp.h"
#include "serveroptions.h"

#include <QCoreApplication>
#include <QLoggingCategory>

#include <iostream>
#include <string>

int main(int argc, char *argv[])
{
    // Only for the application name/version and argument decoding; the
    // server runs on Asio, never on Qt's event loop.
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("deltadesk-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(DELTADESK_VERSION));
    // Per-connection debug lines stay off unless QT_LOGGING_RULES (which
    // takes precedence over this) turns them on.
    QLoggingCategory::setFilterRules(QStringLiteral("deltadesk.*.debug=false"));

    const ServerCommand command = ServerOptions::parse(QCoreApplication::arguments());
    switch (command.kind) {
    case ServerCommand::Kind::Exit:
        return command.exitCode;
    case ServerCommand::Kind::AddUser: {
        std::string password;
        std::getline(std::cin, password);
        if (!password.empty() && password.back() == '\r')
            password.pop_back();
        return ServerApp::addUser(command.config, command.userName, command.userRole, password);
    }
    case ServerCommand::Kind::Serve:
        break;
    }
    return ServerApp::run(command.config);
}
