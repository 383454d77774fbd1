#pragma once

// Runs one deltadesk-sync command on the sync library and reports its exit
// code through finished(). Output is JSON lines on stdout; a failure is one
// line on stderr.

#include "syncoptions.h"

#include <QObject>

#include <memory>

class ApiClient;
class CacheStore;
class QSettings;
class QTimer;
class SyncEngine;
class SyncState;
class SyncStats;

class SyncCommand : public QObject
{
    Q_OBJECT
public:
    explicit SyncCommand(const SyncOptions &options, QObject *parent = nullptr);
    ~SyncCommand() override;

    void start();
    void terminate(); // SIGINT/SIGTERM: end follow cleanly

signals:
    void finished(int exitCode);

private:
    bool openState();
    void authenticateThen(void (SyncCommand::*next)());
    void runLogin();
    void reportLogin();
    void runSync();
    void runFollow();
    void endFollow();
    void runStatus();
    void runDump();
    void runResync();
    void runLogout();
    void connectEngineOutput();
    // Ends the command with the engine's next roundsFinished.
    void finishAfterRounds(const QString &what);
    void fail(int exitCode, const QString &message);
    void done(int exitCode = 0);
    int exitCodeForEngineError() const;
    QString appliedCursor(const QString &collection) const;
    void printLine(const QJsonObject &object);

    SyncOptions m_options;
    std::unique_ptr<QSettings> m_settings;
    SyncState *m_state = nullptr;
    CacheStore *m_cache = nullptr;
    ApiClient *m_api = nullptr;
    SyncStats *m_stats = nullptr;
    SyncEngine *m_engine = nullptr;
    QTimer *m_deadline = nullptr;
    bool m_done = false;
    bool m_synced = false; // follow: a round succeeded at least once
};
