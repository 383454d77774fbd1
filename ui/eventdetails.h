#pragma once

// One event as the details pane shows it, read on the reader thread in one
// job: the event document and the client and tariff documents it refers to.

#include <QJsonObject>
#include <QString>

#include <optional>

struct EventDetails
{
    QString id;
    std::optional<QJsonObject> event; // nullopt: not in the cache (deleted)
    QJsonObject client;               // empty when unknown
    QJsonObject tariff;               // empty when none or unknown
    QString error;                    // a failed read; nothing else is set

    QString currency() const { return tariff.value(QLatin1String("currency")).toString(); }

    // Runs on the reader thread (CacheReader::read's work).
    static EventDetails read(const QString &connection, const QString &id);
};
