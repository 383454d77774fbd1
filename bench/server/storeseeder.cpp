#include "storeseeder.h"

#include "authenticator.h"
#include "demodata.h"
#include "passwordhasher.h"
#include "sqlitechangelogstore.h"

#include <QDateTime>

#include <chrono>
#include <random>

namespace StoreSeeder {

Result seed(const std::string &dataDir, int events)
{
    Result result;
    const auto started = std::chrono::steady_clock::now();
    SqliteChangeLogStore store;
    if (!store.open(dataDir) || !store.isEmpty()) {
        result.error = store.lastError().empty() ? "data dir is not empty" : store.lastError();
        return result;
    }
    const int64_t now = QDateTime::currentMSecsSinceEpoch();
    if (!store.applyWrites(DemoData::seedCommands(QDateTime::fromMSecsSinceEpoch(now, Qt::UTC)),
                           now,
                           nullptr)) {
        result.error = "demo seed: " + store.lastError();
        return result;
    }
    for (const char *name : {"admin", "manager", "staff"}) {
        if (!store.addAccount(PasswordHasher::makeAccount(name, name, name, name))) {
            result.error = "account: " + store.lastError();
            return result;
        }
    }

    // The extra events, in transactions of a few thousand (one per batch
    // keeps the WAL small; one per event would measure fsync, not seeding).
    constexpr int batchSize = 5000;
    std::mt19937 rng(4242);
    int written = DemoData::eventCount;
    double bytes = 0;
    int measured = 0;
    while (written < events) {
        std::vector<WriteCommand> batch;
        const int count = std::min(batchSize, events - written);
        batch.reserve(size_t(count));
        for (int i = 0; i < count; ++i) {
            WriteCommand command;
            command.kind = WriteCommand::Kind::Insert;
            command.collection = "events";
            command.id = "e-bench-" + std::to_string(written + i + 1);
            command.fields = DemoData::eventFields(rng, written + i + 1);
            batch.push_back(std::move(command));
        }
        std::vector<WriteResult> results;
        if (!store.applyWrites(batch, now, &results)) {
            result.error = "event batch: " + store.lastError();
            return result;
        }
        for (size_t i = 0; i < results.size(); i += 97) {
            bytes += double(results[i].change.documentJson.size());
            ++measured;
        }
        written += count;
    }
    result.events = int(store.liveCount("events"));
    result.eventBytes = measured ? bytes / measured : 0;
    result.seconds
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    result.ok = true;
    return result;
}

std::vector<std::string> issueStreamTokens(const std::string &dataDir,
                                           int accounts,
                                           int tokensPerAccount,
                                           std::string *error)
{
    SqliteChangeLogStore store;
    if (!store.open(dataDir)) {
        *error = store.lastError();
        return {};
    }
    // One password hash for all of them: the key derivation is deliberately
    // slow, and no benchmark logs in as these accounts with a password.
    const Account shape = PasswordHasher::makeAccount("soak", "Soak", "staff", "soak");
    const int64_t now = QDateTime::currentMSecsSinceEpoch();
    const int64_t expires = now + int64_t(24) * 3600 * 1000;
    std::vector<std::string> tokens;
    tokens.reserve(size_t(accounts) * size_t(tokensPerAccount));
    for (int i = 1; i <= accounts; ++i) {
        Account account = shape;
        account.username = "soak-" + std::to_string(i);
        account.name = "Soak " + std::to_string(i);
        if (!store.addAccount(account)) {
            *error = "account: " + store.lastError();
            return {};
        }
        for (int t = 0; t < tokensPerAccount; ++t) {
            std::string token = Authenticator::newToken();
            if (!store.issueToken(Authenticator::tokenHash(token),
                                  account.username,
                                  expires,
                                  now,
                                  tokensPerAccount)) {
                *error = "token: " + store.lastError();
                return {};
            }
            tokens.push_back(std::move(token));
        }
    }
    return tokens;
}

} // namespace StoreSeeder
