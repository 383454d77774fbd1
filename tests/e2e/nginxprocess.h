#pragma once

// A real nginx in front of server instances, for tests: the shipped site
// (packaging/server/nginx-deltadesk.conf) with its upstream list replaced by
// the given ports, listening on 127.0.0.1 on a free port, everything else
// (pid, logs, temp files) in a temporary dir. Stopped with SIGQUIT.

#include <QProcess>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

class NginxProcess
{
public:
    ~NginxProcess();

    bool start(const QList<quint16> &upstreamPorts);
    void stop();
    quint16 port() const { return m_port; }
    QUrl url() const;
    QByteArray errorLog() const;

    static QString binaryPath(); // nginx on PATH or /usr/sbin/nginx

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_process;
    quint16 m_port = 0;
};
