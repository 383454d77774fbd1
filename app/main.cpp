// deltadesk: the desktop app staff keep open all day. Command line and
// wiring only; DesktopSession puts the parts together.

#include "desktopscreenshots.h"
#include "desktopsession.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTimer>

#include <cstdio>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("deltadesk"));
    QApplication::setOrganizationName(QStringLiteral("DeltaDesk"));
    QApplication::setApplicationDisplayName(QStringLiteral("DeltaDesk"));
    QApplication::setApplicationVersion(QStringLiteral(DELTADESK_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate(
        "main",
        "DeltaDesk keeps a live local copy of the events, users, clients, "
        "roles and tariffs of a DeltaDesk server.\n"
        "The login token (never the password) is kept in the system keychain "
        "when one is available, otherwise in settings.ini in the state dir, "
        "readable by the owner only; the about box says which one is in use."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption serverOption(QStringLiteral("server"),
                                          QApplication::translate("main",
                                                                  "Server URL to log in to."),
                                          QStringLiteral("url"));
    const QCommandLineOption userOption(QStringLiteral("user"),
                                        QApplication::translate("main", "User name to log in with."),
                                        QStringLiteral("user"));
    const QCommandLineOption
        passwordFileOption(QStringLiteral("password-file"),
                           QApplication::translate("main",
                                                   "File holding the password (first line)."),
                           QStringLiteral("file"));
    const QCommandLineOption stateDirOption(
        QStringLiteral("state-dir"),
        QApplication::translate("main", "Folder for settings.ini and cache.sqlite (default: %1).")
            .arg(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)),
        QStringLiteral("dir"));
    const QCommandLineOption tokenStoreOption(
        QStringLiteral("token-store"),
        QApplication::translate("main",
                                "Where to keep the token: auto (keychain, else file) or file."),
        QStringLiteral("auto|file"),
        QStringLiteral("auto"));
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"),
        QApplication::translate("main", "Once live, save screenshots to this folder and quit."),
        QStringLiteral("dir"));
    parser.addOptions({serverOption,
                       userOption,
                       passwordFileOption,
                       stateDirOption,
                       tokenStoreOption,
                       screenshotOption});
    parser.process(app);

    DesktopSession::Options options;
    options.stateDir = parser.isSet(stateDirOption)
                           ? QDir(parser.value(stateDirOption)).absolutePath()
                           : QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    options.forceFileTokenStore = parser.value(tokenStoreOption) == QLatin1String("file");
    if (parser.isSet(serverOption) || parser.isSet(userOption) || parser.isSet(passwordFileOption)) {
        if (!parser.isSet(serverOption) || !parser.isSet(userOption)
            || !parser.isSet(passwordFileOption)) {
            std::fprintf(stderr, "deltadesk: --server, --user and --password-file go together\n");
            return 2;
        }
        options.server = QUrl::fromUserInput(parser.value(serverOption));
        options.user = parser.value(userOption);
        QFile file(parser.value(passwordFileOption));
        if (!file.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "deltadesk: cannot read %s\n", qPrintable(file.fileName()));
            return 2;
        }
        options.password = QString::fromUtf8(file.readLine()).trimmed();
    }

    DesktopSession session(options);
    if (!session.start()) {
        std::fprintf(stderr, "deltadesk: %s\n", qPrintable(session.errorString()));
        return 1;
    }
    if (parser.isSet(screenshotOption)) {
        auto *shots = new DesktopScreenshots(&session, parser.value(screenshotOption), &session);
        QObject::connect(shots, &DesktopScreenshots::finished, &app, [](bool ok) {
            QCoreApplication::exit(ok ? 0 : 1);
        });
    }
    return app.exec();
}
