#include "cachestore.h"

#include "cachefullreplace.h"
#include "cachenames.h"
#include "cachereferencerefresh.h"
#include "cacherowbuilder.h"
#include "cacheschema.h"
#include "cacheschemasetup.h"
#include "cachesearchindexer.h"
#include "cachestore_p.h"
#include "cachetransaction.h"
#include "collectionfields.h"
#include "protocol.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QVariant>

Q_LOGGING_CATEGORY(lcCache, "deltadesk.sync.cache")

namespace {
bool onGuiThread()
{
    // sync/ links no QtGui: the class name tells a GUI application apart.
    const QCoreApplication *app = QCoreApplication::instance();
    return app && QThread::currentThread() == app->thread() && app->inherits("QGuiApplication");
}

QString nameOf(const QByteArray &body)
{
    return QJsonDocument::fromJson(body).object().value(CollectionFields::nameField()).toString();
}
} // namespace

void CacheWriterThread::check(const char *what)
{
    if (!onGuiThread())
        return;
    qCWarning(lcCache) << "CacheStore write on the GUI thread:" << what;
    Q_ASSERT_X(false, "CacheStore", "a CacheStore write runs on the GUI thread");
}

CacheStore::CacheStore(QObject *parent)
    : QObject(parent)
    , m_connectionName(QStringLiteral("deltadesk-cache-%1").arg(quintptr(this), 0, 16))
    , m_names(std::make_unique<CacheNames>(m_connectionName))
    , m_fullReplace(std::make_unique<CacheFullReplace>(m_connectionName))
    , m_indexer(new CacheSearchIndexer(m_connectionName, this))
{
    qRegisterMetaType<CacheChangeSet>();
    connect(m_indexer, &CacheSearchIndexer::completed, this, &CacheStore::searchIndexCompleted);
}

CacheStore::~CacheStore()
{
    close();
}

bool CacheStore::isWritable(const char *what)
{
    CacheWriterThread::check(what);
    if (!isOpen()) {
        m_errorString = tr("The cache is not open");
        return false;
    }
    return true;
}

bool CacheStore::open(const QString &filePath)
{
    close();
    m_filePath = filePath;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
        db.setDatabaseName(filePath);
        if (!db.open()) {
            m_errorString = tr("Cannot open the cache %1: %2").arg(filePath, db.lastError().text());
            return false;
        }
    }
    if (!isWritable("open") || !createSchema()) {
        const QString error = m_errorString;
        close();
        m_errorString = error;
        return false;
    }
    m_indexer->startNow(); // an index left behind at quit goes on
    return true;
}

void CacheStore::close()
{
    m_indexer->stop();
    clearStatements(); // prepared queries must go before the connection
    m_fullReplace->reset();
    m_names->invalidate();
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

bool CacheStore::failTransaction(const QString &error)
{
    // The transaction rolls back: what the name cache learnt in it is void.
    if (!error.isEmpty())
        m_errorString = error;
    m_names->invalidate();
    return false;
}

void CacheStore::clearStatements() const
{
    m_statements.clear();
    m_queries.clear();
}

const CacheStore::Statements *CacheStore::statements(const QString &collection) const
{
    auto it = m_statements.constFind(collection);
    if (it != m_statements.constEnd())
        return &*it;
    const QString table = CacheSchema::docsTable(collection);
    Statements s;
    s.select = prepared(
        QStringLiteral("SELECT version, body, rid, ftext FROM %1 WHERE id = ?").arg(table));
    s.upsert = prepared(CacheSchema::insertSql(table, collection, true));
    s.remove = prepared(
        QStringLiteral("DELETE FROM %1 WHERE id = ? RETURNING rid, ftext").arg(table));
    s.queue = prepared(CacheSchema::queueSql(collection));
    if (!s.select || !s.upsert || !s.remove || !s.queue)
        return nullptr;
    return &*m_statements.insert(collection, s);
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
    CacheSchemaSetup setup(m_connectionName, m_names.get());
    if (setup.run())
        return true;
    m_errorString = setup.errorString();
    m_names->invalidate(); // what it learnt in the rolled back transaction is void
    return false;
}

qint64 CacheStore::count(const QString &collection) const
{
    if (!Protocol::isKnownCollection(collection) || !isOpen())
        return 0;
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!query.exec(QStringLiteral("SELECT COUNT(*) FROM ") + CacheSchema::docsTable(collection))
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
                    + CacheSchema::docsTable(collection))
        || !query.next())
        return 0;
    return query.value(0).toLongLong();
}

std::optional<QJsonObject> CacheStore::document(const QString &collection, const QString &id) const
{
    if (!Protocol::isKnownCollection(collection) || !isOpen())
        return std::nullopt;
    QSqlQuery *query = prepared(
        QStringLiteral("SELECT body FROM %1 WHERE id = ?").arg(CacheSchema::docsTable(collection)));
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
    if (!query.exec(QStringLiteral("SELECT body FROM %1 ORDER BY id")
                        .arg(CacheSchema::docsTable(collection))))
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

bool CacheStore::isSearchIndexComplete(const QString &collection) const
{
    return isOpen() && m_indexer->isComplete(collection);
}

qint64 CacheStore::indexedUpto(const QString &collection) const
{
    QSqlQuery *query = prepared(QStringLiteral("SELECT upto FROM fts_state WHERE collection = ?"));
    if (!query)
        return 0;
    query->bindValue(0, collection);
    qint64 upto = 0;
    if (query->exec() && query->next())
        upto = query->value(0).toLongLong();
    query->finish();
    return upto;
}

bool CacheStore::queueForIndex(const QString &collection, qint64 rid, const QString &indexed)
{
    const Statements *statements = this->statements(collection);
    if (!statements)
        return false;
    QSqlQuery *query = statements->queue;
    query->bindValue(0, rid);
    query->bindValue(1, indexed.isNull() ? QVariant() : QVariant(indexed));
    if (!query->exec())
        return fail(*query);
    return true;
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

bool CacheStore::upsert(const QString &collection,
                        const QJsonObject &doc,
                        qint64 seq,
                        CacheChangeSet *changes,
                        Batch *batch)
{
    CacheRow row;
    if (!CacheRowBuilder::build(collection, doc, seq, m_names.get(), &row)) {
        m_errorString = tr("A document of %1 has no _id").arg(collection);
        return false;
    }
    const Statements *statements = this->statements(collection);
    if (!statements)
        return false;
    QSqlQuery *select = statements->select;
    select->bindValue(0, row.id);
    if (!select->exec())
        return fail(*select);
    bool exists = false;
    QByteArray storedBody;
    qint64 rid = 0;
    QString indexedText;
    if (select->next()) {
        exists = true;
        const qint64 storedVersion = select->value(0).toLongLong();
        storedBody = select->value(1).toByteArray();
        rid = select->value(2).toLongLong();
        indexedText = select->value(3).toString();
        select->finish();
        // A document never goes back to an older version (a delta page
        // read before a stream change that was already applied).
        if (row.version > 0 && row.version < storedVersion)
            return true;
        if (row.version == storedVersion && row.body == storedBody)
            return true; // nothing changed: not reported
    } else {
        select->finish();
    }
    QSqlQuery *query = statements->upsert;
    CacheSchema::bindRow(query, row);
    if (!query->exec())
        return fail(*query);
    if (!exists)
        rid = query->lastInsertId().toLongLong();
    query->finish();
    // The index learns of it in a later step (rows above the indexed range
    // are not in it at all: a rebuild reaches them).
    if (rid <= batch->indexedUpto && (!exists || indexedText != row.ftext)
        && !queueForIndex(collection, rid, exists ? indexedText : QString()))
        return false;
    (exists ? changes->updated : changes->inserted).append(row.id);
    if (CollectionFields::isReferenced(collection)) {
        const QString name = doc.value(CollectionFields::nameField()).toString();
        if (!exists || nameOf(storedBody) != name) {
            m_names->set(collection, row.id, name);
            batch->renamed.insert(row.id);
        }
    }
    return true;
}

bool CacheStore::remove(const QString &collection,
                        const QString &id,
                        CacheChangeSet *changes,
                        Batch *batch)
{
    const Statements *statements = this->statements(collection);
    if (!statements)
        return false;
    QSqlQuery *query = statements->remove;
    query->bindValue(0, id);
    if (!query->exec())
        return fail(*query);
    const bool removed = query->next();
    const qint64 rid = removed ? query->value(0).toLongLong() : 0;
    const QString indexedText = removed ? query->value(1).toString() : QString();
    query->finish();
    if (removed && rid <= batch->indexedUpto && !queueForIndex(collection, rid, indexedText))
        return false;
    if (removed) {
        changes->removed.append(id);
        if (CollectionFields::isReferenced(collection)) {
            m_names->remove(collection, id);
            batch->renamed.insert(id);
        }
    }
    return true;
}

bool CacheStore::refreshReferencing(const QString &referenced,
                                    const QSet<QString> &ids,
                                    Batch *batch)
{
    CacheReferenceRefresh refresh(m_connectionName, m_names.get());
    if (refresh.run(referenced, ids, &batch->referencing))
        return true;
    m_errorString = refresh.errorString();
    return false;
}

void CacheStore::announce(const QString &collection,
                          const CacheChangeSet &changes,
                          const Batch &batch)
{
    if (!changes.isEmpty() || !batch.referencing.isEmpty()) {
        // The rows are queued for the search index: index them once this
        // burst has gathered.
        m_indexer->noteWrite();
    }
    // After commit only, and never a half batch: a rollback announces nothing.
    if (changes.size() > m_resetThreshold)
        emit collectionReset(collection);
    else if (!changes.isEmpty())
        emit documentsChanged(collection, changes);
    for (auto it = batch.referencing.cbegin(); it != batch.referencing.cend(); ++it) {
        if (it->size() > m_resetThreshold)
            emit collectionReset(it.key());
        else if (!it->isEmpty())
            emit documentsChanged(it.key(), *it);
    }
}

bool CacheStore::applyDelta(const QString &collection,
                            const QList<QJsonObject> &documents,
                            const QStringList &deleted,
                            qint64 cursor)
{
    if (!isWritable("applyDelta"))
        return false;
    if (!Protocol::isKnownCollection(collection)) {
        m_errorString = tr("Unknown collection %1").arg(collection);
        return false;
    }
    CacheChangeSet changes;
    Batch batch;
    {
        CacheTransaction tx(m_connectionName);
        if (!tx.isActive())
            return failTransaction(tx.errorString());
        batch.indexedUpto = indexedUpto(collection);
        for (const QJsonObject &doc : documents) {
            const qint64 seq = doc.contains(QLatin1String("_seq"))
                                   ? doc.value(QLatin1String("_seq")).toInteger()
                                   : cursor;
            if (!upsert(collection, doc, seq, &changes, &batch))
                return failTransaction({});
        }
        for (const QString &id : deleted) {
            if (!remove(collection, id, &changes, &batch))
                return failTransaction({});
        }
        if (!refreshReferencing(collection, batch.renamed, &batch))
            return failTransaction({});
        if (cursor > storedCursor(collection) && !setStoredCursor(collection, cursor))
            return failTransaction({});
        if (!tx.commit())
            return failTransaction(tx.errorString());
    }
    announce(collection, changes, batch);
    return true;
}

bool CacheStore::applyChanges(const QString &collection, const QList<CacheChange> &changes)
{
    if (!isWritable("applyChanges"))
        return false;
    if (!Protocol::isKnownCollection(collection)) {
        m_errorString = tr("Unknown collection %1").arg(collection);
        return false;
    }
    CacheChangeSet set;
    Batch batch;
    {
        CacheTransaction tx(m_connectionName);
        if (!tx.isActive())
            return failTransaction(tx.errorString());
        batch.indexedUpto = indexedUpto(collection);
        qint64 cursor = storedCursor(collection);
        const qint64 initialCursor = cursor;
        for (const CacheChange &change : changes) {
            if (change.seq > 0 && change.seq <= cursor)
                continue; // already applied (replay after a reconnect)
            const bool ok = change.op == CacheChange::Op::Remove
                                ? remove(collection, change.id, &set, &batch)
                                : upsert(collection, change.document, change.seq, &set, &batch);
            if (!ok)
                return failTransaction({});
            cursor = qMax(cursor, change.seq);
        }
        if (!refreshReferencing(collection, batch.renamed, &batch))
            return failTransaction({});
        if (cursor > initialCursor && !setStoredCursor(collection, cursor))
            return failTransaction({});
        if (!tx.commit())
            return failTransaction(tx.errorString());
    }
    announce(collection, set, batch);
    return true;
}

bool CacheStore::beginFullReplace(const QString &collection)
{
    if (!isWritable("beginFullReplace"))
        return false;
    if (!Protocol::isKnownCollection(collection)) {
        m_errorString = tr("Unknown collection %1").arg(collection);
        return false;
    }
    clearStatements();
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
    if (!isWritable("stageDocuments"))
        return false;
    if (!Protocol::isKnownCollection(collection)) {
        m_errorString = tr("Unknown collection %1").arg(collection);
        return false;
    }
    CacheTransaction tx(m_connectionName);
    if (!tx.isActive())
        return failTransaction(tx.errorString());
    if (!m_fullReplace->stage(collection, documents, deleted, m_names.get()))
        return failTransaction(m_fullReplace->errorString());
    if (!tx.commit())
        return failTransaction(tx.errorString());
    return true;
}

bool CacheStore::commitFullReplace(const QString &collection, qint64 cursor)
{
    if (!isWritable("commitFullReplace"))
        return false;
    if (!Protocol::isKnownCollection(collection)) {
        m_errorString = tr("Unknown collection %1").arg(collection);
        return false;
    }
    CacheChangeSet changes;
    Batch batch;
    bool swapped = false;
    {
        CacheTransaction tx(m_connectionName);
        if (!tx.isActive())
            return failTransaction(tx.errorString());
        clearStatements(); // no statement may hold either table while it is dropped or renamed
        if (!m_fullReplace->swapIn(collection, &changes, &swapped))
            return failTransaction(m_fullReplace->errorString());
        if (CollectionFields::isReferenced(collection)) {
            m_names->invalidate(collection);
            QSet<QString> touched;
            for (const QStringList *ids : {&changes.inserted, &changes.updated, &changes.removed})
                touched.unite(QSet<QString>(ids->cbegin(), ids->cend()));
            if (!refreshReferencing(collection, touched, &batch))
                return failTransaction({});
        }
        if (!setStoredCursor(collection, cursor))
            return failTransaction({});
        if (!tx.commit())
            return failTransaction(tx.errorString());
    }
    if (swapped)
        m_indexer->startNow();
    announce(collection, changes, batch);
    return true;
}

void CacheStore::abortFullReplace(const QString &collection)
{
    if (!isWritable("abortFullReplace") || !Protocol::isKnownCollection(collection))
        return;
    clearStatements();
    m_fullReplace->abort(collection);
}

bool CacheStore::wipe()
{
    if (!isWritable("wipe"))
        return false;
    {
        CacheTransaction tx(m_connectionName);
        if (!tx.isActive())
            return failTransaction(tx.errorString());
        for (const QString &c : Protocol::collectionNames()) {
            const QString fts = CacheSchema::ftsTable(c);
            if (!exec(QStringLiteral("INSERT INTO %1 (%1) VALUES ('delete-all')").arg(fts))
                || !exec(QStringLiteral("DELETE FROM %1").arg(CacheSchema::docsTable(c)))
                || !exec(QStringLiteral("DELETE FROM %1").arg(CacheSchema::queueTable(c))))
                return failTransaction({});
        }
        if (!exec(QStringLiteral("DELETE FROM sync_cursor")))
            return failTransaction({});
        if (!tx.commit())
            return failTransaction(tx.errorString());
    }
    m_names->invalidate();
    for (const QString &c : Protocol::collectionNames())
        emit collectionReset(c);
    return true;
}
