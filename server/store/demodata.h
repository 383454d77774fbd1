#pragma once

// Realistic demo documents in the original design's proportions: 8 roles,
// 30 tariffs, 200 clients, 50 users and 1000 events of about 5 KB each, all
// cross-referenced (events.clientId, events.tariffId, users.roleId).
// Deterministic for one day, so two demo servers seeded the same day hold
// the same data; the events lie within half a year either side of it.

#include "storetypes.h"

#include <QDateTime>
#include <QJsonObject>

#include <random>
#include <vector>

namespace DemoData {

constexpr int roleCount = 8;
constexpr int tariffCount = 30;
constexpr int clientCount = 200;
constexpr int userCount = 50;
constexpr int eventCount = 1000;

// Every seed document as inserts, to be applied in one transaction; the
// events around the day of `around` (UTC).
std::vector<WriteCommand> seedCommands(const QDateTime &around);

// The fields of a plausible event (no _id/version/updatedAt), referring to
// the seeded clients and tariffs, starting within half a year of the day of
// `around` (invalid: now).
QJsonObject eventFields(std::mt19937 &rng, int number, const QDateTime &around = {});

// Permissions of the seeded roles, by role name; empty for unknown names.
QStringList permissionsForRole(const QString &role);

} // namespace DemoData
