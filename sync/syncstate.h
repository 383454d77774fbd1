#pragma once

// Per collection, what the next delta fetch asks from: `cursor` and `lastSync`
// (always the server's timestamp, never this machine's clock), in QSettings
// group sync/<collection>; beside them sync/databaseId, the id of the server
// database those cursors belong to. The login token lives in group auth.

#include <QDateTime>
#include <QObject>
#include <QString>

class QSettings;

class SyncState : public QObject
{
    Q_OBJECT
public:
    explicit SyncState(QSettings *settings, QObject *parent = nullptr); // settings not owned

    QString cursor(const QString &collection) const;
    void setCursor(const QString &collection, const QString &cursor);
    QDateTime lastSync(const QString &collection) const; // invalid when never synced
    void setLastSync(const QString &collection, const QDateTime &serverTime);
    // Clears cursor and lastSync: the next sync of the collection is full.
    void clearCursor(const QString &collection);
    void clearAll(); // every collection, and the database id

    // The server database the cursors belong to; empty when none said so.
    QString databaseId() const;
    void setDatabaseId(const QString &id);

    // The wire size and document count of the collection's last full fetch,
    // for SyncStats' estimate of what a full fetch would cost now.
    void setLastFullFetch(const QString &collection, qint64 wireBytes, qint64 documents);
    qint64 fullFetchEstimate(const QString &collection, qint64 documentsNow) const; // -1 if unknown

    QByteArray token() const;
    void setToken(const QByteArray &token);
    void clearToken();

    void sync(); // flush to disk

private:
    static QString key(const QString &collection, const char *name);
    QSettings *m_settings;
};
