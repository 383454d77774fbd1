#include "syncstatusbar.h"

#include "collectioncolumns.h"

#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QTimer>

SyncStatusBar::SyncStatusBar(SyncController *sync, QWidget *parent)
    : QStatusBar(parent)
    , m_sync(sync)
    , m_state(new QLabel(this))
    , m_age(new QLabel(this))
    , m_rows(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_ticker(new QTimer(this))
{
    m_state->setObjectName(QStringLiteral("syncState"));
    m_age->setObjectName(QStringLiteral("syncAge"));
    m_rows->setObjectName(QStringLiteral("rowCount"));
    m_state->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // The words are in the state label; the bar only shows how far.
    m_progress->setVisible(false);
    m_progress->setTextVisible(false);
    m_progress->setMaximumWidth(fontMetrics().averageCharWidth() * 20);
    m_progress->setMaximumHeight(fontMetrics().height());
    addWidget(m_state);
    addWidget(m_progress);
    addPermanentWidget(m_age);
    addPermanentWidget(m_rows);

    connect(m_sync, &SyncController::stateChanged, this, [this](SyncEngine::State state) {
        // Leaving the live stream: the data was current until now, by the
        // server's clock as estimated from the last round.
        if (m_wasLive && state != SyncEngine::State::Live && m_hasServerOffset)
            setLastSynced(serverNow());
        m_wasLive = state == SyncEngine::State::Live;
        if (state == SyncEngine::State::Live || state == SyncEngine::State::Syncing)
            m_loggedOut = false;
        updateState();
        updateAge();
    });
    connect(m_sync, &SyncController::fullSyncProgress, this, &SyncStatusBar::onProgress);
    connect(m_sync, &SyncController::roundFinished, this, [this] {
        const QDateTime server = m_sync->lastSynced();
        if (!server.isValid())
            return;
        m_serverOffsetMs = QDateTime::currentDateTimeUtc().msecsTo(server);
        m_hasServerOffset = true;
        setLastSynced(server);
    });
    connect(m_sync, &SyncController::roundsFinished, this, [this](bool ok) {
        m_progress->setVisible(false);
        m_progressText.clear();
        if (m_refreshing) {
            m_refreshing = false;
            // The result of F5 for a moment, then the lasting state again.
            showMessage(ok ? tr("Refreshed: up to date")
                           : tr("Refresh failed: %1").arg(m_sync->errorString()),
                        ok ? 4000 : 10000);
        }
        updateState();
    });
    // "3 min ago" keeps counting while nothing happens.
    m_ticker->setInterval(15000);
    connect(m_ticker, &QTimer::timeout, this, &SyncStatusBar::updateAge);
    m_ticker->start();
    updateState();
    updateAge();
}

void SyncStatusBar::setLastSynced(const QDateTime &serverTime)
{
    if (serverTime.isValid() && (!m_lastSynced.isValid() || serverTime > m_lastSynced))
        m_lastSynced = serverTime;
    updateAge();
}

void SyncStatusBar::setRowCount(qint64 rows)
{
    m_rows->setText(tr("%n row(s)", nullptr, int(qMin<qint64>(rows, INT_MAX))));
}

void SyncStatusBar::setLoggedOut(bool loggedOut)
{
    m_loggedOut = loggedOut;
    if (loggedOut) {
        m_lastSynced = {}; // the cache went with the login
        m_refreshing = false;
        clearMessage();
    }
    updateState();
    updateAge();
}

void SyncStatusBar::noteRefreshRequested()
{
    m_refreshing = true;
    clearMessage();
    updateState();
}

QString SyncStatusBar::formatAge(qint64 seconds)
{
    seconds = qMax<qint64>(0, seconds);
    if (seconds < 60)
        return tr("just now");
    if (seconds < 3600)
        return tr("%n min ago", nullptr, int(seconds / 60));
    if (seconds < 86400)
        return tr("%n hour(s) ago", nullptr, int(seconds / 3600));
    return tr("%n day(s) ago", nullptr, int(seconds / 86400));
}

QString SyncStatusBar::formatBytes(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeSIFormat);
}

QDateTime SyncStatusBar::serverNow() const
{
    // The server stamped the data; compare against its clock (local clock
    // plus the offset seen at the last round), so a skewed client clock
    // does not age the data.
    return QDateTime::currentDateTimeUtc().addMSecs(m_hasServerOffset ? m_serverOffsetMs : 0);
}

QString SyncStatusBar::ageText() const
{
    if (m_loggedOut || m_sync->state() == SyncEngine::State::Live)
        return {};
    if (!m_lastSynced.isValid())
        return tr("Never synced");
    return tr("Data from %1").arg(formatAge(m_lastSynced.secsTo(serverNow())));
}

QString SyncStatusBar::stateText() const
{
    if (m_loggedOut)
        return tr("Not logged in");
    switch (m_sync->state()) {
    case SyncEngine::State::Live:
        return tr("Up to date");
    case SyncEngine::State::Syncing:
        if (!m_progressText.isEmpty())
            return m_progressText;
        return m_refreshing ? tr("Refreshing…") : tr("Syncing…");
    case SyncEngine::State::Connecting:
        return m_refreshing ? tr("Refreshing…") : tr("Connecting…");
    case SyncEngine::State::Offline:
        if (const QDateTime since = m_sync->offlineSince(); since.isValid())
            return tr("Offline since %1")
                .arg(QLocale().toString(since.toLocalTime().time(), QLocale::ShortFormat));
        return tr("Offline");
    case SyncEngine::State::Error:
        return tr("Sync failed");
    }
    return {};
}

void SyncStatusBar::updateState()
{
    m_state->setText(stateText());
    m_state->setToolTip(m_loggedOut ? QString() : m_sync->errorString());
}

void SyncStatusBar::updateAge()
{
    const QString text = ageText();
    m_age->setText(text);
    m_age->setVisible(!text.isEmpty());
    m_age->setToolTip(
        m_lastSynced.isValid()
            ? tr("Last change from the server: %1")
                  .arg(QLocale().toString(m_lastSynced.toLocalTime(), QLocale::LongFormat))
            : QString());
}

void SyncStatusBar::onProgress(const QString &collection,
                               qint64 documents,
                               qint64 bytes,
                               qint64 total)
{
    Q_UNUSED(bytes) // the statistics window has the bytes
    const QLocale locale;
    const QString title = CollectionColumns::title(collection);
    if (total > 0 && documents < total) {
        m_progress->setRange(0, int(qMin<qint64>(total, INT_MAX)));
        m_progress->setValue(int(documents));
        m_progressText = tr("Syncing %1: %2 of %3")
                             .arg(title, locale.toString(documents), locale.toString(total));
    } else if (total > 0) {
        m_progressText.clear();
    } else {
        m_progress->setRange(0, 0); // total unknown: busy indicator
        m_progressText = documents > 0 ? tr("Syncing %1: %2").arg(title, locale.toString(documents))
                                       : tr("Syncing %1…").arg(title);
    }
    m_progress->setVisible(!m_progressText.isEmpty());
    updateState();
}
