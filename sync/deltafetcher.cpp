#include "deltafetcher.h"

#include "apiclient.h"
#include "cachestore.h"
#include "protocol.h"
#include "syncstate.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QUrlQuery>

Q_LOGGING_CATEGORY(lcDelta, "deltadesk.sync.delta")

namespace {
// One page as read from either dialect.
struct Page
{
    QList<QJsonObject> documents;
    QStringList deleted;
    QString cursor;     // empty: the original design's dialect
    QString databaseId; // empty: a server that does not say
    QDateTime serverTimestamp;
    bool deltaSync = true;
    bool hasDeltaSyncField = false;
    bool hasMore = false;
    qint64 total = -1;
};

std::optional<Page> parsePage(const QJsonDocument &json, const QString &collection, QString *error)
{
    Page page;
    QJsonArray docs;
    if (json.isArray()) {
        docs = json.array(); // the original design could answer a bare array
    } else if (json.isObject()) {
        const QJsonObject object = json.object();
        const QJsonValue array = object.value(collection);
        if (!array.isArray()) {
            *error = QStringLiteral("the response has no \"%1\" array").arg(collection);
            return std::nullopt;
        }
        docs = array.toArray();
        for (const QJsonValue &value : object.value(QLatin1String("deleted")).toArray()) {
            const QString id = value.isObject()
                                   ? value.toObject().value(QLatin1String("_id")).toString()
                                   : value.toString();
            if (id.isEmpty()) {
                *error = QStringLiteral("a deleted entry has no id");
                return std::nullopt;
            }
            page.deleted.append(id);
        }
        const QJsonValue cursor = object.value(QLatin1String("cursor"));
        if (cursor.isString())
            page.cursor = cursor.toString();
        else if (cursor.isDouble())
            page.cursor = Protocol::formatCursor(cursor.toInteger());
        if (!page.cursor.isEmpty() && !Protocol::parseCursor(page.cursor)) {
            *error = QStringLiteral("the cursor \"%1\" is not a number").arg(page.cursor);
            return std::nullopt;
        }
        page.databaseId = object.value(QLatin1String(Protocol::databaseIdField)).toString();
        const QString stamp = object.value(QLatin1String("serverTimestamp")).toString();
        if (!stamp.isEmpty()) {
            const auto parsed = Protocol::parseTimestamp(stamp);
            if (!parsed) {
                *error = QStringLiteral("serverTimestamp \"%1\" is malformed").arg(stamp);
                return std::nullopt;
            }
            page.serverTimestamp = *parsed;
        }
        page.hasDeltaSyncField = object.contains(QLatin1String("deltaSync"));
        page.deltaSync = object.value(QLatin1String("deltaSync")).toBool(true);
        page.hasMore = object.value(QLatin1String("hasMore")).toBool(false);
        if (object.contains(QLatin1String("total")))
            page.total = object.value(QLatin1String("total")).toInteger(-1);
    } else {
        *error = QStringLiteral("the response is neither an object nor an array");
        return std::nullopt;
    }
    page.documents.reserve(docs.size());
    for (const QJsonValue &value : docs) {
        const QJsonObject doc = value.toObject();
        if (!value.isObject() || doc.value(QLatin1String("_id")).toString().isEmpty()) {
            *error = QStringLiteral("a document has no _id");
            return std::nullopt;
        }
        page.documents.append(doc);
    }
    if (page.cursor.isEmpty() && !page.serverTimestamp.isValid()) {
        // No server time at all (a bare array): the newest updatedAt is the
        // only server clock there is.
        for (const QJsonObject &doc : std::as_const(page.documents)) {
            const auto at = Protocol::parseTimestamp(
                doc.value(QLatin1String("updatedAt")).toString());
            if (at && (!page.serverTimestamp.isValid() || *at > page.serverTimestamp))
                page.serverTimestamp = *at;
        }
    }
    return page;
}
} // namespace

DeltaFetcher::DeltaFetcher(
    ApiClient *api, CacheStore *cache, SyncState *state, const QString &collection, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_cache(cache)
    , m_state(state)
    , m_collection(collection)
{}

DeltaFetcher::~DeltaFetcher()
{
    if (m_job) {
        m_job->disconnect(this);
        m_job->abort();
    }
    if (m_staging)
        m_cache->abortFullReplace(m_collection);
}

void DeltaFetcher::start()
{
    m_clock.start();
    m_round = SyncRound();
    m_round.collection = m_collection;
    m_cursor = m_state->cursor(m_collection);
    m_lastSync = m_state->lastSync(m_collection);
    if (m_forceFull || (m_cursor.isEmpty() && !m_lastSync.isValid())) {
        restartFull();
        return;
    }
    m_timestampMode = m_cursor.isEmpty();
    fetchPage();
}

void DeltaFetcher::abort()
{
    if (m_job)
        m_job->abort();
    else
        finish(ApiError::Aborted, tr("Cancelled."));
}

void DeltaFetcher::restartFull()
{
    m_full = true;
    m_cursor.clear();
    m_total = -1;
    m_round.documents = m_round.deletions = 0;
    if (!m_cache->beginFullReplace(m_collection)) {
        finish(ApiError::InvalidData,
               tr("The cache cannot store %1: %2").arg(m_collection, m_cache->errorString()));
        return;
    }
    m_staging = true;
    fetchPage();
}

void DeltaFetcher::fetchPage()
{
    fetchPageAfter(m_cursor);
}

void DeltaFetcher::fetchPageAfter(const QString &cursor)
{
    QUrlQuery query;
    if (!cursor.isEmpty())
        query.addQueryItem(QStringLiteral("cursor"), cursor);
    else if (!m_full && m_lastSync.isValid())
        query.addQueryItem(QStringLiteral("lastSync"), Protocol::formatTimestamp(m_lastSync));
    query.addQueryItem(QStringLiteral("limit"), QString::number(m_pageLimit));
    m_job = m_api->fetchCollection(m_collection, query);
    const qint64 bytesBefore = m_round.wireBytes;
    connect(m_job, &ApiJob::bytesReceived, this, [this, bytesBefore](qint64 wire, qint64) {
        if (m_full)
            emit progressed(m_collection, m_round.documents, bytesBefore + wire, m_total);
    });
    connect(m_job, &ApiJob::finished, this, &DeltaFetcher::onPageFinished);
}

void DeltaFetcher::onPageFinished(ApiJob *job)
{
    if (m_finished)
        return; // the page asked for ahead of a page that failed
    m_job = nullptr;
    m_round.wireBytes += job->wireBytes();
    m_round.decodedBytes += job->decodedBytes();
    m_httpStatus = job->httpStatus();
    if (job->error() == ApiError::CursorExpired && !m_restartedFull) {
        // The cursor fell out of the tombstone window: only a full sync can
        // tell which documents are gone.
        qCInfo(lcDelta) << m_collection << "cursor expired; full sync";
        m_restartedFull = true;
        m_state->clearCursor(m_collection);
        restartFull();
        return;
    }
    if (job->error() != ApiError::NoError) {
        if (job->error() == ApiError::InvalidData)
            m_state->clearCursor(m_collection); // next sync is full; the cache stays
        finish(job->error(), job->errorString());
        return;
    }
    bool hasMore = false;
    if (!applyPage(job->json(), &hasMore))
        return; // finish() was called
    if (hasMore) {
        if (!m_job)
            fetchPage(); // not asked for ahead (timestamp mode)
        return;
    }
    if (m_staging) {
        const qint64 seq = Protocol::parseCursor(m_cursor).value_or(0);
        if (!m_cache->commitFullReplace(m_collection, seq)) {
            finish(ApiError::InvalidData,
                   tr("The cache cannot store %1: %2").arg(m_collection, m_cache->errorString()));
            return;
        }
        m_staging = false;
    }
    // Only after the cache holds the data: the position to ask from next.
    m_state->setCursor(m_collection, m_cursor);
    if (m_serverTimestamp.isValid())
        m_state->setLastSync(m_collection, m_serverTimestamp);
    finish(ApiError::NoError, {});
}

bool DeltaFetcher::applyPage(const QJsonDocument &json, bool *hasMore)
{
    QString problem;
    std::optional<Page> page = parsePage(json, m_collection, &problem);
    if (!page) {
        qCWarning(lcDelta) << m_collection << "invalid page:" << problem;
        m_state->clearCursor(m_collection);
        finish(ApiError::InvalidData,
               tr("The server sent invalid data for %1: %2.").arg(m_collection, problem));
        return false;
    }
    if (!page->databaseId.isEmpty()) {
        const QString known = m_state->databaseId();
        if (!known.isEmpty() && known != page->databaseId) {
            // The cursors name positions in another database: nothing of
            // this page is applied; every collection resyncs in full.
            qCWarning(lcDelta) << m_collection << "the server's database id changed from" << known
                               << "to" << page->databaseId;
            m_replacedDatabaseId = page->databaseId;
            finish(ApiError::CursorExpired,
                   tr("The server's database was restored or replaced: full resync."));
            return false;
        }
        if (known.isEmpty())
            m_state->setDatabaseId(page->databaseId);
    }
    if (!m_full && page->hasDeltaSyncField && !page->deltaSync && m_round.pages == 0) {
        // Asked for a delta, got everything: the server decided on a full sync.
        m_full = true;
        if (!m_cache->beginFullReplace(m_collection)) {
            finish(ApiError::InvalidData,
                   tr("The cache cannot store %1: %2").arg(m_collection, m_cache->errorString()));
            return false;
        }
        m_staging = true;
    }
    if (page->cursor.isEmpty())
        m_timestampMode = true;
    if (page->hasMore && (page->cursor.isEmpty() || page->cursor == m_cursor)) {
        m_state->clearCursor(m_collection);
        finish(ApiError::InvalidData,
               tr("The server's paging for %1 does not advance.").arg(m_collection));
        return false;
    }
    if (page->total >= 0)
        m_total = page->total;
    // The next page is asked for before this one is stored: the server
    // builds and sends it while this thread parses and writes.
    if (page->hasMore && !page->cursor.isEmpty())
        fetchPageAfter(page->cursor);
    const qint64 seq = Protocol::parseCursor(page->cursor).value_or(0);
    const bool ok = m_staging
                        ? m_cache->stageDocuments(m_collection, page->documents, page->deleted)
                        : m_cache->applyDelta(m_collection, page->documents, page->deleted, seq);
    if (!ok) {
        finish(ApiError::InvalidData,
               tr("The cache cannot store %1: %2").arg(m_collection, m_cache->errorString()));
        return false;
    }
    ++m_round.pages;
    m_round.documents += page->documents.size();
    m_round.deletions += page->deleted.size();
    m_cursor = page->cursor;
    if (page->serverTimestamp.isValid())
        m_serverTimestamp = page->serverTimestamp;
    if (!m_staging && !m_cursor.isEmpty() && page->hasMore)
        m_state->setCursor(m_collection, m_cursor); // a drop later resumes from here
    if (m_full)
        emit progressed(m_collection, m_round.documents, m_round.wireBytes, m_total);
    *hasMore = page->hasMore;
    return true;
}

void DeltaFetcher::finish(ApiError error, const QString &message)
{
    if (m_finished)
        return;
    m_finished = true;
    m_error = error;
    m_errorString = message;
    if (m_job) {
        // A page asked for ahead of one that failed.
        m_job->disconnect(this);
        m_job->abort();
        m_job = nullptr;
    }
    if (m_staging) {
        m_cache->abortFullReplace(m_collection); // the old rows stay
        m_staging = false;
    }
    m_round.full = m_full;
    m_round.durationMs = m_clock.elapsed();
    m_round.at = m_serverTimestamp.isValid() ? m_serverTimestamp : QDateTime::currentDateTimeUtc();
    if (m_full) {
        m_round.fullEquivalentBytes = m_round.wireBytes;
        if (error == ApiError::NoError)
            m_state->setLastFullFetch(m_collection, m_round.wireBytes, m_round.documents);
    } else {
        const qint64 count = m_cache->count(m_collection);
        m_round.fullEquivalentBytes = m_state->fullFetchEstimate(m_collection, count);
        if (m_round.fullEquivalentBytes < 0 && m_stats)
            m_round.fullEquivalentBytes = m_stats->fullEquivalentEstimate(m_collection,
                                                                          count,
                                                                          m_cache->bodyBytes(
                                                                              m_collection));
    }
    emit finished(this);
    if (m_autoDelete)
        deleteLater();
}
