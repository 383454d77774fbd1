#pragma once

// The main window's banner about the connection, above the tables: the
// server out of reach ("Offline since 10:42 — retrying in 20 s", with Retry
// now), a server-side problem, a session the server ended, or no login at
// all (with Log in…). The cached data stays browsable under it: nothing here
// blocks, asks modally or quits. Closing it hides it until the situation
// changes.

#include "messagebanner.h"

#include <QDateTime>

#include <functional>

class QPushButton;
class QTimer;
class SyncController;

class SyncBanner : public MessageBanner
{
    Q_OBJECT
public:
    enum class Situation { None, Offline, ServerProblem, SessionEnded, LoggedOut };

    explicit SyncBanner(SyncController *sync, QWidget *parent = nullptr);

    Situation situation() const { return m_situation; }
    // After a logout, or a login dialog cancelled with nothing to sync with.
    void setLoggedOut(bool loggedOut);
    QPushButton *retryButton() const { return m_retry; }
    QPushButton *loginButton() const { return m_login; }

    // "now" for the countdown (tests pass a fixed one).
    void setClock(std::function<QDateTime()> now);

    // "Offline since 10:42 — retrying in 20 s." (since and due in UTC).
    static QString offlineText(const QDateTime &since, const QDateTime &due, const QDateTime &now);
    // "retrying in 20 s" / "retrying in 2 min" / "retrying now"; empty without a due time.
    static QString countdownText(const QDateTime &due, const QDateTime &now);

signals:
    void loginRequested();

private:
    Situation currentSituation() const;
    void update();

    SyncController *m_sync;
    QPushButton *m_retry;
    QPushButton *m_login;
    QTimer *m_ticker;
    std::function<QDateTime()> m_now;
    Situation m_situation = Situation::None;
    Situation m_dismissed = Situation::None;
    bool m_sessionEnded = false;
    bool m_loggedOut = false;
};
