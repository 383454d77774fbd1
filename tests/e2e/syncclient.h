#pragma once

// Drives the real deltadesk-sync binary (DELTADESK_SYNC_BIN) with QProcess
// for end-to-end tests: one state dir per client, bounded waits on finished.

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

struct SyncResult
{
    int exitCode = -1;
    bool crashed = false;
    QByteArray out;
    QByteArray err;
    QList<QJsonObject> lines() const; // stdout as JSON lines
};

class SyncClient
{
public:
    explicit SyncClient(const QString &serverUrl);
    void setServer(const QString &serverUrl) { m_server = serverUrl; }
    QString stateDir() const { return m_dir.path(); }
    // Starts from a copy of another client's state (cache and settings), so
    // a test does not pay for the same full sync twice.
    bool copyStateFrom(const SyncClient &other);

    // Runs one command to its end (bounded by timeoutMs).
    SyncResult run(const QStringList &args, int timeoutMs = 30000);
    // Starts a long-running command (follow); finish() stops it with SIGTERM.
    bool startFollow(const QStringList &extraArgs = {});
    QProcess *process() const { return m_follow.get(); }
    QByteArray followOutput(); // everything follow printed so far
    SyncResult finishFollow(int timeoutMs = 15000);

    // dump COLLECTION as parsed objects, sorted by _id.
    QList<QJsonObject> dump(const QString &collection);
    QStringList baseArgs() const;

    static QString binaryPath();

private:
    QString m_server;
    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_follow;
    QByteArray m_followOut;
};

// The server's whole collection (GET /api/<c>, paged by cursor), sorted by _id.
QList<QJsonObject> serverDocuments(const QString &baseUrl,
                                   const QByteArray &token,
                                   const QString &collection);
// A readable diff of two document lists for failure messages ("" when equal).
QString diffDocuments(const QList<QJsonObject> &client, const QList<QJsonObject> &server);
// `"cursor":"<c>"` as it appears in deltadesk-sync's JSON lines.
QByteArray cursorMarker(const QByteArray &cursor);
