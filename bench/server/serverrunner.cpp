#include "serverrunner.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

extern char **environ;

namespace {

int64_t msSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now()
                                                                 - start)
        .count();
}

} // namespace

ServerRunner::~ServerRunner()
{
    stop();
}

std::string ServerRunner::binaryPath(int argc, char **argv)
{
    for (int i = 1; i + 1 < argc; ++i) {
        if (std::strcmp(argv[i], "--server-bin") == 0)
            return argv[i + 1];
    }
    if (const char *env = std::getenv("DELTADESK_SERVER_BIN"); env && *env)
        return env;
    return DELTADESK_BENCH_SERVER_BIN;
}

bool ServerRunner::start(const std::string &binary,
                         const std::string &dataDir,
                         const std::vector<std::string> &extraArgs,
                         int timeoutMs)
{
    stop();
    int out[2];
    if (pipe2(out, O_CLOEXEC) != 0)
        return false;
    std::error_code ignored;
    std::filesystem::create_directories(dataDir, ignored);
    m_logPath = dataDir + "/server-stderr.log";

    const int log = open(m_logPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    std::vector<std::string> args{binary, "--data-dir", dataDir, "--listen", "127.0.0.1:0"};
    args.insert(args.end(), extraArgs.begin(), extraArgs.end());
    std::vector<char *> argvOut;
    for (std::string &arg : args)
        argvOut.push_back(arg.data());
    argvOut.push_back(nullptr);

    // fork + exec rather than posix_spawn, for PR_SET_PDEATHSIG: the server
    // gets SIGTERM if the benchmark dies without stopping it (e.g. killed by
    // a CTest timeout). Only async-signal-safe calls between fork and exec.
    const pid_t parent = getpid();
    m_pid = fork();
    if (m_pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (getppid() != parent)
            _exit(126);
        dup2(out[1], STDOUT_FILENO);
        if (log >= 0)
            dup2(log, STDERR_FILENO);
        execve(binary.c_str(), argvOut.data(), environ);
        static const char failed[] = "bench: cannot execute the server binary\n";
        [[maybe_unused]] const ssize_t n = write(STDERR_FILENO, failed, sizeof failed - 1);
        _exit(127);
    }
    if (log >= 0)
        close(log);
    close(out[1]);
    m_stdout = out[0];
    if (m_pid < 0) {
        std::fprintf(stderr, "cannot start %s: %s\n", binary.c_str(), std::strerror(errno));
        m_pid = -1;
        close(m_stdout);
        m_stdout = -1;
        return false;
    }

    // Read stdout until the "listening on" line, bounded by timeoutMs.
    const std::string marker = "listening on http://127.0.0.1:";
    std::string text;
    const auto started = std::chrono::steady_clock::now();
    while (msSince(started) < timeoutMs) {
        pollfd pfd{m_stdout, POLLIN, 0};
        if (poll(&pfd, 1, int(timeoutMs - msSince(started))) <= 0)
            break;
        char buffer[512];
        const ssize_t n = read(m_stdout, buffer, sizeof buffer);
        if (n <= 0)
            break;
        text.append(buffer, size_t(n));
        const size_t at = text.find(marker);
        if (at != std::string::npos && text.find('\n', at) != std::string::npos) {
            m_port = uint16_t(std::atoi(text.c_str() + at + marker.size()));
            // The server prints its metrics address before it starts listening.
            const std::string metricsMarker = "metrics on http://127.0.0.1:";
            const size_t metricsAt = text.find(metricsMarker);
            if (metricsAt != std::string::npos)
                m_metricsPort = uint16_t(std::atoi(text.c_str() + metricsAt + metricsMarker.size()));
            return m_port != 0;
        }
    }
    std::fprintf(stderr, "server did not report its port; stderr:\n%s\n", logTail().c_str());
    stop();
    return false;
}

bool ServerRunner::waitForExit(int timeoutMs)
{
    // A pidfd becomes readable when the process exits: a bounded wait
    // without polling in a sleep loop.
    const int pidfd = int(syscall(SYS_pidfd_open, m_pid, 0));
    if (pidfd >= 0) {
        pollfd pfd{pidfd, POLLIN, 0};
        poll(&pfd, 1, timeoutMs);
        close(pidfd);
    }
    int status = 0;
    return waitpid(m_pid, &status, WNOHANG) == m_pid;
}

bool ServerRunner::stop(int timeoutMs)
{
    if (m_pid <= 0)
        return true;
    kill(m_pid, SIGTERM);
    bool clean = waitForExit(timeoutMs);
    if (!clean) {
        std::fprintf(stderr, "server %d ignored SIGTERM; killing it\n", int(m_pid));
        kill(m_pid, SIGKILL);
        int status = 0;
        waitpid(m_pid, &status, 0);
    }
    m_pid = -1;
    m_port = 0;
    m_metricsPort = 0;
    if (m_stdout >= 0)
        close(m_stdout);
    m_stdout = -1;
    return clean;
}

int64_t ServerRunner::residentKiB() const
{
    if (m_pid <= 0)
        return -1;
    std::ifstream status("/proc/" + std::to_string(m_pid) + "/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmRSS:", 0) == 0)
            return std::atoll(line.c_str() + 6);
    }
    return -1;
}

double ServerRunner::cpuSeconds() const
{
    if (m_pid <= 0)
        return -1;
    std::ifstream stat("/proc/" + std::to_string(m_pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    // The command name may hold spaces: the fields are counted after its ')'.
    const size_t close = text.rfind(')');
    if (close == std::string::npos)
        return -1;
    std::istringstream fields(text.substr(close + 2));
    std::string field;
    unsigned long long user = 0, system = 0;
    for (int i = 3; i <= 15 && fields >> field; ++i) {
        if (i == 14)
            user = std::strtoull(field.c_str(), nullptr, 10);
        else if (i == 15)
            system = std::strtoull(field.c_str(), nullptr, 10);
    }
    return double(user + system) / double(sysconf(_SC_CLK_TCK));
}

double ServerRunner::runQueueWaitSeconds() const
{
    if (m_pid <= 0)
        return -1;
    std::error_code ec;
    unsigned long long waitedNs = 0;
    const std::string tasks = "/proc/" + std::to_string(m_pid) + "/task";
    for (const auto &task : std::filesystem::directory_iterator(tasks, ec)) {
        std::ifstream schedstat(task.path() / "schedstat");
        unsigned long long ranNs = 0, taskWaitedNs = 0;
        if (schedstat >> ranNs >> taskWaitedNs)
            waitedNs += taskWaitedNs;
    }
    return double(waitedNs) / 1e9;
}

std::string ServerRunner::logTail(size_t bytes) const
{
    std::ifstream log(m_logPath);
    std::stringstream all;
    all << log.rdbuf();
    const std::string text = all.str();
    return text.size() > bytes ? text.substr(text.size() - bytes) : text;
}
