#include "syncbanner.h"

#include "synccontroller.h"

#include <QLocale>
#include <QPushButton>
#include <QTimer>

SyncBanner::SyncBanner(SyncController *sync, QWidget *parent)
    : MessageBanner(parent)
    , m_sync(sync)
    , m_retry(addButton(tr("&Retry Now")))
    , m_login(addButton(tr("&Log In…")))
    , m_ticker(new QTimer(this))
    , m_now([] { return QDateTime::currentDateTimeUtc(); })
{
    setObjectName(QStringLiteral("syncBanner"));
    m_retry->setObjectName(QStringLiteral("retryNow"));
    m_login->setObjectName(QStringLiteral("logIn"));
    connect(m_retry, &QPushButton::clicked, m_sync, &SyncController::refresh);
    connect(m_login, &QPushButton::clicked, this, &SyncBanner::loginRequested);
    connect(this, &MessageBanner::closed, this, [this] { m_dismissed = m_situation; });
    // The countdown counts; the timer runs only while one is shown.
    m_ticker->setInterval(1000);
    connect(m_ticker, &QTimer::timeout, this, &SyncBanner::update);
    connect(m_sync, &SyncController::stateChanged, this, [this](SyncEngine::State state) {
        if (state == SyncEngine::State::Live || state == SyncEngine::State::Syncing) {
            m_sessionEnded = false;
            m_loggedOut = false;
        }
        update();
    });
    connect(m_sync, &SyncController::retryScheduled, this, &SyncBanner::update);
    connect(m_sync, &SyncController::loginRequired, this, [this] {
        m_sessionEnded = true;
        update();
    });
    update();
}

void SyncBanner::setLoggedOut(bool loggedOut)
{
    m_loggedOut = loggedOut;
    if (loggedOut)
        m_sessionEnded = false;
    update();
}

void SyncBanner::setClock(std::function<QDateTime()> now)
{
    m_now = std::move(now);
    update();
}

QString SyncBanner::countdownText(const QDateTime &due, const QDateTime &now)
{
    if (!due.isValid())
        return {};
    const qint64 seconds = (now.msecsTo(due) + 999) / 1000; // "in 1 s" until it runs
    if (seconds <= 0)
        return tr("retrying now");
    if (seconds < 90)
        return tr("retrying in %n s", nullptr, int(seconds));
    return tr("retrying in %n min", nullptr, int((seconds + 30) / 60));
}

QString SyncBanner::offlineText(const QDateTime &since, const QDateTime &due, const QDateTime &now)
{
    const QLocale locale;
    const QDateTime local = since.toLocalTime();
    // The time alone reads best; a day ago needs the date too.
    const QString when = local.date() == now.toLocalTime().date()
                             ? locale.toString(local.time(), QLocale::ShortFormat)
                             : locale.toString(local, QLocale::ShortFormat);
    const QString countdown = countdownText(due, now);
    const QString head = countdown.isEmpty() ? tr("Offline since %1.").arg(when)
                                             : tr("Offline since %1 — %2.").arg(when, countdown);
    return head + QLatin1Char(' ')
           + tr("You can keep browsing the saved data; changes can't be sent until the server "
                "is back.");
}

SyncBanner::Situation SyncBanner::currentSituation() const
{
    if (m_loggedOut)
        return Situation::LoggedOut;
    if (m_sessionEnded)
        return Situation::SessionEnded;
    switch (m_sync->state()) {
    case SyncEngine::State::Offline:
        // Offline without a failure is a stop (quit, logout), not an outage.
        return m_sync->offlineSince().isValid() ? Situation::Offline : Situation::None;
    case SyncEngine::State::Error:
        return Situation::ServerProblem;
    case SyncEngine::State::Connecting:
    case SyncEngine::State::Syncing:
    case SyncEngine::State::Live:
        break;
    }
    return Situation::None;
}

void SyncBanner::update()
{
    const Situation situation = currentSituation();
    if (situation != m_situation && m_dismissed != situation)
        m_dismissed = Situation::None; // a new situation is shown again
    m_situation = situation;
    const QDateTime now = m_now();
    const QDateTime due = m_sync->retryDue();
    m_ticker->stop();
    if (situation == Situation::None || m_dismissed == situation) {
        hide();
        return;
    }
    m_retry->setVisible(situation == Situation::Offline || situation == Situation::ServerProblem);
    m_login->setVisible(situation == Situation::SessionEnded || situation == Situation::LoggedOut);
    switch (situation) {
    case Situation::Offline:
        showMessage(Type::Warning, offlineText(m_sync->offlineSince(), due, now));
        break;
    case Situation::ServerProblem: {
        const QString countdown = countdownText(due, now);
        const QString reason = m_sync->errorString();
        showMessage(Type::Error,
                    countdown.isEmpty() ? tr("Syncing stopped. %1").arg(reason)
                                        : tr("Syncing failed — %1. %2").arg(countdown, reason));
        break;
    }
    case Situation::SessionEnded:
        showMessage(Type::Warning,
                    tr("Your session has ended. Log in again to get new changes; until then "
                       "you can keep browsing the saved data."));
        break;
    case Situation::LoggedOut:
        showMessage(Type::Information,
                    tr("You are not logged in. Log in to see your business's events, clients "
                       "and staff."));
        break;
    case Situation::None:
        break;
    }
    if (due.isValid())
        m_ticker->start();
}
