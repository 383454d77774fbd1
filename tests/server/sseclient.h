#pragma once

// A raw-socket event-stream reader for the server tests: sends the request
// by hand (so headers such as Accept can be left out), parses the response
// head and the frames as they arrive. Test code: waits with QTRY_* outside.

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QTcpSocket>

struct SseFrame
{
    QByteArray id;
    QByteArray event;
    QByteArray data;
    QByteArray comment;
    QByteArray retry;
};

class SseClient : public QObject
{
    Q_OBJECT
public:
    explicit SseClient(QObject *parent = nullptr);

    // A "stalled" client keeps its read buffer tiny and never drains it.
    void open(quint16 port,
              const QByteArray &pathAndQuery,
              const QByteArray &token,
              const QList<QPair<QByteArray, QByteArray>> &headers = {},
              bool stalled = false);

    int status() const { return m_status; }
    QByteArray head() const { return m_head; }
    QByteArray rawBody() const { return m_body; }
    bool isClosed() const { return m_closed; }
    const QList<SseFrame> &frames() const { return m_frames; }

    // Frames of one event type ("change", "connected", "reset").
    QList<SseFrame> events(const QByteArray &type) const;
    int heartbeats() const;
    QList<qint64> changeSeqs() const;

private:
    void onReadyRead();
    void parse();

    QTcpSocket m_socket;
    QByteArray m_buffer;
    QByteArray m_head;
    QByteArray m_body;
    int m_status = 0;
    bool m_closed = false;
    QList<SseFrame> m_frames;
};
