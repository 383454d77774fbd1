// bench-server-day: the original design's day on the wire. The demo data set
// (1000 events of ~5 KB plus users, clients, roles, tariffs) is synced 100
// times a day; between two syncs the office makes 50 event edits, 2 creates
// and 1 delete (our assumption of "a few creates/deletes"). Every sync fetches
// all five collections, once per strategy, against the same server state:
// full every time (with and without gzip), timestamp delta (lastSync), cursor
// delta, cursor delta + gzip. Printed beside the raw SQLite insert rate and
// zlib throughput measured in the same run.
//
//   bench-server-day [--quick] [--syncs 100] [--edits 50] [--creates 2]
//                    [--deletes 1] [--server-bin PATH]

#include "benchhttp.h"
#include "benchutil.h"
#include "rawlimits.h"
#include "serverrunner.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <cstdio>
#include <map>
#include <random>

namespace {

const char *const collections[] = {"events", "users", "clients", "roles", "tariffs"};

struct Strategy
{
    const char *name;
    enum class Mode { Full, Timestamp, Cursor } mode;
    bool gzip;
    std::unique_ptr<BenchHttp> http;
    std::map<std::string, std::string> position; // per collection: cursor or lastSync
    double dayBytes = 0;
    double dayMs = 0;
    int64_t dayItems = 0;
    double firstSyncBytes = 0;
};

// One sync of all five collections; false on an error.
bool sync(Strategy &s, bool first, std::string *eventsBody)
{
    for (const char *collection : collections) {
        std::string target = std::string("/api/") + collection + "?limit=10000";
        const std::string &at = s.position[collection];
        if (!first && s.mode == Strategy::Mode::Cursor)
            target += "&cursor=" + at;
        else if (!first && s.mode == Strategy::Mode::Timestamp)
            target += "&lastSync=" + at;
        const HttpResult r = s.http->get(target);
        const PageTail tail = readPageTail(r.body);
        if (r.status != 200 || !tail.ok || tail.hasMore) {
            std::fprintf(stderr, "%s %s: %d %s\n", s.name, target.c_str(), r.status, r.error.c_str());
            return false;
        }
        s.position[collection] = s.mode == Strategy::Mode::Timestamp ? tail.serverTimestamp
                                                                     : tail.cursor;
        if (first) {
            s.firstSyncBytes += double(r.wireBytes);
            if (eventsBody && std::string(collection) == "events")
                *eventsBody = r.body;
            continue;
        }
        s.dayBytes += double(r.wireBytes);
        s.dayMs += r.ms;
        const QJsonObject page = QJsonDocument::fromJson(QByteArray::fromStdString(r.body)).object();
        s.dayItems += page.value(QLatin1String(collection)).toArray().size()
                      + page.value(QStringLiteral("deleted")).toArray().size();
    }
    return true;
}

// The office's work between two syncs.
class Office
{
public:
    Office(BenchHttp &http, const std::string &eventsBody)
        : m_http(http)
    {
        const QJsonArray docs = QJsonDocument::fromJson(QByteArray::fromStdString(eventsBody))
                                    .object()
                                    .value(QStringLiteral("events"))
                                    .toArray();
        for (const QJsonValue &value : docs) {
            const QJsonObject doc = value.toObject();
            remember(doc);
            if (m_templates.size() < 20)
                m_templates.push_back(doc);
        }
    }
    size_t liveEvents() const { return m_ids.size(); }

    bool work(int edits, int creates, int deletes, int round)
    {
        int failures = 0;
        for (int i = 0; i < edits; ++i) {
            const std::string id = randomId();
            const QJsonObject edit{{QStringLiteral("status"),
                                    i % 3 ? QStringLiteral("confirmed") : QStringLiteral("draft")},
                                   {QStringLiteral("location"),
                                    QStringLiteral("Hall %1").arg((round + i) % 40)}};
            failures += !apply(m_http.request("PUT",
                                              "/api/events/" + id,
                                              compact(edit),
                                              {{"If-Match", std::to_string(m_versions[id])}}));
        }
        for (int i = 0; i < creates; ++i) {
            QJsonObject copy = m_templates[size_t(m_rng() % m_templates.size())];
            for (const char *meta : {"_id", "version", "updatedAt"})
                copy.remove(QLatin1String(meta));
            failures += !apply(m_http.request("POST", "/api/events", compact(copy)));
        }
        for (int i = 0; i < deletes; ++i) {
            const std::string id = randomId();
            const HttpResult r = m_http.request("DELETE",
                                                "/api/events/" + id,
                                                {},
                                                {{"If-Match", std::to_string(m_versions[id])}});
            failures += r.status != 204;
            m_versions.erase(id);
            m_ids.erase(std::find(m_ids.begin(), m_ids.end(), id));
        }
        if (failures)
            std::fprintf(stderr, "%d writes failed in round %d\n", failures, round);
        return failures == 0;
    }

private:
    static std::string compact(const QJsonObject &object)
    {
        return QJsonDocument(object).toJson(QJsonDocument::Compact).toStdString();
    }
    void remember(const QJsonObject &doc)
    {
        const std::string id = doc.value(QStringLiteral("_id")).toString().toStdString();
        if (!m_versions.count(id))
            m_ids.push_back(id);
        m_versions[id] = doc.value(QStringLiteral("version")).toInteger();
    }
    bool apply(const HttpResult &r)
    {
        if (r.status != 200 && r.status != 201)
            return false;
        remember(QJsonDocument::fromJson(QByteArray::fromStdString(r.body)).object());
        return true;
    }
    std::string randomId() { return m_ids[size_t(m_rng() % m_ids.size())]; }

    BenchHttp &m_http;
    std::mt19937 m_rng{1999};
    std::vector<std::string> m_ids;
    std::map<std::string, int64_t> m_versions;
    std::vector<QJsonObject> m_templates;
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const bool quick = BenchUtil::hasFlag(argc, argv, "--quick");
    auto intOption = [&](const char *name, const char *full, const char *smoke) {
        return std::max(0,
                        std::atoi(
                            BenchUtil::option(argc, argv, name, quick ? smoke : full).c_str()));
    };
    const int syncs = std::max(1, intOption("--syncs", "100", "5"));
    const int edits = intOption("--edits", "50", "10");
    const int creates = intOption("--creates", "2", "1");
    const int deletes = intOption("--deletes", "1", "1");
    const std::string binary = ServerRunner::binaryPath(argc, argv);

    std::printf("bench-server-day%s: server %s\n", quick ? " (quick)" : "", binary.c_str());
    std::fflush(stdout);
    QTemporaryDir dir;
    const std::string dataDir = dir.path().toStdString() + "/data";
    ServerRunner server;
    if (!server.start(binary, dataDir, {"--demo"}))
        return 1;

    Strategy strategies[]
        = {{"full every time", Strategy::Mode::Full, false, {}, {}},
           {"full every time, gzip", Strategy::Mode::Full, true, {}, {}},
           {"timestamp delta (lastSync)", Strategy::Mode::Timestamp, false, {}, {}},
           {"cursor delta", Strategy::Mode::Cursor, false, {}, {}},
           {"cursor delta + gzip", Strategy::Mode::Cursor, true, {}, {}}};
    BenchHttp writer(server.port());
    if (!writer.login("manager", "manager"))
        return 1;
    std::string eventsBody;
    for (Strategy &s : strategies) {
        s.http = std::make_unique<BenchHttp>(server.port());
        s.http->setToken(writer.token());
        s.http->setGzip(s.gzip);
        if (!sync(s, true, eventsBody.empty() ? &eventsBody : nullptr))
            return 1;
    }
    Office office(writer, eventsBody);
    for (int round = 0; round < syncs; ++round) {
        if (!office.work(edits, creates, deletes, round))
            return 1;
        for (Strategy &s : strategies) {
            if (!sync(s, false, nullptr))
                return 1;
        }
    }

    std::printf("a day: %d syncs of 5 collections; between syncs %d event edits, %d creates, %d "
                "deletes (%zu events live at the end); first sync of the day not counted (%s "
                "plain, %s gzip)\n",
                syncs,
                edits,
                creates,
                deletes,
                office.liveEvents(),
                BenchUtil::bytes(strategies[0].firstSyncBytes).c_str(),
                BenchUtil::bytes(strategies[1].firstSyncBytes).c_str());
    for (const Strategy &s : strategies) {
        std::printf("  %-28s %12s a day  %11s a sync  %7.1f ms a sync  %8lld items a day  (%.1fx "
                    "less than full)\n",
                    s.name,
                    BenchUtil::bytes(s.dayBytes).c_str(),
                    BenchUtil::bytes(s.dayBytes / syncs).c_str(),
                    s.dayMs / syncs,
                    (long long) s.dayItems,
                    strategies[0].dayBytes / std::max(s.dayBytes, 1.0));
    }
    std::printf("  (response bytes as received: status line, headers and body; requests are a few "
                "hundred bytes each for every strategy)\n");
    if (!server.stop())
        return 1;

    // The raw limits, measured now, after the server has stopped.
    const QByteArray events = QByteArray::fromStdString(eventsBody);
    std::printf("raw limits beside it: SQLite C insert of 5 KB rows %.0f rows/s; zlib on the "
                "%s events response: gzip -6 %.1f MB/s, gunzip %.1f MB/s\n",
                RawLimits::sqliteCInsertRate(dir.path(), quick ? 2000 : 20000, 5 * 1024),
                BenchUtil::bytes(double(events.size())).c_str(),
                RawLimits::zlibDeflateRate(events),
                RawLimits::zlibInflateRate(events));
    BenchUtil::printRawLimits(dir.path().toStdString(), quick);
    return 0;
}
