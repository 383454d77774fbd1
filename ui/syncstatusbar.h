#pragma once

// The main window's status bar, in plain words and one state at a time:
// "Up to date", "Syncing Events: 450 of 1,000", "Refreshing…" after F5 and
// then its result, "Offline since 10:42", "Not logged in"; beside it, while
// not live, how old the data is by the server's clock; and the rows of the
// current tab. Byte figures live in the statistics window.

#include <QDateTime>
#include <QStatusBar>

#include "synccontroller.h"

class QLabel;
class QProgressBar;
class QTimer;

class SyncStatusBar : public QStatusBar
{
    Q_OBJECT
public:
    explicit SyncStatusBar(SyncController *sync, QWidget *parent = nullptr);

    // Server time of the newest data in the cache (a restart reads it from
    // the sync state before the engine has synced anything).
    void setLastSynced(const QDateTime &serverTime);
    void setRowCount(qint64 rows);
    // Shown instead of the sync state after a logout or a cancelled login.
    void setLoggedOut(bool loggedOut);
    // F5 was pressed: "Refreshing…" until the rounds end, then their result.
    void noteRefreshRequested();

    QString stateText() const;
    QString ageText() const; // empty while live: "Up to date" says it
    QProgressBar *progressBar() const { return m_progress; }

    static QString formatAge(qint64 seconds);
    static QString formatBytes(qint64 bytes);

private:
    QDateTime serverNow() const;
    void updateState();
    void updateAge();
    void onProgress(const QString &collection, qint64 documents, qint64 bytes, qint64 total);

    SyncController *m_sync;
    QLabel *m_state;
    QLabel *m_age;
    QLabel *m_rows;
    QProgressBar *m_progress;
    QTimer *m_ticker;
    QDateTime m_lastSynced;
    QString m_progressText; // "Syncing Events: 450 of 1,000" during a full sync
    qint64 m_serverOffsetMs = 0;
    bool m_hasServerOffset = false;
    bool m_wasLive = false;
    bool m_loggedOut = false;
    bool m_refreshing = false;
};
