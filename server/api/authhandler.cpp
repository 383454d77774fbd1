#include "authhandler.h"

#include "apicontext.h"
#include "authenticator.h"
#include "changelogstore.h"
#include "logtext.h"
#include "passwordhasher.h"
#include "passwordpool.h"
#include "protocol.h"
#include "requestprincipal.h"
#include "responses.h"
#include "servermetrics.h"
#include "storeworker.h"
#include "streamhub.h"
#include "strictjson.h"
#include "utf8.h"

#include <boost/asio/post.hpp>

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcAuth, "deltadesk.server.auth")

namespace {

constexpr size_t maxUsernameBytes = 256;

int64_t nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

HttpResponse retryLater(int status, const char *code, const std::string &message, int seconds)
{
    HttpResponse r = Responses::error(status, code, message);
    r.headers.emplace_back("Retry-After", std::to_string(seconds));
    return r;
}

} // namespace

AuthHandler::AuthHandler(ApiContext &context)
    : m_context(context)
{}

void AuthHandler::login(HttpRequest request, Responder responder)
{
    const auto badRequest = [&responder](const std::string &why) {
        responder(Responses::error(400,
                                   Protocol::Error::badRequest,
                                   why + " Send {\"username\": \"...\", \"password\": \"...\"}."));
    };
    if (const std::optional<StrictJson::Problem> bad = StrictJson::check(request.body, 4)) {
        badRequest(bad->message);
        return;
    }
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(request.body));
    const QJsonObject body = doc.object();
    const QJsonValue username = body.value(QStringLiteral("username"));
    const QJsonValue password = body.value(QStringLiteral("password"));
    if (!doc.isObject() || !username.isString() || !password.isString()
        || username.toString().isEmpty()) {
        badRequest("The body is not a login.");
        return;
    }
    auto attempt = std::make_shared<Attempt>();
    attempt->username = username.toString().toStdString();
    attempt->password = password.toString().toStdString();
    attempt->addressKey = request.remoteKey;
    attempt->address = request.remoteAddress;
    if (attempt->username.size() > maxUsernameBytes) {
        badRequest("The username is longer than " + std::to_string(maxUsernameBytes) + " bytes.");
        return;
    }
    // No account has one (user add refuses them), and a NUL would cut the
    // name short in libpq: "admin\u0000x" must not be a fresh throttle key
    // for the account admin.
    if (Utf8::hasControlCharacter(attempt->username)) {
        badRequest("The username holds a control character.");
        return;
    }
    const bool throttled = m_context.config.loginThrottle;
    const int64_t now = nowMs();
    if (const int wait
        = throttled ? m_limiter.retryAfterSeconds(attempt->username, attempt->addressKey, now) : 0) {
        HttpResponse refusal = retryLater(429,
                                          Protocol::Error::tooManyRequests,
                                          "Too many logins for this account from your address; "
                                          "try again in "
                                              + std::to_string(wait) + " s.",
                                          wait);
        refusal.logUser = attempt->username;
        ServerMetrics::instance().countLogin(ServerMetrics::Login::Throttled);
        responder(std::move(refusal));
        return;
    }
    if (throttled)
        m_limiter.recordAttempt(attempt->username, attempt->addressKey, now);
    attempt->responder = std::move(responder);
    m_context.store.post([this, attempt](ChangeLogStore &store) {
        std::optional<Account> account;
        const bool reachable = store.available();
        if (reachable)
            account = store.account(attempt->username);
        if (!account && (!reachable || !store.available())) {
            // Not a failed login: the database is away (a shared PostgreSQL).
            boost::asio::post(m_context.io, [this, attempt] {
                finishUndecided(attempt, Authenticator::storeUnavailable());
            });
            return;
        }
        lookUp(attempt, std::move(account));
    });
}

void AuthHandler::lookUp(std::shared_ptr<Attempt> attempt, std::optional<Account> account)
{
    const bool queued = m_context.passwords.tryPost(
        [this, attempt, account = std::move(account)] { verify(attempt, account); });
    if (!queued) {
        boost::asio::post(m_context.io, [this, attempt] {
            finishUndecided(attempt,
                            retryLater(503,
                                       Protocol::Error::unavailable,
                                       "The server is busy with other logins; try again.",
                                       1));
        });
    }
}

void AuthHandler::verify(std::shared_ptr<Attempt> attempt, std::optional<Account> account)
{
    // The same derivation whether or not the username exists: an unknown
    // name must not answer faster than a wrong password.
    const Account &checked = account ? *account : PasswordHasher::dummyAccount();
    QElapsedTimer timer;
    timer.start();
    const bool matches = PasswordHasher::verify(checked, attempt->password);
    qCDebug(lcAuth) << "password check: account" << (account ? "known" : "unknown") << "rounds"
                    << checked.iterations << "in" << timer.elapsed() << "ms";
    if (!account || !matches || account->disabled) {
        const bool disabled = account && matches && account->disabled;
        boost::asio::post(m_context.io, [this, attempt, disabled] {
            finishFailed(attempt,
                         401,
                         disabled ? "This account is disabled; ask an administrator."
                                  : "Wrong username or password.");
        });
        return;
    }
    m_context.store.post([this, attempt, account = std::move(*account)](ChangeLogStore &store) {
        issueToken(attempt, account, store);
    });
}

void AuthHandler::issueToken(std::shared_ptr<Attempt> attempt,
                             const Account &account,
                             ChangeLogStore &store)
{
    const int64_t now = nowMs();
    const std::string token = Authenticator::newToken();
    const int64_t expires = now + int64_t(m_context.config.tokenTtlHours * 3600.0 * 1000.0);
    const std::optional<std::vector<std::string>> revoked
        = store.issueToken(Authenticator::tokenHash(token),
                           account.username,
                           expires,
                           now,
                           m_context.config.maxTokensPerUser);
    if (!revoked) {
        HttpResponse failure = Authenticator::unlessStoreUnavailable(store,
                                                                     Responses::internalError(
                                                                         "token write: "
                                                                         + store.lastError()));
        boost::asio::post(m_context.io, [this, attempt, failure = std::move(failure)]() mutable {
            finishUndecided(attempt, std::move(failure));
        });
        return;
    }
    HttpResponse response
        = Responses::json(200,
                          QJsonObject{{QStringLiteral("token"), QString::fromStdString(token)},
                                      {QStringLiteral("expiresAt"),
                                       Protocol::formatTimestamp(
                                           QDateTime::fromMSecsSinceEpoch(expires, Qt::UTC))},
                                      {QStringLiteral("user"), Authenticator::userJson(account)}});
    boost::asio::post(m_context.io,
                      [this, attempt, response = std::move(response), revoked]() mutable {
                          finishSucceeded(attempt, std::move(response), *revoked);
                      });
}

void AuthHandler::finishFailed(std::shared_ptr<Attempt> attempt,
                               int status,
                               const std::string &message)
{
    // The attempt already counts as a failure; its delay runs from now. The
    // username is the client's text: escaped and cut, so it cannot forge or
    // flood lines.
    if (m_context.config.loginThrottle)
        m_limiter.recordFailureAnswered(attempt->username, attempt->addressKey, nowMs());
    qCInfo(lcAuth).noquote() << "failed login for" << LogText::escaped(attempt->username).c_str()
                             << "from" << attempt->address.c_str();
    HttpResponse response = Responses::error(status, Protocol::Error::unauthorized, message);
    response.logUser = attempt->username;
    ServerMetrics::instance().countLogin(ServerMetrics::Login::Failed);
    attempt->responder(std::move(response));
}

void AuthHandler::finishUndecided(std::shared_ptr<Attempt> attempt, HttpResponse response)
{
    if (m_context.config.loginThrottle)
        m_limiter.recordUndecided(attempt->username, attempt->addressKey);
    response.logUser = attempt->username;
    ServerMetrics::instance().countLogin(ServerMetrics::Login::Busy);
    attempt->responder(std::move(response));
}

void AuthHandler::finishSucceeded(std::shared_ptr<Attempt> attempt,
                                  HttpResponse response,
                                  const std::vector<std::string> &revokedTokens)
{
    if (m_context.config.loginThrottle)
        m_limiter.recordSuccess(attempt->username, attempt->addressKey, nowMs());
    // Past the per-user bound the oldest tokens went; their streams end.
    for (const std::string &hash : revokedTokens)
        m_context.hub.revoke(hash);
    response.logUser = attempt->username;
    ServerMetrics::instance().countLogin(ServerMetrics::Login::Succeeded);
    attempt->responder(std::move(response));
}

void AuthHandler::logout(HttpRequest request, Responder responder)
{
    if (!Authenticator::requirePermission(request, {}, responder))
        return;
    ApiContext &context = m_context;
    const std::string hash = request.principal->tokenHash;
    Authenticator::runAuthorized(m_context,
                                 std::move(request),
                                 std::move(responder),
                                 {},
                                 [&context, hash](ChangeLogStore &store, const Account &) {
                                     if (!store.deleteToken(hash))
                                         return Responses::internalError("token delete: "
                                                                         + store.lastError());
                                     // Streams opened with the token end too.
                                     boost::asio::post(context.io, [&hub = context.hub, hash] {
                                         hub.revoke(hash);
                                     });
                                     return Responses::noContent();
                                 });
}
