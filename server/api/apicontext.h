#pragma once

// What every API handler needs: the I/O context to answer on, the store
// worker to run jobs on, the hub to publish to, the thread that gzips large
// bodies, and the configuration.

#include "serverconfig.h"

#include <boost/asio/io_context.hpp>

class Compressor;
class StoreWorker;
class StreamHub;
class LoginRateLimiter;

struct ApiContext
{
    boost::asio::io_context &io;
    StoreWorker &store;
    StreamHub &hub;
    Compressor &compressor;
    ServerConfig config;
};
