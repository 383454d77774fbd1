#include "serverwriter.h"

#include <QJsonDocument>

namespace {
QJsonObject eventFields(const QString &title)
{
    return QJsonObject{{QStringLiteral("title"), title},
                       {QStringLiteral("startsAt"), QStringLiteral("2026-03-01T10:00:00.000Z")},
                       {QStringLiteral("endsAt"), QStringLiteral("2026-03-01T12:00:00.000Z")},
                       {QStringLiteral("status"), QStringLiteral("draft")}};
}
} // namespace

ServerWriter::ServerWriter(const QUrl &base, const QByteArray &token)
    : m_http(base)
{
    m_http.setToken(token);
}

QByteArray ServerWriter::create(const QString &title, QJsonObject *stored)
{
    const HttpResult r = m_http.postJson(QStringLiteral("/api/events"), eventFields(title));
    if (r.status != 201)
        return {};
    if (stored)
        *stored = r.json();
    return r.header("X-Sync-Cursor");
}

QJsonObject ServerWriter::current(const QString &id)
{
    // A one-document delta is not in the protocol; read the 412 answer instead.
    const HttpResult r = m_http.request("PUT",
                                        QStringLiteral("/api/events/") + id,
                                        QJsonDocument(QJsonObject{}).toJson(),
                                        {{"If-Match", "0"}, {"Content-Type", "application/json"}});
    return r.status == 412 ? (r.json().contains(QStringLiteral("document"))
                                  ? r.json().value(QStringLiteral("document")).toObject()
                                  : r.json())
                           : QJsonObject{};
}

QByteArray ServerWriter::update(const QString &id, const QString &title)
{
    const QJsonObject doc = current(id);
    if (doc.isEmpty())
        return {};
    QJsonObject fields = eventFields(title);
    const HttpResult r
        = m_http.request("PUT",
                         QStringLiteral("/api/events/") + id,
                         QJsonDocument(fields).toJson(),
                         {{"If-Match",
                           QByteArray::number(doc.value(QStringLiteral("version")).toInteger())},
                          {"Content-Type", "application/json"}});
    return r.status == 200 ? r.header("X-Sync-Cursor") : QByteArray();
}

QByteArray ServerWriter::remove(const QString &id)
{
    const QJsonObject doc = current(id);
    if (doc.isEmpty())
        return {};
    const HttpResult r
        = m_http.request("DELETE",
                         QStringLiteral("/api/events/") + id,
                         {},
                         {{"If-Match",
                           QByteArray::number(doc.value(QStringLiteral("version")).toInteger())}});
    return r.status == 204 ? r.header("X-Sync-Cursor") : QByteArray();
}

QByteArray ServerWriter::head()
{
    return m_http.get(QStringLiteral("/health"))
        .json()
        .value(QStringLiteral("cursor"))
        .toString()
        .toUtf8();
}
