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
// Rows added to the search index per step after a wholesale replace: a few
// tens of milliseconds, so stream changes wait little between steps.
constexpr int indexStepRows = 2000;
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
    m_indexTimer->setInterval(0);
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
    m_indexTimer->start(); // a replace interrupted by a quit goes on indexing
    return true;
}

void CacheStore::close()
{
    m_indexTimer->stop();
    m_queries.clear(); // prepared queries must go before the connection
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
    if (!isOpen())
        return false;
    QSqlQuery *query = prepared(QStringLiteral("SELECT upto FROM fts_state WHERE collection = ?"));
    if (!query)
        return false;
    query->bindValue(0, collection);
    bool complete = false;
    if (query->exec() && query->next())
        complete = query->value(0).toLongLong() == CacheSchema::allIndexed;
    query->finish();
    return complete;
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
    const QString table = CacheSchema::docsTable(collection);
    CacheRow row;
    if (!CacheRowBuilder::build(collection, doc, seq, m_names.get(), &row)) {
        m_errorString = tr("A document of %1 has no _id").arg(collection);
        return false;
    }
    QSqlQuery *select = prepared(
        QStringLiteral("SELECT version, body FROM %1 WHERE id = ?").arg(table));
    if (!select)
        return false;
    select->bindValue(0, row.id);
    if (!select->exec())
        return fail(*select);
    bool exists = false;
    QByteArray storedBody;
    if (select->next()) {
        exists = true;
        const qint64 storedVersion = select->value(0).toLongLong();
        storedBody = select->value(1).toByteArray();
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
    QSqlQuery *query = prepared(CacheSchema::insertSql(table, collection, true));
    if (!query)
        return false;
    CacheSchema::bindRow(query, row);
    if (!query->exec())
        return fail(*query);
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
    QSqlQuery *query = prepared(
        QStringLiteral("DELETE FROM %1 WHERE id = ?").arg(CacheSchema::docsTable(collection)));
    if (!query)
        return false;
    query->bindValue(0, id);
    if (!query->exec())
        return fail(*query);
    if (query->numRowsAffected() > 0) {
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
                    QStringLiteral("SELECT rid, seq, body FROM %1 WHERE %2 IN (%3)")
                        .arg(table,
                             CacheSchema::refColumn(ref.field.name),
                             QStringList(part.size(), QStringLiteral("?")).join(QLatin1Char(',')))))
                return fail(select);
            for (const QString &id : part)
                select.addBindValue(id);
            if (!select.exec())
                return fail(select);
            // Read them all first: no statement may step a table it updates.
            QList<std::pair<qint64, CacheRow>> rows;
            while (select.next()) {
                const QJsonObject doc
                    = QJsonDocument::fromJson(select.value(2).toByteArray()).object();
                CacheRow row;
                if (CacheRowBuilder::build(ref.collection,
                                           doc,
                                           select.value(1).toLongLong(),
                                           m_names.get(),
                                           &row))
                    rows.append({select.value(0).toLongLong(), row});
            }
            select.finish();
            for (const auto &[rid, row] : std::as_const(rows)) {
                update.bindValue(0, row.ftext);
                update.bindValue(1, row.keys.value(keyIndex));
                update.bindValue(2, rid);
                if (!update.exec())
                    return fail(update);
                changed.updated.append(row.id);
            }
        }
    }
    return true;
}

void CacheStore::announce(const QString &collection,
                          const CacheChangeSet &changes,
                          const Batch &batch)
{
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
        m_queries.clear(); // no statement may hold either table while it is dropped or renamed
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
        m_indexTimer->start();
    announce(collection, changes, batch);
    return true;
}

void CacheStore::abortFullReplace(const QString &collection)
{
    if (!isWritable("abortFullReplace") || !Protocol::isKnownCollection(collection))
        return;
    m_queries.clear();
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
            // Empty the index at once, then delete without a trigger per row.
            if (!exec(QStringLiteral("INSERT INTO %1 (%1) VALUES ('delete-all')").arg(fts))
                || !exec(
                    QStringLiteral("UPDATE fts_state SET upto = 0 WHERE collection = '%1'").arg(c))
                || !exec(QStringLiteral("DELETE FROM %1").arg(CacheSchema::docsTable(c)))
                || !exec(QStringLiteral("UPDATE fts_state SET upto = %1 WHERE collection = '%2'")
                             .arg(CacheSchema::allIndexed)
                             .arg(c)))
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

void CacheStore::indexStep()
{
    // After a wholesale replace the search index is rebuilt in steps of a
    // few thousand rows, each its own short transaction, so stream changes
    // and readers are never held up for the whole table. Rows not yet
    // indexed are found by readers with a plain scan meanwhile.
    if (!isOpen())
        return;
    QSqlQuery pending(QSqlDatabase::database(m_connectionName, false));
    if (!pending.exec(QStringLiteral("SELECT collection, upto FROM fts_state WHERE upto < %1 "
                                     "LIMIT 1")
                          .arg(CacheSchema::allIndexed))) {
        fail(pending);
        return;
    }
    if (!pending.next())
        return;
    const QString collection = pending.value(0).toString();
    const qint64 upto = pending.value(1).toLongLong();
    pending.finish();
    if (!Protocol::isKnownCollection(collection) || !isWritable("indexStep"))
        return;
    const QString docs = CacheSchema::docsTable(collection);
    bool complete = false;
    {
        CacheTransaction tx(m_connectionName);
        if (!tx.isActive()) {
            m_indexTimer->start(100); // busy: try again shortly
            return;
        }
        QSqlQuery next(QSqlDatabase::database(m_connectionName, false));
        if (!next.exec(QStringLiteral("SELECT MAX(rid) FROM (SELECT rid FROM %1 WHERE rid > %2 "
                                      "ORDER BY rid LIMIT %3)")
                           .arg(docs)
                           .arg(upto)
                           .arg(indexStepRows))
            || !next.next()) {
            fail(next);
            return;
        }
        const bool more = !next.value(0).isNull();
        const qint64 newUpto = more ? next.value(0).toLongLong() : CacheSchema::allIndexed;
        next.finish();
        if (more
            && !exec(QStringLiteral("INSERT INTO %1 (rowid, ftext) SELECT rid, ftext FROM %2 "
                                    "WHERE rid > %3 AND rid <= %4")
                         .arg(CacheSchema::ftsTable(collection), docs)
                         .arg(upto)
                         .arg(newUpto)))
            return;
        if (!exec(QStringLiteral("UPDATE fts_state SET upto = %1 WHERE collection = '%2'")
                      .arg(newUpto)
                      .arg(collection))
            || !tx.commit())
            return;
        complete = !more;
    }
    if (complete)
        emit searchIndexCompleted(collection);
    m_indexTimer->start(0);
}
