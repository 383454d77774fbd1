#include "streamfleet.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include <pthread.h>
#include <time.h>

#include <array>
#include <cstdlib>

namespace asio = boost::asio;
using asio::ip::tcp;

struct StreamFleet::Client
{
    explicit Client(asio::io_context &io)
        : socket(io)
    {}
    tcp::socket socket;
    std::string request;
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
                          + identity.token + "\r\n\r\n";
        client->localAddress = identity.localAddress;
        m_clients.push_back(std::move(client));
    }
    m_thread = std::thread([this] { m_io.run(); });
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

void StreamFleet::openNext()
{
    if (m_nextToOpen >= m_clients.size())
        return;
    Client &client = *m_clients[m_nextToOpen++];
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
                          asio::buffer(client.request),
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
                                      startRead(client);
                                  });
}

void StreamFleet::consume(Client &client, const char *data, size_t size)
{
    // Only the start of a line matters ("id: ", "event: connected", or an
    // empty line that dispatches the event), so long data lines are cut.
    constexpr size_t keep = 48;
    for (size_t i = 0; i < size; ++i) {
        const char c = data[i];
        if (c == '\n') {
            if (!client.line.empty() && client.line.back() == '\r')
                client.line.pop_back();
            onLine(client, client.line);
            client.line.clear();
        } else if (client.line.size() < keep) {
            client.line.push_back(c);
        }
    }
}

void StreamFleet::onLine(Client &client, const std::string &line)
{
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
    client.pendingId = 0;
    const Clock::time_point now = Clock::now();
    if (m_observer)
        m_observer(id, now);
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
    if (client.dead)
        return;
    client.dead = true;
    boost::system::error_code ignored;
    client.socket.close(ignored);
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
