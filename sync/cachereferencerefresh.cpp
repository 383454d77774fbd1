#include "cachereferencerefresh.h"

#include "cacherow.h"
#include "cacherowbuilder.h"
#include "cacheschema.h"
#include "cachestore.h"
#include "cachestore_p.h"
#include "collectionfields.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace {
constexpr qsizetype idChunk = 500; // bound parameters per SELECT
}

CacheReferenceRefresh::CacheReferenceRefresh(const QString &connectionName, CacheNames *names)
    : m_connectionName(connectionName)
    , m_names(names)
{}

bool CacheReferenceRefresh::fail(const QString &error, const QString &sql)
{
    m_errorString = error;
    qCWarning(lcCache) << "SQL failed:" << error << sql;
    return false;
}

qint64 CacheReferenceRefresh::indexedUpto(const QString &collection)
{
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!query.exec(QStringLiteral("SELECT ") + CacheSchema::indexedUptoSql(collection))
        || !query.next())
        return 0;
    return query.value(0).toLongLong();
}

bool CacheReferenceRefresh::run(const QString &referenced,
                                const QSet<QString> &ids,
                                QHash<QString, CacheChangeSet> *updated)
{
    if (ids.isEmpty())
        return true;
    const QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    const QStringList all(ids.cbegin(), ids.cend());
    for (const CollectionFields::ReferencingField &ref :
         CollectionFields::referencesTo(referenced)) {
        const QString table = CacheSchema::docsTable(ref.collection);
        int keyIndex = 0;
        const QList<FieldDef> &fields = CollectionFields::forCollection(ref.collection);
        while (keyIndex < fields.size() && fields.at(keyIndex).name != ref.field.name)
            ++keyIndex;
        QSqlQuery update(db);
        if (!update.prepare(QStringLiteral("UPDATE %1 SET ftext = ?, %2 = ? WHERE rid = ?")
                                .arg(table, CacheSchema::keyColumn(ref.field.name))))
            return fail(update.lastError().text(), update.lastQuery());
        QSqlQuery queue(db);
        if (!queue.prepare(CacheSchema::queueSql(ref.collection)))
            return fail(queue.lastError().text(), queue.lastQuery());
        CacheChangeSet &changed = (*updated)[ref.collection];
        const qint64 upto = indexedUpto(ref.collection);
        for (qsizetype start = 0; start < all.size(); start += idChunk) {
            const QStringList part = all.mid(start, idChunk);
            QSqlQuery select(db);
            select.setForwardOnly(true);
            if (!select.prepare(
                    QStringLiteral("SELECT rid, seq, body, ftext FROM %1 WHERE %2 IN (%3)")
                        .arg(table,
                             CacheSchema::refColumn(ref.field.name),
                             QStringList(part.size(), QStringLiteral("?")).join(QLatin1Char(',')))))
                return fail(select.lastError().text(), select.lastQuery());
            for (const QString &id : part)
                select.addBindValue(id);
            if (!select.exec())
                return fail(select.lastError().text(), select.lastQuery());
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
                                           m_names,
                                           &row))
                    rows.append({select.value(0).toLongLong(), select.value(3).toString(), row});
            }
            select.finish();
            for (const Refreshed &r : std::as_const(rows)) {
                update.bindValue(0, r.row.ftext);
                update.bindValue(1, r.row.keys.value(keyIndex));
                update.bindValue(2, r.rid);
                if (!update.exec())
                    return fail(update.lastError().text(), update.lastQuery());
                // The index holds the old text until a step replaces it.
                if (r.rid <= upto && r.indexed != r.row.ftext) {
                    queue.bindValue(0, r.rid);
                    queue.bindValue(1, r.indexed.isNull() ? QVariant() : QVariant(r.indexed));
                    if (!queue.exec())
                        return fail(queue.lastError().text(), queue.lastQuery());
                }
                changed.updated.append(r.row.id);
            }
        }
    }
    return true;
}
