#include "guistallprobe.h"

#include <ctime>

namespace {
constexpr qint64 intervalNs = 1000000;
constexpr qint64 frameNs = 16000000;

qint64 threadCpuNs()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return qint64(t.tv_sec) * 1000000000 + t.tv_nsec;
}
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
    m_longestBusyNs = 0;
    m_missed = 0;
    m_clock.start();
    m_lastNs = 0;
    m_lastCpuNs = threadCpuNs();
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
    const qint64 cpu = threadCpuNs();
    const qint64 late = now - m_lastNs - intervalNs;
    m_longestNs = qMax(m_longestNs, late);
    m_longestBusyNs = qMax(m_longestBusyNs, cpu - m_lastCpuNs);
    if (late > frameNs)
        ++m_missed;
    m_lastNs = now;
    m_lastCpuNs = cpu;
}
