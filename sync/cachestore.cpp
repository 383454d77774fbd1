#include "cachestore.h"

#include "cachefullreplace.h"
#include "cachenames.h"
#include "cacherowbuilder.h"
#include "cacheschema.h"
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
#include <QTimer>
#include <QVariant>

Q_LOGGING_CATEGORY(lcCache, "deltadesk.sync.cache")

namespace {
// Rows indexed per step: each costs about a hundred microseconds (a trigram
// per character), so a step takes some 10-20 ms and stream changes wait
// little behind it. A rebuild after a wholesale replace takes bigger steps.
constexpr int queueStepRows = 100;
constexpr int rebuildStepRows = 500;
// The first step waits for a burst to gather; while batches keep coming,
// steps leave the thread to them most of the time.
constexpr int gatherMs = 250;
constexpr int yieldMs = 100;
constexpr qsizetype idChunk = 500;

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

CacheStore::CacheStore(QObject *parent)
    : QObject(parent)
    , m_connectionName(QStringLiteral("deltadesk-cache-%1").arg(quintptr(this), 0, 16))
    , m_names(std::make_unique<CacheNames>(m_connectionName))
    , m_fullReplace(std::make_unique<CacheFullReplace>(m_connectionName))
    , m_indexTimer(new QTimer(this))
{
    qRegisterMetaType<CacheChangeSet>();
    m_indexTimer->setSingleShot(true);
    connect(m_indexTimer, &QTimer::timeout, this, &CacheStore::indexStep);
}

CacheStore::~CacheStore()
{
    close();
}

bool CacheStore::isWritable(const char *what)
{
    // The GUI thread never writes: a batch can take long, and the GUI must
    // not wait for it (the desktop app writes on its sync thread).
    if (onGuiThread()) {
        qCWarning(lcCache) << "CacheStore write on the GUI thread:" << what;
        Q_ASSERT_X(false, "CacheStore", "a CacheStore write runs on the GUI thread");
    }
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
    m_indexTimer->start(0); // an index left behind at quit goes on
    return true;
}

void CacheStore::close()
{
    m_indexTimer->stop();
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
    // WAL: readers (the UI's reader thread) never block the writer and see
    // the old rows until a batch commits. A reader building a sort index
    // holds the write lock for a while: wait for it rather than fail.
    if (!exec(QStringLiteral("PRAGMA journal_mode=WAL"))
        || !exec(QStringLiteral("PRAGMA synchronous=NORMAL"))
        || !exec(QStringLiteral("PRAGMA busy_timeout=30000")))
        return false;
    CacheTransaction tx(m_connectionName);
    if (!tx.isActive())
        return failTransaction(tx.errorString());
    if (!exec(QStringLiteral(
            "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY NOT NULL, value TEXT)"))
        || !exec(
            QStringLiteral("CREATE TABLE IF NOT EXISTS sync_cursor ("
                           "collection TEXT PRIMARY KEY NOT NULL, seq INTEGER NOT NULL DEFAULT 0)"))
        || !exec(CacheSchema::createFtsStateSql()))
        return failTransaction({});
    // Referenced collections first: a migrated event finds its client's name.
    for (const QString &c : CollectionFields::syncOrder(Protocol::collectionNames())) {
        const QString docs = CacheSchema::docsTable(c);
        QSqlQuery columns(QSqlDatabase::database(m_connectionName, false));
        if (!columns.exec(QStringLiteral("SELECT COUNT(*) FROM pragma_table_info('%1') "
                                         "WHERE name = 'rid'")
                              .arg(docs))
            || !columns.next())
            return fail(columns) || failTransaction({});
        QSqlQuery exists(QSqlDatabase::database(m_connectionName, false));
        if (!exists.exec(QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' "
                                        "AND name = '%1'")
                             .arg(docs))
            || !exists.next())
            return fail(exists) || failTransaction({});
        const bool version1 = exists.value(0).toInt() > 0 && columns.value(0).toInt() == 0;
        columns.finish();
        exists.finish();
        // A staging table left by a crash mid full sync is worthless.
        if (!exec(QStringLiteral("DROP TABLE IF EXISTS %1").arg(CacheSchema::stageTable(c))))
            return failTransaction({});
        if (version1 && !migrateFromVersion1(c))
            return failTransaction({});
        if (!exec(CacheSchema::tableDefinition(docs, c)))
            return failTransaction({});
        for (const QString &sql : CacheSchema::completionSql(c)) {
            if (!exec(sql))
                return failTransaction({});
        }
    }
    if (!exec(QStringLiteral(
                  "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', '%1')")
                  .arg(CacheSchema::version)))
        return failTransaction({});
    if (!tx.commit())
        return failTransaction(tx.errorString());
    return true;
}

bool CacheStore::migrateFromVersion1(const QString &collection)
{
    // Version 1 kept only the body: the rows are copied into the new table
    // with their keys and search text; the search index follows in steps.
    const QString docs = CacheSchema::docsTable(collection);
    const QString old = QLatin1String("v1_") + docs;
    qCInfo(lcCache) << "migrating" << docs << "to schema version" << CacheSchema::version;
    if (!exec(QStringLiteral("DROP TABLE IF EXISTS %1").arg(old))
        || !exec(QStringLiteral("ALTER TABLE %1 RENAME TO %2").arg(docs, old))
        || !exec(CacheSchema::tableDefinition(docs, collection)))
        return false;
    QSqlQuery insert(QSqlDatabase::database(m_connectionName, false));
    if (!insert.prepare(CacheSchema::insertSql(docs, collection, false)))
        return fail(insert);
    QSqlQuery rows(QSqlDatabase::database(m_connectionName, false));
    rows.setForwardOnly(true);
    if (!rows.exec(QStringLiteral("SELECT seq, body FROM %1").arg(old)))
        return fail(rows);
    CacheRow row;
    while (rows.next()) {
        const QJsonObject doc = QJsonDocument::fromJson(rows.value(1).toByteArray()).object();
        if (!CacheRowBuilder::build(collection, doc, rows.value(0).toLongLong(), m_names.get(), &row))
            continue;
        CacheSchema::bindRow(&insert, row);
        if (!insert.exec())
            return fail(insert);
    }
    rows.finish();
    return exec(QStringLiteral("DROP TABLE %1").arg(old))
           && exec(QStringLiteral("INSERT OR REPLACE INTO fts_state (collection, upto) "
                                  "VALUES ('%1', 0)")
                       .arg(collection));
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
    if (!isOpen() || !Protocol::isKnownCollection(collection))
        return false;
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!query.exec(QStringLiteral("SELECT (SELECT upto FROM fts_state WHERE collection = '%1'), "
                                   "EXISTS(SELECT 1 FROM %2)")
                        .arg(collection, CacheSchema::queueTable(collection)))
        || !query.next())
        return false;
    return query.value(0).toLongLong() == CacheSchema::allIndexed && !query.value(1).toBool();
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
    // The documents showing a name that changed get new search text and a
    // new sort key for that column; listeners hear of them as updated.
    if (ids.isEmpty())
        return true;
    const QStringList all(ids.cbegin(), ids.cend());
    for (const CollectionFields::ReferencingField &ref :
         CollectionFields::referencesTo(referenced)) {
        const QString table = CacheSchema::docsTable(ref.collection);
        int keyIndex = 0;
        const QList<FieldDef> &fields = CollectionFields::forCollection(ref.collection);
        while (keyIndex < fields.size() && fields.at(keyIndex).name != ref.field.name)
            ++keyIndex;
        QSqlQuery update(QSqlDatabase::database(m_connectionName, false));
        if (!update.prepare(QStringLiteral("UPDATE %1 SET ftext = ?, %2 = ? WHERE rid = ?")
                                .arg(table, CacheSchema::keyColumn(ref.field.name))))
            return fail(update);
        CacheChangeSet &changed = batch->referencing[ref.collection];
        for (qsizetype start = 0; start < all.size(); start += idChunk) {
            const QStringList part = all.mid(start, idChunk);
            QSqlQuery select(QSqlDatabase::database(m_connectionName, false));
            select.setForwardOnly(true);
            if (!select.prepare(
                    QStringLiteral("SELECT rid, seq, body, ftext FROM %1 WHERE %2 IN (%3)")
                        .arg(table,
                             CacheSchema::refColumn(ref.field.name),
                             QStringList(part.size(), QStringLiteral("?")).join(QLatin1Char(',')))))
                return fail(select);
            for (const QString &id : part)
                select.addBindValue(id);
            if (!select.exec())
                return fail(select);
            // Read them all first: no statement may step a table it updates.
            struct Refreshed
            {
                qint64 rid;
                QString indexed;
                CacheRow row;
            };
            QList<Refreshed> rows;
            while (select.next()) {
                const QJsonObject doc
                    = QJsonDocument::fromJson(select.value(2).toByteArray()).object();
                CacheRow row;
                if (CacheRowBuilder::build(ref.collection,
                                           doc,
                                           select.value(1).toLongLong(),
                                           m_names.get(),
                                           &row))
                    rows.append({select.value(0).toLongLong(), select.value(3).toString(), row});
            }
            select.finish();
            const qint64 upto = indexedUpto(ref.collection);
            for (const Refreshed &r : std::as_const(rows)) {
                update.bindValue(0, r.row.ftext);
                update.bindValue(1, r.row.keys.value(keyIndex));
                update.bindValue(2, r.rid);
                if (!update.exec())
                    return fail(update);
                if (r.rid <= upto && r.indexed != r.row.ftext
                    && !queueForIndex(ref.collection, r.rid, r.indexed))
                    return false;
                changed.updated.append(r.row.id);
            }
        }
    }
    return true;
}

void CacheStore::announce(const QString &collection,
                          const CacheChangeSet &changes,
                          const Batch &batch)
{
    if (!changes.isEmpty() || !batch.referencing.isEmpty()) {
        // The rows are queued for the search index: index them once this
        // burst has gathered.
        m_lastWrite.start();
        if (!m_indexTimer->isActive())
            m_indexTimer->start(gatherMs);
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
        m_indexTimer->start(0);
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

std::optional<CacheStore::IndexWork> CacheStore::nextIndexWork()
{
    // The rows written since they were indexed come first (what was just
    // changed is what someone may look for), then a rebuild's rows.
    for (const QString &c : Protocol::collectionNames()) {
        QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
        if (!query.exec(QStringLiteral("SELECT MAX(rid) FROM (SELECT rid FROM %1 ORDER BY rid "
                                       "LIMIT %2)")
                            .arg(CacheSchema::queueTable(c))
                            .arg(queueStepRows))
            || !query.next()) {
            fail(query);
            return std::nullopt;
        }
        if (!query.value(0).isNull())
            return IndexWork{c, false, 0, query.value(0).toLongLong()};
    }
    for (const QString &c : Protocol::collectionNames()) {
        QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
        if (!query.exec(QStringLiteral("SELECT upto, (SELECT MAX(rid) FROM (SELECT rid FROM %1 "
                                       "WHERE rid > fts_state.upto ORDER BY rid LIMIT %2)) "
                                       "FROM fts_state WHERE collection = '%3' AND upto < %4")
                            .arg(CacheSchema::docsTable(c))
                            .arg(rebuildStepRows)
                            .arg(c)
                            .arg(CacheSchema::allIndexed))
            || !query.exec()) {
            fail(query);
            return std::nullopt;
        }
        if (query.next())
            return IndexWork{c,
                             true,
                             query.value(0).toLongLong(),
                             query.value(1).isNull() ? CacheSchema::allIndexed
                                                     : query.value(1).toLongLong()};
    }
    return std::nullopt;
}

void CacheStore::indexStep()
{
    // Search-index work in short steps, each its own transaction, between
    // the batches the sync thread applies. Readers scan the rows the index
    // is not current for meanwhile, so no answer waits for this.
    if (!isOpen() || !isWritable("indexStep"))
        return;
    const std::optional<IndexWork> work = nextIndexWork();
    if (!work)
        return; // all current
    const QString docs = CacheSchema::docsTable(work->collection);
    const QString fts = CacheSchema::ftsTable(work->collection);
    const QString queue = CacheSchema::queueTable(work->collection);
    {
        CacheTransaction tx(m_connectionName);
        if (!tx.isActive()) {
            m_indexTimer->start(yieldMs); // busy: try again shortly
            return;
        }
        bool ok = true;
        if (!work->rebuild) {
            // The text the index holds goes, the current one comes in.
            ok = exec(QStringLiteral("INSERT INTO %1 (%1, rowid, ftext) SELECT 'delete', rid, old "
                                     "FROM %2 WHERE rid <= %3 AND old IS NOT NULL")
                          .arg(fts, queue)
                          .arg(work->last))
                 && exec(QStringLiteral("INSERT INTO %1 (rowid, ftext) SELECT rid, ftext FROM %2 "
                                        "WHERE rid IN (SELECT rid FROM %3 WHERE rid <= %4)")
                             .arg(fts, docs, queue)
                             .arg(work->last))
                 && exec(
                     QStringLiteral("DELETE FROM %1 WHERE rid <= %2").arg(queue).arg(work->last));
        } else {
            if (work->last != CacheSchema::allIndexed)
                ok = exec(QStringLiteral("INSERT INTO %1 (rowid, ftext) SELECT rid, ftext FROM %2 "
                                         "WHERE rid > %3 AND rid <= %4")
                              .arg(fts, docs)
                              .arg(work->first)
                              .arg(work->last));
            ok = ok
                 && exec(QStringLiteral("UPDATE fts_state SET upto = %1 WHERE collection = '%2'")
                             .arg(work->last)
                             .arg(work->collection));
        }
        if (!ok || !tx.commit())
            return; // rolled back; the next write or open tries again
    }
    if (isSearchIndexComplete(work->collection))
        emit searchIndexCompleted(work->collection);
    // While batches keep coming, leave the thread to them most of the time.
    const bool writing = m_lastWrite.isValid() && m_lastWrite.elapsed() < yieldMs;
    m_indexTimer->start(writing ? yieldMs : 0);
}
