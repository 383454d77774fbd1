#include "requestid.h"

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <random>

namespace {

uint32_t processPrefix()
{
    static const uint32_t prefix = [] {
        std::random_device device;
        return uint32_t(device());
    }();
    return prefix;
}

} // namespace

namespace RequestId {

bool isAcceptable(std::string_view id)
{
    if (id.empty() || id.size() > 64)
        return false;
    for (const char c : id) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || c == '.' || c == '_' || c == ':' || c == '-';
        if (!ok)
            return false;
    }
    return true;
}

std::string make()
{
    static std::atomic<uint64_t> counter{0};
    char text[32];
    std::snprintf(text,
                  sizeof text,
                  "%08x-%08llx",
                  unsigned(processPrefix()),
                  static_cast<unsigned long long>(++counter));
    return text;
}

std::string forRequest(std::string_view sent)
{
    return isAcceptable(sent) ? std::string(sent) : make();
}

} // namespace RequestId
