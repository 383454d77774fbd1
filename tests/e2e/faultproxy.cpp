#include "faultproxy.h"

#include <QNetworkReply>
#include <QPointer>
#include <QTcpSocket>

FaultProxy::FaultProxy(const QUrl &upstream, QObject *parent)
    : QObject(parent)
    , m_upstream(upstream)
{
    m_server.setHandler([this](const ScriptedRequest &r, QTcpSocket *s) { return handle(r, s); });
}

namespace {
QNetworkRequest upstreamRequest(const QUrl &base, const ScriptedRequest &request)
{
    QUrl url = base;
    url.setPath(request.path);
    url.setQuery(request.query);
    QNetworkRequest req(url);
    for (const char *name :
         {"authorization", "last-event-id", "accept", "content-type", "if-match"}) {
        const QByteArray value = request.header(name);
        if (!value.isEmpty())
            req.setRawHeader(name, value);
    }
    req.setTransferTimeout(0);
    return req;
}
} // namespace

ScriptedResponse FaultProxy::handle(const ScriptedRequest &request, QTcpSocket *socket)
{
    const Fault fault = m_plan ? m_plan(request) : Fault::None;
    if (fault != Fault::None)
        ++m_faults;
    switch (fault) {
    case Fault::ServerError:
        return ScriptedResponse{503, R"({"error":"internal_error","message":"Injected 503."})"};
    case Fault::MalformedJson:
        return ScriptedResponse{200, R"({"events": [{"_id": "broken", )"};
    case Fault::CursorExpired:
        return ScriptedResponse{410, R"({"error":"cursor_expired","message":"Injected 410."})"};
    case Fault::Unauthorized:
        return ScriptedResponse{401, R"({"error":"unauthorized","message":"Injected 401."})"};
    default:
        break;
    }
    const bool isStream = request.path == QLatin1String("/api/sync/stream");
    if (isStream) {
        forwardStream(request, socket, fault == Fault::StreamDrop);
        ScriptedResponse r;
        r.deferred = true;
        return r;
    }
    QNetworkReply *reply = m_nam.sendCustomRequest(upstreamRequest(m_upstream, request),
                                                   request.method,
                                                   request.body);
    QPointer<QTcpSocket> client(socket);
    const bool wantsGzip = request.header("accept-encoding").contains("gzip");
    connect(reply, &QNetworkReply::finished, this, [this, reply, client, fault, wantsGzip] {
        reply->deleteLater();
        ScriptedResponse r;
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (r.status == 0)
            r.status = 502;
        r.body = reply->readAll();
        const QByteArray cursor = reply->rawHeader("X-Sync-Cursor");
        if (!cursor.isEmpty())
            r.headers.append(qMakePair(QByteArray("X-Sync-Cursor"), cursor));
        r.gzip = wantsGzip && !r.body.isEmpty();
        if (fault == Fault::DropMidBody)
            r.dropFraction = 0.4;
        else if (fault == Fault::TruncatedGzip && r.gzip)
            r.truncateGzipTo = 40;
        else if (fault == Fault::Slow) {
            r.chunkBytes = 1; // one byte per second
            r.tickMs = 1000;
        }
        m_server.respond(client, r);
    });
    ScriptedResponse r;
    r.deferred = true;
    return r;
}

void FaultProxy::forwardStream(const ScriptedRequest &request, QTcpSocket *socket, bool dropLater)
{
    QNetworkReply *reply = m_nam.get(upstreamRequest(m_upstream, request));
    QPointer<QTcpSocket> client(socket);
    auto forwarded = std::make_shared<qint64>(0);
    ScriptedResponse head;
    head.stream = true;
    m_server.respond(socket, head);
    connect(reply, &QNetworkReply::readyRead, this, [this, reply, client, forwarded, dropLater] {
        const QByteArray bytes = reply->readAll();
        if (!client) {
            reply->abort();
            return;
        }
        if (dropLater && *forwarded + bytes.size() > m_streamDropBytes) {
            m_server.sendToStream(client, bytes.left(m_streamDropBytes - *forwarded));
            client->abort(); // cut mid-stream, possibly mid-event
            reply->abort();
            return;
        }
        *forwarded += bytes.size();
        m_server.sendToStream(client, bytes);
    });
    connect(reply, &QNetworkReply::finished, this, [reply, client] {
        reply->deleteLater();
        if (client)
            client->disconnectFromHost();
    });
    connect(socket, &QTcpSocket::disconnected, reply, [reply] { reply->abort(); });
}
