#include "databaseid.h"

#include <QRandomGenerator>

#include <array>

namespace DatabaseId {

std::string generate()
{
    std::array<quint32, 4> words{};
    QRandomGenerator::system()->fillRange(words.data(), qsizetype(words.size()));
    static constexpr char digits[] = "0123456789abcdef";
    std::string id;
    id.reserve(32);
    for (quint32 word : words) {
        for (int shift = 28; shift >= 0; shift -= 4)
            id += digits[(word >> shift) & 0xf];
    }
    return id;
}

bool isWellFormed(const std::string &id)
{
    if (id.size() != 32)
        return false;
    for (char c : id) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    }
    return true;
}

} // namespace DatabaseId
