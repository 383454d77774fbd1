#include "benchutil.h"

#include "rawlimits.h"

#include <QString>

#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <thread>

namespace BenchUtil {

bool hasFlag(int argc, char **argv, const char *flag)
{
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], flag) == 0)
            return true;
    }
    return false;
}

std::string option(int argc, char **argv, const char *name, const std::string &fallback)
{
    for (int i = 1; i + 1 < argc; ++i) {
        if (std::strcmp(argv[i], name) == 0)
            return argv[i + 1];
    }
    return fallback;
}

std::vector<int> intList(const std::string &commaSeparated)
{
    std::vector<int> out;
    size_t from = 0;
    while (from < commaSeparated.size()) {
        size_t comma = commaSeparated.find(',', from);
        if (comma == std::string::npos)
            comma = commaSeparated.size();
        const int value = std::atoi(commaSeparated.substr(from, comma - from).c_str());
        if (value > 0)
            out.push_back(value);
        from = comma + 1;
    }
    return out;
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const double rank = std::ceil(p / 100.0 * double(values.size()));
    const size_t index = size_t(std::clamp(rank, 1.0, double(values.size()))) - 1;
    return values[index];
}

double median(const std::vector<double> &values)
{
    return percentile(values, 50);
}

std::string bytes(double count)
{
    const char *units[] = {"B", "kB", "MB", "GB", "TB"};
    int unit = 0;
    while (count >= 1000 && unit < 4) {
        count /= 1000;
        ++unit;
    }
    char text[32];
    std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.2f %s", count, units[unit]);
    return text;
}

long raiseFileLimit()
{
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return -1;
    if (limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
        getrlimit(RLIMIT_NOFILE, &limit);
    }
    return long(limit.rlim_cur);
}

void printRawLimits(const std::string &dir, bool quick)
{
    // The full run measures at the sizes bench-rawlimits uses; --quick at
    // sizes that take a moment.
    const QString where = QString::fromStdString(dir);
    const QString line = quick ? RawLimits::summary(where, 5000, 1024) : RawLimits::summary(where);
    std::ifstream loadavg("/proc/loadavg");
    std::string load;
    std::getline(loadavg, load);
    std::printf("%s\nload average (1/5/15 min, runnable/all, last pid) at that moment: %s on %u "
                "cores\n",
                qPrintable(line),
                load.c_str(),
                std::thread::hardware_concurrency());
    std::fflush(stdout);
}

} // namespace BenchUtil
