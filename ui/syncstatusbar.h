#pragma once

// The main window's status bar: connection state (with the error's
// message), how long ago the data was last synced by the server's clock,
// rows in the current tab, bytes saved today, and the first full sync's
// progress.

#include <QDateTime>
#include <QStatusBar>

#include "synccontroller.h"

class QLabel;
class QProgressBar;
class QTimer;
class SyncStats;

class SyncStatusBar : public QStatusBar
{
    Q_OBJECT
public:
    SyncStatusBar(SyncController *sync, SyncStats *stats, QWidget *parent = nullptr);

    // Server time of the newest data in the cache (a restart reads it from
    // the sync state before the engine has synced anything).
    void setLastSynced(const QDateTime &serverTime);
    void setRowCount(qint64 rows);

    QString stateText() const;
    QString ageText() const;
    QProgressBar *progressBar() const { return m_progress; }

    static QString formatAge(qint64 seconds);
    static QString formatBytes(qint64 bytes);

private:
    QDateTime serverNow() const;
    void updateState();
    void updateAge();
    void updateSaved();
    void onProgress(const QString &collection, qint64 documents, qint64 bytes, qint64 total);

    SyncController *m_sync;
    SyncStats *m_stats;
    QLabel *m_state;
    QLabel *m_age;
    QLabel *m_rows;
    QLabel *m_saved;
    QProgressBar *m_progress;
    QTimer *m_ticker;
    QDateTime m_lastSynced;
    qint64 m_serverOffsetMs = 0;
    bool m_hasServerOffset = false;
    bool m_wasLive = false;
};
