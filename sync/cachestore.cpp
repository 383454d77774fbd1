#include "cachestore.h"

#include "cachefullreplace.h"
#include "cachestore_p.h"
#include "cachetransaction.h"
#include "protocol.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

Q_LOGGING_CATEGORY(lcCache, "deltadesk.sync.cache")

using namespace CacheSql;

namespace {
constexpr int schemaVersion = 1;
} // namespace

CacheStore::CacheStore(QObject *parent)
    : QObject(parent)
    , m_connectionName(QStringLiteral("deltadesk-cache-%1").arg(quintptr(this), 0, 16))
    , m_fullReplace(std::make_unique<CacheFullReplace>(m_connectionName))
{
    qRegisterMetaType<CacheChangeSet>();
}

CacheStore::~CacheStore()
{
    close();
}

bool CacheStore::open(const QString &filePath)
{
    close();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
        db.setDatabaseName(filePath);
        if (!db.open()) {
            m_errorString = tr("Cannot open the cache %1: %2").arg(filePath, db.lastError().text());
            return false;
        }
    }
    if (!createSchema()) {
        const QString error = m_errorString;
        close();
        m_errorString = error;
        return false;
    }
    return true;
}

void CacheStore::close()
{
    m_queries.clear(); // prepared queries must go before the connection
    m_fullReplace->reset();
    if (QSqlDatabase::contains(m_connectionName)) {
        {
            QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

bool CacheStore::isOpen() const
{
    return QSqlDatabase::contains(m_connectionName)
           && QSqlDatabase::database(m_connectionName, false).isOpen();
}

bool CacheStore::exec(const QString &sql)
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!query.exec(sql))
        return fail(query);
    return true;
}

bool CacheStore::fail(const QSqlQuery &query)
{
    m_errorString = query.lastError().text();
    qCWarning(lcCache) << "SQL failed:" << m_errorString << query.lastQuery();
    return false;
}

QSqlQuery *CacheStore::prepared(const QString &sql) const
{
    auto it = m_queries.constFind(sql);
    if (it != m_queries.constEnd())
        return it->get();
    auto query = std::make_shared<QSqlQuery>(QSqlDatabase::database(m_connectionName, false));
    if (!query->prepare(sql)) {
        qCWarning(lcCache) << "prepare failed:" << query->lastError().text() << sql;
        return nullptr;
    }
    m_queries.insert(sql, query);
    return query.get();
}

bool CacheStore::createSchema()
{
    // WAL: readers (the UI's queries) never block the writer and see the old
    // rows until a batch commits.
    if (!exec(QStringLiteral("PRAGMA journal_mode=WAL"))
        || !exec(QStringLiteral("PRAGMA synchronous=NORMAL"))
        || !exec(QStringLiteral("PRAGMA busy_timeout=5000")))
        return false;
    CacheTransaction tx(m_connectionName);
    if (!tx.isActive()) {
        m_errorString = tx.errorString();
        return false;
    }
    if (!exec(QStringLiteral(
            "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY NOT NULL, value TEXT)"))
        || !exec(QStringLiteral(
            "CREATE TABLE IF NOT EXISTS sync_cursor ("
            "collection TEXT PRIMARY KEY NOT NULL, seq INTEGER NOT NULL DEFAULT 0)")))
        return false;
    for (const QString &c : Protocol::collectionNames()) {
        if (!exec(QStringLiteral(
                      "CREATE TABLE IF NOT EXISTS %1 ("
                      "id TEXT PRIMARY KEY NOT NULL, seq INTEGER NOT NULL DEFAULT 0, "
                      "version INTEGER NOT NULL DEFAULT 0, updated_at TEXT, body TEXT NOT NULL)")
                      .arg(docsTable(c)))
            // A staging table left by a crash mid full sync is worthless.
            || !exec(QStringLiteral("DROP TABLE IF EXISTS %1").arg(stageTable(c))))
            return false;
    }
    if (!exec(QStringLiteral(
                  "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', '%1')")
                  .arg(schemaVersion)))
        return false;
    if (!tx.commit()) {
        m_errorString = tx.errorString();
        return false;
    }
    return true;
}

qint64 CacheStore::count(const QString &collection) const
{
    if (!Protocol::isKnownCollection(collection) || !isOpen())
        return 0;
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!query.exec(QStringLiteral("SELECT COUNT(*) FROM ") + docsTable(collection))
        || !query.next())
        return 0;
    return query.value(0).toLongLong();
}

qint64 CacheStore::bodyBytes(const QString &collection) const
{
    if (!Protocol::isKnownCollection(collection) || !isOpen())
        return 0;
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!query.exec(QStringLiteral("SELECT COALESCE(SUM(LENGTH(CAST(body AS BLOB))), 0) FROM ")
                    + docsTable(collection))
        || !query.next())
        return 0;
    return query.value(0).toLongLong();
}

std::optional<QJsonObject> CacheStore::document(const QString &collection, const QString &id) const
{
    if (!Protocol::isKnownCollection(collection) || !isOpen())
        return std::nullopt;
    QSqlQuery *query = prepared(
        QStringLiteral("SELECT body FROM %1 WHERE id = ?").arg(docsTable(collection)));
    if (!query)
        return std::nullopt;
    query->bindValue(0, id);
    if (!query->exec() || !query->next()) {
        query->finish();
        return std::nullopt;
    }
    const QJsonObject doc = QJsonDocument::fromJson(query->value(0).toByteArray()).object();
    query->finish();
    return doc;
}

QList<QJsonObject> CacheStore::documents(const QString &collection) const
{
    QList<QJsonObject> out;
    if (!Protocol::isKnownCollection(collection) || !isOpen())
        return out;
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT body FROM %1 ORDER BY id").arg(docsTable(collection))))
        return out;
    while (query.next())
        out.append(QJsonDocument::fromJson(query.value(0).toByteArray()).object());
    return out;
}

qint64 CacheStore::storedCursor(const QString &collection) const
{
    if (!isOpen())
        return 0;
    QSqlQuery *query = prepared(QStringLiteral("SELECT seq FROM sync_cursor WHERE collection = ?"));
    if (!query)
        return 0;
    query->bindValue(0, collection);
    qint64 seq = 0;
    if (query->exec() && query->next())
        seq = query->value(0).toLongLong();
    query->finish();
    return seq;
}

bool CacheStore::setStoredCursor(const QString &collection, qint64 cursor)
{
    QSqlQuery *query = prepared(
        QStringLiteral("INSERT OR REPLACE INTO sync_cursor (collection, seq) VALUES (?, ?)"));
    if (!query)
        return false;
    query->bindValue(0, collection);
    query->bindValue(1, cursor);
    if (!query->exec())
        return fail(*query);
    return true;
}

bool CacheStore::upsert(const QString &table,
                        const QJsonObject &doc,
                        qint64 seq,
                        bool versionGuard,
                        CacheChangeSet *changes)
{
    const QString id = doc.value(QLatin1String("_id")).toString();
    const qint64 version = versionOf(doc);
    const QByteArray body = compact(doc);
    bool exists = false;
    if (changes || versionGuard) {
        QSqlQuery *select = prepared(
            QStringLiteral("SELECT version, body FROM %1 WHERE id = ?").arg(table));
        if (!select)
            return false;
        select->bindValue(0, id);
        if (!select->exec())
            return fail(*select);
        if (select->next()) {
            exists = true;
            const qint64 storedVersion = select->value(0).toLongLong();
            const QByteArray storedBody = select->value(1).toByteArray();
            select->finish();
            // A document never goes back to an older version (a delta page
            // read before a stream change that was already applied).
            if (versionGuard && version > 0 && version < storedVersion)
                return true;
            if (version == storedVersion && body == storedBody)
                return true; // nothing changed: not reported
        } else {
            select->finish();
        }
    }
    QSqlQuery *query = prepared(insertSql(table));
    if (!query)
        return false;
    bindDocument(query, id, seq, doc, body);
    if (!query->exec())
        return fail(*query);
    if (changes)
        (exists ? changes->updated : changes->inserted).append(id);
    return true;
}

bool CacheStore::remove(const QString &table, const QString &id, CacheChangeSet *changes)
{
    QSqlQuery *query = prepared(QStringLiteral("DELETE FROM %1 WHERE id = ?").arg(table));
    if (!query)
        return false;
    query->bindValue(0, id);
    if (!query->exec())
        return fail(*query);
    if (changes && query->numRowsAffected() > 0)
        changes->removed.append(id);
    return true;
}

bool CacheStore::applyDelta(const QString &collection,
                            const QList<QJsonObject> &documents,
                            const QStringList &deleted,
                            qint64 cursor)
{
    if (!Protocol::isKnownCollection(collection) || !isOpen()) {
        m_errorString = tr("Unknown collection or closed cache");
        return false;
    }
    const QString table = docsTable(collection);
    CacheChangeSet changes;
    {
        CacheTransaction tx(m_connectionName);
        if (!tx.isActive()) {
            m_errorString = tx.errorString();
            return false;
        }
        for (const QJsonObject &doc : documents) {
            const qint64 seq = doc.contains(QLatin1String("_seq"))
                                   ? doc.value(QLatin1String("_seq")).toInteger()
                                   : cursor;
            if (!upsert(table, doc, seq, true, &changes))
                return false;
        }
        for (const QString &id : deleted) {
            if (!remove(table, id, &changes))
                return false;
        }
        if (cursor > storedCursor(collection) && !setStoredCursor(collection, cursor))
            return false;
        if (!tx.commit()) {
            m_errorString = tx.errorString();
            return false;
        }
    }
    if (!changes.isEmpty())
        emit documentsChanged(collection, changes);
    return true;
}

bool CacheStore::applyChanges(const QString &collection, const QList<CacheChange> &changes)
{
    if (!Protocol::isKnownCollection(collection) || !isOpen()) {
        m_errorString = tr("Unknown collection or closed cache");
        return false;
    }
    const QString table = docsTable(collection);
    CacheChangeSet set;
    {
        CacheTransaction tx(m_connectionName);
        if (!tx.isActive()) {
            m_errorString = tx.errorString();
            return false;
        }
        qint64 cursor = storedCursor(collection);
        const qint64 initialCursor = cursor;
        for (const CacheChange &change : changes) {
            if (change.seq > 0 && change.seq <= cursor)
                continue; // already applied (replay after a reconnect)
            const bool ok = change.op == CacheChange::Op::Remove
                                ? remove(table, change.id, &set)
                                : upsert(table, change.document, change.seq, true, &set);
            if (!ok)
                return false;
            cursor = qMax(cursor, change.seq);
        }
        if (cursor > initialCursor && !setStoredCursor(collection, cursor))
            return false;
        if (!tx.commit()) {
            m_errorString = tx.errorString();
            return false;
        }
    }
    if (!set.isEmpty())
        emit documentsChanged(collection, set);
    return true;
}

bool CacheStore::beginFullReplace(const QString &collection)
{
    if (!Protocol::isKnownCollection(collection) || !isOpen()) {
        m_errorString = tr("Unknown collection or closed cache");
        return false;
    }
    m_queries.clear();
    if (!m_fullReplace->begin(collection)) {
        m_errorString = m_fullReplace->errorString();
        return false;
    }
    return true;
}

bool CacheStore::stageDocuments(const QString &collection,
                                const QList<QJsonObject> &documents,
                                const QStringList &deleted)
{
    if (!Protocol::isKnownCollection(collection) || !isOpen()) {
        m_errorString = tr("Unknown collection or closed cache");
        return false;
    }
    CacheTransaction tx(m_connectionName);
    if (!tx.isActive()) {
        m_errorString = tx.errorString();
        return false;
    }
    if (!m_fullReplace->stage(collection, documents, deleted)) {
        m_errorString = m_fullReplace->errorString();
        return false;
    }
    if (!tx.commit()) {
        m_errorString = tx.errorString();
        return false;
    }
    return true;
}

bool CacheStore::commitFullReplace(const QString &collection, qint64 cursor)
{
    if (!Protocol::isKnownCollection(collection) || !isOpen()) {
        m_errorString = tr("Unknown collection or closed cache");
        return false;
    }
    CacheChangeSet changes;
    {
        CacheTransaction tx(m_connectionName);
        if (!tx.isActive()) {
            m_errorString = tx.errorString();
            return false;
        }
        m_queries.clear(); // no statement may hold either table while it is dropped or renamed
        if (!m_fullReplace->swapIn(collection, &changes)) {
            m_errorString = m_fullReplace->errorString();
            return false;
        }
        if (!setStoredCursor(collection, cursor))
            return false;
        if (!tx.commit()) {
            m_errorString = tx.errorString();
            return false;
        }
    }
    if (changes.size() > m_resetThreshold)
        emit collectionReset(collection);
    else if (!changes.isEmpty())
        emit documentsChanged(collection, changes);
    return true;
}

void CacheStore::abortFullReplace(const QString &collection)
{
    if (!Protocol::isKnownCollection(collection) || !isOpen())
        return;
    m_queries.clear();
    m_fullReplace->abort(collection);
}

bool CacheStore::wipe()
{
    if (!isOpen()) {
        m_errorString = tr("The cache is not open");
        return false;
    }
    {
        CacheTransaction tx(m_connectionName);
        if (!tx.isActive()) {
            m_errorString = tx.errorString();
            return false;
        }
        for (const QString &c : Protocol::collectionNames()) {
            if (!exec(QStringLiteral("DELETE FROM %1").arg(docsTable(c))))
                return false;
        }
        if (!exec(QStringLiteral("DELETE FROM sync_cursor")))
            return false;
        if (!tx.commit()) {
            m_errorString = tx.errorString();
            return false;
        }
    }
    for (const QString &c : Protocol::collectionNames())
        emit collectionReset(c);
    return true;
}
