#pragma once

// POST /api/auth/login: on success token(), expiresAt() and user().

#include "apijob.h"

#include <QDateTime>
#include <QJsonObject>

class LoginJob : public ApiJob
{
    Q_OBJECT
public:
    using ApiJob::ApiJob;

    QByteArray token() const { return m_token; }
    QDateTime expiresAt() const { return m_expiresAt; }
    // As the server sent it: name, role, and `permissions` when present.
    QJsonObject user() const { return m_user; }

protected:
    void parseResult() override;

private:
    QByteArray m_token;
    QDateTime m_expiresAt;
    QJsonObject m_user;
};
