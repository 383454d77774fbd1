#pragma once

// What each sync round cost and what the delta protocol saved. The UI reads
// rounds() and totals(); the headless client prints toJson().
//
// fullEquivalentBytes estimates what a full fetch of the collection would have
// cost on the wire at that moment: the wire size of the last full fetch of the
// collection (kept in SyncState, so it survives restarts) scaled by the cached
// document count now / then; without any full fetch on record, the cached
// bodies' size (an upper bound: uncompressed).

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QObject>

#include <optional>

struct SyncRound
{
    QString collection;
    bool full = false;
    qint64 documents = 0;
    qint64 deletions = 0;
    qint64 wireBytes = 0;
    qint64 decodedBytes = 0;
    qint64 fullEquivalentBytes = 0;
    qint64 durationMs = 0;
    QDateTime at; // the server's timestamp of the round when known, else local time of recording
    int pages = 0;
    QJsonObject toJson() const;
    // What toJson() wrote; nullopt when a field has the wrong type.
    static std::optional<SyncRound> fromJson(const QJsonObject &json);
};
Q_DECLARE_METATYPE(SyncRound)

struct SyncTotals
{
    qint64 rounds = 0;
    qint64 deltaRounds = 0;
    qint64 fullRounds = 0;
    qint64 documents = 0;
    qint64 deletions = 0;
    qint64 wireBytes = 0;
    qint64 decodedBytes = 0;
    qint64 fullEquivalentBytes = 0;
    qint64 bytesSaved = 0;      // sum over delta rounds of fullEquivalent - wire
    qint64 bytesSavedToday = 0; // the same for rounds recorded today (local date)
    double deltaHitRate = 0;    // delta rounds / rounds
    QJsonObject toJson() const;
};

class SyncStats : public QObject
{
    Q_OBJECT
public:
    explicit SyncStats(QObject *parent = nullptr);

    void record(const SyncRound &round);
    QList<SyncRound> rounds() const { return m_rounds; }
    SyncTotals totals() const;
    double deltaHitRate() const { return totals().deltaHitRate; }
    qint64 bytesSaved() const { return totals().bytesSaved; }
    qint64 bytesSavedToday() const { return totals().bytesSavedToday; }
    // The estimate described above, for a collection holding `cachedCount`
    // documents of `cachedBodyBytes` in total.
    qint64 fullEquivalentEstimate(const QString &collection,
                                  qint64 cachedCount,
                                  qint64 cachedBodyBytes) const;
    void clear();
    QJsonObject toJson() const; // {"rounds": [...], "totals": {...}}
    // Takes back the rounds of an earlier run (toJson()'s "rounds", oldest
    // first) without announcing them as new rounds (restored() tells);
    // entries that do not parse are skipped. Returns how many were taken.
    int restore(const QJsonObject &json);

    void setMaxRounds(int n) { m_maxRounds = n; } // older rounds are folded into totals

signals:
    void roundRecorded(const SyncRound &round);
    void restored(); // restore() took back rounds of an earlier run

private:
    void keep(const SyncRound &round);

    struct FullFetch
    {
        qint64 wireBytes = 0;
        qint64 documents = 0;
    };
    QList<SyncRound> m_rounds;
    SyncTotals m_dropped; // totals of rounds dropped beyond m_maxRounds
    QHash<QString, FullFetch> m_lastFull;
    int m_maxRounds = 10000;
};
