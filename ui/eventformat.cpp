#include "eventformat.h"

#include "protocol.h"

#include <QHash>
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

namespace {
// The symbol people know a currency by ("€" for EUR), from a locale that
// uses it; the code itself when none does. Worked out once per code.
QString currencySymbol(const QString &code)
{
    static QHash<QString, QString> symbols;
    const auto it = symbols.constFind(code);
    if (it != symbols.constEnd())
        return *it;
    QString symbol = code;
    const QList<QLocale> all = QLocale::matchingLocales(QLocale::AnyLanguage,
                                                        QLocale::AnyScript,
                                                        QLocale::AnyTerritory);
    for (const QLocale &l : all) {
        if (l.currencySymbol(QLocale::CurrencyIsoCode) == code) {
            symbol = l.currencySymbol(QLocale::CurrencySymbol);
            break;
        }
    }
    symbols.insert(code, symbol);
    return symbol;
}
} // namespace

QString money(qint64 cents, const QString &currency)
{
    const QLocale locale;
    const double amount = double(cents) / 100.0;
    if (currency.isEmpty())
        return locale.toString(amount, 'f', 2);
    // The locale's number format with the event's currency: a euro locale
    // must not show dollars as euros.
    const QString symbol = locale.currencySymbol(QLocale::CurrencyIsoCode) == currency
                               ? locale.currencySymbol(QLocale::CurrencySymbol)
                               : currencySymbol(currency);
    return locale.toCurrencyString(amount, symbol, 2);
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
