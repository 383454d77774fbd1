#pragma once

// Bounds the open connections, in total and per source address, so one
// host cannot hold every descriptor or the memory of thousands of
// half-sent requests. An IPv6 client counts by its /64 (one host's usual
// share); an IPv4-mapped address as the IPv4 one. I/O thread only.

#include <boost/asio/ip/address.hpp>

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

class ConnectionLimiter : public std::enable_shared_from_this<ConnectionLimiter>
{
public:
    // Connections from an exempt address (a trusted reverse proxy, which
    // limits per client itself) count only towards the total.
    ConnectionLimiter(size_t maxTotal, size_t maxPerAddress, std::vector<std::string> exempt = {});

    enum class Verdict { Admitted, TooManyFromAddress, TooManyInTotal };

    // Held by a session while its connection is open; releases on destruction.
    class Slot
    {
    public:
        Slot(std::shared_ptr<ConnectionLimiter> owner, std::string key);
        ~Slot();
        Slot(const Slot &) = delete;
        Slot &operator=(const Slot &) = delete;

    private:
        std::shared_ptr<ConnectionLimiter> m_owner;
        std::string m_key;
    };

    // A slot for a new connection from address, or null (verdict says why).
    std::unique_ptr<Slot> acquire(const boost::asio::ip::address &address, Verdict *verdict);

    size_t total() const { return m_total; }
    // The key connections from this address count under.
    static std::string addressKey(const boost::asio::ip::address &address);

private:
    void release(const std::string &key);

    size_t m_maxTotal;
    size_t m_maxPerAddress;
    std::vector<std::string> m_exempt; // address keys
    size_t m_total = 0;
    std::map<std::string, size_t> m_byAddress;
};
