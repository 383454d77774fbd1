// deltadesk: the desktop app staff keep open all day. Command line and
// wiring only; DesktopSession puts the parts together.

#include "apptranslations.h"
#include "desktopcommandline.h"
#include "desktopicon.h"
#include "desktopscreenshots.h"
#include "desktopsession.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QIcon>
#include <QLocale>
#include <QStandardPaths>
#include <QTimer>

#include <cstdio>

namespace {
QStringList argumentsOf(int argc, char *argv[])
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    return arguments;
}
} // namespace

int main(int argc, char *argv[])
{
    QApplication::setApplicationName(QStringLiteral("deltadesk"));
    QApplication::setOrganizationName(QStringLiteral("DeltaDesk"));
    QApplication::setApplicationVersion(QStringLiteral(DELTADESK_VERSION));

    // --help and --version work without a display: answered before the
    // QApplication constructor loads the platform plugin.
    {
        DesktopCommandLine early;
        if (early.asksForHelpOrVersion(argumentsOf(argc, argv))) {
            QCoreApplication core(argc, argv); // QtCore only: no platform plugin
            AppTranslations::install(&core, QLocale::system());
            // Built again now that its texts can be translated.
            DesktopCommandLine translated;
            translated.asksForHelpOrVersion(argumentsOf(argc, argv));
            std::fputs(qPrintable(translated.helpOrVersionText()), stdout);
            return 0;
        }
    }

    QApplication app(argc, argv);
    // Before any text is made: widgets translate theirs when built.
    AppTranslations::install(&app, QLocale::system());
    QApplication::setApplicationDisplayName(QStringLiteral("DeltaDesk"));
    // The installed .desktop id: lets Wayland compositors and task bars match
    // the window to its entry and icon.
    QApplication::setDesktopFileName(QStringLiteral("app.deltadesk.DeltaDesk"));
    QApplication::setWindowIcon(DesktopIcon::appIcon());

    DesktopCommandLine commandLine;
    QCommandLineParser &parser = commandLine.parser();
    const QCommandLineOption &serverOption = commandLine.serverOption;
    const QCommandLineOption &userOption = commandLine.userOption;
    const QCommandLineOption &passwordFileOption = commandLine.passwordFileOption;
    const QCommandLineOption &stateDirOption = commandLine.stateDirOption;
    const QCommandLineOption &tokenStoreOption = commandLine.tokenStoreOption;
    const QCommandLineOption &screenshotOption = commandLine.screenshotOption;
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
    QObject::connect(&session, &DesktopSession::failed, &app, [](const QString &error) {
        std::fprintf(stderr, "deltadesk: %s\n", qPrintable(error));
        QCoreApplication::exit(1);
    });
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
