#include "guistallprobe.h"

namespace {
constexpr qint64 intervalNs = 1000000;
constexpr qint64 frameNs = 16000000;
} // namespace

GuiStallProbe::GuiStallProbe(QObject *parent)
    : QObject(parent)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(1);
    connect(&m_timer, &QTimer::timeout, this, &GuiStallProbe::tick);
}

void GuiStallProbe::start()
{
    m_longestNs = 0;
    m_missed = 0;
    m_clock.start();
    m_lastNs = 0;
    m_timer.start();
}

void GuiStallProbe::stop()
{
    tick(); // a stall still under way when measuring ends counts too
    m_timer.stop();
}

void GuiStallProbe::tick()
{
    if (!m_clock.isValid())
        return;
    const qint64 now = m_clock.nsecsElapsed();
    const qint64 late = now - m_lastNs - intervalNs;
    m_lastNs = now;
    m_longestNs = qMax(m_longestNs, late);
    if (late > frameNs)
        ++m_missed;
}
