#include "connectionlimiter.h"

#include <algorithm>

ConnectionLimiter::ConnectionLimiter(size_t maxTotal,
                                     size_t maxPerAddress,
                                     std::vector<std::string> exempt)
    : m_maxTotal(maxTotal)
    , m_maxPerAddress(maxPerAddress)
    , m_exempt(std::move(exempt))
{}

ConnectionLimiter::Slot::Slot(std::shared_ptr<ConnectionLimiter> owner, std::string key)
    : m_owner(std::move(owner))
    , m_key(std::move(key))
{}

ConnectionLimiter::Slot::~Slot()
{
    m_owner->release(m_key);
}

std::string ConnectionLimiter::addressKey(const boost::asio::ip::address &address)
{
    if (address.is_v4())
        return address.to_string();
    const boost::asio::ip::address_v6 v6 = address.to_v6();
    if (v6.is_v4_mapped())
        return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, v6).to_string();
    boost::asio::ip::address_v6::bytes_type bytes = v6.to_bytes();
    for (size_t i = 8; i < bytes.size(); ++i)
        bytes[i] = 0;
    return boost::asio::ip::address_v6(bytes).to_string() + "/64";
}

std::unique_ptr<ConnectionLimiter::Slot> ConnectionLimiter::acquire(
    const boost::asio::ip::address &address, Verdict *verdict)
{
    std::string key = addressKey(address);
    const bool exempt = std::find(m_exempt.begin(), m_exempt.end(), key) != m_exempt.end();
    size_t &count = m_byAddress[key];
    if (count >= m_maxPerAddress && !exempt) {
        *verdict = Verdict::TooManyFromAddress;
    } else if (m_total >= m_maxTotal) {
        *verdict = Verdict::TooManyInTotal;
    } else {
        ++count;
        ++m_total;
        *verdict = Verdict::Admitted;
        return std::make_unique<Slot>(shared_from_this(), std::move(key));
    }
    if (count == 0)
        m_byAddress.erase(key);
    return nullptr;
}

void ConnectionLimiter::release(const std::string &key)
{
    --m_total;
    auto it = m_byAddress.find(key);
    if (it != m_byAddress.end() && --it->second == 0)
        m_byAddress.erase(it);
}
