#pragma once

// The desktop app's wiring: one state dir (settings.ini + cache.sqlite), the
// sync library's objects over it, the token store, and the windows. It
// decides when to ask for a login and what happens on logout; the windows
// and the engine do the rest.

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <memory>

class ApiClient;
class CacheStore;
#include "logindialog.h"
class MainWindow;
class QSettings;
class SyncEngine;
class SyncState;
class SyncStats;
class TokenStore;

class DesktopSession : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString stateDir;
        QUrl server; // with user + password: log in without the dialog
        QString user;
        QString password;
        bool forceFileTokenStore = false;
    };

    explicit DesktopSession(const Options &options, QObject *parent = nullptr);
    ~DesktopSession() override;

    // Opens the cache and shows the main window on it; false + errorString().
    bool start();
    QString errorString() const { return m_errorString; }

    MainWindow *mainWindow() const { return m_window.get(); }
    LoginDialog *loginDialog() const { return m_login; }
    SyncEngine *engine() const { return m_engine; }
    CacheStore *cache() const { return m_cache; }
    SyncStats *stats() const { return m_stats; }
    ApiClient *api() const { return m_api; }
    TokenStore *tokenStore() const { return m_tokens; }
    QSettings *settings() const { return m_settings.get(); }

signals:
    void loggedIn();
    void loggedOut();

private:
    void onTokenLoaded(const QByteArray &token);
    void loginWithOptions();
    void onLoggedIn(const QUrl &server,
                    const QString &user,
                    const QByteArray &token,
                    const QJsonObject &userInfo);
    void showLogin(const QString &message);
    void startSync(const QByteArray &token);
    void logout();
    void onLoginRequired(const QString &reason);
    void applyUser();

    Options m_options;
    QString m_errorString;
    std::unique_ptr<QSettings> m_settings;
    CacheStore *m_cache;
    ApiClient *m_api;
    SyncState *m_syncState;
    SyncStats *m_stats;
    SyncEngine *m_engine;
    TokenStore *m_tokens;
    std::unique_ptr<MainWindow> m_window;
    QPointer<LoginDialog> m_login;
};
