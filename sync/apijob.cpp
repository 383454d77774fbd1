#include "apijob.h"

#include "gzipdecoder.h"

#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

Q_LOGGING_CATEGORY(lcApi, "deltadesk.sync.api")

namespace {
ApiError errorForStatus(int status)
{
    switch (status) {
    case 400:
    case 413:
    case 422:
        return ApiError::Validation;
    case 401:
        return ApiError::Unauthorized;
    case 403:
        return ApiError::Forbidden;
    case 404:
        return ApiError::NotFound;
    case 410:
        return ApiError::CursorExpired;
    case 412:
        return ApiError::PreconditionFailed;
    case 429:
        return ApiError::TooManyRequests;
    default:
        return ApiError::Server;
    }
}
} // namespace

ApiJob::ApiJob(QNetworkAccessManager *nam,
               const QByteArray &verb,
               const QNetworkRequest &request,
               const QByteArray &body,
               QObject *parent)
    : QObject(parent)
    , m_nam(nam)
    , m_verb(verb)
    , m_request(request)
    , m_requestBody(body)
{
    // Asking for gzip ourselves turns off QNAM's transparent inflate, so the
    // compressed size on the wire can be counted.
    m_request.setRawHeader("Accept-Encoding", "gzip");
}

ApiJob::~ApiJob()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

void ApiJob::setTimeout(int ms)
{
    m_timeoutMs = ms;
}

void ApiJob::start()
{
    if (m_started)
        return;
    m_started = true;
    m_timer = new QTimer(this);
    m_timer->setSingleShot(true);
    m_timer->setInterval(m_timeoutMs);
    connect(m_timer, &QTimer::timeout, this, &ApiJob::onTimeout);

    m_reply = m_nam->sendCustomRequest(m_request, m_verb, m_requestBody);
    QNetworkReply *reply = m_reply;
    connect(reply, &QNetworkReply::readyRead, this, &ApiJob::onReadyRead);
    connect(reply, &QNetworkReply::finished, this, &ApiJob::onReplyFinished);
    connect(reply, &QNetworkReply::metaDataChanged, this, [this] {
        addHeaderBytes();
        m_timer->start();
    });
    connect(reply, &QNetworkReply::uploadProgress, m_timer, [this] { m_timer->start(); });
    m_timer->start();
}

void ApiJob::abort()
{
    if (m_finished)
        return;
    setError(ApiError::Aborted, tr("The request was cancelled."));
    if (m_reply)
        m_reply->abort(); // finished() follows
    else
        finish();
}

void ApiJob::onTimeout()
{
    setError(ApiError::Timeout,
             tr("The server did not answer within %1 seconds.").arg(m_timeoutMs / 1000.0));
    if (m_reply)
        m_reply->abort();
}

void ApiJob::addHeaderBytes()
{
    if (m_headersCounted || !m_reply)
        return;
    m_headersCounted = true;
    qint64 bytes = 17 + 2; // "HTTP/1.1 200 OK\r\n" and the blank line
    for (const auto &pair : m_reply->rawHeaderPairs())
        bytes += pair.first.size() + pair.second.size() + 4;
    m_wireBytes += bytes;
}

void ApiJob::onReadyRead()
{
    if (!m_reply)
        return;
    m_timer->start();
    addHeaderBytes();
    if (!m_gzipChecked) {
        m_gzipChecked = true;
        if (m_reply->rawHeader("Content-Encoding").trimmed().toLower() == "gzip")
            m_gzip = std::make_unique<GzipDecoder>();
    }
    const QByteArray chunk = m_reply->readAll();
    m_wireBytes += chunk.size();
    if (m_gzip) {
        if (!m_gzip->feed(chunk, m_body) && m_error == ApiError::NoError) {
            setError(ApiError::InvalidData, tr("The server sent a corrupt compressed response."));
            m_reply->abort();
            return;
        }
    } else {
        m_body.append(chunk);
    }
    emit bytesReceived(m_wireBytes, m_body.size());
}

void ApiJob::onReplyFinished()
{
    if (!m_reply)
        return;
    m_timer->stop();
    QNetworkReply *reply = m_reply;
    if (m_error == ApiError::NoError)
        onReadyRead();
    m_httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    for (const auto &pair : reply->rawHeaderPairs())
        m_responseHeaders.insert(pair.first.toLower(), pair.second);
    const QNetworkReply::NetworkError netError = reply->error();
    const QString netErrorString = reply->errorString();
    reply->disconnect(this);
    reply->deleteLater();
    m_reply = nullptr;

    if (m_error != ApiError::NoError) {
        finish(); // timeout, abort or corrupt gzip already set
        return;
    }
    const bool httpError = m_httpStatus >= 300;
    if (m_httpStatus == 0 || (netError != QNetworkReply::NoError && !httpError)) {
        setError(ApiError::Network, tr("Network error: %1").arg(netErrorString));
        finish();
        return;
    }
    if (m_gzip && !m_gzip->isComplete()) {
        setError(ApiError::Network, tr("The compressed response was cut short."));
        finish();
        return;
    }
    if (!m_body.isEmpty()) {
        QJsonParseError parseError;
        m_json = QJsonDocument::fromJson(m_body, &parseError);
        if (parseError.error != QJsonParseError::NoError && !httpError) {
            setError(ApiError::InvalidData,
                     tr("The server sent data that is not valid JSON (%1).")
                         .arg(parseError.errorString()));
            finish();
            return;
        }
    }
    if (httpError) {
        const QString message = m_json.object().value(QLatin1String("message")).toString();
        const QString fallback
            = tr("The server answered %1 %2.")
                  .arg(m_httpStatus)
                  .arg(reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString());
        setError(errorForStatus(m_httpStatus), message.isEmpty() ? fallback : message);
        parseErrorBody();
        finish();
        return;
    }
    parseResult();
    finish();
}

void ApiJob::setError(ApiError error, const QString &message)
{
    if (m_error != ApiError::NoError && error != ApiError::NoError)
        return; // the first cause wins
    m_error = error;
    m_errorString = message;
}

void ApiJob::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    if (m_error != ApiError::NoError)
        qCDebug(lcApi) << m_verb << m_request.url().path() << ApiErrors::name(m_error)
                       << m_errorString;
    emit finished(this);
    if (m_autoDelete)
        deleteLater();
}

QByteArray ApiJob::rawHeader(const QByteArray &name) const
{
    return m_responseHeaders.value(name.toLower());
}

int ApiJob::retryAfterSeconds() const
{
    bool ok = false;
    const int seconds = rawHeader("Retry-After").toInt(&ok);
    return ok ? seconds : -1;
}
