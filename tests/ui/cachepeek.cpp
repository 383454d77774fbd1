#include "cachepeek.h"

#include "cachequery.h"

#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

CachePeek::CachePeek(const QString &path)
    : m_connection(QStringLiteral("peek-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(path);
    db.open();
}

CachePeek::~CachePeek()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

qint64 CachePeek::count(const QString &collection) const
{
    return CacheQuery(m_connection, collection).count();
}

std::optional<QJsonObject> CachePeek::document(const QString &collection, const QString &id) const
{
    return CacheQuery(m_connection, collection).document(id);
}

QList<QJsonObject> CachePeek::documents(const QString &collection) const
{
    QList<QJsonObject> out;
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    if (!query.exec(QStringLiteral("SELECT body FROM %1 ORDER BY id")
                        .arg(CacheQuery::tableName(collection))))
        return out;
    while (query.next())
        out.append(QJsonDocument::fromJson(query.value(0).toByteArray()).object());
    return out;
}

QStringList CachePeek::tables() const
{
    QStringList names;
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    if (!query.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table'")))
        return names;
    while (query.next())
        names.append(query.value(0).toString());
    return names;
}
