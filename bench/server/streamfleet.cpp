#include "streamfleet.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <fstream>
#include <future>

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {
const std::string connectedData = "data: {\"type\":\"connected\"";
}

struct StreamFleet::Client
{
    explicit Client(asio::io_context &io)
        : socket(io)
        , retry(io)
    {}
    tcp::socket socket;
    asio::steady_timer retry;
    std::string request;   // its head without the blank line that ends it
    std::string sending;   // the request as sent, Last-Event-ID included
    int64_t lastId = 0;    // of the last event completed on it
    bool retrying = false; // closed, to be opened again after the retry interval
    bool longLine = false; // the current line is one to keep whole
    std::string localAddress;
    std::array<char, 8192> buffer{};
    std::string line;      // the current line, at most its first bytes
    int64_t pendingId = 0; // id of the event being received
    bool connected = false;
    bool dead = false;
    int reachedRound = 0;
    Clock::time_point arrival;
};

namespace {

std::vector<StreamFleet::Identity> sameIdentity(std::string token, int clients)
{
    return std::vector<StreamFleet::Identity>(size_t(std::max(0, clients)), {std::move(token), {}});
}

} // namespace

StreamFleet::StreamFleet(uint16_t port, std::string token, int clients)
    : StreamFleet(port, sameIdentity(std::move(token), clients))
{}

StreamFleet::StreamFleet(uint16_t port, const std::vector<Identity> &identities)
    : m_work(asio::make_work_guard(m_io))
    , m_port(port)
{
    m_clients.reserve(identities.size());
    for (const Identity &identity : identities) {
        auto client = std::make_unique<Client>(m_io);
        client->request = "GET /api/sync/stream?collections=events HTTP/1.1\r\nHost: "
                          "127.0.0.1\r\nAccept: text/event-stream\r\nAuthorization: Bearer "
                          + identity.token + "\r\n";
        client->localAddress = identity.localAddress;
        m_clients.push_back(std::move(client));
    }
    m_thread = std::thread([this] {
        m_threadId = int(gettid());
        m_io.run();
    });
}

double StreamFleet::threadWaitSeconds() const
{
    std::ifstream schedstat("/proc/self/task/" + std::to_string(m_threadId.load()) + "/schedstat");
    unsigned long long ranNs = 0, waitedNs = 0;
    schedstat >> ranNs >> waitedNs;
    return double(waitedNs) / 1e9;
}

double StreamFleet::threadCpuSeconds() const
{
    clockid_t clock{};
    timespec used{};
    if (pthread_getcpuclockid(const_cast<std::thread &>(m_thread).native_handle(), &clock) != 0
        || clock_gettime(clock, &used) != 0)
        return 0;
    return double(used.tv_sec) + double(used.tv_nsec) / 1e9;
}

StreamFleet::~StreamFleet()
{
    asio::post(m_io, [this] {
        m_stopping = true;
        for (auto &client : m_clients) {
            boost::system::error_code ignored;
            client->socket.close(ignored);
        }
        m_work.reset();
        m_io.stop();
    });
    m_thread.join();
}

bool StreamFleet::connectAll(int parallel, int timeoutMs)
{
    asio::post(m_io, [this, parallel] {
        for (int i = 0; i < parallel; ++i)
            openNext();
    });
    std::unique_lock lock(m_mutex);
    const int total = int(m_clients.size());
    return m_changed.wait_for(lock, std::chrono::milliseconds(timeoutMs), [&] {
        return m_connected + m_dead >= total;
    }) && m_dead == 0;
}

int StreamFleet::connected() const
{
    std::lock_guard lock(m_mutex);
    return m_connected;
}

int StreamFleet::dead() const
{
    std::lock_guard lock(m_mutex);
    return m_dead;
}

int StreamFleet::resumed() const
{
    std::lock_guard lock(m_mutex);
    return m_resumed;
}

std::vector<int64_t> StreamFleet::lastIds()
{
    std::promise<std::vector<int64_t>> ids;
    asio::post(m_io, [this, &ids] {
        std::vector<int64_t> out;
        out.reserve(m_clients.size());
        for (const auto &client : m_clients)
            out.push_back(client->retrying ? -1 : client->lastId);
        ids.set_value(std::move(out));
    });
    return ids.get_future().get();
}

int StreamFleet::refused() const
{
    std::lock_guard lock(m_mutex);
    return m_refused;
}

void StreamFleet::openNext()
{
    if (m_nextToOpen >= m_clients.size())
        return;
    open(*m_clients[m_nextToOpen++]);
}

void StreamFleet::open(Client &client)
{
    client.retrying = false;
    client.sending = client.request;
    if (client.lastId > 0)
        client.sending += "Last-Event-ID: " + std::to_string(client.lastId) + "\r\n";
    client.sending += "\r\n";
    const tcp::endpoint server(asio::ip::make_address("127.0.0.1"), m_port);
    if (!client.localAddress.empty()) {
        boost::system::error_code ec;
        const asio::ip::address local = asio::ip::make_address(client.localAddress, ec);
        if (!ec)
            client.socket.open(tcp::v4(), ec);
        if (!ec)
            client.socket.bind(tcp::endpoint(local, 0), ec);
        if (ec) {
            onDead(client);
            return;
        }
    }
    client.socket.async_connect(server, [this, &client](boost::system::error_code ec) {
        if (ec) {
            onDead(client);
            return;
        }
        asio::async_write(client.socket,
                          asio::buffer(client.sending),
                          [this, &client](boost::system::error_code e, size_t) {
                              if (e)
                                  onDead(client);
                              else
                                  startRead(client);
                          });
    });
}

void StreamFleet::startRead(Client &client)
{
    client.socket.async_read_some(asio::buffer(client.buffer),
                                  [this, &client](boost::system::error_code ec, size_t n) {
                                      if (ec) {
                                          onDead(client);
                                          return;
                                      }
                                      consume(client, client.buffer.data(), n);
                                      if (!client.retrying && !client.dead)
                                          startRead(client);
                                  });
}

void StreamFleet::consume(Client &client, const char *data, size_t size)
{
    // Only the start of a line matters ("id: ", "event: connected", or an
    // empty line that dispatches the event), so long data lines are cut;
    // but for the connected event's data, which carries the head cursor.
    constexpr size_t keep = 48;
    constexpr size_t keepConnected = 512;
    for (size_t i = 0; i < size && !client.retrying && !client.dead; ++i) {
        const char c = data[i];
        if (c == '\n') {
            if (!client.line.empty() && client.line.back() == '\r')
                client.line.pop_back();
            onLine(client, client.line);
            client.line.clear();
            client.longLine = false;
        } else if (client.line.size() < keep) {
            client.line.push_back(c);
            if (client.line.size() == keep)
                client.longLine = client.line.rfind(connectedData, 0) == 0;
        } else if (client.longLine && client.line.size() < keepConnected) {
            client.line.push_back(c);
        }
    }
}

void StreamFleet::onLine(Client &client, const std::string &line)
{
    // A stream refused (429 at a cap, 503, ...) is closed and, when resuming,
    // tried again like one the server ended.
    if (line.rfind("HTTP/1.", 0) == 0 && line.size() > 12 && line.compare(9, 3, "200") != 0) {
        {
            std::lock_guard lock(m_mutex);
            ++m_refused;
        }
        onDead(client);
        return;
    }
    if (client.lastId == 0 && line.rfind(connectedData, 0) == 0) {
        // A first stream has everything up to the head it was opened at.
        const std::string marker = "\"cursor\":\"";
        const size_t at = line.find(marker);
        if (at != std::string::npos)
            client.lastId = std::atoll(line.c_str() + at + marker.size());
        return;
    }
    if (line.rfind("id: ", 0) == 0) {
        client.pendingId = std::atoll(line.c_str() + 4);
        return;
    }
    if (!client.connected && line == "event: connected") {
        client.connected = true;
        {
            std::lock_guard lock(m_mutex);
            ++m_connected;
        }
        m_changed.notify_all();
        openNext();
        return;
    }
    if (!line.empty() || client.pendingId == 0)
        return;
    // An empty line completes the event: the moment a client would act on it.
    const int64_t id = client.pendingId;
    const int64_t previousId = client.lastId;
    client.pendingId = 0;
    client.lastId = std::max(client.lastId, id);
    const Clock::time_point now = Clock::now();
    if (m_observer)
        m_observer(previousId, id, now);
    bool notify = false;
    {
        std::lock_guard lock(m_mutex);
        if (id > m_threshold && client.reachedRound != m_round) {
            client.reachedRound = m_round;
            client.arrival = now;
            ++m_reached;
            notify = m_reached + (m_dead - m_deadAtArm) >= int(m_clients.size()) - m_deadAtArm;
        }
    }
    if (notify)
        m_changed.notify_all();
}

void StreamFleet::onDead(Client &client)
{
    if (client.dead || client.retrying)
        return;
    boost::system::error_code ignored;
    client.socket.close(ignored);
    if (m_resume && client.connected && !m_stopping) {
        client.retrying = true;
        client.line.clear();
        client.pendingId = 0;
        {
            std::lock_guard lock(m_mutex);
            ++m_resumed;
        }
        client.retry.expires_after(std::chrono::seconds(2));
        client.retry.async_wait([this, &client](boost::system::error_code ec) {
            if (!ec && !m_stopping)
                open(client);
        });
        return;
    }
    client.dead = true;
    {
        std::lock_guard lock(m_mutex);
        ++m_dead;
    }
    m_changed.notify_all();
    if (!client.connected)
        openNext();
}

void StreamFleet::arm(int64_t threshold)
{
    std::lock_guard lock(m_mutex);
    ++m_round;
    m_threshold = threshold;
    m_reached = 0;
    m_deadAtArm = m_dead;
}

bool StreamFleet::waitRound(int timeoutMs, std::vector<Clock::time_point> *arrivals)
{
    std::unique_lock lock(m_mutex);
    const int live = int(m_clients.size()) - m_deadAtArm;
    const bool all = m_changed.wait_for(lock, std::chrono::milliseconds(timeoutMs), [&] {
        return m_reached >= live - (m_dead - m_deadAtArm);
    });
    arrivals->clear();
    for (const auto &client : m_clients) {
        if (client->reachedRound == m_round)
            arrivals->push_back(client->arrival);
    }
    return all && m_dead == m_deadAtArm;
}
