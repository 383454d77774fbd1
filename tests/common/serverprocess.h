#pragma once

// Starts the real deltadesk-server (DELTADESK_SERVER_BIN) on 127.0.0.1 port 0
// with a temporary data dir, reads the port from its "listening on" line, and
// stops it with SIGTERM. Test-only: start() and stop() spin the event loop
// through QTest::qWaitFor, bounded by their timeouts.
//
// The store: SQLite in the data dir, or with DELTADESK_TEST_STORE=postgres
// a PostgreSQL database of its own on the test cluster (PgTestDatabase),
// created on first use and kept across stop()/start() like the data dir.

#include "pgtestdatabase.h"

#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

class ServerProcess
{
public:
    ServerProcess();
    ~ServerProcess();

    // The data dir is kept across stop()/start() so restarts can be tested.
    QString dataDir() const { return m_dataDir.path(); }

    // DELTADESK_TEST_STORE=postgres: the suites run against PostgreSQL.
    static bool usesPostgres();
    // The arguments that point a server (or `user add`) at this process's
    // store: --data-dir DIR, or --database URL (creating the database).
    QStringList storeArgs();
    // PostgreSQL: the database, created on first use; nullptr otherwise.
    std::shared_ptr<PgTestDatabase> database();
    // Two instances on one database: this one uses other's (PostgreSQL).
    void shareDatabaseWith(ServerProcess &other);

    bool start(const QStringList &extraArgs = {}, int timeoutMs = 30000);
    // SIGTERM, then SIGKILL if it has not exited within timeoutMs.
    bool stop(int timeoutMs = 15000);
    void kill();

    bool isRunning() const;
    qint64 pid() const { return m_process ? m_process->processId() : 0; }
    // A line of /proc/<pid>/status in KiB ("VmRSS", "VmHWM"), -1 if unknown.
    qint64 statusKiB(const char *field) const;
    quint16 port() const { return m_port; }
    QUrl url(const QString &path = {}) const;
    int exitCode() const;
    QProcess::ExitStatus exitStatus() const;
    // Everything the server wrote to stderr so far (shown when a test fails).
    QByteArray standardError();
    // What it wrote to stdout until it said it listens (the lines before,
    // e.g. "metrics on http://...").
    QByteArray standardOutput() const { return m_stdout; }

    static QString binaryPath();

    // One `deltadesk-server ARGS` run to its end (backup, restore, ...),
    // bounded by timeoutMs; a run past it is killed (finished false).
    struct CommandResult
    {
        bool finished = false;
        int exitCode = -1; // -1 when it crashed or did not finish
        QByteArray err;
    };
    static CommandResult runCommand(const QStringList &args, int timeoutMs = 60000);

private:
    QTemporaryDir m_dataDir;
    std::shared_ptr<PgTestDatabase> m_database;
    std::unique_ptr<QProcess> m_process;
    QByteArray m_stdout;
    QByteArray m_stderr;
    quint16 m_port = 0;
};
