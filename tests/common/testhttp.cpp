#include "testhttp.h"

#include <QNetworkProxy>
#include <QNetworkRequest>
#include <QTest>

QByteArray HttpResult::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

TestHttp::TestHttp(const QUrl &base)
    : m_base(base)
{
    // Tests talk to 127.0.0.1 only; never through a proxy from the environment.
    m_nam.setProxy(QNetworkProxy::NoProxy);
}

QUrl TestHttp::url(const QString &pathAndQuery) const
{
    return m_base.resolved(QUrl(pathAndQuery));
}

HttpResult TestHttp::request(const QByteArray &method,
                             const QString &path,
                             const QByteArray &body,
                             const Headers &headers,
                             int timeoutMs)
{
    QNetworkRequest req(url(path));
    bool hasAuth = false;
    for (const auto &[key, value] : headers) {
        req.setRawHeader(key, value);
        hasAuth = hasAuth || key.compare("Authorization", Qt::CaseInsensitive) == 0;
    }
    if (!hasAuth && !m_token.isEmpty())
        req.setRawHeader("Authorization", "Bearer " + m_token);
    if (!body.isEmpty() && !req.hasRawHeader("Content-Type"))
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));

    QNetworkReply *reply = m_nam.sendCustomRequest(req, method, body);
    HttpResult result;
    result.timedOut = !QTest::qWaitFor([reply] { return reply->isFinished(); }, timeoutMs);
    if (result.timedOut)
        reply->abort();
    result.error = reply->error();
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    result.headers = reply->rawHeaderPairs();
    reply->deleteLater();
    return result;
}

HttpResult TestHttp::postJson(const QString &path, const QJsonObject &body, const Headers &headers)
{
    return request("POST", path, QJsonDocument(body).toJson(QJsonDocument::Compact), headers);
}

QByteArray TestHttp::login(const QString &user, const QString &password)
{
    const HttpResult r = postJson(QStringLiteral("/api/auth/login"),
                                  {{QStringLiteral("username"), user},
                                   {QStringLiteral("password"), password}});
    if (r.status != 200)
        return {};
    m_token = r.json().value(QStringLiteral("token")).toString().toUtf8();
    return m_token;
}
