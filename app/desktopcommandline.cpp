#include "desktopcommandline.h"

#include <QCoreApplication>
#include <QStandardPaths>

DesktopCommandLine::DesktopCommandLine()
    : serverOption(QStringLiteral("server"), tr("Server URL to log in to."), QStringLiteral("url"))
    , userOption(QStringLiteral("user"), tr("User name to log in with."), QStringLiteral("user"))
    , passwordFileOption(QStringLiteral("password-file"),
                         tr("File holding the password (first line)."),
                         QStringLiteral("file"))
    , stateDirOption(QStringLiteral("state-dir"),
                     tr("Folder for settings.ini and cache.sqlite (default: %1).")
                         .arg(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)),
                     QStringLiteral("dir"))
    , tokenStoreOption(QStringLiteral("token-store"),
                       tr("Where to keep the token: auto (keychain, else file) or file."),
                       QStringLiteral("auto|file"),
                       QStringLiteral("auto"))
    , screenshotOption(QStringLiteral("screenshot"),
                       tr("Once live, save screenshots to this folder and quit."),
                       QStringLiteral("dir"))
    , m_helpOption(m_parser.addHelpOption())
    , m_versionOption(m_parser.addVersionOption())
{
    m_parser.setApplicationDescription(
        tr("DeltaDesk keeps a live local copy of the events, users, clients, "
           "roles and tariffs of a DeltaDesk server.\n"
           "The login token (never the password) is kept in the system keychain "
           "when one is available, otherwise in settings.ini in the state dir, "
           "readable by the owner only; the about box says which one is in use."));
    m_parser.addOptions({serverOption,
                         userOption,
                         passwordFileOption,
                         stateDirOption,
                         tokenStoreOption,
                         screenshotOption});
}

bool DesktopCommandLine::asksForHelpOrVersion(const QStringList &arguments)
{
    // Qt's own options are single-dash words ("-platform", "-reverse"); read
    // as long options they stay unknown instead of spelling "-v" or "-h".
    m_parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    m_parser.parse(arguments); // errors are reported by the second pass
    m_parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsCompactedShortOptions);
    return m_parser.isSet(m_helpOption) || m_parser.isSet(m_versionOption);
}

QString DesktopCommandLine::helpOrVersionText() const
{
    if (m_parser.isSet(m_helpOption))
        return m_parser.helpText();
    return QCoreApplication::applicationName() + QLatin1Char(' ')
           + QCoreApplication::applicationVersion() + QLatin1Char('\n');
}
