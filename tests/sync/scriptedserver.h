#pragma once

// A small HTTP/1.1 server for tests on 127.0.0.1, port 0: every request goes
// to a handler that returns a scripted response (status, body, gzip, sent
// slowly with a QTimer, cut off after N bytes) or keeps the connection open
// as an event stream the test writes to. Never sleeps; every connection
// closes after its response.

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QUrlQuery>

#include <functional>

class QTcpServer;
#include <QTcpSocket>

struct ScriptedRequest
{
    QByteArray method;
    QString path;
    QUrlQuery query;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QByteArray body;
    QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
};

struct ScriptedResponse
{
    int status = 200;
    QByteArray body;
    QByteArray contentType = "application/json";
    QList<QPair<QByteArray, QByteArray>> headers;
    bool gzip = false;          // compress the body (when the client asked for it)
    bool bodyIsGzip = false;    // the body is gzip already (benchmarks compress once, up front)
    qint64 truncateGzipTo = -1; // send only this many bytes of the gzip body, Content-Length to match
    qint64 dropAfter = -1;      // close after this many body bytes (Content-Length stays full)
    double dropFraction = -1;   // the same, as a fraction of the body as sent (after gzip)
    int chunkBytes = 0;         // > 0: send this many bytes per tick
    int tickMs = 0;
    bool stream = false;   // text/event-stream: stays open, the test writes with sendToStreams()
    bool deferred = false; // the handler answers later with respond()
};

class ScriptedServer : public QObject
{
    Q_OBJECT
public:
    using Handler = std::function<ScriptedResponse(const ScriptedRequest &, QTcpSocket *)>;
    explicit ScriptedServer(QObject *parent = nullptr);
    ~ScriptedServer() override;

    bool listen();
    quint16 port() const;
    QString baseUrl() const;
    void setHandler(Handler handler) { m_handler = std::move(handler); }

    // For deferred responses (a proxy answering when its upstream has).
    void respond(QTcpSocket *socket, const ScriptedResponse &response);
    void sendToStreams(const QByteArray &bytes);
    void sendToStream(QTcpSocket *socket, const QByteArray &bytes);
    void closeStreams();
    int streamCount() const;
    QList<ScriptedRequest> requests() const { return m_requests; }
    void clearRequests() { m_requests.clear(); }

signals:
    void requestReceived(const ScriptedRequest &request);
    void streamOpened(QTcpSocket *socket);

private:
    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);
    void sendSlowly(QTcpSocket *socket, QByteArray bytes, int chunk, int tickMs);

    QTcpServer *m_server;
    Handler m_handler;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QList<QPointer<QTcpSocket>> m_streams;
    QList<ScriptedRequest> m_requests;
};

QByteArray statusText(int status);
