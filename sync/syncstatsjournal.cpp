#include "syncstatsjournal.h"

#include "syncstats.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSaveFile>

Q_LOGGING_CATEGORY(lcStatsJournal, "deltadesk.sync.statsjournal")

SyncStatsJournal::SyncStatsJournal(SyncStats *stats, const QString &filePath, QObject *parent)
    : QObject(parent)
    , m_stats(stats)
    , m_filePath(filePath)
{
    connect(m_stats, &SyncStats::roundRecorded, this, [this] {
        if (!save())
            qCWarning(lcStatsJournal) << "statistics not saved:" << m_errorString;
    });
}

bool SyncStatsJournal::load()
{
    QFile file(m_filePath);
    if (!file.exists())
        return true;
    if (!file.open(QIODevice::ReadOnly)) {
        m_errorString = file.errorString();
        return false;
    }
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (!doc.isObject()) {
        m_errorString = tr("%1 is not a statistics file: %2").arg(m_filePath, error.errorString());
        return false;
    }
    m_stats->restore(doc.object());
    return true;
}

bool SyncStatsJournal::save()
{
    const QList<SyncRound> rounds = m_stats->rounds();
    QJsonArray kept;
    for (qsizetype i = qMax<qsizetype>(0, rounds.size() - maxRounds()); i < rounds.size(); ++i)
        kept.append(rounds.at(i).toJson());
    QSaveFile file(m_filePath);
    if (!file.open(QIODevice::WriteOnly)) {
        m_errorString = file.errorString();
        return false;
    }
    file.write(
        QJsonDocument(QJsonObject{{QStringLiteral("rounds"), kept}}).toJson(QJsonDocument::Compact));
    if (!file.commit()) {
        m_errorString = file.errorString();
        return false;
    }
    return true;
}
