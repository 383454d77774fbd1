#include "fuzzstore.h"

#include "changelogstore.h"
#include "fuzzcheck.h"
#include "storebackend.h"
#include "storetypes.h"

#include <QDateTime>
#include <QJsonObject>
#include <QTemporaryDir>

#include <string>
#include <vector>

namespace FuzzStore {

const ServerConfig &config()
{
    static QTemporaryDir *dir = [] {
        auto *made = new QTemporaryDir; // for the whole process: never freed
        FUZZ_CHECK(made->isValid());
        return made;
    }();
    static const ServerConfig made = [] {
        ServerConfig config;
        config.dataDir = dir->path().toStdString();
        config.loginThrottle = false;
        return config;
    }();
    return made;
}

std::unique_ptr<StoreBackend> backend()
{
    std::string error;
    std::unique_ptr<StoreBackend> made = StoreBackend::create(config(), &error);
    FUZZ_CHECK(made);
    return made;
}

std::unique_ptr<ChangeLogStore> open(StoreBackend &backend)
{
    std::string error;
    std::unique_ptr<ChangeLogStore> store = backend.open(&error);
    FUZZ_CHECK(store);
    if (!store->isEmpty())
        return store;
    auto insert = [](const char *collection, const char *id, QJsonObject fields) {
        WriteCommand command;
        command.collection = collection;
        command.id = id;
        command.fields = std::move(fields);
        return command;
    };
    const std::vector<WriteCommand> seed = {
        insert("clients", "c-fuzz", {{"name", "Fuzz Ltd"}}),
        insert("tariffs", "t-fuzz", {{"name", "Standard"}, {"hourlyRate", 50}}),
        insert("events",
               "e-fuzz",
               {{"title", "Seed"},
                {"startsAt", "2025-01-15T10:00:00.000Z"},
                {"endsAt", "2025-01-15T12:00:00.000Z"},
                {"clientId", "c-fuzz"},
                {"tariffId", "t-fuzz"}}),
    };
    FUZZ_CHECK(store->applyWrites(seed, QDateTime::currentMSecsSinceEpoch(), nullptr));
    return store;
}

} // namespace FuzzStore
