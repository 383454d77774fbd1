#pragma once

// The command line of deltadesk-sync, parsed into plain values.

#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

struct SyncOptions
{
    QUrl server;
    QString stateDir;
    QString user;
    QString passwordFile;
    QString tokenFile;
    QString command;  // login, sync, follow, status, dump, resync, logout
    QString argument; // the collection of dump/resync
    QStringList collections;
    int seconds = -1; // follow: -1 until stopped
    int heartbeatMs = -1;
    int pageLimit = -1;
    int timeoutMs = -1;
    int backoffMinMs = -1;
    int backoffMaxMs = -1;
};

// Exit codes, documented in --help.
namespace ExitCode {
constexpr int ok = 0;
constexpr int failure = 1;
constexpr int usage = 2;
constexpr int loginRequired = 3;
constexpr int unavailable = 4; // network, timeout, 5xx
} // namespace ExitCode

// Parses the arguments; on a usage error returns nullopt and sets *error
// (empty when --help or --version was printed and the program should exit 0).
std::optional<SyncOptions> parseSyncOptions(const QStringList &arguments, QString *error);
