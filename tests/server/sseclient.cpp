#include "sseclient.h"

#include <QHostAddress>

SseClient::SseClient(QObject *parent)
    : QObject(parent)
{
    connect(&m_socket, &QTcpSocket::readyRead, this, &SseClient::onReadyRead);
    connect(&m_socket, &QTcpSocket::disconnected, this, [this] {
        onReadyRead();
        m_closed = true;
    });
    connect(&m_socket, &QTcpSocket::errorOccurred, this, [this] { m_closed = true; });
}

void SseClient::open(quint16 port,
                     const QByteArray &pathAndQuery,
                     const QByteArray &token,
                     const QList<QPair<QByteArray, QByteArray>> &headers,
                     bool stalled)
{
    if (stalled) {
        m_socket.setReadBufferSize(1024);
        m_socket.setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 4096);
    }
    m_socket.connectToHost(QHostAddress::LocalHost, port);
    QByteArray request = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    if (!token.isEmpty())
        request += "Authorization: Bearer " + token + "\r\n";
    for (const auto &[name, value] : headers)
        request += name + ": " + value + "\r\n";
    request += "\r\n";
    m_socket.write(request);
}

void SseClient::onReadyRead()
{
    if (!m_socket.isOpen())
        return;
    if (m_socket.readBufferSize() > 0 && m_socket.readBufferSize() <= 1024 && m_status != 0)
        return; // stalled: leave the bytes in the kernel
    const QByteArray chunk = m_socket.readAll();
    if (m_status != 0)
        m_body += chunk;
    m_buffer += chunk;
    parse();
}

void SseClient::parse()
{
    if (m_status == 0) {
        const qsizetype end = m_buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        m_head = m_buffer.left(end);
        m_buffer.remove(0, end + 4);
        m_status = m_head.mid(9, 3).toInt();
        m_body = m_buffer;
    }
    for (qsizetype end = m_buffer.indexOf("\n\n"); end >= 0; end = m_buffer.indexOf("\n\n")) {
        const QByteArray block = m_buffer.left(end);
        m_buffer.remove(0, end + 2);
        SseFrame frame;
        for (const QByteArray &line : block.split('\n')) {
            if (line.startsWith(':'))
                frame.comment = line.mid(1).trimmed();
            else if (line.startsWith("id: "))
                frame.id = line.mid(4);
            else if (line.startsWith("event: "))
                frame.event = line.mid(7);
            else if (line.startsWith("data: "))
                frame.data = line.mid(6);
            else if (line.startsWith("retry: "))
                frame.retry = line.mid(7);
        }
        m_frames.append(frame);
    }
}

QList<SseFrame> SseClient::events(const QByteArray &type) const
{
    QList<SseFrame> out;
    for (const SseFrame &f : m_frames) {
        if (f.event == type)
            out.append(f);
    }
    return out;
}

int SseClient::heartbeats() const
{
    int n = 0;
    for (const SseFrame &f : m_frames)
        n += f.comment == "heartbeat" ? 1 : 0;
    return n;
}

QList<qint64> SseClient::changeSeqs() const
{
    QList<qint64> out;
    for (const SseFrame &f : events("change"))
        out.append(f.id.toLongLong());
    return out;
}
