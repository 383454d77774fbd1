#include "cachetransaction.h"

#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

Q_LOGGING_CATEGORY(lcCacheTx, "deltadesk.sync.cache")

CacheTransaction::CacheTransaction(const QString &connectionName)
    : m_connectionName(connectionName)
{
    // BEGIN IMMEDIATE takes the write lock now, so a batch never fails half
    // way on SQLITE_BUSY from an upgrade of a read lock.
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    m_active = query.exec(QStringLiteral("BEGIN IMMEDIATE"));
    if (!m_active)
        m_errorString = query.lastError().text();
}

CacheTransaction::~CacheTransaction()
{
    if (!m_active)
        return;
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!query.exec(QStringLiteral("ROLLBACK")))
        qCWarning(lcCacheTx) << "rollback failed" << query.lastError().text();
}

bool CacheTransaction::commit()
{
    if (!m_active)
        return false;
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!query.exec(QStringLiteral("COMMIT"))) {
        m_errorString = query.lastError().text();
        return false; // the destructor rolls back
    }
    m_active = false;
    return true;
}
