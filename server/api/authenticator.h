#pragma once

// Bearer tokens and permissions. Tokens are 32 random bytes in base64url;
// the store keeps only their SHA-256. The access gate resolves a request's
// token before its body is read (HttpRequest::principal); handlers check the
// permission (403) before anything else of theirs.

#include "httptypes.h"
#include "storetypes.h"

#include <QJsonObject>
#include <QStringList>

#include <functional>
#include <optional>
#include <string>

class ChangeLogStore;
struct ApiContext;

namespace Authenticator {

std::string newToken();
std::string tokenHash(const std::string &token);
std::optional<std::string> bearerToken(const HttpRequest &request);

QStringList permissions(const Account &account);
bool hasPermission(const Account &account, const QString &permission);
// The login response's "user": username, name, role, permissions.
QJsonObject userJson(const Account &account);

// The account that sent the request, when it holds the permission (empty:
// any account); otherwise answers 401/403 and returns null.
const Account *requirePermission(const HttpRequest &request,
                                 const QString &permission,
                                 const Responder &responder);

// 503 with Retry-After: the store cannot reach its database right now.
HttpResponse storeUnavailable();
// The response to send instead of failure when the store lost its
// database (a failed token check is then no reason to log the client out).
HttpResponse unlessStoreUnavailable(ChangeLogStore &store, HttpResponse failure);

using AuthorizedJob = std::function<HttpResponse(ChangeLogStore &, const Account &)>;

// Runs job on the store thread for the request's account, and answers with
// what it returns (gzip'd when accepted, also off the I/O thread). The
// permission is checked first (see requirePermission).
void runAuthorized(ApiContext &context,
                   HttpRequest request,
                   Responder responder,
                   const QString &permission,
                   AuthorizedJob job);

} // namespace Authenticator
