#include "desktopsession.h"

#include "apiclient.h"
#include "cachestore.h"
#include "logindialog.h"
#include "mainwindow.h"
#include "protocol.h"
#include "syncengine.h"
#include "syncstate.h"
#include "syncstats.h"
#include "syncstatsjournal.h"
#include "syncstatusbar.h"
#include "tokenstore.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QSettings>
#include <QTimer>

Q_LOGGING_CATEGORY(lcSession, "deltadesk.app.session")

namespace {
const QString permissionsKey = QStringLiteral("login/permissions");
const QString displayNameKey = QStringLiteral("login/displayName");
const QString eventsWrite = QStringLiteral("events:write");
} // namespace

DesktopSession::DesktopSession(const Options &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_settings(
          std::make_unique<QSettings>(QDir(options.stateDir).filePath(QStringLiteral("settings.ini")),
                                      QSettings::IniFormat))
    , m_cache(new CacheStore(this))
    , m_api(new ApiClient(this))
    , m_syncState(new SyncState(m_settings.get(), this))
    , m_stats(new SyncStats(this))
    , m_engine(new SyncEngine(m_api, m_cache, m_syncState, m_stats, this))
    , m_tokens(new TokenStore(m_settings.get(), this))
{
    if (options.forceFileTokenStore)
        m_tokens->setForceFile(true);
    connect(m_tokens, &TokenStore::loaded, this, &DesktopSession::onTokenLoaded);
    connect(m_engine, &SyncEngine::loginRequired, this, &DesktopSession::onLoginRequired);
    connect(m_engine, &SyncEngine::loggedOut, this, [this] {
        emit loggedOut();
        showLogin({});
    });
}

DesktopSession::~DesktopSession()
{
    if (m_window)
        m_window->saveState();
    m_engine->stop();
    m_settings->sync();
}

bool DesktopSession::start()
{
    if (!QDir().mkpath(m_options.stateDir)) {
        m_errorString = tr("Cannot create the data folder %1.").arg(m_options.stateDir);
        return false;
    }
    QFile::setPermissions(m_options.stateDir,
                          QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    if (!m_cache->open(QDir(m_options.stateDir).filePath(QStringLiteral("cache.sqlite")))) {
        m_errorString = tr("Cannot open the cache: %1").arg(m_cache->errorString());
        return false;
    }
    // Statistics are a convenience: a damaged file costs the history, never the start.
    auto *journal
        = new SyncStatsJournal(m_stats,
                               QDir(m_options.stateDir).filePath(QStringLiteral("syncstats.json")),
                               this);
    if (!journal->load())
        qCWarning(lcSession) << "sync statistics not restored:" << journal->errorString();
    MainWindow::Services services;
    services.api = m_api;
    services.cache = m_cache;
    services.engine = m_engine;
    services.stats = m_stats;
    services.settings = m_settings.get();
    m_window = std::make_unique<MainWindow>(services);
    m_window->setStateDir(QDir::toNativeSeparators(m_options.stateDir));
    m_window->setTokenStorageText(m_tokens->backendDescription());
    connect(m_tokens, &TokenStore::backendChanged, m_window.get(), [this] {
        m_window->setTokenStorageText(m_tokens->backendDescription());
    });
    connect(m_window.get(), &MainWindow::logoutConfirmed, this, &DesktopSession::logout);

    // The cached data is shown at once, with its age, before any network.
    QDateTime newest;
    for (const QString &c : Protocol::collectionNames()) {
        const QDateTime t = m_syncState->lastSync(c);
        if (t.isValid() && (!newest.isValid() || t > newest))
            newest = t;
    }
    m_window->syncStatusBar()->setLastSynced(newest);
    applyUser();
    m_window->show();

    if (m_options.server.isValid() && !m_options.user.isEmpty())
        QTimer::singleShot(0, this, &DesktopSession::loginWithOptions);
    else
        m_tokens->load();
    return true;
}

void DesktopSession::applyUser()
{
    const QStringList permissions = m_settings->value(permissionsKey).toStringList();
    m_window->setCanWriteEvents(permissions.contains(eventsWrite));
    m_window->setUserName(m_settings->value(displayNameKey).toString());
}

void DesktopSession::onTokenLoaded(const QByteArray &token)
{
    const QUrl server(m_settings->value(QStringLiteral("login/server")).toString());
    if (token.isEmpty() || !server.isValid()) {
        showLogin({});
        return;
    }
    m_api->setBaseUrl(server);
    startSync(token);
}

void DesktopSession::loginWithOptions()
{
    m_api->setBaseUrl(m_options.server);
    LoginJob *job = m_api->login(m_options.user, m_options.password);
    connect(job, &ApiJob::finished, this, [this](ApiJob *j) {
        auto *login = static_cast<LoginJob *>(j);
        if (login->error() != ApiError::NoError) {
            qCWarning(lcSession) << "login failed:" << login->errorString();
            showLogin(tr("Login failed: %1").arg(login->errorString()));
            return;
        }
        m_settings->setValue(QStringLiteral("login/server"), m_options.server.toString());
        m_settings->setValue(QStringLiteral("login/user"), m_options.user);
        onLoggedIn(m_options.server, m_options.user, login->token(), login->user());
    });
}

void DesktopSession::onLoggedIn(const QUrl &server,
                                const QString &user,
                                const QByteArray &token,
                                const QJsonObject &userInfo)
{
    Q_UNUSED(server)
    QStringList permissions;
    const QJsonArray perms = userInfo.value(QLatin1String("permissions")).toArray();
    for (const QJsonValue &p : perms)
        permissions.append(p.toString());
    m_settings->setValue(permissionsKey, permissions);
    const QString name = userInfo.value(QLatin1String("name")).toString();
    m_settings->setValue(displayNameKey, name.isEmpty() ? user : name);
    applyUser();
    m_tokens->save(token);
    startSync(token);
    emit loggedIn();
}

void DesktopSession::startSync(const QByteArray &token)
{
    m_api->setToken(token);
    m_engine->start();
}

void DesktopSession::showLogin(const QString &message)
{
    if (m_login) {
        m_login->setMessage(message);
        m_login->raise();
        return;
    }
    m_login = new LoginDialog(m_api, m_settings.get(), m_window.get());
    m_login->setAttribute(Qt::WA_DeleteOnClose);
    m_login->setMessage(message);
    connect(m_login, &LoginDialog::loggedIn, this, &DesktopSession::onLoggedIn);
    connect(m_login, &QDialog::rejected, m_window.get(), &MainWindow::close);
    m_login->open();
}

void DesktopSession::logout()
{
    m_tokens->clear();
    m_settings->remove(permissionsKey);
    m_settings->remove(displayNameKey);
    applyUser();
    m_engine->logout(); // revokes, clears cursors + token, wipes the cache, then loggedOut
}

void DesktopSession::onLoginRequired(const QString &reason)
{
    m_tokens->clear();
    showLogin(reason);
}
