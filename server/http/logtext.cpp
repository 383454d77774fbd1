#include "logtext.h"

#include "utf8.h"

#include <cstdio>

namespace {

bool needsEscape(char32_t c)
{
    return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) // C0, DEL, C1 (0x9B is a CSI)
           || c == 0x2028 || c == 0x2029                     // line/paragraph separator
           || (c >= 0x202A && c <= 0x202E)                   // bidi embeddings, overrides
           || (c >= 0x2066 && c <= 0x2069);                  // bidi isolates
}

void appendEscape(std::string &out, char32_t c)
{
    char text[16];
    switch (c) {
    case '\n':
        out += "\\n";
        return;
    case '\r':
        out += "\\r";
        return;
    case '\t':
        out += "\\t";
        return;
    default:
        break;
    }
    if (c < 0x100)
        std::snprintf(text, sizeof text, "\\x%02x", unsigned(c));
    else
        std::snprintf(text, sizeof text, "\\u%04x", unsigned(c));
    out += text;
}

} // namespace

namespace LogText {

std::string escaped(std::string_view text, size_t maxBytes)
{
    std::string out;
    out.reserve(std::min(text.size(), maxBytes) + 16);
    size_t at = 0;
    while (at < text.size() && out.size() < maxBytes) {
        const size_t length = Utf8::sequenceLength(text, at);
        if (length == 0) {
            appendEscape(out, static_cast<unsigned char>(text[at]));
            ++at;
            continue;
        }
        const char32_t c = Utf8::decode(text, at, length);
        if (c == '\\')
            out += "\\\\";
        else if (needsEscape(c))
            appendEscape(out, c);
        else
            out.append(text.substr(at, length));
        at += length;
    }
    if (at < text.size())
        out += "...(" + std::to_string(text.size()) + " bytes)";
    return out;
}

} // namespace LogText
