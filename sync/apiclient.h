#pragma once

// The client side of docs/protocol.md over one QNetworkAccessManager. Every call
// returns a job that has already been started; jobs delete themselves after
// finished().

#include "apijob.h"
#include "loginjob.h"
#include "writejob.h"

#include <QByteArray>
#include <QJsonObject>
#include <QObject>
#include <QUrl>
#include <QUrlQuery>

class QNetworkAccessManager;

class ApiClient : public QObject
{
    Q_OBJECT
public:
    explicit ApiClient(QObject *parent = nullptr);
    ~ApiClient() override;

    void setBaseUrl(const QUrl &url);
    QUrl baseUrl() const { return m_baseUrl; }
    void setToken(const QByteArray &token);
    QByteArray token() const { return m_token; }
    // Idle timeout of the jobs created from now on (ms).
    void setTimeout(int ms) { m_timeoutMs = ms; }
    int timeout() const { return m_timeoutMs; }

    LoginJob *login(const QString &user, const QString &password);
    ApiJob *logout(); // POST /api/auth/logout
    WriteJob *createEvent(const QJsonObject &fields);
    WriteJob *updateEvent(const QString &id, qint64 ifMatchVersion, const QJsonObject &fields);
    WriteJob *deleteEvent(const QString &id, qint64 ifMatchVersion);

    // GET /api/<collection>?<query>; the caller reads json().
    ApiJob *fetchCollection(const QString &collection, const QUrlQuery &query);
    ApiJob *health();

    // A request for the live stream (the EventStreamClient owns its reply).
    QNetworkRequest streamRequest(const QStringList &collections, const QString &lastEventId) const;
    QNetworkAccessManager *networkAccessManager() const { return m_nam; }
    QUrl url(const QString &path, const QUrlQuery &query = {}) const;

signals:
    // Any job answered 401/403 (the engine clears the token and asks for login).
    void authenticationFailed(ApiError error, const QString &message);

private:
    QNetworkRequest request(const QUrl &url) const;
    template<typename Job>
    Job *send(const QByteArray &verb, const QNetworkRequest &req, const QByteArray &body = {});

    QNetworkAccessManager *m_nam;
    QUrl m_baseUrl;
    QByteArray m_token;
    int m_timeoutMs = 30000;
};
