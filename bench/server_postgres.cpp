// bench-server-postgres: deltadesk-server on PostgreSQL, one and two
// instances on one database, on the cluster DELTADESK_TEST_PG names
// (scripts/bench.sh starts a private durable one):
//   1. writes/s: W writers POSTing events to 1 instance and spread over 2,
//      beside plain INSERTs of the same rows into PostgreSQL (autocommit,
//      W connections) and the same INSERT with the server's counter-row
//      lock in the transaction, all in this run;
//   2. write -> stream client latency, same instance and across instances;
//   3. a delta of 50 changes among 1M documents: server time (Server-Timing),
//      bytes, and the query plan (EXPLAIN ANALYZE);
//   4. N streams spread over 2 instances: p50/p99 to the last client, and
//      each server's RSS per stream.
//
//   bench-server-postgres [--quick] [--writers 8] [--seconds 5]
//                         [--documents 1000000] [--streams 10000] [--server-bin PATH]

#include "benchhttp.h"
#include "benchutil.h"
#include "serverrunner.h"
#include "streamfleet.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QUrl>

#include <libpq-fe.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <thread>

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point from, Clock::time_point to = Clock::now())
{
    return std::chrono::duration<double, std::milli>(to - from).count();
}

std::string adminUrl()
{
    return qEnvironmentVariable("DELTADESK_TEST_PG").toStdString();
}

std::string urlOf(const std::string &database)
{
    QUrl url(QString::fromStdString(adminUrl()));
    url.setPath(QLatin1Char('/') + QString::fromStdString(database));
    return url.toString().toStdString();
}

// One statement on a connection of its own; the rows joined, "" on error.
std::string sql(const std::string &url, const std::string &statement)
{
    PGconn *conn = PQconnectdb(url.c_str());
    std::string out;
    if (PQstatus(conn) == CONNECTION_OK) {
        PGresult *r = PQexec(conn, statement.c_str());
        if (PQresultStatus(r) != PGRES_TUPLES_OK && PQresultStatus(r) != PGRES_COMMAND_OK)
            std::fprintf(stderr, "%s: %s", statement.substr(0, 80).c_str(), PQresultErrorMessage(r));
        for (int row = 0; row < PQntuples(r); ++row)
            out += std::string(PQgetvalue(r, row, 0)) + "\n";
        PQclear(r);
    } else {
        std::fprintf(stderr, "%s", PQerrorMessage(conn));
    }
    PQfinish(conn);
    return out;
}

std::string freshDatabase(const char *purpose)
{
    const std::string name = std::string("bench_") + purpose + "_"
                             + std::to_string(QRandomGenerator::global()->generate() % 1000000);
    sql(urlOf("postgres"), "CREATE DATABASE " + name);
    return name;
}

void dropDatabase(const std::string &name)
{
    sql(urlOf("postgres"), "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
}

std::string eventJson(int i)
{
    return QJsonDocument(
               QJsonObject{{QStringLiteral("title"), QStringLiteral("bench %1").arg(i)},
                           {QStringLiteral("startsAt"), QStringLiteral("2026-03-01T10:00:00.000Z")},
                           {QStringLiteral("endsAt"), QStringLiteral("2026-03-01T12:00:00.000Z")},
                           {QStringLiteral("clientId"), QStringLiteral("c-1")},
                           {QStringLiteral("tariffId"), QStringLiteral("t-1")},
                           {QStringLiteral("notes"), QString(700, QLatin1Char('n'))}})
        .toJson(QJsonDocument::Compact)
        .toStdString();
}

// W threads, each writing for `seconds` with its own connection: writes/s.
template<typename Write>
double runWriters(int writers, double seconds, Write write)
{
    std::atomic<long> done{0};
    std::atomic<bool> failed{false};
    const auto until = Clock::now() + std::chrono::milliseconds(int(seconds * 1000));
    const auto start = Clock::now();
    std::vector<std::thread> threads;
    for (int w = 0; w < writers; ++w) {
        threads.emplace_back([&, w] {
            auto state = write.open(w);
            for (int i = 0; Clock::now() < until && !failed; ++i) {
                if (!write(state, w * 1000000 + i))
                    failed = true;
                else
                    ++done;
            }
        });
    }
    for (std::thread &t : threads)
        t.join();
    return failed ? -1 : done / (msSince(start) / 1000.0);
}

struct HttpWriter
{
    std::vector<uint16_t> ports;
    std::string token;
    std::string body = eventJson(0);
    std::unique_ptr<BenchHttp> open(int w) const
    {
        auto http = std::make_unique<BenchHttp>(ports[size_t(w) % ports.size()]);
        http->setToken(token);
        return http;
    }
    bool operator()(std::unique_ptr<BenchHttp> &http, int) const
    {
        const HttpResult r = http->request("POST", "/api/events", body);
        if (r.status != 201)
            std::fprintf(stderr,
                         "write failed: %d %s %s\n",
                         r.status,
                         r.error.c_str(),
                         r.body.c_str());
        return r.status == 201;
    }
};

struct PgConn
{
    PGconn *conn = nullptr;
    ~PgConn() { PQfinish(conn); }
};

struct SqlWriter
{
    std::string url;
    bool counterRow = false;
    std::string body = eventJson(0);
    std::unique_ptr<PgConn> open(int) const
    {
        auto c = std::make_unique<PgConn>();
        c->conn = PQconnectdb(url.c_str());
        return c;
    }
    bool operator()(std::unique_ptr<PgConn> &c, int i) const
    {
        const std::string id = "x-" + std::to_string(i);
        const char *values[] = {id.c_str(), body.c_str()};
        auto ok = [](PGresult *r) {
            const bool good = PQresultStatus(r) == PGRES_COMMAND_OK
                              || PQresultStatus(r) == PGRES_TUPLES_OK;
            if (!good)
                std::fprintf(stderr, "%s", PQresultErrorMessage(r));
            PQclear(r);
            return good;
        };
        if (!counterRow)
            return ok(PQexecParams(c->conn,
                                   "INSERT INTO plain (id, body) VALUES ($1, $2)",
                                   2,
                                   nullptr,
                                   values,
                                   nullptr,
                                   nullptr,
                                   0));
        // What the server's write does to order seqs: lock the counter row,
        // insert with the next value, bump it, commit.
        return ok(PQexec(c->conn, "BEGIN"))
               && ok(PQexec(c->conn, "SELECT value FROM counter WHERE key = 1 FOR UPDATE"))
               && ok(PQexecParams(c->conn,
                                  "INSERT INTO plain (id, body, seq) VALUES ($1, $2, "
                                  "(SELECT value + 1 FROM counter WHERE key = 1))",
                                  2,
                                  nullptr,
                                  values,
                                  nullptr,
                                  nullptr,
                                  0))
               && ok(PQexec(c->conn, "UPDATE counter SET value = value + 1 WHERE key = 1"))
               && ok(PQexec(c->conn, "COMMIT"));
    }
};

// A fresh database with `count` instances on it, logged in as a manager
// on the first; stopped and dropped again when it goes out of scope.
struct Deployment
{
    std::string db;
    QTemporaryDir dir;
    std::vector<std::unique_ptr<ServerRunner>> servers;
    std::unique_ptr<BenchHttp> http;

    bool start(const std::string &binary, const char *purpose, int count)
    {
        db = freshDatabase(purpose);
        for (int i = 0; i < count; ++i) {
            auto server = std::make_unique<ServerRunner>();
            if (!server->start(binary,
                               dir.path().toStdString(),
                               {"--database", urlOf(db), "--demo"})) {
                std::fprintf(stderr, "server did not start\n%s\n", server->logTail().c_str());
                return false;
            }
            servers.push_back(std::move(server));
        }
        http = std::make_unique<BenchHttp>(servers[0]->port());
        return http->login("manager", "manager");
    }
    ~Deployment()
    {
        http.reset();
        for (auto &server : servers)
            server->stop();
        if (!db.empty())
            dropDatabase(db);
    }
};

bool writeThroughput(const std::string &binary, int writers, double seconds)
{
    std::printf("\n1. writes/s, %d writers, %.0f s each, ~1 KB events:\n", writers, seconds);
    const std::string raw = freshDatabase("raw");
    sql(urlOf(raw),
        "CREATE TABLE plain (n bigserial PRIMARY KEY, id text UNIQUE, body text, seq bigint)");
    sql(urlOf(raw),
        "CREATE TABLE counter (key int PRIMARY KEY, value bigint); INSERT INTO counter VALUES (1, "
        "0)");
    const double plain = runWriters(writers, seconds, SqlWriter{urlOf(raw), false});
    sql(urlOf(raw), "TRUNCATE plain");
    const double counted = runWriters(writers, seconds, SqlWriter{urlOf(raw), true});
    dropDatabase(raw);
    std::printf("  raw: plain INSERT (autocommit)            %8.0f rows/s\n", plain);
    std::printf("  raw: INSERT under the counter-row lock     %8.0f rows/s\n", counted);
    for (int instances : {1, 2}) {
        Deployment deployment;
        if (!deployment.start(binary, "writes", instances))
            return false;
        HttpWriter writer;
        for (auto &server : deployment.servers)
            writer.ports.push_back(server->port());
        writer.token = deployment.http->token();
        const double rate = runWriters(writers, seconds, writer);
        std::printf("  deltadesk-server, %d instance%s, POST /api/events %8.0f writes/s\n",
                    instances,
                    instances > 1 ? "s" : " ",
                    rate);
    }
    return true;
}

bool streamLatency(const std::string &binary, int rounds)
{
    Deployment deployment;
    if (!deployment.start(binary, "latency", 2))
        return false;
    BenchHttp &http = *deployment.http;
    const auto &servers = deployment.servers;
    StreamFleet same(servers[0]->port(), http.token(), 1);
    StreamFleet cross(servers[1]->port(), http.token(), 1);
    if (!same.connectAll(1, 30000) || !cross.connectAll(1, 30000))
        return false;
    std::vector<double> sameMs, crossMs, writeMs;
    int64_t head = http.headCursor();
    std::vector<StreamFleet::Clock::time_point> a, b;
    for (int round = 0; round < rounds; ++round) {
        same.arm(head);
        cross.arm(head);
        const auto sent = Clock::now();
        const HttpResult r = http.request("POST", "/api/events", eventJson(round));
        if (r.status != 201)
            return false;
        writeMs.push_back(r.ms);
        head = std::atoll(r.header("x-sync-cursor").c_str());
        if (!same.waitRound(30000, &a) || !cross.waitRound(30000, &b))
            return false;
        sameMs.push_back(msSince(sent, a.front()));
        crossMs.push_back(msSince(sent, b.front()));
    }
    std::printf("\n2. write -> stream client, %d writes on A:\n", rounds);
    std::printf("  client on A (same instance)   p50 %7.2f ms  p99 %7.2f ms\n",
                BenchUtil::median(sameMs),
                BenchUtil::percentile(sameMs, 99));
    std::printf("  client on B (other instance)  p50 %7.2f ms  p99 %7.2f ms\n",
                BenchUtil::median(crossMs),
                BenchUtil::percentile(crossMs, 99));
    std::printf("  the write itself (POST round trip) p50 %7.2f ms\n", BenchUtil::median(writeMs));
    return true;
}

bool largeDelta(const std::string &binary, int documents)
{
    Deployment deployment;
    if (!deployment.start(binary, "delta", 1))
        return false;
    const std::string &db = deployment.db;
    ServerRunner &server = *deployment.servers[0];
    // The bulk of the documents straight into the table (the server's
    // schema, seqs after the demo's), then ANALYZE, as a long-lived
    // database would be.
    const auto seedStart = Clock::now();
    sql(urlOf(db),
        "WITH h AS (SELECT value FROM meta WHERE key = 'head_seq') "
        "INSERT INTO documents (collection, id, seq, version, updated_at, body) "
        "SELECT 'events', 'b-' || g, (SELECT value FROM h) + g, 1, 1700000000000, "
        "'{\"_id\":\"b-' || g || '\",\"title\":\"bulk ' || g || '\",\"version\":1,\"notes\":\"' "
        "|| repeat('n', 400) || '\"}' FROM generate_series(1, "
            + std::to_string(documents) + ") g");
    sql(urlOf(db),
        "UPDATE meta SET value = value + " + std::to_string(documents)
            + " WHERE key IN ('head_seq', 'live:events'); ANALYZE documents");
    const double seedMs = msSince(seedStart);
    deployment.http.reset();
    server.stop();
    if (!server.start(binary, deployment.dir.path().toStdString(), {"--database", urlOf(db)}))
        return false;
    BenchHttp http(server.port());
    if (!http.login("manager", "manager"))
        return false;
    const int64_t from = http.headCursor();
    for (int i = 0; i < 50; ++i) {
        if (http.request("POST", "/api/events", eventJson(i)).status != 201)
            return false;
    }
    std::vector<double> clientMs, storeMs;
    size_t bytes = 0;
    for (int round = 0; round < 20; ++round) {
        const HttpResult r = http.get("/api/events?cursor=" + std::to_string(from) + "&limit=1000");
        if (r.status != 200)
            return false;
        clientMs.push_back(r.ms);
        const std::string timing = r.header("server-timing");
        const size_t at = timing.find("store;dur=");
        if (at != std::string::npos)
            storeMs.push_back(std::atof(timing.c_str() + at + 10));
        bytes = r.wireBytes;
    }
    std::printf("\n3. delta of 50 changes among %d documents (seeded in %.1f s):\n",
                documents + 1288,
                seedMs / 1000);
    std::printf("  server store time p50 %.2f ms p99 %.2f ms; client-observed p50 %.2f ms; %s on "
                "the wire\n",
                BenchUtil::median(storeMs),
                BenchUtil::percentile(storeMs, 99),
                BenchUtil::median(clientMs),
                BenchUtil::bytes(double(bytes)).c_str());
    const std::string plan
        = sql(urlOf(db),
              "EXPLAIN (ANALYZE, BUFFERS) SELECT seq, id, deleted_at IS NOT NULL, "
              "body FROM documents WHERE collection = 'events' AND seq > "
                  + std::to_string(from) + " ORDER BY seq LIMIT 1001");
    std::printf("  plan:\n");
    for (const QString &line : QString::fromStdString(plan).split(u'\n', Qt::SkipEmptyParts))
        std::printf("    %s\n", qPrintable(line));
    return true;
}

bool manyStreams(const std::string &binary, int streams, int rounds)
{
    Deployment deployment;
    if (!deployment.start(binary, "streams", 2))
        return false;
    BenchHttp &http = *deployment.http;
    const auto &servers = deployment.servers;
    const int64_t rssBefore[] = {servers[0]->residentKiB(), servers[1]->residentKiB()};
    StreamFleet onA(servers[0]->port(), http.token(), streams / 2);
    StreamFleet onB(servers[1]->port(), http.token(), streams - streams / 2);
    if (!onA.connectAll(200, 180000) || !onB.connectAll(200, 180000)) {
        std::fprintf(stderr, "streams did not open: %d + %d\n", onA.connected(), onB.connected());
        return false;
    }
    const int64_t rssWith[] = {servers[0]->residentKiB(), servers[1]->residentKiB()};
    std::vector<double> lastMs;
    int64_t head = http.headCursor();
    std::vector<StreamFleet::Clock::time_point> a, b;
    for (int round = 0; round < rounds; ++round) {
        onA.arm(head);
        onB.arm(head);
        const auto sent = Clock::now();
        const HttpResult r = http.request("POST", "/api/events", eventJson(round));
        if (r.status != 201)
            return false;
        head = std::atoll(r.header("x-sync-cursor").c_str());
        if (!onA.waitRound(60000, &a) || !onB.waitRound(60000, &b))
            return false;
        double last = 0;
        for (const auto &at : a)
            last = std::max(last, msSince(sent, at));
        for (const auto &at : b)
            last = std::max(last, msSince(sent, at));
        lastMs.push_back(last);
    }
    std::printf("\n4. %d streams over 2 instances, %d writes on A:\n", streams, rounds);
    std::printf("  latency to the LAST client  p50 %8.2f ms  p99 %8.2f ms\n",
                BenchUtil::median(lastMs),
                BenchUtil::percentile(lastMs, 99));
    for (int i = 0; i < 2; ++i)
        std::printf("  instance %c: VmRSS %lld -> %lld KiB, %.1f KiB per stream\n",
                    'A' + i,
                    (long long) rssBefore[i],
                    (long long) rssWith[i],
                    double(rssWith[i] - rssBefore[i]) / (i ? streams - streams / 2 : streams / 2));
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const bool quick = BenchUtil::hasFlag(argc, argv, "--quick");
    const int writers = std::atoi(BenchUtil::option(argc, argv, "--writers", "8").c_str());
    const double seconds = std::atof(
        BenchUtil::option(argc, argv, "--seconds", quick ? "1" : "5").c_str());
    const int documents = std::atoi(
        BenchUtil::option(argc, argv, "--documents", quick ? "20000" : "1000000").c_str());
    const int streams = std::atoi(
        BenchUtil::option(argc, argv, "--streams", quick ? "100" : "10000").c_str());
    const std::string binary = ServerRunner::binaryPath(argc, argv);
    const long files = BenchUtil::raiseFileLimit();
    if (adminUrl().empty()) {
        std::fprintf(stderr,
                     "bench-server-postgres: DELTADESK_TEST_PG is not set; run it through "
                     "scripts/bench.sh, which starts a private cluster\n");
        return 2;
    }
    std::printf("bench-server-postgres%s: server %s, cluster %s\n",
                quick ? " (quick)" : "",
                binary.c_str(),
                adminUrl().c_str());
    std::printf("  PostgreSQL %s", sql(adminUrl(), "SHOW server_version").c_str());
    std::printf("  fsync %s", sql(adminUrl(), "SHOW fsync").c_str());
    QTemporaryDir rawDir;
    BenchUtil::printRawLimits(rawDir.path().toStdString(), quick);
    if (streams + 64 > files) {
        std::fprintf(stderr, "%d streams need more descriptors than %ld\n", streams, files);
        return 1;
    }
    if (!writeThroughput(binary, writers, seconds) || !streamLatency(binary, quick ? 5 : 50)
        || !largeDelta(binary, documents) || !manyStreams(binary, streams, quick ? 3 : 20))
        return 1;
    return 0;
}
