#include "compressor.h"

#include <boost/asio/post.hpp>

Compressor::Compressor() = default;

Compressor::~Compressor()
{
    stop();
}

void Compressor::stop()
{
    if (m_stopped)
        return;
    m_stopped = true;
    m_pool.join();
}

void Compressor::post(std::function<void()> job)
{
    boost::asio::post(m_pool, std::move(job));
}
