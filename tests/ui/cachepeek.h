#pragma once

// A test's own look at a cache file, on the test's thread through a
// connection of its own: what is stored, checked from outside the code
// under test (which reads on its reader thread and writes on its sync
// thread).

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

class CachePeek
{
public:
    explicit CachePeek(const QString &path);
    ~CachePeek();
    CachePeek(const CachePeek &) = delete;
    CachePeek &operator=(const CachePeek &) = delete;

    qint64 count(const QString &collection) const;
    std::optional<QJsonObject> document(const QString &collection, const QString &id) const;
    QList<QJsonObject> documents(const QString &collection) const;
    // Names of the tables in the file (stage_* would be a staging left over).
    QStringList tables() const;

private:
    QString m_connection;
};
