#pragma once

// Shared by the cache's writer classes (CacheStore, CacheFullReplace,
// CacheNames): their one logging category.

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcCache)
