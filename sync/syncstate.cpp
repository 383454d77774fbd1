#include "syncstate.h"

#include "protocol.h"

#include <QSettings>

SyncState::SyncState(QSettings *settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
{}

QString SyncState::key(const QString &collection, const char *name)
{
    return QStringLiteral("sync/") + collection + QLatin1Char('/') + QLatin1String(name);
}

QString SyncState::cursor(const QString &collection) const
{
    return m_settings->value(key(collection, "cursor")).toString();
}

void SyncState::setCursor(const QString &collection, const QString &cursor)
{
    if (cursor.isEmpty())
        m_settings->remove(key(collection, "cursor"));
    else
        m_settings->setValue(key(collection, "cursor"), cursor);
}

QDateTime SyncState::lastSync(const QString &collection) const
{
    const QString text = m_settings->value(key(collection, "lastSync")).toString();
    return Protocol::parseTimestamp(text).value_or(QDateTime());
}

void SyncState::setLastSync(const QString &collection, const QDateTime &serverTime)
{
    if (!serverTime.isValid())
        m_settings->remove(key(collection, "lastSync"));
    else
        m_settings->setValue(key(collection, "lastSync"), Protocol::formatTimestamp(serverTime));
}

void SyncState::clearCursor(const QString &collection)
{
    m_settings->remove(QStringLiteral("sync/") + collection);
}

void SyncState::clearAll()
{
    m_settings->remove(QStringLiteral("sync"));
}

QString SyncState::databaseId() const
{
    return m_settings->value(QStringLiteral("sync/databaseId")).toString();
}

void SyncState::setDatabaseId(const QString &id)
{
    if (id.isEmpty())
        m_settings->remove(QStringLiteral("sync/databaseId"));
    else
        m_settings->setValue(QStringLiteral("sync/databaseId"), id);
}

void SyncState::setLastFullFetch(const QString &collection, qint64 wireBytes, qint64 documents)
{
    m_settings->setValue(key(collection, "fullWireBytes"), wireBytes);
    m_settings->setValue(key(collection, "fullDocuments"), documents);
}

qint64 SyncState::fullFetchEstimate(const QString &collection, qint64 documentsNow) const
{
    const qint64 wire = m_settings->value(key(collection, "fullWireBytes"), -1).toLongLong();
    const qint64 docs = m_settings->value(key(collection, "fullDocuments"), 0).toLongLong();
    if (wire < 0 || docs <= 0)
        return -1;
    return wire * qMax<qint64>(documentsNow, 1) / docs;
}

QByteArray SyncState::token() const
{
    return m_settings->value(QStringLiteral("auth/token")).toString().toUtf8();
}

void SyncState::setToken(const QByteArray &token)
{
    m_settings->setValue(QStringLiteral("auth/token"), QString::fromUtf8(token));
}

void SyncState::clearToken()
{
    m_settings->remove(QStringLiteral("auth/token"));
}

void SyncState::sync()
{
    m_settings->sync();
}
