#include "apiclient.h"

#include "protocol.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>

ApiClient::ApiClient(QObject *parent)
    : QObject(parent)
    , m_nam(new QNetworkAccessManager(this))
{
    qRegisterMetaType<ApiError>();
    // Every reply is told apart by its own job; no HTTP cache or cookies.
    m_nam->setRedirectPolicy(QNetworkRequest::NoLessSafeRedirectPolicy);
}

ApiClient::~ApiClient() = default;

void ApiClient::setBaseUrl(const QUrl &url)
{
    m_baseUrl = url;
}

void ApiClient::setToken(const QByteArray &token)
{
    m_token = token;
}

QUrl ApiClient::url(const QString &path, const QUrlQuery &query) const
{
    QUrl url = m_baseUrl;
    QString basePath = url.path();
    if (basePath.endsWith(QLatin1Char('/')))
        basePath.chop(1);
    url.setPath(basePath + path);
    if (!query.isEmpty())
        url.setQuery(query);
    return url;
}

QNetworkRequest ApiClient::request(const QUrl &url) const
{
    QNetworkRequest req(url);
    req.setRawHeader("Accept", "application/json");
    if (!m_token.isEmpty())
        req.setRawHeader("Authorization", "Bearer " + m_token);
    return req;
}

template<typename Job>
Job *ApiClient::send(const QByteArray &verb, const QNetworkRequest &req, const QByteArray &body)
{
    auto *job = new Job(m_nam, verb, req, body, this);
    job->setTimeout(m_timeoutMs);
    connect(job, &ApiJob::finished, this, [this](ApiJob *finished) {
        if (finished->error() == ApiError::Unauthorized && !qobject_cast<LoginJob *>(finished))
            emit authenticationFailed(finished->error(), finished->errorString());
    });
    job->start();
    return job;
}

LoginJob *ApiClient::login(const QString &user, const QString &password)
{
    QNetworkRequest req = request(url(QStringLiteral("/api/auth/login")));
    req.setRawHeader("Authorization", QByteArray()); // never send an old token with credentials
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    const QJsonObject body{{QStringLiteral("username"), user},
                           {QStringLiteral("password"), password}};
    return send<LoginJob>("POST", req, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

ApiJob *ApiClient::logout()
{
    QNetworkRequest req = request(url(QStringLiteral("/api/auth/logout")));
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    return send<ApiJob>("POST", req, QByteArrayLiteral("{}"));
}

WriteJob *ApiClient::createEvent(const QJsonObject &fields)
{
    QNetworkRequest req = request(url(QStringLiteral("/api/events")));
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    return send<WriteJob>("POST", req, QJsonDocument(fields).toJson(QJsonDocument::Compact));
}

WriteJob *ApiClient::updateEvent(const QString &id, qint64 ifMatchVersion, const QJsonObject &fields)
{
    QNetworkRequest req = request(
        url(QStringLiteral("/api/events/") + QString::fromLatin1(QUrl::toPercentEncoding(id))));
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    req.setRawHeader("If-Match", QByteArray::number(ifMatchVersion));
    return send<WriteJob>("PUT", req, QJsonDocument(fields).toJson(QJsonDocument::Compact));
}

WriteJob *ApiClient::deleteEvent(const QString &id, qint64 ifMatchVersion)
{
    QNetworkRequest req = request(
        url(QStringLiteral("/api/events/") + QString::fromLatin1(QUrl::toPercentEncoding(id))));
    req.setRawHeader("If-Match", QByteArray::number(ifMatchVersion));
    return send<WriteJob>("DELETE", req);
}

ApiJob *ApiClient::fetchCollection(const QString &collection, const QUrlQuery &query)
{
    return send<ApiJob>("GET", request(url(QStringLiteral("/api/") + collection, query)));
}

ApiJob *ApiClient::health()
{
    return send<ApiJob>("GET", request(url(QStringLiteral("/health"))));
}

QNetworkRequest ApiClient::streamRequest(const QStringList &collections,
                                         const QString &lastEventId) const
{
    QUrlQuery query;
    if (!collections.isEmpty())
        query.addQueryItem(QStringLiteral("collections"), collections.join(QLatin1Char(',')));
    QNetworkRequest req = request(url(QStringLiteral("/api/sync/stream"), query));
    req.setRawHeader("Accept", "text/event-stream");
    req.setRawHeader("Cache-Control", "no-cache");
    if (!lastEventId.isEmpty())
        req.setRawHeader(Protocol::lastEventIdHeader, lastEventId.toUtf8());
    // The stream is long-lived: no transfer timeout, our watchdog decides.
    req.setTransferTimeout(0);
    return req;
}
