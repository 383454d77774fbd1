#pragma once

// A scripted fault server in front of the real deltadesk-server: every
// request is forwarded, and the test's plan may spoil the answer (drop it
// mid-body, answer 5xx, malformed JSON, truncated gzip, trickle it slowly,
// 410, 401) or cut a stream after some bytes.

#include "scriptedserver.h"

#include <QMetaType>
#include <QNetworkAccessManager>
#include <QUrl>

#include <functional>

enum class Fault {
    None,
    DropMidBody,
    ServerError,
    MalformedJson,
    TruncatedGzip,
    Slow,          // one byte per second
    CursorExpired, // 410
    Unauthorized,  // 401
    StreamDrop,    // forward a stream, cut it after streamDropBytes
};

Q_DECLARE_METATYPE(Fault)

class FaultProxy : public QObject
{
    Q_OBJECT
public:
    explicit FaultProxy(const QUrl &upstream, QObject *parent = nullptr);
    bool listen() { return m_server.listen(); }
    QString baseUrl() const { return m_server.baseUrl(); }
    // Decides the fault of each request (default: none).
    void setPlan(std::function<Fault(const ScriptedRequest &)> plan) { m_plan = std::move(plan); }
    void setStreamDropBytes(int bytes) { m_streamDropBytes = bytes; }
    int faultsInjected() const { return m_faults; }
    void dropStreams() { m_server.closeStreams(); }
    int openStreams() const { return m_server.streamCount(); }

private:
    ScriptedResponse handle(const ScriptedRequest &request, QTcpSocket *socket);
    void forwardStream(const ScriptedRequest &request, QTcpSocket *socket, bool dropLater);

    QUrl m_upstream;
    ScriptedServer m_server;
    QNetworkAccessManager m_nam;
    std::function<Fault(const ScriptedRequest &)> m_plan;
    int m_streamDropBytes = 400;
    int m_faults = 0;
};
