#include "authhandler.h"

#include "apicontext.h"
#include "authenticator.h"
#include "changelogstore.h"
#include "passwordhasher.h"
#include "protocol.h"
#include "responses.h"
#include "storeworker.h"
#include "streamhub.h"

#include <boost/asio/post.hpp>

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcAuth, "deltadesk.server.auth")

AuthHandler::AuthHandler(ApiContext &context)
    : m_context(context)
{}

void AuthHandler::login(HttpRequest request, Responder responder)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(request.body),
                                                      &parseError);
    const QJsonObject body = doc.object();
    const QJsonValue username = body.value(QStringLiteral("username"));
    const QJsonValue password = body.value(QStringLiteral("password"));
    if (parseError.error != QJsonParseError::NoError || !doc.isObject() || !username.isString()
        || !password.isString() || username.toString().isEmpty()) {
        responder(Responses::error(400,
                                   Protocol::Error::badRequest,
                                   "Send {\"username\": \"...\", \"password\": \"...\"}."));
        return;
    }
    const double ttlMs = m_context.config.tokenTtlHours * 3600.0 * 1000.0;
    m_context.store.post([limiter = m_limiter,
                          user = username.toString().toStdString(),
                          pass = password.toString().toStdString(),
                          address = request.remoteAddress,
                          ttlMs,
                          responder = std::move(responder)](ChangeLogStore &store) {
        const int64_t now = QDateTime::currentMSecsSinceEpoch();
        if (const int wait = limiter->retryAfterSeconds(user, address, now)) {
            HttpResponse r = Responses::error(429,
                                              Protocol::Error::tooManyRequests,
                                              "Too many failed logins; try again in "
                                                  + std::to_string(wait) + " s.");
            r.headers.emplace_back("Retry-After", std::to_string(wait));
            responder(std::move(r));
            return;
        }
        if (!store.available()) {
            responder(Authenticator::storeUnavailable());
            return;
        }
        const std::optional<Account> account = store.account(user);
        if (!account && !store.available()) {
            responder(Authenticator::storeUnavailable());
            return;
        }
        if (!account || !PasswordHasher::verify(*account, pass)) {
            limiter->recordFailure(user, address, now);
            qCInfo(lcAuth) << "failed login for" << user.c_str() << "from" << address.c_str();
            responder(
                Responses::error(401, Protocol::Error::unauthorized, "Wrong username or password."));
            return;
        }
        limiter->recordSuccess(user);
        store.purgeExpiredTokens(now);
        const std::string token = Authenticator::newToken();
        const int64_t expires = now + int64_t(ttlMs);
        if (!store.insertToken(Authenticator::tokenHash(token), user, expires)) {
            responder(Authenticator::unlessStoreUnavailable(
                store,
                Responses::error(500, Protocol::Error::internal, "Could not store the token.")));
            return;
        }
        responder(
            Responses::json(200,
                            QJsonObject{{QStringLiteral("token"), QString::fromStdString(token)},
                                        {QStringLiteral("expiresAt"),
                                         Protocol::formatTimestamp(
                                             QDateTime::fromMSecsSinceEpoch(expires, Qt::UTC))},
                                        {QStringLiteral("user"),
                                         Authenticator::userJson(*account)}}));
    });
}

void AuthHandler::logout(HttpRequest request, Responder responder)
{
    const std::optional<std::string> token = Authenticator::bearerToken(request);
    ApiContext &context = m_context;
    Authenticator::runAuthorized(m_context,
                                 std::move(request),
                                 std::move(responder),
                                 {},
                                 [&context, token](ChangeLogStore &store, const Account &) {
                                     const std::string hash = Authenticator::tokenHash(*token);
                                     if (!store.deleteToken(hash))
                                         return Responses::error(500,
                                                                 Protocol::Error::internal,
                                                                 "Could not revoke the token.");
                                     // Streams opened with the token end too.
                                     boost::asio::post(context.io, [&hub = context.hub, hash] {
                                         hub.revoke(hash);
                                     });
                                     return Responses::noContent();
                                 });
}
