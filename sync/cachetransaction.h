#pragma once

// BEGIN IMMEDIATE on construction, ROLLBACK on destruction unless commit()
// succeeded: an early return can never leave a half-applied batch.

#include <QString>

class CacheTransaction
{
public:
    explicit CacheTransaction(const QString &connectionName);
    ~CacheTransaction();
    CacheTransaction(const CacheTransaction &) = delete;
    CacheTransaction &operator=(const CacheTransaction &) = delete;

    bool isActive() const { return m_active; }
    bool commit();
    QString errorString() const { return m_errorString; }

private:
    QString m_connectionName;
    QString m_errorString;
    bool m_active = false;
};
