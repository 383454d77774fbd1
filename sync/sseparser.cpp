#include "sseparser.h"

#include <algorithm>

namespace {
// Field names and values are UTF-8; invalid sequences become U+FFFD as the
// spec asks (QString::fromUtf8 does that).
QString utf8(QByteArrayView bytes)
{
    return QString::fromUtf8(bytes);
}
} // namespace

QList<SseEvent> SseParser::feed(const QByteArray &bytes)
{
    QList<SseEvent> out;
    m_buffer.append(bytes);

    qsizetype start = 0;
    if (!m_bomChecked) {
        // The BOM is only stripped at the very start of the stream; wait for
        // three bytes before deciding.
        static const QByteArray bom("\xEF\xBB\xBF");
        if (m_buffer.size() < 3 && bom.startsWith(m_buffer))
            return out;
        m_bomChecked = true;
        if (m_buffer.startsWith(bom))
            start = 3;
    }
    if (m_skipLeadingLf && start < m_buffer.size()) {
        // The previous chunk ended in CR: a LF right after it belongs to the
        // same CRLF line end.
        if (m_buffer.at(start) == '\n')
            ++start;
        m_skipLeadingLf = false;
    }

    const qsizetype size = m_buffer.size();
    qsizetype lineStart = start;
    // What is left of the previous chunk holds no line end: a frame that
    // arrives in many reads is scanned once, not once per read.
    qsizetype i = std::max(start, m_unterminated);
    while (i < size) {
        const char c = m_buffer.at(i);
        if (c != '\n' && c != '\r') {
            ++i;
            continue;
        }
        // A view, not a copy: a burst of changes is thousands of lines per read.
        processLine(QByteArrayView(m_buffer).sliced(lineStart, i - lineStart), out);
        if (c == '\r') {
            if (i + 1 < size) {
                if (m_buffer.at(i + 1) == '\n')
                    ++i;
            } else {
                m_skipLeadingLf = true;
            }
        }
        ++i;
        lineStart = i;
    }
    m_buffer.remove(0, lineStart);
    m_unterminated = m_buffer.size();
    return out;
}

void SseParser::reset()
{
    m_buffer.clear();
    m_unterminated = 0;
    m_bomChecked = false;
    m_skipLeadingLf = false;
    m_eventType.clear();
    m_data.clear();
    m_hasData = false;
}

void SseParser::processLine(QByteArrayView line, QList<SseEvent> &out)
{
    if (line.isEmpty()) {
        dispatch(out);
        return;
    }
    if (line.startsWith(':')) {
        ++m_comments;
        return;
    }
    QByteArrayView field;
    QByteArrayView value;
    const qsizetype colon = line.indexOf(':');
    if (colon < 0) {
        field = line; // a field with no colon has an empty value
    } else {
        field = line.first(colon);
        qsizetype valueStart = colon + 1;
        if (valueStart < line.size() && line.at(valueStart) == ' ')
            ++valueStart;
        value = line.sliced(valueStart);
    }

    if (field == "event") {
        m_eventType = utf8(value);
    } else if (field == "data") {
        if (m_hasData)
            m_data.append(QLatin1Char('\n'));
        m_data.append(utf8(value));
        m_hasData = true;
    } else if (field == "id") {
        if (!value.contains('\0'))
            m_lastEventId = utf8(value);
    } else if (field == "retry") {
        bool allDigits = !value.isEmpty();
        for (char c : value)
            allDigits = allDigits && c >= '0' && c <= '9';
        if (allDigits) {
            bool ok = false;
            const int ms = value.toInt(&ok);
            if (ok)
                m_retryMs = ms;
        }
    }
    // Any other field is ignored.
}

void SseParser::dispatch(QList<SseEvent> &out)
{
    if (!m_hasData) {
        // No data: the event is dropped, but its type is not carried over.
        m_eventType.clear();
        return;
    }
    SseEvent event;
    if (!m_eventType.isEmpty())
        event.type = m_eventType;
    event.data = m_data;
    event.lastEventId = m_lastEventId;
    out.append(event);
    m_eventType.clear();
    m_data.clear();
    m_hasData = false;
}
