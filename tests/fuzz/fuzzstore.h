#pragma once

// A real SQLite change-log store for the fuzz targets, in a temporary
// directory made once per process (removed at exit), holding one client
// (c-fuzz), one tariff (t-fuzz) and one event (e-fuzz) for the validator's
// reference checks and the write routes.

#include "serverconfig.h"

#include <memory>

class ChangeLogStore;
class StoreBackend;

namespace FuzzStore {

// The configuration the store was opened with (dataDir set).
const ServerConfig &config();
std::unique_ptr<StoreBackend> backend();
// Opens a store on the process's directory and seeds it on the first call;
// aborts when that fails (the target cannot run without it).
std::unique_ptr<ChangeLogStore> open(StoreBackend &backend);

} // namespace FuzzStore
