#include "accessgate.h"

#include "apicontext.h"
#include "authenticator.h"
#include "changelogstore.h"
#include "protocol.h"
#include "requestprincipal.h"
#include "responses.h"
#include "storeworker.h"

#include <QDateTime>

namespace {

enum class Access { Public, OptionalToken, Token };

bool startsWith(const std::string &text, std::string_view prefix)
{
    return text.compare(0, prefix.size(), prefix) == 0;
}

Access accessOf(const HttpRequest &head)
{
    if (head.path == "/api/auth/login" || head.path == "/api/auth/login/")
        return Access::Public;
    if (head.path == "/api" || startsWith(head.path, "/api/"))
        return Access::Token;
    if (head.path == "/health" || head.path == "/health/")
        return Access::OptionalToken;
    return Access::Public; // 404 whoever asks
}

bool isEventWrite(const HttpRequest &head)
{
    return (head.method == "POST" || head.method == "PUT")
           && (head.path == "/api/events" || startsWith(head.path, "/api/events/"));
}

} // namespace

namespace AccessGate {

void admit(ApiContext &context, const HttpRequest &head, AdmissionCallback done)
{
    Admission admission;
    admission.bodyLimit = isEventWrite(head) ? context.config.maxBodyBytes : smallBodyLimit;
    const Access access = accessOf(head);
    const std::optional<std::string> token = Authenticator::bearerToken(head);
    if (access == Access::Public || (access == Access::OptionalToken && !token)) {
        done(std::move(admission));
        return;
    }
    if (!token) {
        admission.refusal = Responses::error(401,
                                             Protocol::Error::unauthorized,
                                             "Missing bearer token: log in at POST "
                                             "/api/auth/login.");
        done(std::move(admission));
        return;
    }
    context.store.post([hash = Authenticator::tokenHash(*token),
                        access,
                        admission = std::move(admission),
                        done = std::move(done)](ChangeLogStore &store) mutable {
        // Asked again after a failed lookup: it may have failed because the
        // connection was lost on the way, and that is no reason to send the
        // client to log in.
        std::optional<Account> account;
        const bool reachable = store.available();
        if (reachable)
            account = store.accountForToken(hash, QDateTime::currentMSecsSinceEpoch());
        if (!account && access == Access::Token && (!reachable || !store.available())) {
            // The database is away: no reason to send the client to log in.
            admission.refusal = Authenticator::storeUnavailable();
        } else if (account) {
            auto principal = std::make_shared<RequestPrincipal>();
            principal->account = std::move(*account);
            principal->tokenHash = hash;
            admission.user = principal->account.username;
            admission.principal = std::move(principal);
        } else if (access == Access::Token) {
            admission.refusal = Responses::error(401,
                                                 Protocol::Error::unauthorized,
                                                 "The token is unknown, expired or revoked: "
                                                 "log in again.");
        }
        done(std::move(admission));
    });
}

} // namespace AccessGate
