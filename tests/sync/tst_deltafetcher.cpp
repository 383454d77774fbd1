#include "apiclient.h"
#include "cachestore.h"
#include "deltafetcher.h"
#include "protocol.h"
#include "scriptedserver.h"
#include "syncstate.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

// DeltaFetcher against scripted pages: each test queues the responses the
// server gives, in order, and checks the requests, the cache and the state.
class TestDeltaFetcher : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void pagedFullSyncThenDelta();
    void cursorExpiredRunsFullSync();
    void invalidDataClearsCursorKeepsCache();
    void dropMidFullSyncKeepsOldRows();
    void originalDialectRunsInTimestampMode();
    void bareArray();
    void databaseIdStoredThenAnotherAppliesNothing();

private:
    static QByteArray page(const QStringList &ids,
                           const QStringList &deleted,
                           const QString &cursor,
                           bool hasMore,
                           qint64 total = -1,
                           int version = 1)
    {
        QJsonArray docs;
        for (const QString &id : ids)
            docs.append(QJsonObject{{QStringLiteral("_id"), id},
                                    {QStringLiteral("version"), version},
                                    {QStringLiteral("updatedAt"),
                                     QStringLiteral("2025-01-15T10:30:00.000Z")}});
        QJsonObject o{{QStringLiteral("events"), docs},
                      {QStringLiteral("deleted"), QJsonArray::fromStringList(deleted)},
                      {QStringLiteral("serverTimestamp"),
                       QStringLiteral("2025-01-15T10:30:00.000Z")},
                      {QStringLiteral("deltaSync"), true},
                      {QStringLiteral("cursor"), cursor},
                      {QStringLiteral("hasMore"), hasMore}};
        if (total >= 0)
            o.insert(QStringLiteral("total"), total);
        return QJsonDocument(o).toJson(QJsonDocument::Compact);
    }
    // page() with "databaseId" beside the cursor.
    static QByteArray pageOf(const QString &databaseId,
                             const QStringList &ids,
                             const QString &cursor)
    {
        QJsonObject o = QJsonDocument::fromJson(page(ids, {}, cursor, false)).object();
        o.insert(QStringLiteral("databaseId"), databaseId);
        return QJsonDocument(o).toJson(QJsonDocument::Compact);
    }
    bool run(bool forceFull = false)
    {
        auto *fetcher
            = new DeltaFetcher(m_api.get(), m_cache.get(), m_state.get(), QStringLiteral("events"));
        fetcher->setAutoDelete(false);
        fetcher->setPageLimit(2);
        fetcher->setForceFull(forceFull);
        QSignalSpy finished(fetcher, &DeltaFetcher::finished);
        QSignalSpy progress(fetcher, &DeltaFetcher::progressed);
        fetcher->start();
        const bool ok = finished.count() == 1 || finished.wait(10000);
        m_error = fetcher->error();
        m_full = fetcher->wasFull();
        m_timestampMode = fetcher->timestampMode();
        m_progress = int(progress.count());
        m_round = fetcher->round();
        m_replacedDatabaseId = fetcher->replacedDatabaseId();
        delete fetcher;
        return ok;
    }
    QStringList cachedIds() const
    {
        QStringList ids;
        for (const QJsonObject &doc : m_cache->documents(QStringLiteral("events")))
            ids.append(doc.value(QStringLiteral("_id")).toString());
        return ids;
    }
    void script(QList<ScriptedResponse> responses)
    {
        m_responses = std::move(responses);
        m_server->clearRequests();
    }

    QTemporaryDir m_dir;
    std::unique_ptr<ScriptedServer> m_server;
    std::unique_ptr<ApiClient> m_api;
    std::unique_ptr<CacheStore> m_cache;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<SyncState> m_state;
    QList<ScriptedResponse> m_responses;
    ApiError m_error = ApiError::NoError;
    QString m_replacedDatabaseId;
    bool m_full = false;
    bool m_timestampMode = false;
    int m_progress = 0;
    SyncRound m_round;
};

void TestDeltaFetcher::init()
{
    m_server = std::make_unique<ScriptedServer>();
    QVERIFY(m_server->listen());
    m_server->setHandler([this](const ScriptedRequest &, QTcpSocket *) {
        return m_responses.isEmpty() ? ScriptedResponse{500, "{}"} : m_responses.takeFirst();
    });
    m_api = std::make_unique<ApiClient>();
    m_api->setBaseUrl(QUrl(m_server->baseUrl()));
    m_cache = std::make_unique<CacheStore>();
    QVERIFY(m_cache->open(m_dir.filePath(QStringLiteral("c.sqlite"))));
    QVERIFY(m_cache->wipe());
    QFile::remove(m_dir.filePath(QStringLiteral("s.ini")));
    m_settings = std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("s.ini")),
                                             QSettings::IniFormat);
    m_state = std::make_unique<SyncState>(m_settings.get());
}

void TestDeltaFetcher::cleanup()
{
    m_state.reset();
    m_settings.reset();
    m_cache.reset();
    m_api.reset();
    m_server.reset();
}

void TestDeltaFetcher::pagedFullSyncThenDelta()
{
    script(
        {{200, page({QStringLiteral("a"), QStringLiteral("b")}, {}, QStringLiteral("2"), true, 3)},
         {200,
          page({QStringLiteral("c"), QStringLiteral("x")},
               {QStringLiteral("x")},
               QStringLiteral("9"),
               false,
               3)}});
    QVERIFY(run());
    QCOMPARE(m_error, ApiError::NoError);
    QVERIFY(m_full);
    QVERIFY(m_progress >= 2);
    QCOMPARE(cachedIds(),
             (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
    QCOMPARE(m_state->cursor(QStringLiteral("events")), QStringLiteral("9"));
    const auto requests = m_server->requests();
    QVERIFY(!requests.at(0).query.hasQueryItem(QStringLiteral("cursor")));
    QCOMPARE(requests.at(1).query.queryItemValue(QStringLiteral("cursor")), QStringLiteral("2"));
    QCOMPARE(m_round.documents, 4);
    QCOMPARE(m_round.pages, 2);

    script({{200, page({QStringLiteral("d")}, {QStringLiteral("a")}, QStringLiteral("12"), false)}});
    QVERIFY(run());
    QCOMPARE(m_error, ApiError::NoError);
    QVERIFY(!m_full);
    QCOMPARE(m_server->requests().at(0).query.queryItemValue(QStringLiteral("cursor")),
             QStringLiteral("9"));
    QCOMPARE(cachedIds(),
             (QStringList{QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d")}));
    QCOMPARE(m_state->cursor(QStringLiteral("events")), QStringLiteral("12"));
    QCOMPARE(m_round.deletions, 1);
}

void TestDeltaFetcher::cursorExpiredRunsFullSync()
{
    QVERIFY(m_cache->applyDelta(QStringLiteral("events"),
                                {QJsonObject{{QStringLiteral("_id"), QStringLiteral("old")}}},
                                {},
                                3));
    m_state->setCursor(QStringLiteral("events"), QStringLiteral("3"));
    script({{410, R"({"error":"cursor_expired","message":"Too old."})"},
            {200, page({QStringLiteral("new")}, {}, QStringLiteral("40"), false)}});
    QVERIFY(run());
    QCOMPARE(m_error, ApiError::NoError);
    QVERIFY(m_full);
    QCOMPARE(cachedIds(), QStringList{QStringLiteral("new")});
    QCOMPARE(m_state->cursor(QStringLiteral("events")), QStringLiteral("40"));
    QVERIFY(!m_server->requests().at(1).query.hasQueryItem(QStringLiteral("cursor")));
}

void TestDeltaFetcher::invalidDataClearsCursorKeepsCache()
{
    QVERIFY(m_cache->applyDelta(QStringLiteral("events"),
                                {QJsonObject{{QStringLiteral("_id"), QStringLiteral("keep")}}},
                                {},
                                3));
    m_state->setCursor(QStringLiteral("events"), QStringLiteral("3"));
    const QList<QByteArray> bad{R"({"events":[{"title":"no id"}],"cursor":"5","hasMore":false})",
                                R"({"events": [)",
                                R"({"cursor":"5"})",
                                R"("just a string")"};
    for (const QByteArray &body : bad) {
        m_state->setCursor(QStringLiteral("events"), QStringLiteral("3"));
        script({{200, body}});
        QVERIFY(run());
        QCOMPARE(m_error, ApiError::InvalidData);
        QVERIFY(m_state->cursor(QStringLiteral("events")).isEmpty());
        QCOMPARE(cachedIds(), QStringList{QStringLiteral("keep")});
    }
}

void TestDeltaFetcher::dropMidFullSyncKeepsOldRows()
{
    QVERIFY(m_cache->applyDelta(QStringLiteral("events"),
                                {QJsonObject{{QStringLiteral("_id"), QStringLiteral("old")}}},
                                {},
                                3));
    ScriptedResponse
        drop{200, page({QStringLiteral("c"), QStringLiteral("d")}, {}, QStringLiteral("9"), false)};
    drop.dropAfter = 20;
    script({{200, page({QStringLiteral("a"), QStringLiteral("b")}, {}, QStringLiteral("2"), true)},
            drop});
    QVERIFY(run(true));
    QCOMPARE(m_error, ApiError::Network);
    QCOMPARE(cachedIds(), QStringList{QStringLiteral("old")});
    QVERIFY(m_state->cursor(QStringLiteral("events"))
                .isEmpty()); // never a cursor for rows we do not have
}

void TestDeltaFetcher::originalDialectRunsInTimestampMode()
{
    // Only {"events", "serverTimestamp", "deltaSync"}: no cursor, deleted or hasMore.
    script({{200,
             R"({"events":[{"_id":"a","updatedAt":"2025-01-15T10:00:00.000Z"}],)"
             R"("serverTimestamp":"2025-01-15T10:30:00.000Z","deltaSync":false})"}});
    QVERIFY(run());
    QCOMPARE(m_error, ApiError::NoError);
    QVERIFY(m_timestampMode);
    QVERIFY(m_state->cursor(QStringLiteral("events")).isEmpty());
    QCOMPARE(Protocol::formatTimestamp(m_state->lastSync(QStringLiteral("events"))),
             QStringLiteral("2025-01-15T10:30:00.000Z"));

    script({{200,
             R"({"events":[{"_id":"b","updatedAt":"2025-01-15T10:40:00.000Z"}],)"
             R"("serverTimestamp":"2025-01-15T10:45:00.000Z","deltaSync":true})"}});
    QVERIFY(run());
    QCOMPARE(m_error, ApiError::NoError);
    QVERIFY(!m_full);
    QCOMPARE(m_server->requests().at(0).query.queryItemValue(QStringLiteral("lastSync")),
             QStringLiteral("2025-01-15T10:30:00.000Z"));
    QCOMPARE(cachedIds(), (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
    QCOMPARE(Protocol::formatTimestamp(m_state->lastSync(QStringLiteral("events"))),
             QStringLiteral("2025-01-15T10:45:00.000Z"));
}

void TestDeltaFetcher::bareArray()
{
    script(
        {{200,
          R"([{"_id":"a","updatedAt":"2025-01-15T10:00:00.000Z"},{"_id":"b","updatedAt":"2025-01-16T10:00:00.000Z"}])"}});
    QVERIFY(run());
    QCOMPARE(m_error, ApiError::NoError);
    QCOMPARE(cachedIds(), (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
    // No server timestamp in a bare array: the newest updatedAt stands in.
    QCOMPARE(Protocol::formatTimestamp(m_state->lastSync(QStringLiteral("events"))),
             QStringLiteral("2025-01-16T10:00:00.000Z"));
}

void TestDeltaFetcher::databaseIdStoredThenAnotherAppliesNothing()
{
    // The first id heard is stored beside the cursor.
    script({{200, pageOf(QStringLiteral("aaaa"), {QStringLiteral("a")}, QStringLiteral("5"))}});
    QVERIFY(run());
    QCOMPARE(m_error, ApiError::NoError);
    QCOMPARE(m_state->databaseId(), QStringLiteral("aaaa"));
    QVERIFY(m_replacedDatabaseId.isEmpty());

    // A page without one (the original dialect's server) changes nothing.
    script({{200, page({QStringLiteral("b")}, {}, QStringLiteral("6"), false)}});
    QVERIFY(run());
    QCOMPARE(m_error, ApiError::NoError);
    QCOMPARE(m_state->databaseId(), QStringLiteral("aaaa"));
    QCOMPARE(cachedIds(), (QStringList{QStringLiteral("a"), QStringLiteral("b")}));

    // Another id: nothing of the page is applied, the fetcher says which.
    script({{200, pageOf(QStringLiteral("bbbb"), {QStringLiteral("z")}, QStringLiteral("2"))}});
    QVERIFY(run());
    QCOMPARE(m_error, ApiError::CursorExpired);
    QCOMPARE(m_replacedDatabaseId, QStringLiteral("bbbb"));
    QCOMPARE(cachedIds(), (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
    // The engine decides what follows (every cursor dropped, full rounds).
    QCOMPARE(m_state->databaseId(), QStringLiteral("aaaa"));
    QCOMPARE(m_state->cursor(QStringLiteral("events")), QStringLiteral("6"));
}

QTEST_GUILESS_MAIN(TestDeltaFetcher)
#include "tst_deltafetcher.moc"
