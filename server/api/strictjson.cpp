#include "strictjson.h"

#include "utf8.h"

#include <cmath>
#include <cstdlib>
#include <unordered_set>

namespace {

class Checker
{
public:
    Checker(std::string_view text, int maxDepth)
        : m_text(text)
        , m_maxDepth(maxDepth)
    {}

    std::optional<StrictJson::Problem> run()
    {
        if (m_text.substr(0, 3) == "\xEF\xBB\xBF")
            return fail("a byte order mark is not allowed");
        skipSpace();
        if (!value(0))
            return m_problem;
        skipSpace();
        if (m_at != m_text.size())
            return fail("unexpected text after the JSON value");
        return std::nullopt;
    }

private:
    // Recursion is bounded by maxDepth: a deeper container fails first.
    bool value(int depth)
    {
        if (m_at >= m_text.size())
            return failed("the text ends where a value should start");
        switch (m_text[m_at]) {
        case '{':
            return object(depth + 1);
        case '[':
            return array(depth + 1);
        case '"':
            return string(nullptr);
        case 't':
            return literal("true");
        case 'f':
            return literal("false");
        case 'n':
            return literal("null");
        default:
            return number();
        }
    }

    bool enter(int depth)
    {
        if (depth <= m_maxDepth)
            return true;
        m_problem = StrictJson::Problem{StrictJson::Problem::Kind::TooDeep,
                                        "The JSON is nested deeper than "
                                            + std::to_string(m_maxDepth) + " levels."};
        return false;
    }

    bool object(int depth)
    {
        if (!enter(depth))
            return false;
        ++m_at; // '{'
        std::unordered_set<std::string> names;
        skipSpace();
        if (peek('}')) {
            ++m_at;
            return true;
        }
        for (;;) {
            skipSpace();
            if (!peek('"'))
                return failed("expected a name in double quotes");
            std::string name;
            if (!string(&name))
                return false;
            if (!names.insert(name).second)
                return failed("the name \"" + Utf8::sanitized(name.substr(0, 64))
                              + "\" appears twice in one object");
            skipSpace();
            if (!peek(':'))
                return failed("expected ':' after a name");
            ++m_at;
            skipSpace();
            if (!value(depth))
                return false;
            skipSpace();
            if (peek(',')) {
                ++m_at;
                continue;
            }
            if (peek('}')) {
                ++m_at;
                return true;
            }
            return failed("expected ',' or '}' in an object");
        }
    }

    bool array(int depth)
    {
        if (!enter(depth))
            return false;
        ++m_at; // '['
        skipSpace();
        if (peek(']')) {
            ++m_at;
            return true;
        }
        for (;;) {
            skipSpace();
            if (!value(depth))
                return false;
            skipSpace();
            if (peek(',')) {
                ++m_at;
                continue;
            }
            if (peek(']')) {
                ++m_at;
                return true;
            }
            return failed("expected ',' or ']' in an array");
        }
    }

    // A string at m_at ('"'); its decoded text goes to decoded when asked.
    bool string(std::string *decoded)
    {
        ++m_at; // '"'
        while (m_at < m_text.size()) {
            const auto c = static_cast<unsigned char>(m_text[m_at]);
            if (c == '"') {
                ++m_at;
                return true;
            }
            if (c < 0x20)
                return failed("a control character must be escaped inside a string");
            if (c == '\\') {
                if (!escape(decoded))
                    return false;
                continue;
            }
            const size_t length = Utf8::sequenceLength(m_text, m_at);
            if (length == 0)
                return failed("a string is not valid UTF-8");
            if (decoded)
                decoded->append(m_text.substr(m_at, length));
            m_at += length;
        }
        return failed("a string is not closed");
    }

    bool escape(std::string *decoded)
    {
        if (m_at + 1 >= m_text.size())
            return failed("the text ends inside an escape");
        const char kind = m_text[m_at + 1];
        m_at += 2;
        char plain = 0;
        switch (kind) {
        case '"':
        case '\\':
        case '/':
            plain = kind;
            break;
        case 'b':
            plain = '\b';
            break;
        case 'f':
            plain = '\f';
            break;
        case 'n':
            plain = '\n';
            break;
        case 'r':
            plain = '\r';
            break;
        case 't':
            plain = '\t';
            break;
        case 'u':
            return unicodeEscape(decoded);
        default:
            return failed("unknown escape in a string");
        }
        if (decoded)
            *decoded += plain;
        return true;
    }

    std::optional<char32_t> hex4()
    {
        if (m_at + 4 > m_text.size())
            return std::nullopt;
        char32_t value = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = m_text[m_at + size_t(i)];
            int digit = -1;
            if (c >= '0' && c <= '9')
                digit = c - '0';
            else if (c >= 'a' && c <= 'f')
                digit = c - 'a' + 10;
            else if (c >= 'A' && c <= 'F')
                digit = c - 'A' + 10;
            if (digit < 0)
                return std::nullopt;
            value = value * 16 + char32_t(digit);
        }
        m_at += 4;
        return value;
    }

    bool unicodeEscape(std::string *decoded)
    {
        std::optional<char32_t> unit = hex4();
        if (!unit)
            return failed("\\u must be followed by four hex digits");
        char32_t codePoint = *unit;
        if (codePoint >= 0xDC00 && codePoint <= 0xDFFF)
            return failed("a lone low surrogate (\\u" + hexText(codePoint) + ")");
        if (codePoint >= 0xD800 && codePoint <= 0xDBFF) {
            if (m_text.substr(m_at, 2) != "\\u")
                return failed("a high surrogate not followed by a low one");
            m_at += 2;
            const std::optional<char32_t> low = hex4();
            if (!low || *low < 0xDC00 || *low > 0xDFFF)
                return failed("a high surrogate not followed by a low one");
            codePoint = 0x10000 + ((codePoint - 0xD800) << 10) + (*low - 0xDC00);
        }
        if (decoded)
            Utf8::append(*decoded, codePoint);
        return true;
    }

    static std::string hexText(char32_t value)
    {
        static const char digits[] = "0123456789abcdef";
        std::string out;
        for (int shift = 12; shift >= 0; shift -= 4)
            out += digits[(value >> shift) & 15];
        return out;
    }

    // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?, and finite as a double.
    bool number()
    {
        const size_t start = m_at;
        const auto digits = [this] {
            const size_t from = m_at;
            while (m_at < m_text.size() && m_text[m_at] >= '0' && m_text[m_at] <= '9')
                ++m_at;
            return m_at - from;
        };
        if (peek('-'))
            ++m_at;
        if (peek('0')) {
            ++m_at;
        } else if (digits() == 0) {
            m_at = start;
            return failed("expected a value");
        }
        if (peek('.')) {
            ++m_at;
            if (digits() == 0)
                return failed("a number needs digits after its decimal point");
        }
        if (peek('e') || peek('E')) {
            ++m_at;
            if (peek('+') || peek('-'))
                ++m_at;
            if (digits() == 0)
                return failed("a number needs digits in its exponent");
        }
        if (m_at < m_text.size() && m_text[m_at] >= '0' && m_text[m_at] <= '9')
            return failed("a number must not have leading zeros");
        const std::string token(m_text.substr(start, m_at - start));
        if (!std::isfinite(std::strtod(token.c_str(), nullptr)))
            return failed("the number " + token.substr(0, 32) + " is out of range");
        return true;
    }

    bool literal(std::string_view word)
    {
        if (m_text.substr(m_at, word.size()) != word)
            return failed("expected a value");
        m_at += word.size();
        return true;
    }

    bool peek(char c) const { return m_at < m_text.size() && m_text[m_at] == c; }

    void skipSpace()
    {
        while (m_at < m_text.size()
               && (m_text[m_at] == ' ' || m_text[m_at] == '\t' || m_text[m_at] == '\n'
                   || m_text[m_at] == '\r'))
            ++m_at;
    }

    bool failed(const std::string &reason)
    {
        m_problem = *fail(reason);
        return false;
    }

    std::optional<StrictJson::Problem> fail(const std::string &reason) const
    {
        return StrictJson::Problem{StrictJson::Problem::Kind::Syntax,
                                   "The body is not valid JSON (RFC 8259) at byte "
                                       + std::to_string(m_at) + ": " + reason + "."};
    }

    std::string_view m_text;
    int m_maxDepth;
    size_t m_at = 0;
    std::optional<StrictJson::Problem> m_problem;
};

} // namespace

namespace StrictJson {

std::optional<Problem> check(std::string_view text, int maxDepth)
{
    return Checker(text, maxDepth).run();
}

} // namespace StrictJson
