#pragma once

// Shared by the cache's writer classes (CacheStore, CacheFullReplace,
// CacheNames, CacheSearchIndexer): their one logging category, and the
// check that a write does not run on the GUI thread.

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcCache)

namespace CacheWriterThread {
// The GUI thread never writes: a batch can take long, and the GUI must not
// wait for it (the desktop app writes on its sync thread). Warns in every
// build (tests fail on that warning) and asserts in a debug build.
void check(const char *what);
} // namespace CacheWriterThread
