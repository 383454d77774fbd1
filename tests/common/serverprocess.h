#pragma once

// Starts the real deltadesk-server (DELTADESK_SERVER_BIN) on 127.0.0.1 port 0
// with a temporary data dir, reads the port from its "listening on" line, and
// stops it with SIGTERM. Test-only: start() and stop() spin the event loop
// through QTest::qWaitFor, bounded by their timeouts.

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

    static QString binaryPath();

private:
    QTemporaryDir m_dataDir;
    std::unique_ptr<QProcess> m_process;
    QByteArray m_stdout;
    QByteArray m_stderr;
    quint16 m_port = 0;
};
