#pragma once

// A small HTTP client for tests over one QNetworkAccessManager. request()
// waits for the reply with QSignalSpy-style bounded waiting (test code only).

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPair>
#include <QUrl>

struct HttpResult
{
    int status = 0; // 0: no HTTP response (network error or timeout)
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    bool timedOut = false;

    QByteArray header(const QByteArray &name) const;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QJsonDocument document() const { return QJsonDocument::fromJson(body); }
};

class TestHttp
{
public:
    explicit TestHttp(const QUrl &base);

    void setToken(const QByteArray &token) { m_token = token; }
    QByteArray token() const { return m_token; }

    using Headers = QList<QPair<QByteArray, QByteArray>>;

    // path may carry a query ("/api/events?limit=5"). The bearer token, if
    // set, is sent unless headers name Authorization themselves.
    HttpResult request(const QByteArray &method,
                       const QString &path,
                       const QByteArray &body = {},
                       const Headers &headers = {},
                       int timeoutMs = 20000);
    HttpResult get(const QString &path, const Headers &headers = {})
    {
        return request("GET", path, {}, headers);
    }
    HttpResult postJson(const QString &path, const QJsonObject &body, const Headers &headers = {});

    // POST /api/auth/login; on success stores and returns the token.
    QByteArray login(const QString &user, const QString &password);

    QUrl url(const QString &pathAndQuery) const;

private:
    QUrl m_base;
    QByteArray m_token;
    QNetworkAccessManager m_nam;
};
