#pragma once

// One HTTP request as a job: start() returns at once, finished() comes once,
// then the job deletes itself. The job asks for gzip itself and inflates the
// body with zlib, so it can report the honest bytes on the wire beside the
// decoded size.

#include "apierror.h"

#include <QByteArray>
#include <QHash>
#include <QJsonDocument>
#include <QNetworkRequest>
#include <QObject>
#include <QPointer>

#include <memory>

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;
class GzipDecoder;

class ApiJob : public QObject
{
    Q_OBJECT
public:
    ApiJob(QNetworkAccessManager *nam,
           const QByteArray &verb,
           const QNetworkRequest &request,
           const QByteArray &body = {},
           QObject *parent = nullptr);
    ~ApiJob() override;

    // Idle timeout: the job fails with Timeout when no byte arrives for this
    // long (re-armed on every chunk, so a slow but live body is fine).
    void setTimeout(int ms);
    int timeout() const { return m_timeoutMs; }
    // false: the job stays alive after finished() (tests, benchmarks).
    void setAutoDelete(bool autoDelete) { m_autoDelete = autoDelete; }

    void start();
    void abort();
    bool isFinished() const { return m_finished; }

    ApiError error() const { return m_error; }
    QString errorString() const { return m_errorString; }
    int httpStatus() const { return m_httpStatus; }

    // The decoded body and, when it parsed, its JSON.
    QByteArray body() const { return m_body; }
    QJsonDocument json() const { return m_json; }
    QByteArray rawHeader(const QByteArray &name) const;
    // Bytes as received (status line, headers, compressed body) and the body
    // after inflating.
    qint64 wireBytes() const { return m_wireBytes; }
    qint64 decodedBytes() const { return m_body.size(); }
    // Seconds the server asked to wait (Retry-After), -1 when absent.
    int retryAfterSeconds() const;

signals:
    void finished(ApiJob *job);
    void bytesReceived(qint64 wireBytes, qint64 decodedBytes);

protected:
    // Called on a 2xx whose body parsed as JSON (or was empty); subclasses
    // read their fields and may call setError(InvalidData, ...).
    virtual void parseResult() {}
    // Called for an error status; subclasses may keep the body (WriteJob's
    // 412 carries the current document).
    virtual void parseErrorBody() {}
    void setError(ApiError error, const QString &message);

private:
    void onReadyRead();
    void onReplyFinished();
    void onTimeout();
    void finish();
    void addHeaderBytes();

    QNetworkAccessManager *m_nam;
    QByteArray m_verb;
    QNetworkRequest m_request;
    QByteArray m_requestBody;
    QPointer<QNetworkReply> m_reply;
    QTimer *m_timer = nullptr;
    std::unique_ptr<GzipDecoder> m_gzip;
    bool m_gzipChecked = false;
    bool m_headersCounted = false;
    bool m_autoDelete = true;
    bool m_finished = false;
    bool m_started = false;
    int m_timeoutMs = 30000;
    ApiError m_error = ApiError::NoError;
    QString m_errorString;
    int m_httpStatus = 0;
    QByteArray m_body;
    QJsonDocument m_json;
    qint64 m_wireBytes = 0;
    QHash<QByteArray, QByteArray> m_responseHeaders; // lower-case names
};
