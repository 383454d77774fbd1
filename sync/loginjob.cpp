#include "loginjob.h"

#include "protocol.h"

#include <QJsonObject>

void LoginJob::parseResult()
{
    const QJsonObject object = json().object();
    m_token = object.value(QLatin1String("token")).toString().toUtf8();
    if (m_token.isEmpty()) {
        setError(ApiError::InvalidData, tr("The server's login answer has no token."));
        return;
    }
    m_expiresAt = Protocol::parseTimestamp(object.value(QLatin1String("expiresAt")).toString())
                      .value_or(QDateTime());
    m_user = object.value(QLatin1String("user")).toObject();
}
