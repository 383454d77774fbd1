#pragma once

// Everything the command line configures, as plain values. The defaults and
// why they are what they are: server/README.md and docs/protocol.md.

#include <cstdint>
#include <string>
#include <vector>

struct ServerConfig
{
    // "" or "sqlite": the file in dataDir; postgresql://...: a shared database.
    std::string database;
    int databaseConnections = 4; // PostgreSQL: store threads, one connection each
    int testCommitDelayMs = 0;   // PostgreSQL, tests: hold each write open before COMMIT
    std::string dataDir;
    std::string host = "127.0.0.1";
    uint16_t port = 0;
    bool demo = false;
    int heartbeatMs = 30000;
    double tombstoneRetentionDays = 30;
    uint64_t maxBodyBytes = 1024 * 1024;
    uint64_t streamBufferBytes = 4 * 1024 * 1024;
    // A delta page stops once its documents reach this (at least one).
    uint64_t maxPageBytes = 16 * 1024 * 1024;
    double tokenTtlHours = 12;
    int demoWritesPerMinute = 0;
    int purgeIntervalMs = 60 * 60 * 1000;
    int idleTimeoutMs = 60000;
    // A stream whose queue has not run empty for this long is closed.
    int streamDrainTimeoutMs = 60000;
    // Tests: hold each replay batch this long between its read and its send,
    // and read at most this many changes per batch.
    int testReplayHoldMs = 0;
    int testReplayBatch = 200;
    int maxStreamsPerToken = 8;
    int maxStreamsPerUser = 32;
    int maxConnections = 4096;
    int maxConnectionsPerAddress = 256;
    int maxTokensPerUser = 20;
    bool loginThrottle = true; // off only for benchmarks (--no-login-throttle)
    // Reverse proxies whose X-Forwarded-For names the client (--trusted-proxy).
    std::vector<std::string> trustedProxies;
    // --metrics-listen: /metrics on a listener of its own; off when empty.
    std::string metricsHost;
    uint16_t metricsPort = 0;
    bool jsonLogs = false; // --log-format json
};
