#include "storeseeder.h"

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

} // namespace StoreSeeder
