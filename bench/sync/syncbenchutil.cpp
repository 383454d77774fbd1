#include "syncbenchutil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>

#include <algorithm>

namespace SyncBench {

QJsonObject makeEvent(int index, int bytes, int version)
{
    static const char *words[] = {"guests",    "catering", "stage",        "lights",   "venue",
                                  "invoice",   "deposit",  "sound",        "schedule", "menu",
                                  "transport", "hotel",    "speaker",      "tables",   "chairs",
                                  "parking",   "security", "photographer", "flowers",  "contract"};
    QRandomGenerator rng(quint32(index * 7919 + version));
    QString notes;
    const QJsonObject head{{QStringLiteral("_id"),
                            QStringLiteral("e-%1").arg(index, 7, 10, QLatin1Char('0'))},
                           {QStringLiteral("version"), version},
                           {QStringLiteral("updatedAt"), QStringLiteral("2025-01-15T10:30:00.000Z")},
                           {QStringLiteral("title"), QStringLiteral("Event %1").arg(index)},
                           {QStringLiteral("startsAt"), QStringLiteral("2025-03-01T18:00:00.000Z")},
                           {QStringLiteral("endsAt"), QStringLiteral("2025-03-01T23:00:00.000Z")},
                           {QStringLiteral("location"), QStringLiteral("Hall %1").arg(index % 17)},
                           {QStringLiteral("clientId"), QStringLiteral("c-%1").arg(index % 200)},
                           {QStringLiteral("status"), QStringLiteral("confirmed")},
                           {QStringLiteral("tariffId"), QStringLiteral("t-%1").arg(index % 30)}};
    const int headBytes = int(QJsonDocument(head).toJson(QJsonDocument::Compact).size()) + 12;
    while (notes.size() < bytes - headBytes) {
        notes += QLatin1String(words[rng.bounded(20)]);
        notes += QLatin1Char(' ');
    }
    notes.truncate(qMax(0, bytes - headBytes));
    QJsonObject doc = head;
    doc.insert(QStringLiteral("notes"), notes);
    return doc;
}

QByteArray page(const QList<QJsonObject> &docs,
                const QStringList &deleted,
                qint64 cursor,
                bool hasMore,
                qint64 total)
{
    QJsonArray array;
    for (const QJsonObject &d : docs)
        array.append(d);
    QJsonObject o{{QStringLiteral("events"), array},
                  {QStringLiteral("deleted"), QJsonArray::fromStringList(deleted)},
                  {QStringLiteral("serverTimestamp"), QStringLiteral("2025-01-15T10:30:00.000Z")},
                  {QStringLiteral("deltaSync"), true},
                  {QStringLiteral("cursor"), QString::number(cursor)},
                  {QStringLiteral("hasMore"), hasMore}};
    if (total >= 0)
        o.insert(QStringLiteral("total"), total);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray dialectPage(const QList<QJsonObject> &docs, bool deltaSync)
{
    QJsonArray array;
    for (const QJsonObject &d : docs)
        array.append(d);
    return QJsonDocument(QJsonObject{{QStringLiteral("events"), array},
                                     {QStringLiteral("serverTimestamp"),
                                      QStringLiteral("2025-01-15T10:30:00.000Z")},
                                     {QStringLiteral("deltaSync"), deltaSync}})
        .toJson(QJsonDocument::Compact);
}

double percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype i = qMin(values.size() - 1, qsizetype(p / 100.0 * double(values.size())));
    return values.at(i);
}

QString megabytes(qint64 bytes)
{
    return QString::number(double(bytes) / 1e6, 'f', 2) + QStringLiteral(" MB");
}

} // namespace SyncBench
