#include "protocol.h"

namespace Protocol {

const QStringList &collectionNames()
{
    static const QStringList names{QStringLiteral("events"),
                                   QStringLiteral("users"),
                                   QStringLiteral("clients"),
                                   QStringLiteral("roles"),
                                   QStringLiteral("tariffs")};
    return names;
}

bool isKnownCollection(QStringView name)
{
    for (const QString &known : collectionNames()) {
        if (name == known)
            return true;
    }
    return false;
}

QString formatTimestamp(const QDateTime &utc)
{
    return utc.toUTC().toString(Qt::ISODateWithMs);
}

std::optional<QDateTime> parseTimestamp(QStringView text)
{
    // Qt's ISO parser accepts a date alone; a sync position needs a time.
    if (text.size() < 19 || text.size() > 35 || text.at(10) != u'T')
        return std::nullopt;
    QDateTime parsed = QDateTime::fromString(text.toString(), Qt::ISODateWithMs);
    if (!parsed.isValid())
        return std::nullopt;
    return parsed.toUTC();
}

std::optional<qint64> parseCursor(QStringView text)
{
    if (text.isEmpty() || text.size() > 18)
        return std::nullopt;
    for (QChar c : text) {
        if (c < u'0' || c > u'9')
            return std::nullopt;
    }
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok)
        return std::nullopt;
    return value;
}

QString formatCursor(qint64 seq)
{
    return QString::number(seq);
}

} // namespace Protocol
