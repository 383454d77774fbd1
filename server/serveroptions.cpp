#include "serveroptions.h"

#include "storebackend.h"

#include <QCommandLineParser>
#include <QHostAddress>

#include <cstdio>

namespace {

ServerCommand fail(const QString &message)
{
    std::fprintf(stderr, "deltadesk-server: %s\n(see --help)\n", qPrintable(message));
    ServerCommand c;
    c.kind = ServerCommand::Kind::Exit;
    c.exitCode = 2;
    return c;
}

bool readNumber(const QCommandLineParser &parser,
                const QString &name,
                double low,
                double high,
                double *out,
                QString *error)
{
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    const double value = parser.value(name).toDouble(&ok);
    if (!ok || value < low || value > high) {
        *error = QStringLiteral("--%1 must be a number from %2 to %3").arg(name).arg(low).arg(high);
        return false;
    }
    *out = value;
    return true;
}

bool readAddress(const QString &text, std::string *host, uint16_t *port)
{
    const qsizetype colon = text.lastIndexOf(u':');
    bool ok = false;
    const uint number = colon > 0 ? text.mid(colon + 1).toUInt(&ok) : 0;
    if (!ok || number > 65535)
        return false;
    *host = text.left(colon).toStdString();
    *port = uint16_t(number);
    return true;
}

} // namespace

namespace ServerOptions {

ServerCommand parse(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "DeltaDesk reference sync server.\n"
        "  deltadesk-server --data-dir DIR --listen 127.0.0.1:PORT [options]\n"
        "  deltadesk-server --database postgresql://USER@HOST:PORT/DB "
        "--listen 127.0.0.1:PORT [options]\n"
        "  deltadesk-server user add NAME --role ROLE STORE  (password on stdin)\n"
        "  deltadesk-server user passwd NAME STORE  (password on stdin; ends every "
        "session of NAME)\n"
        "  deltadesk-server user list STORE\n"
        "  deltadesk-server user disable|enable NAME STORE\n"
        "  deltadesk-server backup --data-dir DIR --to FILE  (while it runs)\n"
        "  deltadesk-server restore --data-dir DIR --from FILE [--force]  (stopped)\n"
        "  deltadesk-server new-database-id STORE  (after restoring PostgreSQL)\n"
        "where STORE is --data-dir DIR or --database URL"));
    parser.addHelpOption();
    parser.addVersionOption();
    const auto opt = [&](const char *name,
                         const char *help,
                         const char *valueName = nullptr,
                         const char *def = nullptr,
                         bool hidden = false) {
        QCommandLineOption o(QString::fromLatin1(name), QString::fromLatin1(help));
        if (valueName)
            o.setValueName(QString::fromLatin1(valueName));
        if (def)
            o.setDefaultValue(QString::fromLatin1(def));
        if (hidden)
            o.setFlags(QCommandLineOption::HiddenFromHelp);
        parser.addOption(o);
    };
    opt("database",
        "Store: sqlite (the default: a file in --data-dir) or "
        "postgresql://USER[:PASSWORD]@HOST:PORT/DB, which several servers can share.",
        "URL");
    opt("database-connections", "PostgreSQL connections (store threads).", "N", "4");
    opt("data-dir", "Directory of the SQLite database.", "DIR");
    opt("listen", "Address to listen on (port 0 picks a free port).", "HOST:PORT", "127.0.0.1:8470");
    opt("demo", "Seed demo data and accounts into an empty data dir.");
    opt("heartbeat-ms", "Stream heartbeat interval.", "MS", "30000");
    opt("tombstone-retention-days", "How long deletes stay visible to deltas.", "DAYS", "30");
    opt("max-body-bytes", "Largest request body accepted.", "BYTES", "1048576");
    opt("stream-buffer-bytes", "Send queue bound of one stream client.", "BYTES", "4194304");
    opt("token-ttl-hours", "Lifetime of a login token.", "HOURS", "12");
    opt("max-tokens-per-user", "Live tokens one user may hold; the oldest go.", "N", "20");
    opt("max-streams-per-token", "Change streams one login may hold open.", "N", "8");
    opt("max-streams-per-user", "Change streams one user may hold open.", "N", "32");
    opt("max-connections", "Open connections the server accepts in all.", "N", "4096");
    opt("max-connections-per-address",
        "Open connections one client address (an IPv6 /64) may hold.",
        "N",
        "256");
    opt("demo-writes-per-minute", "Keep writing demo events at this rate.", "N", "0");
    opt("trusted-proxy",
        "A reverse proxy in front of the server (repeatable): its X-Forwarded-For names the "
        "client, and its connections are not capped per address.",
        "ADDRESS");
    opt("metrics-listen",
        "Serve /metrics (Prometheus text format) on this address, apart from the API; off "
        "unless given. Keep it on loopback or a private network.",
        "HOST:PORT");
    opt("log-format",
        "Log lines as text (the default) or json (one object per line).",
        "FORMAT",
        "text");
    opt("role", "Role of the user to add (admin, manager, staff, ...).", "ROLE");
    opt("to", "backup: the file to write (replaced when the copy is complete).", "FILE");
    opt("from", "restore: the backup file to restore.", "FILE");
    opt("force", "restore: replace the database the data dir holds.");
    opt("purge-interval-ms", "Tombstone purge interval (tests).", "MS", "3600000", true);
    opt("idle-timeout-ms", "Idle connection timeout.", "MS", "60000", true);
    opt("test-commit-delay-ms",
        "PostgreSQL: hold every write open this long before COMMIT (tests).",
        "MS",
        "0",
        true);
    opt("max-page-bytes",
        "A delta page stops once its documents reach this (tests).",
        "BYTES",
        "16777216",
        true);
    opt("stream-drain-timeout-ms", "Close a stream that does not drain for.", "MS", "60000", true);
    opt("test-replay-hold-ms",
        "Hold every replay batch this long between its read and its send (tests).",
        "MS",
        "0",
        true);
    opt("test-replay-batch", "Changes per replay read at most (tests).", "N", "200", true);
    opt("no-login-throttle", "Benchmarks only: no login rate limits.", nullptr, nullptr, true);

    if (!parser.parse(arguments))
        return fail(parser.errorText());
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    if (parser.isSet(QStringLiteral("version")))
        parser.showVersion();

    ServerCommand command;
    ServerConfig &c = command.config;
    const QString logFormat = parser.value(QStringLiteral("log-format"));
    if (logFormat != QLatin1String("text") && logFormat != QLatin1String("json"))
        return fail(QStringLiteral("--log-format must be text or json, not '%1'").arg(logFormat));
    c.jsonLogs = logFormat == QLatin1String("json");
    c.database = parser.value(QStringLiteral("database")).toStdString();
    if (!StoreBackend::isValidDatabase(c.database))
        return fail(QStringLiteral("--database must be sqlite or "
                                   "postgresql://USER[:PASSWORD]@HOST:PORT/DB, not '%1'")
                        .arg(QString::fromStdString(StoreBackend::redacted(c.database))));
    c.dataDir = parser.value(QStringLiteral("data-dir")).toStdString();
    if (c.dataDir.empty() && !StoreBackend::isPostgres(c.database))
        return fail(QStringLiteral("--data-dir is required (or --database postgresql://...)"));
    double storeConnections = c.databaseConnections, commitDelay = 0;
    QString storeError;
    if (!readNumber(parser,
                    QStringLiteral("database-connections"),
                    1,
                    64,
                    &storeConnections,
                    &storeError)
        || !readNumber(parser,
                       QStringLiteral("test-commit-delay-ms"),
                       0,
                       600000,
                       &commitDelay,
                       &storeError))
        return fail(storeError);
    c.databaseConnections = int(storeConnections);
    c.testCommitDelayMs = int(commitDelay);

    const QStringList positional = parser.positionalArguments();
    if (positional.size() == 1 && positional.at(0) == QLatin1String("backup")) {
        command.kind = ServerCommand::Kind::Backup;
        command.backupFile = parser.value(QStringLiteral("to")).toStdString();
        if (command.backupFile.empty())
            return fail(QStringLiteral("backup needs --to FILE"));
        return command;
    }
    if (positional.size() == 1 && positional.at(0) == QLatin1String("restore")) {
        command.kind = ServerCommand::Kind::Restore;
        command.backupFile = parser.value(QStringLiteral("from")).toStdString();
        command.force = parser.isSet(QStringLiteral("force"));
        if (command.backupFile.empty())
            return fail(QStringLiteral("restore needs --from FILE"));
        return command;
    }
    if (positional.size() == 1 && positional.at(0) == QLatin1String("new-database-id")) {
        command.kind = ServerCommand::Kind::NewDatabaseId;
        return command;
    }
    if (!positional.isEmpty()) {
        const QString verb = positional.size() >= 2 && positional.at(0) == QLatin1String("user")
                                 ? positional.at(1)
                                 : QString();
        const bool named = positional.size() == 3;
        if (verb == QLatin1String("add") && named) {
            command.kind = ServerCommand::Kind::AddUser;
            command.userRole = parser.value(QStringLiteral("role")).toStdString();
            if (command.userRole.empty())
                return fail(QStringLiteral("user add needs --role"));
        } else if (verb == QLatin1String("passwd") && named) {
            command.kind = ServerCommand::Kind::SetPassword;
        } else if (verb == QLatin1String("disable") && named) {
            command.kind = ServerCommand::Kind::DisableUser;
        } else if (verb == QLatin1String("enable") && named) {
            command.kind = ServerCommand::Kind::EnableUser;
        } else if (verb == QLatin1String("list") && positional.size() == 2) {
            command.kind = ServerCommand::Kind::ListUsers;
        } else {
            return fail(QStringLiteral("unknown command: %1").arg(positional.join(u' ')));
        }
        if (named)
            command.userName = positional.at(2).toStdString();
        return command;
    }

    if (!readAddress(parser.value(QStringLiteral("listen")), &c.host, &c.port))
        return fail(QStringLiteral("--listen must be HOST:PORT, got '%1'")
                        .arg(parser.value(QStringLiteral("listen"))));
    if (parser.isSet(QStringLiteral("metrics-listen"))
        && !readAddress(parser.value(QStringLiteral("metrics-listen")),
                        &c.metricsHost,
                        &c.metricsPort))
        return fail(QStringLiteral("--metrics-listen must be HOST:PORT, got '%1'")
                        .arg(parser.value(QStringLiteral("metrics-listen"))));
    c.demo = parser.isSet(QStringLiteral("demo"));

    QString error;
    double heartbeat = c.heartbeatMs, maxBody = double(c.maxBodyBytes),
           streamBuffer = double(c.streamBufferBytes), writes = 0, purge = c.purgeIntervalMs,
           idle = c.idleTimeoutMs, drain = c.streamDrainTimeoutMs, tokens = c.maxTokensPerUser,
           perToken = c.maxStreamsPerToken, perUser = c.maxStreamsPerUser,
           connections = c.maxConnections, perAddress = c.maxConnectionsPerAddress,
           pageBytes = double(c.maxPageBytes), replayHold = c.testReplayHoldMs,
           replayBatch = c.testReplayBatch;
    if (!readNumber(parser, QStringLiteral("heartbeat-ms"), 10, 3600000, &heartbeat, &error)
        || !readNumber(parser,
                       QStringLiteral("tombstone-retention-days"),
                       0,
                       36500,
                       &c.tombstoneRetentionDays,
                       &error)
        || !readNumber(parser, QStringLiteral("max-body-bytes"), 1024, 1 << 30, &maxBody, &error)
        || !readNumber(parser, QStringLiteral("max-page-bytes"), 1024, 1 << 30, &pageBytes, &error)
        || !readNumber(parser,
                       QStringLiteral("stream-buffer-bytes"),
                       1024,
                       1 << 30,
                       &streamBuffer,
                       &error)
        || !readNumber(parser,
                       QStringLiteral("token-ttl-hours"),
                       0.0001,
                       24 * 365,
                       &c.tokenTtlHours,
                       &error)
        || !readNumber(parser, QStringLiteral("demo-writes-per-minute"), 0, 60000, &writes, &error)
        || !readNumber(parser, QStringLiteral("purge-interval-ms"), 10, 1e9, &purge, &error)
        || !readNumber(parser, QStringLiteral("idle-timeout-ms"), 100, 1e9, &idle, &error)
        || !readNumber(parser, QStringLiteral("stream-drain-timeout-ms"), 100, 1e9, &drain, &error)
        || !readNumber(parser, QStringLiteral("max-tokens-per-user"), 1, 1e6, &tokens, &error)
        || !readNumber(parser, QStringLiteral("max-streams-per-token"), 1, 1e6, &perToken, &error)
        || !readNumber(parser, QStringLiteral("max-streams-per-user"), 1, 1e6, &perUser, &error)
        || !readNumber(parser, QStringLiteral("max-connections"), 1, 1e6, &connections, &error)
        || !readNumber(parser,
                       QStringLiteral("max-connections-per-address"),
                       1,
                       1e6,
                       &perAddress,
                       &error)
        || !readNumber(parser, QStringLiteral("test-replay-hold-ms"), 0, 600000, &replayHold, &error)
        || !readNumber(parser, QStringLiteral("test-replay-batch"), 1, 100000, &replayBatch, &error))
        return fail(error);
    c.heartbeatMs = int(heartbeat);
    c.maxBodyBytes = uint64_t(maxBody);
    c.streamBufferBytes = uint64_t(streamBuffer);
    c.maxPageBytes = uint64_t(pageBytes);
    c.demoWritesPerMinute = int(writes);
    c.purgeIntervalMs = int(purge);
    c.idleTimeoutMs = int(idle);
    c.streamDrainTimeoutMs = int(drain);
    c.testReplayHoldMs = int(replayHold);
    c.testReplayBatch = int(replayBatch);
    c.maxTokensPerUser = int(tokens);
    c.maxStreamsPerToken = int(perToken);
    c.maxStreamsPerUser = int(perUser);
    c.maxConnections = int(connections);
    c.maxConnectionsPerAddress = int(perAddress);
    c.loginThrottle = !parser.isSet(QStringLiteral("no-login-throttle"));
    for (const QString &proxy : parser.values(QStringLiteral("trusted-proxy"))) {
        if (QHostAddress(proxy).isNull())
            return fail(
                QStringLiteral("--trusted-proxy must be an IP address, got '%1'").arg(proxy));
        c.trustedProxies.push_back(proxy.toStdString());
    }
    return command;
}

} // namespace ServerOptions
