#pragma once

// What a user feels as a stutter: the lateness of a 1 ms timer on the GUI
// thread. Every tick measures how long after the previous one it ran; the
// longest lateness is the longest time the event loop did not run. On a
// shared machine that includes time the thread was ready but not
// scheduled, so the probe also reads the GUI thread's own CPU time over
// each late interval: the longest busy stretch is what the program itself
// kept the event loop from running.

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

class GuiStallProbe : public QObject
{
public:
    explicit GuiStallProbe(QObject *parent = nullptr);

    void start(); // also forgets what was measured so far
    void stop();
    double longestMs() const { return double(m_longestNs) / 1e6; }
    // The GUI thread's CPU time within the longest-busy late interval.
    double longestBusyMs() const { return double(m_longestBusyNs) / 1e6; }
    // Ticks that came more than 16 ms late (a missed frame at 60 Hz).
    int framesMissed() const { return m_missed; }

private:
    void tick();

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastNs = 0;
    qint64 m_lastCpuNs = 0;
    qint64 m_longestNs = 0;
    qint64 m_longestBusyNs = 0;
    int m_missed = 0;
};
