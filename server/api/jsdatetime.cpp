#include "jsdatetime.h"

namespace {

class Reader
{
public:
    explicit Reader(std::string_view text)
        : m_text(text)
    {}

    bool atEnd() const { return m_pos == m_text.size(); }
    char peek() const { return atEnd() ? '\0' : m_text[m_pos]; }
    bool take(char c)
    {
        if (peek() != c)
            return false;
        ++m_pos;
        return true;
    }
    bool takeEither(char a, char b) { return take(a) || take(b); }
    // Exactly count decimal digits.
    std::optional<int> digits(int count)
    {
        int value = 0;
        for (int i = 0; i < count; ++i) {
            const char c = peek();
            if (c < '0' || c > '9')
                return std::nullopt;
            value = value * 10 + (c - '0');
            ++m_pos;
        }
        return value;
    }
    // One or more digits, read as milliseconds (the fourth and later cut).
    std::optional<int> fractionMs()
    {
        int ms = 0;
        int count = 0;
        while (peek() >= '0' && peek() <= '9') {
            if (count < 3)
                ms = ms * 10 + (peek() - '0');
            ++count;
            ++m_pos;
        }
        if (count == 0)
            return std::nullopt;
        for (; count < 3; ++count)
            ms *= 10;
        return ms;
    }

private:
    std::string_view m_text;
    size_t m_pos = 0;
};

bool isLeap(int64_t year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int daysInMonth(int64_t year, int month)
{
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && isLeap(year) ? 29 : days[month - 1];
}

// Days from 1970-01-01 to the date (proleptic Gregorian; H. Hinnant's
// days_from_civil).
int64_t daysFromCivil(int64_t year, int month, int day)
{
    year -= month <= 2;
    const int64_t era = (year >= 0 ? year : year - 399) / 400;
    const int64_t yearOfEra = year - era * 400;
    const int64_t dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const int64_t dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146097 + dayOfEra - 719468;
}

std::optional<int64_t> readYear(Reader &in)
{
    if (in.peek() == '+' || in.peek() == '-') {
        const bool negative = in.take('-');
        if (!negative)
            in.take('+');
        const std::optional<int> year = in.digits(6);
        if (!year || (negative && *year == 0))
            return std::nullopt;
        return negative ? -int64_t(*year) : int64_t(*year);
    }
    const std::optional<int> year = in.digits(4);
    if (!year)
        return std::nullopt;
    return *year;
}

// Minutes east of UTC, 0 when there is no offset; nullopt when malformed.
std::optional<int> readOffset(Reader &in)
{
    if (in.atEnd())
        return 0;
    if (in.takeEither('Z', 'z'))
        return 0;
    const char sign = in.peek();
    if (sign != '+' && sign != '-')
        return std::nullopt;
    in.take(sign);
    const std::optional<int> hours = in.digits(2);
    in.take(':');
    const std::optional<int> minutes = in.digits(2);
    if (!hours || !minutes || *hours > 23 || *minutes > 59)
        return std::nullopt;
    const int total = *hours * 60 + *minutes;
    return sign == '-' ? -total : total;
}

} // namespace

namespace JsDateTime {

std::optional<int64_t> parseIso(std::string_view text)
{
    if (text.size() > 64)
        return std::nullopt;
    Reader in(text);
    const std::optional<int64_t> year = readYear(in);
    if (!year)
        return std::nullopt;
    int month = 1;
    int day = 1;
    if (in.take('-')) {
        const std::optional<int> m = in.digits(2);
        if (!m || *m < 1 || *m > 12)
            return std::nullopt;
        month = *m;
        if (in.take('-')) {
            const std::optional<int> d = in.digits(2);
            if (!d || *d < 1 || *d > daysInMonth(*year, month))
                return std::nullopt;
            day = *d;
        }
    }
    int64_t msOfDay = 0;
    if (in.takeEither('T', 't')) {
        const std::optional<int> hours = in.digits(2);
        if (!hours || !in.take(':'))
            return std::nullopt;
        const std::optional<int> minutes = in.digits(2);
        if (!minutes)
            return std::nullopt;
        int seconds = 0;
        int ms = 0;
        if (in.take(':')) {
            const std::optional<int> s = in.digits(2);
            if (!s)
                return std::nullopt;
            seconds = *s;
            if (in.take('.')) {
                const std::optional<int> fraction = in.fractionMs();
                if (!fraction)
                    return std::nullopt;
                ms = *fraction;
            }
        }
        const bool endOfDay = *hours == 24 && *minutes == 0 && seconds == 0 && ms == 0;
        if ((*hours > 23 && !endOfDay) || *minutes > 59 || seconds > 59)
            return std::nullopt;
        msOfDay = ((int64_t(*hours) * 60 + *minutes) * 60 + seconds) * 1000 + ms;
    }
    const std::optional<int> offsetMinutes = readOffset(in);
    if (!offsetMinutes || !in.atEnd())
        return std::nullopt;
    return daysFromCivil(*year, month, day) * 86400000 + msOfDay - int64_t(*offsetMinutes) * 60000;
}

} // namespace JsDateTime
