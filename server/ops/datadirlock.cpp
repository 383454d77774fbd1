#include "datadirlock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

DataDirLock::~DataDirLock()
{
    if (m_fd >= 0)
        ::close(m_fd); // releases the flock
}

bool DataDirLock::acquire(const std::string &dataDir, std::string *error, bool *heldElsewhere)
{
    if (heldElsewhere)
        *heldElsewhere = false;
    if (m_fd >= 0)
        return true;
    const std::string path = dataDir + "/" + fileName();
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, S_IRUSR | S_IWUSR);
    if (fd < 0) {
        *error = "cannot open " + path + ": " + std::strerror(errno);
        return false;
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int code = errno;
        ::close(fd);
        if (code == EWOULDBLOCK) {
            if (heldElsewhere)
                *heldElsewhere = true;
            *error = "a server (or a restore) is running on " + dataDir + " (it holds " + path
                     + ")";
        } else {
            *error = "cannot lock " + path + ": " + std::strerror(code);
        }
        return false;
    }
    m_fd = fd;
    return true;
}
