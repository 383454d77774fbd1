#pragma once

// The lock a running server holds on its data dir: an flock(2) on
// <data dir>/deltadesk.lock, taken at start and held until the process
// ends (the kernel drops it even after a crash or SIGKILL). `restore` and
// `new-database-id` take it too, so neither runs beside a server, and no
// server starts while they replace the database. `user` and `backup` do
// not: they work beside a running server.

#include <string>

class DataDirLock
{
public:
    DataDirLock() = default;
    ~DataDirLock();
    DataDirLock(const DataDirLock &) = delete;
    DataDirLock &operator=(const DataDirLock &) = delete;

    static std::string fileName() { return "deltadesk.lock"; }

    // Takes the lock without waiting; false and *error when another process
    // holds it (*heldElsewhere then true) or the file cannot be opened.
    bool acquire(const std::string &dataDir, std::string *error, bool *heldElsewhere = nullptr);
    bool isHeld() const { return m_fd >= 0; }

private:
    int m_fd = -1;
};
