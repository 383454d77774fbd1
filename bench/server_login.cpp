// bench-server-login: what logins cost everything else. A fresh demo server;
// GET /api/roles timed alone, then again while 8 clients log in as fast as
// they are answered (each on its own thread and connection, the right
// password: with the throttle off where the server has --no-login-throttle,
// as an attacker with eight addresses would see it); then the time a login
// with a wrong password takes for a known user against an unknown one.
// The raw limit beside it: one PBKDF2-SHA256 derivation of the server's
// 25000 rounds, measured in this process.
//
//   bench-server-login [--quick] [--seconds 5] [--server-bin PATH]

#include "benchhttp.h"
#include "benchutil.h"
#include "serverrunner.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QPasswordDigestor>
#include <QTemporaryDir>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

namespace {

constexpr int loginClients = 8;
constexpr int serverRounds = 25000; // PasswordHasher::defaultIterations

std::string loginBody(const std::string &user, const std::string &password)
{
    return "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}";
}

// Back-to-back reads for at least `seconds` (and at least 10).
std::vector<double> timeReads(BenchHttp &http, double seconds)
{
    std::vector<double> ms;
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (ms.size() < 10 || std::chrono::steady_clock::now() < until) {
        const HttpResult r = http.get("/api/roles");
        if (r.status != 200) {
            std::fprintf(stderr, "GET /api/roles: %d %s\n", r.status, r.error.c_str());
            return {};
        }
        ms.push_back(r.ms);
    }
    return ms;
}

void printReads(const char *what, const std::vector<double> &ms)
{
    std::printf("  GET /api/roles %-34s p50 %7.2f ms  p99 %7.2f ms  (%zu requests)\n",
                what,
                BenchUtil::percentile(ms, 50),
                BenchUtil::percentile(ms, 99),
                ms.size());
}

double pbkdf2Ms()
{
    const auto started = std::chrono::steady_clock::now();
    QPasswordDigestor::deriveKeyPbkdf2(QCryptographicHash::Sha256,
                                       "password",
                                       "0123456789abcdef",
                                       serverRounds,
                                       32);
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
        .count();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const bool quick = BenchUtil::hasFlag(argc, argv, "--quick");
    const double seconds = std::stod(
        BenchUtil::option(argc, argv, "--seconds", quick ? "1.5" : "5"));
    const std::string binary = ServerRunner::binaryPath(argc, argv);
    std::printf("bench-server-login%s: server %s\n", quick ? " (quick)" : "", binary.c_str());
    std::fflush(stdout);

    QTemporaryDir dir;
    ServerRunner server;
    // Older servers have no such option and throttle only failed logins.
    bool unthrottled = server.start(binary,
                                    dir.path().toStdString(),
                                    {"--demo", "--no-login-throttle"});
    if (!unthrottled && !server.start(binary, dir.path().toStdString(), {"--demo"}))
        return 1;
    BenchHttp reader(server.port());
    if (!reader.login("staff", "staff"))
        return 1;

    std::printf("%d clients log in as admin in a loop%s\n",
                loginClients,
                unthrottled ? " (--no-login-throttle)"
                            : " (this server has no login throttle option)");
    const std::vector<double> alone = timeReads(reader, seconds);
    if (alone.empty())
        return 1;

    std::atomic<bool> stop{false};
    std::atomic<int> logins{0};
    std::atomic<int> refused{0};
    std::vector<std::thread> clients;
    for (int i = 0; i < loginClients; ++i) {
        clients.emplace_back([&, port = server.port()] {
            BenchHttp http(port);
            while (!stop) {
                const HttpResult r = http.request("POST",
                                                  "/api/auth/login",
                                                  loginBody("admin", "admin"));
                ++(r.status == 200 ? logins : refused);
            }
        });
    }
    // Let every client have a login in flight before timing.
    while (logins + refused < loginClients)
        std::this_thread::yield();
    const auto loadStart = std::chrono::steady_clock::now();
    const int loginsBefore = logins;
    const std::vector<double> loaded = timeReads(reader, seconds);
    const double loadSeconds
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - loadStart).count();
    const int loginsDuring = logins - loginsBefore;
    stop = true;
    for (std::thread &t : clients)
        t.join();
    if (loaded.empty())
        return 1;

    // A wrong password for a known user against an unknown user, in turns.
    std::vector<double> known;
    std::vector<double> unknown;
    BenchHttp guesser(server.port());
    for (int i = 0; i < (quick ? 4 : 10); ++i) {
        known.push_back(
            guesser.request("POST", "/api/auth/login", loginBody("manager", "wrong")).ms);
        unknown.push_back(guesser
                              .request("POST",
                                       "/api/auth/login",
                                       loginBody("nobody-" + std::to_string(i), "wrong"))
                              .ms);
    }
    if (!server.stop())
        return 1;

    printReads("alone:", alone);
    printReads("while 8 clients log in:", loaded);
    std::printf("  logins answered meanwhile: %d (%.1f/s), refused %d\n",
                loginsDuring,
                loginsDuring / loadSeconds,
                int(refused));
    std::printf("  login with a wrong password: known user p50 %.1f ms, unknown user p50 %.1f ms\n",
                BenchUtil::median(known),
                BenchUtil::median(unknown));
    std::printf("raw limits beside it: PBKDF2-SHA256 of %d rounds %.1f ms in this process\n",
                serverRounds,
                pbkdf2Ms());
    BenchUtil::printRawLimits(dir.path().toStdString(), quick);
    return 0;
}
