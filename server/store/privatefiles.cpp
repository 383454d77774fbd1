#include "privatefiles.h"

#include <QDir>
#include <QString>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace {

bool fail(std::string *error, const std::string &what, const std::string &path)
{
    if (error)
        *error = what + " " + path + ": " + std::strerror(errno);
    return false;
}

} // namespace

namespace PrivateFiles {

bool makeDirectory(const std::string &path, std::string *error)
{
    if (!QDir().mkpath(QString::fromStdString(path))) {
        if (error)
            *error = "cannot create the data dir " + path;
        return false;
    }
    if (::chmod(path.c_str(), S_IRWXU) != 0)
        return fail(error, "cannot restrict", path);
    return true;
}

bool makeFile(const std::string &path, std::string *error)
{
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, S_IRUSR | S_IWUSR);
    if (fd < 0)
        return fail(error, "cannot open", path);
    const bool restricted = ::fchmod(fd, S_IRUSR | S_IWUSR) == 0;
    ::close(fd);
    if (!restricted)
        return fail(error, "cannot restrict", path);
    for (const char *suffix : {"-wal", "-shm", "-journal"}) {
        const std::string companion = path + suffix;
        if (::chmod(companion.c_str(), S_IRUSR | S_IWUSR) != 0 && errno != ENOENT)
            return fail(error, "cannot restrict", companion);
    }
    return true;
}

} // namespace PrivateFiles
