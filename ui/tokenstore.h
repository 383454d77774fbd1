#pragma once

// Where the login token survives a restart: the OS keychain (QtKeychain)
// when one answers, otherwise the settings file, made owner-only. Never the
// password. Keychain calls are asynchronous; one that fails or does not
// answer within a few seconds (a headless session without a secret
// service) falls back to the file without blocking.

#include <QByteArray>
#include <QObject>
#include <QString>

class QSettings;
class QTimer;

class TokenStore : public QObject
{
    Q_OBJECT
public:
    enum class Backend { Unknown, Keychain, File };
    Q_ENUM(Backend)

    // settings: the state dir's settings.ini (not owned). The keychain entry
    // is keyed by that file's path, so two state dirs never share a token.
    explicit TokenStore(QSettings *settings, QObject *parent = nullptr);

    // Skip the keychain (tests, CI; also DELTADESK_TOKEN_STORE=file).
    void setForceFile(bool force);
    void setKeychainTimeout(int ms) { m_keychainTimeoutMs = ms; }

    // The store in use, Unknown until a load or save has answered.
    Backend backend() const { return m_backend; }
    // A sentence for the about box and --help.
    QString backendDescription() const;

    void load();                        // -> loaded(token), empty when none
    void save(const QByteArray &token); // -> saved()
    void clear();                       // both stores -> cleared()

signals:
    void loaded(const QByteArray &token);
    void saved(TokenStore::Backend backend);
    void cleared();
    void backendChanged(TokenStore::Backend backend);

private:
    QString keychainKey() const;
    void setBackend(Backend backend);
    QByteArray readFile() const;
    void writeFile(const QByteArray &token);
    void clearFile();
    // Arms a timer that calls onTimeout unless the job answers first; the
    // returned generation tells late answers apart.
    int armWatchdog();

    QSettings *m_settings;
    QTimer *m_watchdog;
    Backend m_backend = Backend::Unknown;
    bool m_forceFile = false;
    int m_keychainTimeoutMs = 4000;
    int m_generation = 0;
};
