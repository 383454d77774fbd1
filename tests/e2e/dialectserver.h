#pragma once

// A server that speaks only the original design's dialect (the Express app
// with MongoDB change streams): delta answers carry just {"<collection>": [...],
// "serverTimestamp", "deltaSync"} (or a bare array for the collections named
// in setBareArray), no cursor, no deleted, no hasMore; the stream sends
// data-only messages with no event: or id: lines; changes carry `timestamp`.

#include "scriptedserver.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QMap>

class DialectServer : public QObject
{
    Q_OBJECT
public:
    explicit DialectServer(QObject *parent = nullptr);
    bool listen() { return m_server.listen(); }
    QString baseUrl() const { return m_server.baseUrl(); }
    void setBareArray(const QString &collection) { m_bareArray.insert(collection, true); }

    // Writes as the original backend would make them (updatedAt = its clock),
    // each announced on the stream.
    QString insert(const QString &collection, QJsonObject fields);
    void update(const QString &collection, const QString &id, const QJsonObject &fields);
    void remove(const QString &collection, const QString &id);
    QList<QJsonObject> documents(const QString &collection) const; // sorted by _id
    QStringList ids(const QString &collection) const { return m_docs.value(collection).keys(); }
    void dropStreams() { m_server.closeStreams(); }
    int streamCount() const { return m_server.streamCount(); }

private:
    ScriptedResponse handle(const ScriptedRequest &request);
    QDateTime now(); // strictly increasing, so "updatedAt > lastSync" never ties
    void announce(const QString &collection,
                  const QString &op,
                  const QString &id,
                  const QJsonObject &doc,
                  const QDateTime &at);

    ScriptedServer m_server;
    QHash<QString, QMap<QString, QJsonObject>> m_docs;
    QHash<QString, bool> m_bareArray;
    QDateTime m_last;
    int m_nextId = 1;
};
