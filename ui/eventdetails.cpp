#include "eventdetails.h"

#include "cachequery.h"

EventDetails EventDetails::read(const QString &connection, const QString &id)
{
    EventDetails out;
    out.id = id;
    const CacheQuery events(connection, QStringLiteral("events"));
    out.event = events.document(id);
    if (!out.event) {
        out.error = events.errorString(); // empty: simply not there
        return out;
    }
    const auto referenced = [&connection](const QString &collection, const QString &refId) {
        if (refId.isEmpty())
            return QJsonObject();
        return CacheQuery(connection, collection).document(refId).value_or(QJsonObject());
    };
    out.client = referenced(QStringLiteral("clients"),
                            out.event->value(QLatin1String("clientId")).toString());
    out.tariff = referenced(QStringLiteral("tariffs"),
                            out.event->value(QLatin1String("tariffId")).toString());
    return out;
}
