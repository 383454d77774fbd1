#include "soakwriter.h"

#include "benchhttp.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <chrono>
#include <cstdlib>

struct SoakWriter::Connection
{
    explicit Connection(uint16_t port)
        : http(port)
    {}
    BenchHttp http;
    std::vector<std::string> eventIds;
};

SoakWriter::SoakWriter(
    uint16_t port, std::string token, int connections, int perSecond, FanOutTally &tally)
    : m_port(port)
    , m_token(std::move(token))
    , m_perSecond(perSecond)
    , m_tally(tally)
{
    for (int i = 0; i < connections; ++i) {
        m_connections.push_back(std::make_unique<Connection>(port));
        m_connections.back()->http.setToken(m_token);
    }
}

SoakWriter::~SoakWriter()
{
    stop();
}

bool SoakWriter::prepare(int eventsPerConnection, std::string *error)
{
    // Small events (a few hundred bytes stored): every write goes to every
    // stream, so the frame size multiplies the fan-out's bytes.
    int n = 0;
    for (auto &connection : m_connections) {
        for (int i = 0; i < eventsPerConnection; ++i, ++n) {
            const QJsonObject event{{QStringLiteral("title"), QStringLiteral("Soak %1").arg(n)},
                                    {QStringLiteral("startsAt"),
                                     QStringLiteral("2026-12-02T10:00:00.000Z")},
                                    {QStringLiteral("endsAt"),
                                     QStringLiteral("2026-12-02T11:00:00.000Z")},
                                    {QStringLiteral("location"), QStringLiteral("Hall 0")}};
            const HttpResult r = connection->http.request("POST",
                                                          "/api/events",
                                                          QJsonDocument(event)
                                                              .toJson(QJsonDocument::Compact)
                                                              .toStdString());
            const QString id = QJsonDocument::fromJson(QByteArray::fromStdString(r.body))
                                   .object()
                                   .value(QStringLiteral("_id"))
                                   .toString();
            if (r.status != 201 || id.isEmpty()) {
                *error = "POST /api/events: " + std::to_string(r.status) + " " + r.error + " "
                         + r.body;
                return false;
            }
            connection->eventIds.push_back(id.toStdString());
        }
    }
    return true;
}

void SoakWriter::start()
{
    m_stop = false;
    for (size_t i = 0; i < m_connections.size(); ++i)
        m_threads.emplace_back([this, i] { run(*m_connections[i], int(i)); });
}

void SoakWriter::stop()
{
    m_stop = true;
    for (std::thread &thread : m_threads)
        thread.join();
    m_threads.clear();
}

SoakWriter::Counts SoakWriter::take()
{
    std::lock_guard lock(m_mutex);
    Counts out = std::move(m_counts);
    m_counts = {};
    return out;
}

void SoakWriter::run(Connection &connection, int index)
{
    using Clock = FanOutTally::Clock;
    // Write k of the whole schedule is due at start + k / perSecond; this
    // connection sends k = index, index + C, index + 2C, ...
    const int connections = int(m_connections.size());
    const auto period = std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(double(connections) / double(m_perSecond)));
    const auto offset = std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(double(index) / double(m_perSecond)));
    const Clock::time_point start = Clock::now() + offset;
    for (int64_t k = 0; !m_stop; ++k) {
        const Clock::time_point due = start + k * period;
        std::this_thread::sleep_until(due);
        if (m_stop)
            break;
        const std::string &id = connection.eventIds[size_t(k) % connection.eventIds.size()];
        const QJsonObject edit{
            {QStringLiteral("location"), QStringLiteral("Hall %1").arg(k % 100000)}};
        const Clock::time_point sent = Clock::now();
        const HttpResult r = connection.http.request("PUT",
                                                     "/api/events/" + id,
                                                     QJsonDocument(edit)
                                                         .toJson(QJsonDocument::Compact)
                                                         .toStdString(),
                                                     {},
                                                     30000);
        const bool ok = r.status == 200;
        if (ok)
            m_tally.sent(std::atoll(r.header("x-sync-cursor").c_str()), sent);
        std::lock_guard lock(m_mutex);
        if (!ok) {
            ++m_counts.failed;
            continue;
        }
        ++m_counts.done;
        m_counts.writeMs.push_back(r.ms);
        if (sent - due > std::chrono::milliseconds(100))
            ++m_counts.late;
    }
}
