#pragma once

// How the event views say an event's values to a person: in the user's
// locale, statuses as words, amounts in the event's currency. Shared by the
// details pane and the editor so both read the same.

#include <QJsonObject>
#include <QString>

namespace EventFormat {

// "confirmed" -> "Confirmed"; an unknown status keeps its text, capitalised.
QString statusWord(const QString &status);
// An ISO 8601 UTC timestamp in local time (QLocale short format); the raw
// text when it does not parse.
QString dateTime(const QString &iso);
// Integer cents as an amount in `currency` (an ISO 4217 code, may be empty).
QString money(qint64 cents, const QString &currency);
// Hours as a number: 4, 2.5.
QString hours(double hours);

// A line item's quantity, unit price (amountCents) and line total.
double quantity(const QJsonObject &lineItem);
qint64 unitCents(const QJsonObject &lineItem);
qint64 lineTotalCents(const QJsonObject &lineItem);

} // namespace EventFormat
