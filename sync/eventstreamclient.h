#pragma once

// The live stream (GET /api/sync/stream, text/event-stream): owns the reply,
// parses it with SseParser, resumes with Last-Event-ID, honours `retry:`, and
// reconnects when nothing (not even a heartbeat comment) is heard for two
// heartbeat periods. Works with the original design's data-only messages.

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include "sseparser.h"

class ApiClient;
class QNetworkReply;
class QTimer;

struct StreamChange
{
    QString collection;
    QString operationType; // insert, update, replace, delete
    QString documentId;
    QJsonObject fullDocument;
    qint64 seq = 0;      // from `cursor` or the SSE id; 0 in timestamp mode
    QDateTime timestamp; // the original design's change timestamp, when sent
    bool isDelete() const { return operationType == QLatin1String("delete"); }
};
Q_DECLARE_METATYPE(StreamChange)

class EventStreamClient : public QObject
{
    Q_OBJECT
public:
    enum class Status { Disconnected, Connecting, Connected };
    Q_ENUM(Status)

    explicit EventStreamClient(ApiClient *api, QObject *parent = nullptr);
    ~EventStreamClient() override;

    void setCollections(const QStringList &collections) { m_collections = collections; }
    void setHeartbeatInterval(int ms) { m_heartbeatMs = ms; }
    int heartbeatInterval() const { return m_heartbeatMs; }
    // Where to resume from (sent as Last-Event-ID); updated by every `id:`.
    void setLastEventId(const QString &id) { m_resumeId = id; }
    QString lastEventId() const { return m_resumeId; }
    int retryMs() const { return m_retryMs; }
    // Cap on the reconnect delay (`retry:` and backoff), for tests.
    void setMaxRetryMs(int ms) { m_maxRetryMs = ms; }
    // false: after a drop, report disconnected() and let the owner decide.
    void setAutoReconnect(bool on) { m_autoReconnect = on; }

    void start();
    void stop();
    Status status() const { return m_status; }
    // Drops in a row without a message in between, and when the next
    // reconnect runs (UTC; invalid while none is scheduled).
    int failures() const { return m_failures; }
    QDateTime reconnectDue() const;
    qint64 wireBytes() const { return m_wireBytes; }

signals:
    // databaseId: empty when the server does not say (the original design).
    void connected(const QString &cursor,
                   const QDateTime &serverTimestamp,
                   const QString &databaseId);
    // The changes of one network chunk, in stream order.
    void changesReceived(const QList<StreamChange> &changes);
    void resetRequested(const QString &reason); // event: reset
    // Dropped (network error, watchdog or server close). error: the reply's
    // HTTP status when it answered with one (401/403 need a login), else 0.
    void disconnected(int httpStatus, const QString &reason);
    // A message it cannot read (not JSON, a change without a collection or a
    // document). The stream has stopped and does not reconnect by itself:
    // the server would replay the same message, so the owner backs off.
    void invalidMessageReceived(const QString &reason);
    void statusChanged(EventStreamClient::Status status);

private:
    void connectNow();
    void onReadyRead();
    void onFinished();
    void onWatchdog();
    bool handleEvent(const SseEvent &event, QList<StreamChange> &changes);
    void dropped(int httpStatus, const QString &reason);
    void dropReply();
    void setStatus(Status status);

    ApiClient *m_api;
    QStringList m_collections;
    QPointer<QNetworkReply> m_reply;
    QTimer *m_watchdog;
    QTimer *m_reconnect;
    SseParser m_parser;
    QString m_resumeId; // id of the last event handed over
    Status m_status = Status::Disconnected;
    int m_heartbeatMs = 30000;
    int m_retryMs = 2000;
    int m_maxRetryMs = 60000;
    int m_failures = 0;
    QDateTime m_reconnectDue;
    bool m_autoReconnect = true;
    bool m_running = false;
    bool m_checkedStatus = false;
    qint64 m_wireBytes = 0;
    QString m_invalidReason; // why the last message was refused
};
