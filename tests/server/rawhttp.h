#pragma once

// One raw HTTP/1.1 connection for the server tests: sends bytes exactly as
// given (broken framing, half a request, a body announced but never sent)
// and reads the responses as they come, optionally from a chosen loopback
// source address (127.0.0.2, 127.0.0.3, ...) so per-address limits can be
// tested. Test code only: the waits are bounded QTest::qWaitFor loops.

#include <QByteArray>
#include <QHostAddress>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPair>
#include <QTcpSocket>

struct RawResponse
{
    int status = 0;
    QList<QPair<QByteArray, QByteArray>> headers; // names in lower case
    QByteArray body;

    QByteArray header(const QByteArray &name) const;
    QJsonObject json() const;
};

class RawHttp : public QObject
{
    Q_OBJECT
public:
    explicit RawHttp(quint16 port,
                     const QHostAddress &source = QHostAddress(),
                     QObject *parent = nullptr);

    bool waitConnected(int timeoutMs = 10000);
    void send(const QByteArray &bytes);
    // A request with Host, the token (if any) and Content-Length for body.
    void sendRequest(const QByteArray &method,
                     const QByteArray &target,
                     const QByteArray &token = {},
                     const QByteArray &body = {},
                     const QList<QPair<QByteArray, QByteArray>> &headers = {});

    // Waits until count complete responses arrived (or the peer closed).
    bool waitForResponses(int count = 1, int timeoutMs = 15000);
    bool waitClosed(int timeoutMs = 15000);

    const QList<RawResponse> &responses() const { return m_responses; }
    RawResponse last() const { return m_responses.isEmpty() ? RawResponse() : m_responses.last(); }
    bool isClosed() const { return m_closed; }
    QTcpSocket &socket() { return m_socket; }

    // One request on a fresh connection; the response, status 0 if none.
    static RawResponse exchange(quint16 port,
                                const QByteArray &method,
                                const QByteArray &target,
                                const QByteArray &token = {},
                                const QByteArray &body = {},
                                const QHostAddress &source = QHostAddress());

signals:
    void responseReceived();

private:
    void onReadyRead();
    void parse();

    QTcpSocket m_socket;
    QByteArray m_buffer;
    QList<RawResponse> m_responses;
    bool m_closed = false;
};
