#include "eventformat.h"

#include "protocol.h"

#include <QLocale>

#include <cmath>

namespace EventFormat {

QString statusWord(const QString &status)
{
    if (status == QLatin1String("draft"))
        return QObject::tr("Draft");
    if (status == QLatin1String("confirmed"))
        return QObject::tr("Confirmed");
    if (status == QLatin1String("cancelled"))
        return QObject::tr("Cancelled");
    if (status.isEmpty())
        return status;
    return status.at(0).toUpper() + status.mid(1);
}

QString dateTime(const QString &iso)
{
    const auto parsed = Protocol::parseTimestamp(iso);
    if (!parsed)
        return iso;
    return QLocale().toString(parsed->toLocalTime(), QLocale::ShortFormat);
}

QString money(qint64 cents, const QString &currency)
{
    const QLocale locale;
    const double amount = double(cents) / 100.0;
    if (currency.isEmpty())
        return locale.toString(amount, 'f', 2);
    // The code, not the locale's own symbol: a euro locale must not show
    // dollars as euros.
    return locale.toCurrencyString(amount, currency, 2);
}

QString hours(double hours)
{
    return QLocale().toString(hours, 'g', 6);
}

double quantity(const QJsonObject &lineItem)
{
    return lineItem.value(QLatin1String("quantity")).toDouble();
}

qint64 unitCents(const QJsonObject &lineItem)
{
    return lineItem.value(QLatin1String("amountCents")).toInteger();
}

qint64 lineTotalCents(const QJsonObject &lineItem)
{
    return qint64(std::llround(quantity(lineItem) * double(unitCents(lineItem))));
}

} // namespace EventFormat
