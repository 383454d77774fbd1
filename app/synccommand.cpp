#include "synccommand.h"

#include "apiclient.h"
#include "cachestore.h"
#include "protocol.h"
#include "syncengine.h"
#include "syncstate.h"
#include "syncstats.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaEnum>
#include <QSettings>
#include <QTimer>

#include <cstdio>

namespace {
QString settingsPath(const QString &dir)
{
    return QDir(dir).filePath(QStringLiteral("settings.ini"));
}

std::optional<QByteArray> readFirstLine(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    QByteArray line = file.readLine(64 * 1024);
    while (line.endsWith('\n') || line.endsWith('\r'))
        line.chop(1);
    return line;
}
} // namespace

SyncCommand::SyncCommand(const SyncOptions &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
{}

SyncCommand::~SyncCommand()
{
    // Children (engine first, then cache) go with the QObject tree; the
    // settings are flushed by their destructor.
}

void SyncCommand::printLine(const QJsonObject &object)
{
    const QByteArray line = QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fflush(stdout);
}

bool SyncCommand::openState()
{
    QDir dir(m_options.stateDir);
    if (!dir.exists() && !QDir().mkpath(m_options.stateDir)) {
        fail(ExitCode::failure,
             QStringLiteral("cannot create the state dir %1").arg(m_options.stateDir));
        return false;
    }
    QFile::setPermissions(m_options.stateDir,
                          QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    m_settings = std::make_unique<QSettings>(settingsPath(m_options.stateDir), QSettings::IniFormat);
    m_state = new SyncState(m_settings.get(), this);
    m_cache = new CacheStore(this);
    if (!m_cache->open(QDir(m_options.stateDir).filePath(QStringLiteral("cache.sqlite")))) {
        fail(ExitCode::failure, m_cache->errorString());
        return false;
    }
    m_api = new ApiClient(this);
    m_api->setBaseUrl(m_options.server);
    if (m_options.timeoutMs > 0)
        m_api->setTimeout(m_options.timeoutMs);
    m_stats = new SyncStats(this);
    m_engine = new SyncEngine(m_api, m_cache, m_state, m_stats, this);
    if (!m_options.collections.isEmpty())
        m_engine->setCollections(m_options.collections);
    if (m_options.heartbeatMs > 0)
        m_engine->setHeartbeatInterval(m_options.heartbeatMs);
    if (m_options.pageLimit > 0)
        m_engine->setPageLimit(m_options.pageLimit);
    if (m_options.backoffMinMs >= 0)
        m_engine->setBackoff(m_options.backoffMinMs, m_options.backoffMaxMs);
    return true;
}

void SyncCommand::start()
{
    if (!openState())
        return;
    const QString &command = m_options.command;
    if (command == QLatin1String("status"))
        runStatus();
    else if (command == QLatin1String("dump"))
        runDump();
    else if (command == QLatin1String("login"))
        runLogin();
    else if (command == QLatin1String("sync"))
        authenticateThen(&SyncCommand::runSync);
    else if (command == QLatin1String("follow"))
        authenticateThen(&SyncCommand::runFollow);
    else if (command == QLatin1String("resync"))
        authenticateThen(&SyncCommand::runResync);
    else if (command == QLatin1String("logout"))
        authenticateThen(&SyncCommand::runLogout);
}

void SyncCommand::authenticateThen(void (SyncCommand::*next)())
{
    QString error;
    if (!m_options.user.isEmpty()) {
        const auto password = readFirstLine(m_options.passwordFile, &error);
        if (!password) {
            fail(ExitCode::usage, error);
            return;
        }
        LoginJob *job = m_api->login(m_options.user, QString::fromUtf8(*password));
        connect(job, &ApiJob::finished, this, [this, job, next] {
            if (job->error() != ApiError::NoError) {
                const bool auth = job->error() == ApiError::Unauthorized
                                  || job->error() == ApiError::Forbidden;
                fail(auth ? ExitCode::loginRequired
                          : (ApiErrors::isTransient(job->error()) ? ExitCode::unavailable
                                                                  : ExitCode::failure),
                     QStringLiteral("login failed: %1").arg(job->errorString()));
                return;
            }
            m_api->setToken(job->token());
            m_state->setToken(job->token());
            m_state->sync();
            (this->*next)();
        });
        return;
    }
    if (!m_options.tokenFile.isEmpty()) {
        const auto token = readFirstLine(m_options.tokenFile, &error);
        if (!token || token->isEmpty()) {
            fail(ExitCode::usage, token ? QStringLiteral("the token file is empty") : error);
            return;
        }
        m_api->setToken(*token);
    } else {
        m_api->setToken(m_state->token());
    }
    if (m_api->token().isEmpty() && m_options.command != QLatin1String("logout")) {
        fail(ExitCode::loginRequired,
             QStringLiteral("not logged in: run login, or pass --user and --password-file"));
        return;
    }
    (this->*next)();
}

void SyncCommand::runLogin()
{
    if (m_options.user.isEmpty()) {
        fail(ExitCode::usage, QStringLiteral("login needs --user and --password-file"));
        return;
    }
    authenticateThen(&SyncCommand::reportLogin);
}

void SyncCommand::reportLogin()
{
    printLine(QJsonObject{{QStringLiteral("event"), QStringLiteral("login")},
                          {QStringLiteral("user"), m_options.user},
                          {QStringLiteral("server"), m_options.server.toString()}});
    done();
}

void SyncCommand::connectEngineOutput()
{
    connect(m_stats, &SyncStats::roundRecorded, this, [this](const SyncRound &round) {
        QJsonObject line = round.toJson();
        line.insert(QStringLiteral("event"), QStringLiteral("round"));
        line.insert(QStringLiteral("cursor"), m_state->cursor(round.collection));
        line.insert(QStringLiteral("cached"), m_cache->count(round.collection));
        printLine(line);
    });
    connect(m_engine,
            &SyncEngine::changesApplied,
            this,
            [this](const QString &collection, int count) {
                printLine(QJsonObject{{QStringLiteral("event"), QStringLiteral("batch")},
                                      {QStringLiteral("collection"), collection},
                                      {QStringLiteral("changes"), count},
                                      {QStringLiteral("cursor"), appliedCursor(collection)},
                                      {QStringLiteral("cached"), m_cache->count(collection)}});
            });
    connect(m_engine, &SyncEngine::databaseReplaced, this, [this](const QString &reason) {
        printLine(QJsonObject{{QStringLiteral("event"), QStringLiteral("databaseReplaced")},
                              {QStringLiteral("message"), reason},
                              {QStringLiteral("databaseId"), m_state->databaseId()}});
    });
    connect(m_engine, &SyncEngine::loginRequired, this, [this](const QString &reason) {
        fail(ExitCode::loginRequired, QStringLiteral("login required: %1").arg(reason));
    });
}

QString SyncCommand::appliedCursor(const QString &collection) const
{
    // The cache's position is the applied one; SyncState catches up within a second.
    const qint64 seq = m_cache->storedCursor(collection);
    return seq > 0 ? Protocol::formatCursor(seq) : m_state->cursor(collection);
}

int SyncCommand::exitCodeForEngineError() const
{
    const ApiError error = m_engine->lastError();
    if (error == ApiError::Unauthorized || error == ApiError::Forbidden)
        return ExitCode::loginRequired;
    return ApiErrors::isTransient(error) ? ExitCode::unavailable : ExitCode::failure;
}

void SyncCommand::finishAfterRounds(const QString &what)
{
    connectEngineOutput();
    connect(m_engine, &SyncEngine::roundsFinished, this, [this, what](bool ok) {
        if (ok)
            done();
        else
            fail(exitCodeForEngineError(),
                 QStringLiteral("%1 failed: %2").arg(what, m_engine->errorString()));
    });
}

void SyncCommand::runSync()
{
    finishAfterRounds(QStringLiteral("sync"));
    m_engine->syncOnce();
}

void SyncCommand::runResync()
{
    finishAfterRounds(QStringLiteral("resync"));
    m_engine->setCollections({m_options.argument});
    m_engine->resync(m_options.argument);
}

void SyncCommand::runFollow()
{
    connectEngineOutput();
    connect(m_engine, &SyncEngine::stateChanged, this, [this](SyncEngine::State state) {
        QJsonObject line{{QStringLiteral("event"), QStringLiteral("state")},
                         {QStringLiteral("state"),
                          QString::fromLatin1(
                              QMetaEnum::fromType<SyncEngine::State>().valueToKey(int(state)))
                              .toLower()}};
        if (!m_engine->errorString().isEmpty())
            line.insert(QStringLiteral("message"), m_engine->errorString());
        if (const QDateTime due = m_engine->retryDue(); due.isValid())
            line.insert(QStringLiteral("retryInMs"), QDateTime::currentDateTimeUtc().msecsTo(due));
        printLine(line);
    });
    if (m_options.seconds >= 0) {
        m_deadline = new QTimer(this);
        m_deadline->setSingleShot(true);
        connect(m_deadline, &QTimer::timeout, this, [this] { endFollow(); });
        m_deadline->start(m_options.seconds * 1000);
    }
    connect(m_engine, &SyncEngine::roundsFinished, this, [this](bool ok) {
        m_synced = m_synced || ok;
    });
    m_engine->start();
}

void SyncCommand::endFollow()
{
    // Stopped on time or by a signal: fine if the cache got in sync at least
    // once; a follow that never reached the server says so.
    if (m_synced)
        done();
    else
        fail(exitCodeForEngineError(),
             QStringLiteral("never synced: %1").arg(m_engine->errorString()));
}

void SyncCommand::runStatus()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const QString &c : Protocol::collectionNames()) {
        const QDateTime lastSync = m_state->lastSync(c);
        QJsonObject line{{QStringLiteral("collection"), c},
                         {QStringLiteral("cursor"), m_state->cursor(c)},
                         {QStringLiteral("lastSync"),
                          lastSync.isValid() ? Protocol::formatTimestamp(lastSync) : QString()},
                         {QStringLiteral("cached"), m_cache->count(c)}};
        // Age is for people reading the status: the only place the local
        // clock is used, and it is never stored.
        line.insert(QStringLiteral("ageSeconds"),
                    lastSync.isValid() ? QJsonValue(lastSync.secsTo(now)) : QJsonValue());
        printLine(line);
    }
    done();
}

void SyncCommand::runDump()
{
    for (const QJsonObject &doc : m_cache->documents(m_options.argument)) {
        const QByteArray line = QJsonDocument(doc).toJson(QJsonDocument::Compact) + '\n';
        std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    }
    std::fflush(stdout);
    done();
}

void SyncCommand::runLogout()
{
    connect(m_engine, &SyncEngine::loggedOut, this, [this] {
        printLine(QJsonObject{{QStringLiteral("event"), QStringLiteral("logout")}});
        done();
    });
    m_engine->logout();
}

void SyncCommand::terminate()
{
    if (m_options.command == QLatin1String("follow"))
        endFollow();
    else
        fail(ExitCode::failure, QStringLiteral("interrupted"));
}

void SyncCommand::fail(int exitCode, const QString &message)
{
    if (m_done)
        return;
    std::fprintf(stderr, "deltadesk-sync: %s\n", qPrintable(message));
    std::fflush(stderr);
    done(exitCode);
}

void SyncCommand::done(int exitCode)
{
    if (m_done)
        return;
    m_done = true;
    if (m_engine)
        m_engine->stop(); // aborts a running full sync: its staging goes, the cache stays
    if (m_state)
        m_state->sync();
    if (m_settings)
        QFile::setPermissions(settingsPath(m_options.stateDir),
                              QFile::ReadOwner | QFile::WriteOwner);
    emit finished(exitCode);
}
