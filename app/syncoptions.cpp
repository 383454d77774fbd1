#include "syncoptions.h"

#include "protocol.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

namespace {
const QStringList commands{QStringLiteral("login"),
                           QStringLiteral("sync"),
                           QStringLiteral("follow"),
                           QStringLiteral("status"),
                           QStringLiteral("dump"),
                           QStringLiteral("resync"),
                           QStringLiteral("logout")};

bool positiveInt(const QString &text, int *out)
{
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok || value < 0)
        return false;
    *out = value;
    return true;
}
} // namespace

std::optional<SyncOptions> parseSyncOptions(const QStringList &arguments, QString *error)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Keeps a local SQLite copy of a DeltaDesk server's collections, moving as few bytes as "
        "possible.\n\n"
        "Commands:\n"
        "  login                    log in, store the token\n"
        "  sync [--collections a,b] one delta round; one JSON line per collection\n"
        "  follow [--seconds N]     sync, then apply the live stream until stopped or N s;\n"
        "                           one JSON line per applied batch\n"
        "  status                   per collection: cursor, lastSync, cached count, age\n"
        "  dump COLLECTION          the cached documents, one JSON object per line, sorted by _id\n"
        "  resync COLLECTION        full resync of one collection\n"
        "  logout                   revoke the token, clear cursors, wipe the cache\n\n"
        "State lives in the state dir: settings.ini (cursors and token, mode 0600) and "
        "cache.sqlite.\n"
        "Exit codes: 0 success, 1 failure, 2 usage, 3 login required, 4 server unreachable or "
        "failing."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption server(QStringLiteral("server"),
                                    QStringLiteral("Server base URL."),
                                    QStringLiteral("URL"));
    const QCommandLineOption stateDir(QStringLiteral("state-dir"),
                                      QStringLiteral("Directory of the local state."),
                                      QStringLiteral("DIR"));
    const QCommandLineOption user(QStringLiteral("user"),
                                  QStringLiteral("User name to log in with."),
                                  QStringLiteral("U"));
    const QCommandLineOption passwordFile(QStringLiteral("password-file"),
                                          QStringLiteral("File whose first line is the password."),
                                          QStringLiteral("F"));
    const QCommandLineOption tokenFile(QStringLiteral("token-file"),
                                       QStringLiteral("File holding a bearer token to use."),
                                       QStringLiteral("F"));
    const QCommandLineOption collections(QStringLiteral("collections"),
                                         QStringLiteral(
                                             "Collections to sync (comma separated; default all)."),
                                         QStringLiteral("a,b"));
    const QCommandLineOption seconds(QStringLiteral("seconds"),
                                     QStringLiteral("follow: stop after N seconds."),
                                     QStringLiteral("N"));
    const QCommandLineOption
        heartbeat(QStringLiteral("heartbeat-ms"),
                  QStringLiteral("Server heartbeat period; the stream reconnects after two "
                                 "silent periods (default 30000)."),
                  QStringLiteral("MS"));
    const QCommandLineOption pageLimit(QStringLiteral("page-limit"),
                                       QStringLiteral("Documents per page (default 1000)."),
                                       QStringLiteral("N"));
    const QCommandLineOption timeout(QStringLiteral("timeout-ms"),
                                     QStringLiteral("Request idle timeout (default 30000)."),
                                     QStringLiteral("MS"));
    const QCommandLineOption backoff(QStringLiteral("backoff-ms"),
                                     QStringLiteral(
                                         "follow: retry backoff MIN,MAX (default 1000,60000)."),
                                     QStringLiteral("MIN,MAX"));
    parser.addOptions({server,
                       stateDir,
                       user,
                       passwordFile,
                       tokenFile,
                       collections,
                       seconds,
                       heartbeat,
                       pageLimit,
                       timeout,
                       backoff});
    parser.addPositionalArgument(QStringLiteral("command"),
                                 QStringLiteral("One of the commands above."));
    parser.addPositionalArgument(QStringLiteral("collection"),
                                 QStringLiteral("For dump and resync."),
                                 QStringLiteral("[COLLECTION]"));

    if (!parser.parse(arguments)) {
        *error = parser.errorText();
        return std::nullopt;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        error->clear();
        return std::nullopt;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        std::printf("%s %s\n",
                    qPrintable(QCoreApplication::applicationName()),
                    qPrintable(QCoreApplication::applicationVersion()));
        error->clear();
        return std::nullopt;
    }

    SyncOptions options;
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty() || !commands.contains(positional.first())) {
        *error = positional.isEmpty()
                     ? QStringLiteral("no command given (see --help)")
                     : QStringLiteral("unknown command \"%1\" (see --help)").arg(positional.first());
        return std::nullopt;
    }
    options.command = positional.first();
    const bool needsCollection = options.command == QLatin1String("dump")
                                 || options.command == QLatin1String("resync");
    if (needsCollection) {
        if (positional.size() != 2 || !Protocol::isKnownCollection(positional.at(1))) {
            *error = QStringLiteral("%1 needs one collection: %2")
                         .arg(options.command,
                              Protocol::collectionNames().join(QStringLiteral(", ")));
            return std::nullopt;
        }
        options.argument = positional.at(1);
    } else if (positional.size() > 1) {
        *error = QStringLiteral("unexpected argument \"%1\"").arg(positional.at(1));
        return std::nullopt;
    }

    options.stateDir = parser.value(stateDir);
    if (options.stateDir.isEmpty()) {
        *error = QStringLiteral("--state-dir is required");
        return std::nullopt;
    }
    const bool local = options.command == QLatin1String("status")
                       || options.command == QLatin1String("dump");
    options.server = QUrl::fromUserInput(parser.value(server));
    if (!local && (parser.value(server).isEmpty() || !options.server.isValid())) {
        *error = QStringLiteral("--server URL is required");
        return std::nullopt;
    }
    options.user = parser.value(user);
    options.passwordFile = parser.value(passwordFile);
    options.tokenFile = parser.value(tokenFile);
    if (options.user.isEmpty() != options.passwordFile.isEmpty()) {
        *error = QStringLiteral("--user and --password-file go together");
        return std::nullopt;
    }
    if (parser.isSet(collections)) {
        for (const QString &c :
             parser.value(collections).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            if (!Protocol::isKnownCollection(c.trimmed())) {
                *error = QStringLiteral("unknown collection \"%1\"").arg(c);
                return std::nullopt;
            }
            options.collections.append(c.trimmed());
        }
    }
    const struct
    {
        const QCommandLineOption &option;
        int *target;
    } numbers[] = {{seconds, &options.seconds},
                   {heartbeat, &options.heartbeatMs},
                   {pageLimit, &options.pageLimit},
                   {timeout, &options.timeoutMs}};
    for (const auto &number : numbers) {
        if (parser.isSet(number.option)
            && !positiveInt(parser.value(number.option), number.target)) {
            *error = QStringLiteral("--%1 needs a non-negative number")
                         .arg(number.option.names().first());
            return std::nullopt;
        }
    }
    if (parser.isSet(backoff)) {
        const QStringList parts = parser.value(backoff).split(QLatin1Char(','));
        if (parts.size() != 2 || !positiveInt(parts.at(0), &options.backoffMinMs)
            || !positiveInt(parts.at(1), &options.backoffMaxMs)) {
            *error = QStringLiteral("--backoff-ms needs MIN,MAX");
            return std::nullopt;
        }
    }
    return options;
}
