#include "authenticator.h"

#include "apicontext.h"
#include "changelogstore.h"
#include "compressor.h"
#include "demodata.h"
#include "protocol.h"
#include "requestprincipal.h"
#include "responses.h"
#include "storeworker.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>
#include <QRandomGenerator>

namespace Authenticator {

std::string newToken()
{
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()),
                                          bytes.size() / int(sizeof(quint32)));
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)
        .toStdString();
}

std::string tokenHash(const std::string &token)
{
    return QCryptographicHash::hash(QByteArray::fromStdString(token), QCryptographicHash::Sha256)
        .toHex()
        .toStdString();
}

std::optional<std::string> bearerToken(const HttpRequest &request)
{
    const std::string value = request.header("authorization");
    constexpr std::string_view scheme = "bearer ";
    if (value.size() <= scheme.size())
        return std::nullopt;
    for (size_t i = 0; i < scheme.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(value[i])) != scheme[i])
            return std::nullopt;
    }
    std::string token = value.substr(scheme.size());
    while (!token.empty() && token.back() == ' ')
        token.pop_back();
    if (token.empty() || token.size() > 256)
        return std::nullopt;
    return token;
}

QStringList permissions(const Account &account)
{
    return DemoData::permissionsForRole(QString::fromStdString(account.role));
}

bool hasPermission(const Account &account, const QString &permission)
{
    return permission.isEmpty() || permissions(account).contains(permission);
}

QJsonObject userJson(const Account &account)
{
    return {{QStringLiteral("username"), QString::fromStdString(account.username)},
            {QStringLiteral("name"), QString::fromStdString(account.name)},
            {QStringLiteral("role"), QString::fromStdString(account.role)},
            {QStringLiteral("permissions"), QJsonArray::fromStringList(permissions(account))}};
}

const Account *requirePermission(const HttpRequest &request,
                                 const QString &permission,
                                 const Responder &responder)
{
    if (!request.principal) {
        // The gate admits /api/ requests only with a token; this is a route
        // wired without it.
        responder(Responses::error(401,
                                   Protocol::Error::unauthorized,
                                   "Missing bearer token: log in at POST /api/auth/login."));
        return nullptr;
    }
    const Account &account = request.principal->account;
    if (!hasPermission(account, permission)) {
        responder(
            Responses::error(403,
                             Protocol::Error::forbidden,
                             "Your role lacks the permission " + permission.toStdString() + "."));
        return nullptr;
    }
    return &account;
}

HttpResponse storeUnavailable()
{
    HttpResponse response = Responses::error(503,
                                             Protocol::Error::unavailable,
                                             "The server cannot reach its database; retry "
                                             "shortly.");
    response.headers.emplace_back("Retry-After", "2");
    return response;
}

HttpResponse unlessStoreUnavailable(ChangeLogStore &store, HttpResponse failure)
{
    const bool suspect = failure.status == 401 || failure.status >= 500;
    return suspect && !store.available() ? storeUnavailable() : std::move(failure);
}

void runAuthorized(ApiContext &context,
                   HttpRequest request,
                   Responder responder,
                   const QString &permission,
                   AuthorizedJob job)
{
    const Account *account = requirePermission(request, permission, responder);
    if (!account)
        return;
    context.store.post([&compressor = context.compressor,
                        account = *account,
                        acceptsGzip = request.acceptsGzip(),
                        responder = std::move(responder),
                        job = std::move(job)](ChangeLogStore &store) mutable {
        HttpResponse response = store.available() ? job(store, account) : storeUnavailable();
        response = unlessStoreUnavailable(store, std::move(response));
        std::function<void()> after = std::move(response.afterResponding);
        response.afterResponding = nullptr;
        if (Responses::isLargeForGzip(response, acceptsGzip)) {
            compressor.post(
                [response = std::move(response), responder = std::move(responder)]() mutable {
                    Responses::gzipIfAccepted(response, true);
                    responder(std::move(response));
                });
        } else {
            Responses::gzipIfAccepted(response, acceptsGzip);
            responder(std::move(response));
        }
        // Still on the store thread, in job order: what follows a write's
        // answer (its fan-out) is posted in commit order, i.e. seq order.
        if (after)
            after();
    });
}

} // namespace Authenticator
