#pragma once

// What every API handler needs: the I/O context to answer on, the store
// worker to run jobs on, the hub to publish to, the thread that gzips large
// bodies, the threads that hash passwords, and the configuration.

#include "serverconfig.h"

#include <boost/asio/io_context.hpp>

class Compressor;
class PasswordPool;
class StoreWorker;
class StreamHub;

struct ApiContext
{
    boost::asio::io_context &io;
    StoreWorker &store;
    StreamHub &hub;
    Compressor &compressor;
    PasswordPool &passwords;
    ServerConfig config;
    // The store's database id, read at start (ChangeLogStore::databaseId).
    std::string databaseId;
};
