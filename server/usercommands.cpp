#include "usercommands.h"

#include "changelogstore.h"
#include "demodata.h"
#include "passwordhasher.h"
#include "storebackend.h"
#include "utf8.h"

#include <QDateTime>

#include <cstdio>

namespace {

// The store of --data-dir or --database; null after saying why on stderr.
std::unique_ptr<ChangeLogStore> openStore(const ServerConfig &config)
{
    std::string error;
    const std::unique_ptr<StoreBackend> backend = StoreBackend::create(config, &error);
    std::unique_ptr<ChangeLogStore> store = backend ? backend->open(&error) : nullptr;
    if (!store)
        std::fprintf(stderr, "deltadesk-server: %s\n", error.c_str());
    return store;
}

bool isUsablePassword(const std::string &password)
{
    if (password.empty())
        std::fprintf(stderr, "deltadesk-server: empty password on stdin\n");
    return !password.empty();
}

} // namespace

namespace UserCommands {

int add(const ServerConfig &config,
        const std::string &name,
        const std::string &role,
        const std::string &password)
{
    if (DemoData::permissionsForRole(QString::fromStdString(role)).isEmpty()) {
        std::fprintf(stderr, "deltadesk-server: unknown role '%s'\n", role.c_str());
        return 2;
    }
    // Logins refuse such names, so such an account could never log in.
    if (!Utf8::isValid(name) || Utf8::hasControlCharacter(name)) {
        std::fprintf(stderr, "deltadesk-server: a user name is UTF-8 without control characters\n");
        return 2;
    }
    if (!isUsablePassword(password))
        return 2;
    const std::unique_ptr<ChangeLogStore> opened = openStore(config);
    if (!opened)
        return 1;
    ChangeLogStore &store = *opened;
    const bool existed = store.account(name).has_value();
    // An existing account gets a new password: its sessions end with it.
    if (!store.addAccount(PasswordHasher::makeAccount(name, name, role, password))
        || (existed && store.revokeTokens(name) < 0)) {
        std::fprintf(stderr, "deltadesk-server: %s\n", store.lastError().c_str());
        return 1;
    }
    std::fprintf(stderr, "user %s (%s) saved\n", name.c_str(), role.c_str());
    return 0;
}

int setPassword(const ServerConfig &config, const std::string &name, const std::string &password)
{
    if (!isUsablePassword(password))
        return 2;
    const std::unique_ptr<ChangeLogStore> opened = openStore(config);
    if (!opened)
        return 1;
    ChangeLogStore &store = *opened;
    const std::optional<Account> account = store.account(name);
    if (!account) {
        std::fprintf(stderr, "deltadesk-server: no user '%s'\n", name.c_str());
        return 1;
    }
    const int changed = store.setPassword(
        PasswordHasher::makeAccount(name, account->name, account->role, password));
    const int revoked = changed > 0 ? store.revokeTokens(name) : -1;
    if (revoked < 0) {
        std::fprintf(stderr, "deltadesk-server: %s\n", store.lastError().c_str());
        return 1;
    }
    // A running server ends the revoked tokens' streams within a heartbeat.
    std::fprintf(stderr, "password of %s changed; %d session(s) ended\n", name.c_str(), revoked);
    return 0;
}

int setDisabled(const ServerConfig &config, const std::string &name, bool disabled)
{
    const std::unique_ptr<ChangeLogStore> opened = openStore(config);
    if (!opened)
        return 1;
    ChangeLogStore &store = *opened;
    const int changed = store.setDisabled(name, disabled);
    if (changed == 0) {
        std::fprintf(stderr, "deltadesk-server: no user '%s'\n", name.c_str());
        return 1;
    }
    const int revoked = changed > 0 && disabled ? store.revokeTokens(name) : 0;
    if (changed < 0 || revoked < 0) {
        std::fprintf(stderr, "deltadesk-server: %s\n", store.lastError().c_str());
        return 1;
    }
    if (disabled)
        std::fprintf(stderr, "user %s disabled; %d session(s) ended\n", name.c_str(), revoked);
    else
        std::fprintf(stderr, "user %s enabled\n", name.c_str());
    return 0;
}

int list(const ServerConfig &config)
{
    const std::unique_ptr<ChangeLogStore> opened = openStore(config);
    if (!opened)
        return 1;
    ChangeLogStore &store = *opened;
    const std::optional<std::vector<AccountSummary>> accounts = store.accounts(
        QDateTime::currentMSecsSinceEpoch());
    if (!accounts) {
        std::fprintf(stderr, "deltadesk-server: %s\n", store.lastError().c_str());
        return 1;
    }
    // One account a line, tab-separated: easy to read and to cut(1).
    std::printf("USER\tROLE\tSTATUS\tSESSIONS\tNAME\n");
    for (const AccountSummary &a : *accounts) {
        std::printf("%s\t%s\t%s\t%d\t%s\n",
                    a.username.c_str(),
                    a.role.c_str(),
                    a.disabled ? "disabled" : "active",
                    a.liveTokens,
                    a.name.c_str());
    }
    return 0;
}

} // namespace UserCommands
