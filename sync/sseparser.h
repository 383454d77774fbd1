#pragma once

// A push parser for text/event-stream (the WHATWG EventSource rules), plain
// C++ with no I/O: feed() it bytes as they arrive, in pieces of any size, and
// it returns the events completed by them.

#include <QByteArray>
#include <QList>
#include <QString>

struct SseEvent
{
    QString type = QStringLiteral("message"); // the `event:` field, "message" when absent
    QString data;                             // `data:` lines joined by '\n'
    QString lastEventId;                      // the stream's last event id when dispatched
    bool operator==(const SseEvent &other) const
    {
        return type == other.type && data == other.data && lastEventId == other.lastEventId;
    }
};

class SseParser
{
public:
    QList<SseEvent> feed(const QByteArray &bytes);
    // A new connection: drops the partial line and event, keeps lastEventId
    // (the reconnect sends it as Last-Event-ID) and retry.
    void reset();

    QString lastEventId() const { return m_lastEventId; }
    void setLastEventId(const QString &id) { m_lastEventId = id; }
    // The last valid `retry:` in ms, -1 when none was seen.
    int retryMs() const { return m_retryMs; }
    // Comment lines seen (heartbeats count here); lets the watchdog notice them.
    qint64 commentCount() const { return m_comments; }

private:
    void processLine(QByteArrayView line, QList<SseEvent> &out);
    void dispatch(QList<SseEvent> &out);

    QByteArray m_buffer;
    qsizetype m_unterminated = 0; // bytes at the buffer's start already scanned
    bool m_bomChecked = false;
    bool m_skipLeadingLf = false; // a CR ended the previous chunk
    QString m_eventType;
    QString m_data;
    bool m_hasData = false;
    QString m_lastEventId;
    int m_retryMs = -1;
    qint64 m_comments = 0;
};
