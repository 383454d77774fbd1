#include "tokenstore.h"

#include <QFile>
#include <QLoggingCategory>
#include <QSettings>
#include <QTimer>

#include <qt6keychain/keychain.h>

Q_LOGGING_CATEGORY(lcToken, "deltadesk.ui.token")

namespace {
const QString serviceName = QStringLiteral("deltadesk");
const QString tokenKey = QStringLiteral("auth/token");
} // namespace

TokenStore::TokenStore(QSettings *settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_watchdog(new QTimer(this))
{
    m_watchdog->setSingleShot(true);
    m_forceFile = qEnvironmentVariable("DELTADESK_TOKEN_STORE") == QLatin1String("file");
}

void TokenStore::setForceFile(bool force)
{
    m_forceFile = force;
    if (force)
        setBackend(Backend::File);
}

QString TokenStore::backendDescription() const
{
    switch (m_backend) {
    case Backend::Keychain:
        return tr("The login token is kept in the system keychain.");
    case Backend::File:
        return tr("No system keychain is available: the login token is kept in %1, readable by "
                  "this user only.")
            .arg(m_settings->fileName());
    case Backend::Unknown:
        break;
    }
    return tr("The login token is kept in the system keychain when one is available, otherwise "
              "in the settings file, readable by this user only. The password is never stored.");
}

QString TokenStore::keychainKey() const
{
    return QLatin1String("token:") + m_settings->fileName();
}

void TokenStore::setBackend(Backend backend)
{
    if (m_backend == backend)
        return;
    m_backend = backend;
    emit backendChanged(backend);
}

QByteArray TokenStore::readFile() const
{
    // A string, as SyncState and deltadesk-sync read it.
    return m_settings->value(tokenKey).toString().toUtf8();
}

void TokenStore::writeFile(const QByteArray &token)
{
    m_settings->setValue(tokenKey, QString::fromUtf8(token));
    m_settings->sync();
    // The token is a credential: owner read/write only.
    QFile::setPermissions(m_settings->fileName(), QFile::ReadOwner | QFile::WriteOwner);
}

void TokenStore::clearFile()
{
    m_settings->remove(tokenKey);
    m_settings->sync();
}

int TokenStore::armWatchdog()
{
    m_watchdog->disconnect(this);
    m_watchdog->start(m_keychainTimeoutMs);
    return ++m_generation;
}

void TokenStore::load()
{
    if (m_forceFile || m_backend == Backend::File) {
        setBackend(Backend::File);
        const QByteArray token = readFile();
        QTimer::singleShot(0, this, [this, token] { emit loaded(token); });
        return;
    }
    auto *job = new QKeychain::ReadPasswordJob(serviceName);
    job->setKey(keychainKey());
    const int generation = armWatchdog();
    connect(m_watchdog, &QTimer::timeout, this, [this, generation] {
        if (generation != m_generation)
            return;
        ++m_generation; // the job's late answer is ignored
        qCInfo(lcToken) << "keychain did not answer; using the settings file";
        setBackend(Backend::File);
        emit loaded(readFile());
    });
    connect(job, &QKeychain::Job::finished, this, [this, job, generation] {
        if (generation != m_generation)
            return;
        m_watchdog->stop();
        const QKeychain::Error error = job->error();
        if (error == QKeychain::NoError) {
            setBackend(Backend::Keychain);
            emit loaded(job->binaryData());
        } else if (error == QKeychain::EntryNotFound) {
            setBackend(Backend::Keychain);
            // A token saved while no keychain was around is still usable.
            emit loaded(readFile());
        } else {
            qCInfo(lcToken) << "keychain unavailable:" << job->errorString();
            setBackend(Backend::File);
            emit loaded(readFile());
        }
    });
    job->start();
}

void TokenStore::save(const QByteArray &token)
{
    if (m_forceFile || m_backend == Backend::File) {
        setBackend(Backend::File);
        writeFile(token);
        QTimer::singleShot(0, this, [this] { emit saved(Backend::File); });
        return;
    }
    auto *job = new QKeychain::WritePasswordJob(serviceName);
    job->setKey(keychainKey());
    job->setBinaryData(token);
    const int generation = armWatchdog();
    auto fallBack = [this, token] {
        setBackend(Backend::File);
        writeFile(token);
        emit saved(Backend::File);
    };
    connect(m_watchdog, &QTimer::timeout, this, [this, generation, fallBack] {
        if (generation != m_generation)
            return;
        ++m_generation;
        qCInfo(lcToken) << "keychain did not answer; token kept in the settings file";
        fallBack();
    });
    connect(job, &QKeychain::Job::finished, this, [this, job, generation, fallBack] {
        if (generation != m_generation)
            return;
        m_watchdog->stop();
        if (job->error() == QKeychain::NoError) {
            setBackend(Backend::Keychain);
            clearFile(); // never in both places
            emit saved(Backend::Keychain);
        } else {
            qCInfo(lcToken) << "keychain write failed:" << job->errorString();
            fallBack();
        }
    });
    job->start();
}

void TokenStore::clear()
{
    clearFile();
    // Also when the file is in use: a keychain that answered after the
    // watchdog may still hold the token, and a logout must not leave it.
    if (m_forceFile) {
        QTimer::singleShot(0, this, [this] { emit cleared(); });
        return;
    }
    auto *job = new QKeychain::DeletePasswordJob(serviceName);
    job->setKey(keychainKey());
    const int generation = armWatchdog();
    connect(m_watchdog, &QTimer::timeout, this, [this, generation] {
        if (generation != m_generation)
            return;
        ++m_generation;
        emit cleared();
    });
    connect(job, &QKeychain::Job::finished, this, [this, generation] {
        if (generation != m_generation)
            return;
        m_watchdog->stop();
        emit cleared();
    });
    job->start();
}
