#pragma once

// SIGINT and SIGTERM as a Qt signal (the self-pipe trick): the handler only
// writes a byte; the event loop does the rest.

#include <QObject>

class QSocketNotifier;

class SignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

signals:
    void terminationRequested(int signal);

private:
    void onActivated();
    QSocketNotifier *m_notifier = nullptr;
};
