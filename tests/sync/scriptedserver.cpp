#include "scriptedserver.h"

#include "gzipdecoder.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

QByteArray statusText(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 410:
        return "Gone";
    case 412:
        return "Precondition Failed";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    default:
        return "Status";
    }
}

ScriptedServer::ScriptedServer(QObject *parent)
    : QObject(parent)
    , m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, &ScriptedServer::onNewConnection);
}

ScriptedServer::~ScriptedServer()
{
    closeStreams();
}

bool ScriptedServer::listen()
{
    return m_server->listen(QHostAddress::LocalHost, 0);
}

quint16 ScriptedServer::port() const
{
    return m_server->serverPort();
}

QString ScriptedServer::baseUrl() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(port());
}

void ScriptedServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1); // streams: no Nagle delay
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_buffers.remove(socket);
            socket->deleteLater();
        });
    }
}

void ScriptedServer::onReadyRead(QTcpSocket *socket)
{
    QByteArray &buffer = m_buffers[socket];
    buffer.append(socket->readAll());
    const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return;
    const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
    ScriptedRequest request;
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    request.method = requestLine.value(0);
    const QByteArray target = requestLine.value(1);
    const qsizetype q = target.indexOf('?');
    request.path = QString::fromUtf8(q < 0 ? target : target.left(q));
    if (q >= 0)
        request.query.setQuery(QString::fromUtf8(target.mid(q + 1)));
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines.at(i).indexOf(':');
        if (colon > 0)
            request.headers.insert(lines.at(i).left(colon).trimmed().toLower(),
                                   lines.at(i).mid(colon + 1).trimmed());
    }
    const qsizetype length = request.header("content-length").toLongLong();
    if (buffer.size() < headerEnd + 4 + length)
        return;
    request.body = buffer.mid(headerEnd + 4, length);
    buffer.clear();
    socket->disconnect(this, nullptr); // one request per connection
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    m_requests.append(request);
    emit requestReceived(request);
    const ScriptedResponse response = m_handler ? m_handler(request, socket)
                                                : ScriptedResponse{404, "{}"};
    if (!response.deferred)
        respond(socket, response);
}

void ScriptedServer::respond(QTcpSocket *socket, const ScriptedResponse &response)
{
    if (!socket)
        return;
    QByteArray head = "HTTP/1.1 " + QByteArray::number(response.status) + ' '
                      + statusText(response.status) + "\r\n";
    for (const auto &header : response.headers)
        head += header.first + ": " + header.second + "\r\n";
    if (response.stream) {
        head += "Content-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: "
                "close\r\n\r\n";
        socket->write(head);
        m_streams.append(socket);
        emit streamOpened(socket);
        return;
    }
    QByteArray body = response.body;
    if (response.gzip || response.bodyIsGzip) {
        if (!response.bodyIsGzip)
            body = GzipDecoder::compress(body);
        if (response.truncateGzipTo >= 0)
            body.truncate(response.truncateGzipTo);
        head += "Content-Encoding: gzip\r\n";
    }
    head += "Content-Type: " + response.contentType + "\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n";
    if (response.dropAfter >= 0)
        body.truncate(response.dropAfter);
    if (response.dropFraction >= 0)
        body.truncate(qsizetype(body.size() * response.dropFraction));
    const bool drop = response.dropAfter >= 0 || response.dropFraction >= 0;
    if (response.chunkBytes > 0) {
        socket->write(head);
        sendSlowly(socket, body, response.chunkBytes, response.tickMs);
        return;
    }
    // A drop closes once the partial body is out: abort() would discard the
    // unsent bytes, and QNAM silently retries a request that got nothing.
    Q_UNUSED(drop);
    socket->write(head + body);
    socket->disconnectFromHost();
}

void ScriptedServer::sendSlowly(QTcpSocket *socket, QByteArray bytes, int chunk, int tickMs)
{
    auto *timer = new QTimer(socket);
    QPointer<QTcpSocket> guard(socket);
    connect(timer, &QTimer::timeout, socket, [guard, timer, bytes, chunk]() mutable {
        if (!guard)
            return;
        guard->write(bytes.left(chunk));
        bytes.remove(0, chunk);
        if (bytes.isEmpty()) {
            timer->stop();
            guard->disconnectFromHost();
        }
    });
    timer->start(tickMs);
}

void ScriptedServer::sendToStreams(const QByteArray &bytes)
{
    for (const QPointer<QTcpSocket> &socket : std::as_const(m_streams)) {
        if (socket && socket->state() == QAbstractSocket::ConnectedState)
            socket->write(bytes);
    }
}

void ScriptedServer::sendToStream(QTcpSocket *socket, const QByteArray &bytes)
{
    if (socket && socket->state() == QAbstractSocket::ConnectedState)
        socket->write(bytes);
}

void ScriptedServer::closeStreams()
{
    const auto streams = m_streams;
    m_streams.clear();
    for (const QPointer<QTcpSocket> &socket : streams) {
        if (socket)
            socket->abort();
    }
}

int ScriptedServer::streamCount() const
{
    int n = 0;
    for (const QPointer<QTcpSocket> &socket : m_streams)
        n += socket && socket->state() == QAbstractSocket::ConnectedState ? 1 : 0;
    return n;
}
