#pragma once

// Small helpers shared by the server suites (header-only).

#include "serverprocess.h"
#include "testhttp.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace ServerTest {

inline QJsonObject eventBody(const QString &title = QStringLiteral("Test event"))
{
    return {{QStringLiteral("title"), title},
            {QStringLiteral("startsAt"), QStringLiteral("2025-03-01T10:00:00.000Z")},
            {QStringLiteral("endsAt"), QStringLiteral("2025-03-01T12:00:00.000Z")},
            {QStringLiteral("clientId"), QStringLiteral("c-1")},
            {QStringLiteral("tariffId"), QStringLiteral("t-1")},
            {QStringLiteral("status"), QStringLiteral("confirmed")}};
}

inline qint64 headCursor(TestHttp &http)
{
    return http.get(QStringLiteral("/health"))
        .json()
        .value(QStringLiteral("cursor"))
        .toString()
        .toLongLong();
}

inline int streamCount(TestHttp &http)
{
    return http.get(QStringLiteral("/health")).json().value(QStringLiteral("streams")).toInt(-1);
}

inline QByteArray version(const QJsonObject &doc)
{
    return QByteArray::number(doc.value(QStringLiteral("version")).toInteger());
}

// Pages through a collection from cursor (empty = full sync) until hasMore is
// false; applies documents and deletions to state (id -> document).
inline bool syncAll(TestHttp &http,
                    const QString &collection,
                    QString *cursor,
                    QMap<QString, QJsonObject> *state,
                    int limit,
                    int *pages = nullptr)
{
    for (int guard = 0; guard < 10000; ++guard) {
        QString path = QStringLiteral("/api/%1?limit=%2").arg(collection).arg(limit);
        if (!cursor->isEmpty())
            path += QStringLiteral("&cursor=") + *cursor;
        const HttpResult r = http.get(path);
        if (r.status != 200)
            return false;
        const QJsonObject page = r.json();
        for (const QJsonValue &v : page.value(collection).toArray()) {
            const QJsonObject doc = v.toObject();
            state->insert(doc.value(QStringLiteral("_id")).toString(), doc);
        }
        for (const QJsonValue &v : page.value(QStringLiteral("deleted")).toArray())
            state->remove(v.toString());
        *cursor = page.value(QStringLiteral("cursor")).toString();
        if (pages)
            ++*pages;
        if (!page.value(QStringLiteral("hasMore")).toBool())
            return true;
    }
    return false;
}

} // namespace ServerTest
