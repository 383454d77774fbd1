#include "nginxprocess.h"

#include <QFile>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <signal.h>
#include <unistd.h>

NginxProcess::~NginxProcess()
{
    stop();
}

QString NginxProcess::binaryPath()
{
    const QString found = QStandardPaths::findExecutable(QStringLiteral("nginx"));
    return found.isEmpty() ? QStandardPaths::findExecutable(QStringLiteral("nginx"),
                                                            {QStringLiteral("/usr/sbin")})
                           : found;
}

bool NginxProcess::start(const QList<quint16> &upstreamPorts)
{
    QFile shipped(QStringLiteral(DELTADESK_SOURCE_DIR "/packaging/server/nginx-deltadesk.conf"));
    if (binaryPath().isEmpty() || !shipped.open(QIODevice::ReadOnly)) {
        qWarning("no nginx, or no %s", qPrintable(shipped.fileName()));
        return false;
    }
    {
        QTcpServer probe; // a free port, released for nginx to take
        probe.listen(QHostAddress::LocalHost);
        m_port = probe.serverPort();
    }
    QString site = QString::fromUtf8(shipped.readAll());
    QString servers;
    for (quint16 port : upstreamPorts)
        servers
            += QStringLiteral("    server 127.0.0.1:%1 max_fails=1 fail_timeout=5s;\n").arg(port);
    site.replace(QRegularExpression(QStringLiteral("^\\s*server 127\\.0\\.0\\.1:\\d+[^\\n]*\\n"),
                                    QRegularExpression::MultilineOption),
                 QString());
    site.replace(QStringLiteral("    keepalive 32;"), servers + QStringLiteral("    keepalive 32;"));
    site.replace(QRegularExpression(QStringLiteral("^\\s*listen [^\\n]*\\n"),
                                    QRegularExpression::MultilineOption),
                 QString());
    site.replace(QRegularExpression(QStringLiteral("^\\s*ssl_[^\\n]*\\n"),
                                    QRegularExpression::MultilineOption),
                 QString());
    site.replace(QRegularExpression(QStringLiteral("^(\\s*)server_name"),
                                    QRegularExpression::MultilineOption),
                 QStringLiteral("\\1listen 127.0.0.1:%1;\n\\1server_name").arg(m_port));
    const QString dir = m_dir.path();
    const QString conf
        = QStringLiteral("daemon off;\nmaster_process on;\nworker_processes 1;\n"
                         "pid %1/nginx.pid;\nerror_log %1/error.log info;\n%2"
                         "events { worker_connections 1024; }\n"
                         "http {\n  access_log off;\n  client_body_temp_path %1/body;\n"
                         "  proxy_temp_path %1/proxy;\n  fastcgi_temp_path %1/fastcgi;\n"
                         "  uwsgi_temp_path %1/uwsgi;\n  scgi_temp_path %1/scgi;\n%3\n}\n")
              .arg(dir, geteuid() == 0 ? QStringLiteral("user root;\n") : QString(), site);
    QFile out(dir + QStringLiteral("/nginx.conf"));
    if (!out.open(QIODevice::WriteOnly))
        return false;
    out.write(conf.toUtf8());
    out.close();
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::ForwardedChannels);
    m_process->start(binaryPath(),
                     {QStringLiteral("-e"),
                      dir + QStringLiteral("/error.log"),
                      QStringLiteral("-p"),
                      dir,
                      QStringLiteral("-c"),
                      out.fileName()});
    // Up when it accepts connections.
    return QTest::qWaitFor(
               [&] {
                   if (m_process->state() == QProcess::NotRunning)
                       return true;
                   QTcpSocket probe;
                   probe.connectToHost(QHostAddress::LocalHost, m_port);
                   return probe.waitForConnected(100);
               },
               15000)
           && m_process->state() == QProcess::Running;
}

void NginxProcess::stop()
{
    if (!m_process || m_process->state() == QProcess::NotRunning)
        return;
    ::kill(pid_t(m_process->processId()), SIGQUIT);
    if (!QTest::qWaitFor([&] { return m_process->state() == QProcess::NotRunning; }, 10000)) {
        m_process->kill();
        if (!QTest::qWaitFor([&] { return m_process->state() == QProcess::NotRunning; }, 5000))
            qWarning("nginx did not exit after SIGKILL");
    }
}

QUrl NginxProcess::url() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port));
}

QByteArray NginxProcess::errorLog() const
{
    QFile log(m_dir.path() + QStringLiteral("/error.log"));
    return log.open(QIODevice::ReadOnly) ? log.readAll() : QByteArray();
}
