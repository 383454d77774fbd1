#include "serverprocess.h"

#include <QFile>
#include <QRegularExpression>
#include <QTest>

#include <csignal>
#include <sys/prctl.h>

ServerProcess::ServerProcess() = default;

ServerProcess::~ServerProcess()
{
    if (isRunning())
        stop();
}

bool ServerProcess::usesPostgres()
{
    return qEnvironmentVariable("DELTADESK_TEST_STORE") == QLatin1String("postgres");
}

std::shared_ptr<PgTestDatabase> ServerProcess::database()
{
    if (!m_database && usesPostgres())
        m_database = PgTestDatabase::create();
    return m_database;
}

void ServerProcess::shareDatabaseWith(ServerProcess &other)
{
    m_database = other.database();
}

QStringList ServerProcess::storeArgs()
{
    if (!usesPostgres())
        return {QStringLiteral("--data-dir"), m_dataDir.path()};
    const std::shared_ptr<PgTestDatabase> db = database();
    return {QStringLiteral("--database"), db ? db->url() : QStringLiteral("postgresql://missing")};
}

QString ServerProcess::binaryPath()
{
    return qEnvironmentVariable("DELTADESK_SERVER_BIN");
}

ServerProcess::CommandResult ServerProcess::runCommand(const QStringList &args, int timeoutMs)
{
    QProcess process;
    process.start(binaryPath(), args);
    CommandResult result;
    result.finished = QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; },
                                      timeoutMs);
    if (!result.finished) {
        process.kill();
        process.waitForFinished(5000); // test code: reap the killed child
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.err = process.readAllStandardError();
    return result;
}

bool ServerProcess::start(const QStringList &extraArgs, int timeoutMs)
{
    if (binaryPath().isEmpty()) {
        qWarning("DELTADESK_SERVER_BIN is not set");
        return false;
    }
    m_process = std::make_unique<QProcess>();
    m_stdout.clear();
    m_port = 0;
    QStringList args = storeArgs();
    args += {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")};
    args += extraArgs;
    // A test that dies (a crash, CTest's timeout, a kill) runs no
    // destructor: the kernel ends its server with it instead of leaving an
    // orphan listening on the machine.
    m_process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    m_process->start(binaryPath(), args);

    static const QRegularExpression listening(
        QStringLiteral(R"(listening on http://127\.0\.0\.1:(\d+))"));
    const bool up = QTest::qWaitFor(
        [&] {
            m_stdout += m_process->readAllStandardOutput();
            m_stderr += m_process->readAllStandardError();
            const auto match = listening.match(QString::fromUtf8(m_stdout));
            if (match.hasMatch())
                m_port = match.captured(1).toUShort();
            return m_port != 0 || m_process->state() == QProcess::NotRunning;
        },
        timeoutMs);
    if (!up || m_port == 0) {
        qWarning("server did not start: %s", standardError().constData());
        kill();
        return false;
    }
    return true;
}

bool ServerProcess::stop(int timeoutMs)
{
    if (!m_process)
        return true;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!QTest::qWaitFor([&] { return m_process->state() == QProcess::NotRunning; },
                             timeoutMs)) {
            qWarning("server ignored SIGTERM for %d ms; killing it", timeoutMs);
            kill();
            return false;
        }
    }
    m_stderr += m_process->readAllStandardError();
    return m_process->exitStatus() == QProcess::NormalExit && m_process->exitCode() == 0;
}

void ServerProcess::kill()
{
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->kill();
        if (!QTest::qWaitFor([&] { return m_process->state() == QProcess::NotRunning; }, 5000))
            qWarning("server did not exit after SIGKILL");
    }
}

bool ServerProcess::isRunning() const
{
    return m_process && m_process->state() != QProcess::NotRunning;
}

qint64 ServerProcess::statusKiB(const char *field) const
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid()));
    if (pid() <= 0 || !status.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray prefix = QByteArray(field) + ':';
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

QUrl ServerProcess::url(const QString &path) const
{
    QUrl u;
    u.setScheme(QStringLiteral("http"));
    u.setHost(QStringLiteral("127.0.0.1"));
    u.setPort(m_port);
    u.setPath(path);
    return u;
}

int ServerProcess::exitCode() const
{
    return m_process ? m_process->exitCode() : -1;
}

QProcess::ExitStatus ServerProcess::exitStatus() const
{
    return m_process ? m_process->exitStatus() : QProcess::CrashExit;
}

QByteArray ServerProcess::standardError()
{
    if (m_process)
        m_stderr += m_process->readAllStandardError();
    return m_stderr;
}
