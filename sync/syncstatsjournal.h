#pragma once

// Keeps a SyncStats' rounds in a JSON file of the state dir, so the statistics
// window and "saved today" survive a restart of the app. Written with
// QSaveFile after each round (a few rounds an hour; the file holds at most
// the last maxRounds()), so a crash never leaves half a file.

#include <QObject>
#include <QString>

class SyncStats;

class SyncStatsJournal : public QObject
{
    Q_OBJECT
public:
    SyncStatsJournal(SyncStats *stats, const QString &filePath, QObject *parent = nullptr);

    // Restores the rounds of an earlier run; a missing file is not an error.
    // A file that does not parse is left alone and overwritten by the next round.
    bool load();
    bool save();
    QString errorString() const { return m_errorString; }

    static constexpr int maxRounds() { return 1000; }

private:
    SyncStats *m_stats;
    QString m_filePath;
    QString m_errorString;
};
