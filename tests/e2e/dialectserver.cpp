#include "dialectserver.h"

#include "protocol.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpSocket>

DialectServer::DialectServer(QObject *parent)
    : QObject(parent)
{
    m_server.setHandler([this](const ScriptedRequest &r, QTcpSocket *) { return handle(r); });
    connect(&m_server, &ScriptedServer::streamOpened, this, [this](QTcpSocket *socket) {
        m_server.sendToStream(socket, "data: {\"type\":\"connected\"}\n\n");
    });
}

QDateTime DialectServer::now()
{
    QDateTime t = QDateTime::currentDateTimeUtc();
    if (m_last.isValid() && t <= m_last)
        t = m_last.addMSecs(1);
    m_last = t;
    return t;
}

QString DialectServer::insert(const QString &collection, QJsonObject fields)
{
    const QString id
        = QStringLiteral("%1-%2").arg(collection.left(1)).arg(m_nextId++, 5, 10, QLatin1Char('0'));
    const QDateTime at = now();
    fields.insert(QStringLiteral("_id"), id);
    fields.insert(QStringLiteral("updatedAt"), Protocol::formatTimestamp(at));
    m_docs[collection].insert(id, fields);
    announce(collection, QStringLiteral("insert"), id, fields, at);
    return id;
}

void DialectServer::update(const QString &collection, const QString &id, const QJsonObject &fields)
{
    if (!m_docs.value(collection).contains(id))
        return;
    QJsonObject doc = m_docs[collection][id];
    for (auto it = fields.begin(); it != fields.end(); ++it)
        doc.insert(it.key(), it.value());
    const QDateTime at = now();
    doc.insert(QStringLiteral("updatedAt"), Protocol::formatTimestamp(at));
    m_docs[collection][id] = doc;
    announce(collection, QStringLiteral("update"), id, doc, at);
}

void DialectServer::remove(const QString &collection, const QString &id)
{
    if (m_docs[collection].remove(id))
        announce(collection, QStringLiteral("delete"), id, {}, now());
}

QList<QJsonObject> DialectServer::documents(const QString &collection) const
{
    return m_docs.value(collection).values(); // QMap: sorted by _id
}

void DialectServer::announce(const QString &collection,
                             const QString &op,
                             const QString &id,
                             const QJsonObject &doc,
                             const QDateTime &at)
{
    QJsonObject message{{QStringLiteral("type"), QStringLiteral("change")},
                        {QStringLiteral("collection"), collection},
                        {QStringLiteral("operationType"), op},
                        {QStringLiteral("documentId"), id},
                        {QStringLiteral("timestamp"), Protocol::formatTimestamp(at)}};
    if (op != QLatin1String("delete"))
        message.insert(QStringLiteral("fullDocument"), doc);
    m_server.sendToStreams("data: " + QJsonDocument(message).toJson(QJsonDocument::Compact)
                           + "\n\n");
}

ScriptedResponse DialectServer::handle(const ScriptedRequest &request)
{
    if (request.path == QLatin1String("/api/auth/login"))
        return ScriptedResponse{200, R"({"token":"dialect-token","user":{"username":"admin"}})"};
    if (request.path == QLatin1String("/api/auth/logout"))
        return ScriptedResponse{200, "{}"};
    if (request.header("authorization") != "Bearer dialect-token")
        return ScriptedResponse{401, R"({"error":"unauthorized","message":"No token."})"};
    if (request.path == QLatin1String("/api/sync/stream")) {
        ScriptedResponse r;
        r.stream = true;
        return r;
    }
    const QString collection = request.path.mid(5); // "/api/<collection>"
    if (!request.path.startsWith(QLatin1String("/api/")) || !Protocol::isKnownCollection(collection))
        return ScriptedResponse{404, R"({"error":"not_found","message":"No such route."})"};
    const QString lastSyncText = request.query.queryItemValue(QStringLiteral("lastSync"));
    const auto lastSync = Protocol::parseTimestamp(lastSyncText);
    const QDateTime at = now();
    QJsonArray docs;
    for (const QJsonObject &doc : m_docs.value(collection)) {
        const auto updated = Protocol::parseTimestamp(
            doc.value(QStringLiteral("updatedAt")).toString());
        if (!lastSync || (updated && *updated > *lastSync))
            docs.append(doc);
    }
    if (m_bareArray.value(collection))
        return ScriptedResponse{200, QJsonDocument(docs).toJson(QJsonDocument::Compact)};
    const QJsonObject body{{collection, docs},
                           {QStringLiteral("serverTimestamp"), Protocol::formatTimestamp(at)},
                           {QStringLiteral("deltaSync"), bool(lastSync)}};
    return ScriptedResponse{200, QJsonDocument(body).toJson(QJsonDocument::Compact)};
}
