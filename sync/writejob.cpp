#include "writejob.h"

#include "protocol.h"

QString WriteJob::cursor() const
{
    return QString::fromLatin1(rawHeader(Protocol::syncCursorHeader));
}

void WriteJob::parseResult()
{
    // 204 (delete) has no body.
    m_document = json().object();
    if (httpStatus() != 204 && !m_document.contains(QLatin1String("_id")))
        setError(ApiError::InvalidData, tr("The server's answer has no document."));
}

void WriteJob::parseErrorBody()
{
    // 412 carries the server's current document, so the editor can show it.
    if (httpStatus() == 412) {
        const QJsonObject object = json().object();
        m_document = object.contains(QLatin1String("document"))
                         ? object.value(QLatin1String("document")).toObject()
                         : object;
    }
}
