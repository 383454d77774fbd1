#include "rawhttp.h"

#include <QJsonDocument>
#include <QTest>

QByteArray RawResponse::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key == name.toLower())
            return value;
    }
    return {};
}

QJsonObject RawResponse::json() const
{
    return QJsonDocument::fromJson(body).object();
}

RawHttp::RawHttp(quint16 port, const QHostAddress &source, QObject *parent)
    : QObject(parent)
{
    connect(&m_socket, &QTcpSocket::readyRead, this, &RawHttp::onReadyRead);
    connect(&m_socket, &QTcpSocket::disconnected, this, [this] {
        onReadyRead();
        m_closed = true;
    });
    connect(&m_socket, &QTcpSocket::errorOccurred, this, [this] { m_closed = true; });
    if (!source.isNull())
        m_socket.bind(source, 0);
    m_socket.connectToHost(QHostAddress::LocalHost, port);
}

bool RawHttp::waitConnected(int timeoutMs)
{
    return QTest::qWaitFor(
               [this] { return m_socket.state() == QAbstractSocket::ConnectedState || m_closed; },
               timeoutMs)
           && !m_closed;
}

void RawHttp::send(const QByteArray &bytes)
{
    m_socket.write(bytes);
}

void RawHttp::sendRequest(const QByteArray &method,
                          const QByteArray &target,
                          const QByteArray &token,
                          const QByteArray &body,
                          const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QByteArray request = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    if (!token.isEmpty())
        request += "Authorization: Bearer " + token + "\r\n";
    for (const auto &[name, value] : headers)
        request += name + ": " + value + "\r\n";
    if (!body.isEmpty())
        request += "Content-Type: application/json\r\nContent-Length: "
                   + QByteArray::number(body.size()) + "\r\n";
    request += "\r\n" + body;
    send(request);
}

bool RawHttp::waitForResponses(int count, int timeoutMs)
{
    const bool done = QTest::qWaitFor([&] { return m_responses.size() >= count || m_closed; },
                                      timeoutMs);
    return done && m_responses.size() >= count;
}

bool RawHttp::waitClosed(int timeoutMs)
{
    return QTest::qWaitFor([this] { return m_closed; }, timeoutMs);
}

void RawHttp::onReadyRead()
{
    if (!m_socket.isOpen())
        return;
    m_buffer += m_socket.readAll();
    parse();
}

void RawHttp::parse()
{
    for (;;) {
        const qsizetype end = m_buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        RawResponse response;
        const QList<QByteArray> lines = m_buffer.left(end).split('\n');
        response.status = lines.value(0).mid(9, 3).toInt();
        qint64 length = 0;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                continue;
            const QByteArray name = line.left(colon).trimmed().toLower();
            const QByteArray value = line.mid(colon + 1).trimmed();
            response.headers.append({name, value});
            if (name == "content-length")
                length = value.toLongLong();
        }
        if (m_buffer.size() < end + 4 + length)
            return;
        response.body = m_buffer.mid(end + 4, length);
        m_buffer.remove(0, end + 4 + length);
        m_responses.append(response);
        emit responseReceived();
    }
}

RawResponse RawHttp::exchange(quint16 port,
                              const QByteArray &method,
                              const QByteArray &target,
                              const QByteArray &token,
                              const QByteArray &body,
                              const QHostAddress &source)
{
    RawHttp http(port, source);
    http.sendRequest(method, target, token, body);
    http.waitForResponses(1);
    return http.last();
}
