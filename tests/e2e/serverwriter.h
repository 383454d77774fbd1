#pragma once

// Writes events on the real server as a manager would (POST/PUT/DELETE with
// If-Match), for tests that change the server while a client syncs.

#include "testhttp.h"

#include <QJsonObject>
#include <QUrl>

class ServerWriter
{
public:
    ServerWriter(const QUrl &base, const QByteArray &token);
    // Each returns the new X-Sync-Cursor, empty on failure.
    QByteArray create(const QString &title, QJsonObject *stored = nullptr);
    QByteArray update(const QString &id, const QString &title);
    QByteArray remove(const QString &id);
    QJsonObject current(const QString &id);
    QByteArray head(); // GET /health cursor

private:
    TestHttp m_http;
};
