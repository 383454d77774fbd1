#include "syncstatusbar.h"

#include "syncstats.h"

#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QTimer>

SyncStatusBar::SyncStatusBar(SyncController *sync, SyncStats *stats, QWidget *parent)
    : QStatusBar(parent)
    , m_sync(sync)
    , m_stats(stats)
    , m_state(new QLabel(this))
    , m_age(new QLabel(this))
    , m_rows(new QLabel(this))
    , m_saved(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_ticker(new QTimer(this))
{
    m_state->setObjectName(QStringLiteral("syncState"));
    m_age->setObjectName(QStringLiteral("syncAge"));
    m_rows->setObjectName(QStringLiteral("rowCount"));
    m_saved->setObjectName(QStringLiteral("bytesSaved"));
    m_state->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_progress->setVisible(false);
    m_progress->setTextVisible(true);
    m_progress->setMinimumWidth(fontMetrics().averageCharWidth() * 44);
    addWidget(m_state, 1);
    addWidget(m_progress);
    addPermanentWidget(m_age);
    addPermanentWidget(m_rows);
    addPermanentWidget(m_saved);

    connect(m_sync, &SyncController::stateChanged, this, [this](SyncEngine::State state) {
        // Leaving the live stream: the data was current until now, by the
        // server's clock as estimated from the last round.
        if (m_wasLive && state != SyncEngine::State::Live && m_hasServerOffset)
            setLastSynced(serverNow());
        m_wasLive = state == SyncEngine::State::Live;
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
    connect(m_sync, &SyncController::roundsFinished, this, [this] {
        m_progress->setVisible(false);
    });
    connect(m_stats, &SyncStats::roundRecorded, this, &SyncStatusBar::updateSaved);
    connect(m_stats, &SyncStats::restored, this, &SyncStatusBar::updateSaved);
    // "3 min ago" keeps counting while nothing happens.
    m_ticker->setInterval(15000);
    connect(m_ticker, &QTimer::timeout, this, &SyncStatusBar::updateAge);
    m_ticker->start();
    updateState();
    updateAge();
    updateSaved();
}

void SyncStatusBar::setLastSynced(const QDateTime &serverTime)
{
    if (serverTime.isValid() && (!m_lastSynced.isValid() || serverTime > m_lastSynced))
        m_lastSynced = serverTime;
    updateAge();
    updateState(); // the offline text names the data's age
}

void SyncStatusBar::setRowCount(qint64 rows)
{
    m_rows->setText(tr("%n row(s)", nullptr, int(qMin<qint64>(rows, INT_MAX))));
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
    if (m_sync->state() == SyncEngine::State::Live)
        return tr("up to date (live)");
    if (!m_lastSynced.isValid())
        return tr("never synced");
    return tr("last synced %1").arg(formatAge(m_lastSynced.secsTo(serverNow())));
}

QString SyncStatusBar::stateText() const
{
    switch (m_sync->state()) {
    case SyncEngine::State::Live:
        return tr("Live");
    case SyncEngine::State::Syncing:
        return tr("Syncing…");
    case SyncEngine::State::Connecting:
        return tr("Connecting…");
    case SyncEngine::State::Offline:
        if (m_lastSynced.isValid())
            return tr("Offline — showing cached data from %1")
                .arg(formatAge(m_lastSynced.secsTo(serverNow())));
        return tr("Offline");
    case SyncEngine::State::Error:
        return tr("Error: %1").arg(m_sync->errorString());
    }
    return {};
}

void SyncStatusBar::updateState()
{
    m_state->setText(stateText());
    m_state->setToolTip(m_sync->errorString());
}

void SyncStatusBar::updateAge()
{
    m_age->setText(ageText());
    if (m_lastSynced.isValid())
        m_age->setToolTip(QLocale().toString(m_lastSynced.toLocalTime(), QLocale::LongFormat));
    if (m_sync->state() == SyncEngine::State::Offline)
        m_state->setText(stateText());
}

void SyncStatusBar::updateSaved()
{
    m_saved->setText(tr("%1 saved today").arg(formatBytes(m_stats->bytesSavedToday())));
}

void SyncStatusBar::onProgress(const QString &collection,
                               qint64 documents,
                               qint64 bytes,
                               qint64 total)
{
    m_progress->setVisible(true);
    if (total > 0) {
        m_progress->setRange(0, int(qMin<qint64>(total, INT_MAX)));
        m_progress->setValue(int(qMin(documents, total)));
        m_progress->setFormat(tr("%1: %2 of %3 documents, %4")
                                  .arg(collection,
                                       QLocale().toString(documents),
                                       QLocale().toString(total),
                                       formatBytes(bytes)));
    } else {
        m_progress->setRange(0, 0); // total unknown: busy indicator
        m_progress->setFormat(
            tr("%1: %2 documents, %3")
                .arg(collection, QLocale().toString(documents), formatBytes(bytes)));
    }
    if (total > 0 && documents >= total)
        m_progress->setVisible(false);
}
