#include "desktopsession.h"

#include "apiclient.h"
#include "cachereader.h"
#include "logindialog.h"
#include "mainwindow.h"
#include "protocol.h"
#include "synccontroller.h"
#include "syncstate.h"
#include "syncstats.h"
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
    , m_api(new ApiClient(this))
    , m_sync(new SyncController(this))
    , m_reader(new CacheReader(this))
    , m_tokens(new TokenStore(m_settings.get(), this))
{
    if (options.forceFileTokenStore)
        m_tokens->setForceFile(true);
    m_reader->watch(m_sync->cache());
    connect(m_sync, &SyncController::opened, this, &DesktopSession::onCacheOpened);
    connect(m_tokens, &TokenStore::loaded, this, &DesktopSession::onTokenLoaded);
    connect(m_sync, &SyncController::loginRequired, this, &DesktopSession::onLoginRequired);
    connect(m_sync, &SyncController::loggedOut, this, [this] {
        if (m_window)
            m_window->setLoggedOut(true);
        emit loggedOut();
        showLogin({});
    });
}

DesktopSession::~DesktopSession()
{
    if (m_window)
        m_window->saveState();
    m_settings->sync();
    // The window (and its models) go first, then the reader and the sync
    // thread (their destructors end their threads).
    m_window.reset();
}

QString DesktopSession::cachePath() const
{
    return m_sync->cachePath();
}

SyncStats *DesktopSession::stats() const
{
    return m_sync->stats();
}

void DesktopSession::onCacheOpened(bool ok, const QString &error)
{
    if (!ok) {
        m_errorString = tr("Cannot open the cache: %1").arg(error);
        qCWarning(lcSession) << m_errorString;
        emit failed(m_errorString);
        return;
    }
    // The schema is in place: the reader may open its connection.
    m_reader->open(m_sync->cachePath());
}

bool DesktopSession::start()
{
    if (!QDir().mkpath(m_options.stateDir)) {
        m_errorString = tr("Cannot create the data folder %1.").arg(m_options.stateDir);
        return false;
    }
    QFile::setPermissions(m_options.stateDir,
                          QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    // Opened (schema, statistics journal) on the sync thread; the window
    // is up meanwhile and its tables fill once the reader is open.
    m_sync->open(m_options.stateDir);
    MainWindow::Services services;
    services.api = m_api;
    services.reader = m_reader;
    services.sync = m_sync;
    services.stats = m_sync->stats();
    services.settings = m_settings.get();
    m_window = std::make_unique<MainWindow>(services);
    m_window->setStateDir(QDir::toNativeSeparators(m_options.stateDir));
    m_window->setTokenStorageText(m_tokens->backendDescription());
    connect(m_tokens, &TokenStore::backendChanged, m_window.get(), [this] {
        m_window->setTokenStorageText(m_tokens->backendDescription());
    });
    connect(m_window.get(), &MainWindow::logoutConfirmed, this, &DesktopSession::logout);
    connect(m_window.get(), &MainWindow::loginRequested, this, [this] {
        showLogin(m_sessionEnded ? tr("Your session has ended. Log in again to keep syncing.")
                                 : QString());
    });

    // The cached data is shown at once, with its age, before any network
    // (read from the settings; the sync thread writes them).
    const SyncState syncState(m_settings.get());
    QDateTime newest;
    for (const QString &c : Protocol::collectionNames()) {
        const QDateTime t = syncState.lastSync(c);
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
    const bool loggedIn = m_settings->contains(permissionsKey);
    m_window->setAccount(loggedIn ? m_settings->value(QStringLiteral("login/user")).toString()
                                  : QString(),
                         QUrl(m_settings->value(QStringLiteral("login/server")).toString()));
}

void DesktopSession::onTokenLoaded(const QByteArray &token)
{
    const QUrl server(m_settings->value(QStringLiteral("login/server")).toString());
    if (token.isEmpty() || !server.isValid()) {
        m_window->setLoggedOut(true);
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
    m_sessionEnded = false;
    m_window->setLoggedOut(false);
    m_tokens->save(token);
    startSync(token);
    emit loggedIn();
}

void DesktopSession::startSync(const QByteArray &token)
{
    m_api->setToken(token);
    m_sync->setBaseUrl(m_api->baseUrl());
    m_sync->setToken(token);
    m_sync->start();
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
    // Cancel keeps the window: with the session ended the saved data stays
    // browsable (the banner offers the login again); with no login at all
    // the window says so. Only the person quits the app.
    connect(m_login, &QDialog::rejected, this, [this] {
        if (!m_sessionEnded)
            m_window->setLoggedOut(true);
    });
    m_login->open();
}

void DesktopSession::logout()
{
    m_tokens->clear();
    m_settings->remove(permissionsKey);
    m_settings->remove(displayNameKey);
    applyUser();
    m_api->setToken({});
    m_sync->logout(); // revokes, clears cursors + token, wipes the cache, then loggedOut
}

void DesktopSession::onLoginRequired(const QString &reason)
{
    // No dialog over the person's work: the window's banner says the
    // session ended and offers Log in…; the cache stays readable.
    qCInfo(lcSession) << "session ended:" << reason;
    m_sessionEnded = true;
    m_tokens->clear();
    m_api->setToken({});
}
