#pragma once

// Starts the real deltadesk-server for a benchmark: fork + exec on
// 127.0.0.1:0, the port read from its "listening on" line, stderr into a log
// file, and always stopped again (SIGTERM, then SIGKILL after a bound), also
// when the benchmark returns early.

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

class ServerRunner
{
public:
    ServerRunner() = default;
    ~ServerRunner();
    ServerRunner(const ServerRunner &) = delete;
    ServerRunner &operator=(const ServerRunner &) = delete;

    // The path from --server-bin, else DELTADESK_SERVER_BIN, else the one
    // built beside the benchmarks.
    static std::string binaryPath(int argc, char **argv);

    bool start(const std::string &binary,
               const std::string &dataDir,
               const std::vector<std::string> &extraArgs,
               int timeoutMs = 120000);
    // true when the server exited on its own after SIGTERM.
    bool stop(int timeoutMs = 30000);

    pid_t pid() const { return m_pid; }
    uint16_t port() const { return m_port; }
    // The /metrics listener's port when started with --metrics-listen
    // 127.0.0.1:0, else 0.
    uint16_t metricsPort() const { return m_metricsPort; }
    // Resident set of the server process in KiB (VmRSS), -1 if unknown.
    int64_t residentKiB() const;
    // CPU time (user + system) the server process has used, in seconds; -1
    // if unknown.
    double cpuSeconds() const;
    // Time the server's threads were runnable but waited for a core
    // (schedstat, summed over its threads), in seconds.
    double runQueueWaitSeconds() const;
    // The last bytes the server wrote to stderr (for error messages).
    std::string logTail(size_t bytes = 2000) const;

private:
    bool waitForExit(int timeoutMs);

    pid_t m_pid = -1;
    int m_stdout = -1;
    uint16_t m_port = 0;
    uint16_t m_metricsPort = 0;
    std::string m_logPath;
};
