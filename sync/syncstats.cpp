#include "syncstats.h"

#include <QJsonArray>

QJsonObject SyncRound::toJson() const
{
    return QJsonObject{
        {QStringLiteral("collection"), collection},
        {QStringLiteral("mode"), full ? QStringLiteral("full") : QStringLiteral("delta")},
        {QStringLiteral("documents"), documents},
        {QStringLiteral("deletions"), deletions},
        {QStringLiteral("wireBytes"), wireBytes},
        {QStringLiteral("decodedBytes"), decodedBytes},
        {QStringLiteral("fullEquivalentBytes"), fullEquivalentBytes},
        {QStringLiteral("durationMs"), durationMs},
        {QStringLiteral("pages"), pages},
        {QStringLiteral("at"), at.toUTC().toString(Qt::ISODateWithMs)},
    };
}

std::optional<SyncRound> SyncRound::fromJson(const QJsonObject &json)
{
    const QJsonValue collection = json.value(QStringLiteral("collection"));
    const QJsonValue mode = json.value(QStringLiteral("mode"));
    const QDateTime at = QDateTime::fromString(json.value(QStringLiteral("at")).toString(),
                                               Qt::ISODateWithMs);
    if (!collection.isString() || !mode.isString() || !at.isValid())
        return std::nullopt;
    SyncRound round;
    round.collection = collection.toString();
    round.full = mode.toString() == QLatin1String("full");
    round.at = at;
    const auto number = [&json](const char *key) {
        return json.value(QLatin1String(key)).toInteger();
    };
    round.documents = number("documents");
    round.deletions = number("deletions");
    round.wireBytes = number("wireBytes");
    round.decodedBytes = number("decodedBytes");
    round.fullEquivalentBytes = number("fullEquivalentBytes");
    round.durationMs = number("durationMs");
    round.pages = int(number("pages"));
    return round;
}

QJsonObject SyncTotals::toJson() const
{
    return QJsonObject{
        {QStringLiteral("rounds"), rounds},
        {QStringLiteral("deltaRounds"), deltaRounds},
        {QStringLiteral("fullRounds"), fullRounds},
        {QStringLiteral("documents"), documents},
        {QStringLiteral("deletions"), deletions},
        {QStringLiteral("wireBytes"), wireBytes},
        {QStringLiteral("decodedBytes"), decodedBytes},
        {QStringLiteral("fullEquivalentBytes"), fullEquivalentBytes},
        {QStringLiteral("bytesSaved"), bytesSaved},
        {QStringLiteral("bytesSavedToday"), bytesSavedToday},
        {QStringLiteral("deltaHitRate"), deltaHitRate},
    };
}

SyncStats::SyncStats(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<SyncRound>();
}

namespace {
void add(SyncTotals &t, const SyncRound &r)
{
    ++t.rounds;
    (r.full ? t.fullRounds : t.deltaRounds) += 1;
    t.documents += r.documents;
    t.deletions += r.deletions;
    t.wireBytes += r.wireBytes;
    t.decodedBytes += r.decodedBytes;
    t.fullEquivalentBytes += r.fullEquivalentBytes;
    if (!r.full) {
        const qint64 saved = qMax<qint64>(0, r.fullEquivalentBytes - r.wireBytes);
        t.bytesSaved += saved;
        if (r.at.toLocalTime().date() == QDate::currentDate())
            t.bytesSavedToday += saved;
    }
}
} // namespace

void SyncStats::record(const SyncRound &round)
{
    keep(round);
    emit roundRecorded(round);
}

void SyncStats::keep(const SyncRound &round)
{
    if (round.full)
        m_lastFull.insert(round.collection, FullFetch{round.wireBytes, round.documents});
    m_rounds.append(round);
    while (m_rounds.size() > m_maxRounds)
        add(m_dropped, m_rounds.takeFirst());
}

int SyncStats::restore(const QJsonObject &json)
{
    int taken = 0;
    const QJsonArray rounds = json.value(QStringLiteral("rounds")).toArray();
    for (const QJsonValue &value : rounds) {
        if (const std::optional<SyncRound> round = SyncRound::fromJson(value.toObject())) {
            keep(*round);
            ++taken;
        }
    }
    if (taken > 0)
        emit restored();
    return taken;
}

SyncTotals SyncStats::totals() const
{
    SyncTotals t = m_dropped;
    for (const SyncRound &r : m_rounds)
        add(t, r);
    t.deltaHitRate = t.rounds > 0 ? double(t.deltaRounds) / double(t.rounds) : 0.0;
    return t;
}

qint64 SyncStats::fullEquivalentEstimate(const QString &collection,
                                         qint64 cachedCount,
                                         qint64 cachedBodyBytes) const
{
    const auto it = m_lastFull.constFind(collection);
    if (it != m_lastFull.constEnd() && it->documents > 0)
        return it->wireBytes * qMax<qint64>(cachedCount, 1) / it->documents;
    return cachedBodyBytes;
}

void SyncStats::clear()
{
    m_rounds.clear();
    m_dropped = {};
    m_lastFull.clear();
}

QJsonObject SyncStats::toJson() const
{
    QJsonArray rounds;
    for (const SyncRound &r : m_rounds)
        rounds.append(r.toJson());
    return QJsonObject{{QStringLiteral("rounds"), rounds},
                       {QStringLiteral("totals"), totals().toJson()}};
}
