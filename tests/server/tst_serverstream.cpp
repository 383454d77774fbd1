// The event stream of the real deltadesk-server: handshake, live changes,
// replay from Last-Event-ID / since with no gap and no duplicate, the
// collections filter, heartbeats, and the slow-reader bound.

#include "servertestutil.h"

#include "protocol.h"
#include "sseclient.h"

#include <QJsonArray>
#include <QNetworkProxy>
#include <QNetworkRequest>
#include <QTest>

#include <memory>
#include <vector>

using namespace ServerTest;

class TestServerStream : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void handshakeWithoutAcceptHeader();
    void handshakeWithAcceptAndGzipAsked();
    void liveChangesArrive();
    void filterByCollections();
    void badStreamParametersGet400_data();
    void badStreamParametersGet400();
    void heartbeatsArrive();
    void replayThenLiveHasNoGapNoDuplicate_data();
    void replayThenLiveHasNoGapNoDuplicate();
    void writesDuringAHeldReplayAreHandedOver_data();
    void writesDuringAHeldReplayAreHandedOver();
    void reconnectResumesAfterLastEventId();
    void fullReplayIsPacedNotDropped();
    void stalledReaderIsDisconnectedOthersContinue();
    void manyStreamsGetTheSameFramesWhileStalledReaderIsDropped();
    void writesAnswerWithManyStreamsAndChangesStayInSeqOrder();

private:
    QByteArray createEvent(int notesBytes = 0);
    void fireWrites(int count);

    ServerProcess m_server;
    std::unique_ptr<TestHttp> m_http;
    QNetworkAccessManager m_nam;
};

void TestServerStream::initTestCase()
{
    // One token holds the many streams of the fan-out tests: above the
    // per-token and per-user caps (tst_serverhardening tests those).
    QVERIFY2(m_server.start({QStringLiteral("--demo"),
                             QStringLiteral("--heartbeat-ms"),
                             QStringLiteral("300"),
                             QStringLiteral("--stream-buffer-bytes"),
                             QStringLiteral("65536"),
                             QStringLiteral("--max-streams-per-token"),
                             QStringLiteral("100"),
                             QStringLiteral("--max-streams-per-user"),
                             QStringLiteral("100")}),
             m_server.standardError().constData());
    m_http = std::make_unique<TestHttp>(m_server.url());
    QVERIFY(!m_http->login(QStringLiteral("admin"), QStringLiteral("admin")).isEmpty());
    m_nam.setProxy(QNetworkProxy::NoProxy);
}

QByteArray TestServerStream::createEvent(int notesBytes)
{
    QJsonObject body = eventBody();
    if (notesBytes)
        body.insert(QStringLiteral("notes"), QString(notesBytes, u'n'));
    const HttpResult r = m_http->postJson(QStringLiteral("/api/events"), body);
    return r.status == 201 ? r.json().value(QStringLiteral("_id")).toString().toUtf8()
                           : QByteArray();
}

void TestServerStream::fireWrites(int count)
{
    // Asynchronous: the writes race whatever the test does next.
    for (int i = 0; i < count; ++i) {
        QNetworkRequest req(m_http->url(QStringLiteral("/api/events")));
        req.setRawHeader("Authorization", "Bearer " + m_http->token());
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *reply = m_nam.post(req, QJsonDocument(eventBody()).toJson());
        connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
    }
}

void TestServerStream::handshakeWithoutAcceptHeader()
{
    const qint64 head = headCursor(*m_http);
    SseClient client;
    client.open(m_server.port(), "/api/sync/stream", m_http->token());
    QTRY_COMPARE(client.events("connected").size(), 1);
    QCOMPARE(client.status(), 200);
    QVERIFY(client.head().toLower().contains("content-type: text/event-stream"));
    QCOMPARE(client.frames().first().retry, QByteArray("2000"));
    const QJsonObject connected
        = QJsonDocument::fromJson(client.events("connected").first().data).object();
    QCOMPARE(connected.value(QStringLiteral("type")).toString(), QStringLiteral("connected"));
    QCOMPARE(connected.value(QStringLiteral("cursor")).toString().toLongLong(), head);
    QVERIFY(Protocol::parseTimestamp(connected.value(QStringLiteral("serverTimestamp")).toString()));
}

void TestServerStream::handshakeWithAcceptAndGzipAsked()
{
    SseClient client;
    client.open(m_server.port(),
                "/api/sync/stream?collections=events,users",
                m_http->token(),
                {{"Accept", "text/event-stream"}, {"Accept-Encoding", "gzip"}});
    QTRY_COMPARE(client.events("connected").size(), 1);
    QVERIFY(!client.head().toLower().contains("content-encoding"));
    QVERIFY(client.rawBody().startsWith("retry: 2000\n\n"));
}

void TestServerStream::liveChangesArrive()
{
    SseClient client;
    client.open(m_server.port(), "/api/sync/stream", m_http->token());
    QTRY_COMPARE(client.events("connected").size(), 1);
    const QByteArray id = createEvent();
    QVERIFY(!id.isEmpty());
    QCOMPARE(m_http
                 ->request("PUT",
                           QStringLiteral("/api/events/") + QString::fromUtf8(id),
                           R"({"title":"B"})")
                 .status,
             200);
    QCOMPARE(m_http->request("DELETE", QStringLiteral("/api/events/") + QString::fromUtf8(id)).status,
             204);
    QTRY_COMPARE(client.events("change").size(), 3);
    const QList<SseFrame> changes = client.events("change");
    const char *ops[] = {"insert", "update", "delete"};
    for (int i = 0; i < 3; ++i) {
        const QJsonObject c = QJsonDocument::fromJson(changes.at(i).data).object();
        QCOMPARE(c.value(QStringLiteral("type")).toString(), QStringLiteral("change"));
        QCOMPARE(c.value(QStringLiteral("collection")).toString(), QStringLiteral("events"));
        QCOMPARE(c.value(QStringLiteral("operationType")).toString(), QLatin1String(ops[i]));
        QCOMPARE(c.value(QStringLiteral("documentId")).toString().toUtf8(), id);
        QCOMPARE(c.value(QStringLiteral("cursor")).toString().toUtf8(), changes.at(i).id);
        QVERIFY(Protocol::parseTimestamp(c.value(QStringLiteral("timestamp")).toString()));
        QCOMPARE(c.contains(QStringLiteral("fullDocument")), i < 2);
    }
    const QJsonObject update = QJsonDocument::fromJson(changes.at(1).data).object();
    QCOMPARE(update.value(QStringLiteral("fullDocument"))
                 .toObject()
                 .value(QStringLiteral("title"))
                 .toString(),
             QStringLiteral("B"));
    QCOMPARE(update.value(QStringLiteral("fullDocument"))
                 .toObject()
                 .value(QStringLiteral("version"))
                 .toInt(),
             2);
}

void TestServerStream::filterByCollections()
{
    SseClient events;
    SseClient others;
    events.open(m_server.port(), "/api/sync/stream?collections=events", m_http->token());
    others.open(m_server.port(), "/api/sync/stream?collections=clients,%20users", m_http->token());
    QTRY_COMPARE(events.events("connected").size(), 1);
    QTRY_COMPARE(others.events("connected").size(), 1);
    QVERIFY(!createEvent().isEmpty());
    QTRY_COMPARE(events.events("change").size(), 1);
    // A heartbeat sent after the change proves nothing else is coming.
    const int beats = others.heartbeats();
    QTRY_VERIFY(others.heartbeats() > beats);
    QCOMPARE(others.events("change").size(), 0);
}

void TestServerStream::badStreamParametersGet400_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("lastEventId");
    QTest::newRow("unknown collection")
        << QByteArray("/api/sync/stream?collections=events,invoices") << QByteArray();
    QTest::newRow("bad since") << QByteArray("/api/sync/stream?since=yesterday") << QByteArray();
    QTest::newRow("bad last-event-id") << QByteArray("/api/sync/stream") << QByteArray("-5");
}

void TestServerStream::badStreamParametersGet400()
{
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, lastEventId);
    SseClient client;
    QList<QPair<QByteArray, QByteArray>> headers;
    if (!lastEventId.isEmpty())
        headers.append({"Last-Event-ID", lastEventId});
    client.open(m_server.port(), path, m_http->token(), headers);
    QTRY_COMPARE(client.status(), 400);
    QVERIFY(client.head().toLower().contains("application/json"));
    QTRY_VERIFY(QJsonDocument::fromJson(client.rawBody()).isObject());
    const QJsonObject error = QJsonDocument::fromJson(client.rawBody()).object();
    QCOMPARE(error.value(QStringLiteral("error")).toString(), QStringLiteral("bad_request"));
    QVERIFY(!error.value(QStringLiteral("message")).toString().isEmpty());
}

void TestServerStream::heartbeatsArrive()
{
    SseClient client;
    client.open(m_server.port(), "/api/sync/stream", m_http->token());
    QTRY_VERIFY_WITH_TIMEOUT(client.heartbeats() >= 3, 5000);
}

void TestServerStream::replayThenLiveHasNoGapNoDuplicate_data()
{
    QTest::addColumn<bool>("useHeader");
    QTest::newRow("Last-Event-ID") << true;
    QTest::newRow("since") << false;
}

void TestServerStream::replayThenLiveHasNoGapNoDuplicate()
{
    QFETCH(bool, useHeader);
    SseClient reference;
    reference.open(m_server.port(), "/api/sync/stream?collections=events", m_http->token());
    QTRY_COMPARE(reference.events("connected").size(), 1);
    const qint64 start = headCursor(*m_http);
    for (int i = 0; i < 5; ++i)
        QVERIFY(!createEvent().isEmpty());

    // Resume from start while 30 more writes race the replay.
    SseClient resumed;
    const QByteArray cursor = QByteArray::number(start);
    if (useHeader)
        resumed.open(m_server.port(),
                     "/api/sync/stream?collections=events",
                     m_http->token(),
                     {{"Last-Event-ID", cursor}});
    else
        resumed.open(m_server.port(),
                     "/api/sync/stream?collections=events&since=" + cursor,
                     m_http->token());
    fireWrites(30);
    QTRY_COMPARE_WITH_TIMEOUT(reference.changeSeqs().size(), 35, 15000);
    QTRY_COMPARE_WITH_TIMEOUT(resumed.changeSeqs().size(), 35, 15000);
    QList<qint64> expected;
    for (qint64 s = start + 1; s <= start + 35; ++s)
        expected << s;
    QCOMPARE(reference.changeSeqs(), expected);
    QCOMPARE(resumed.changeSeqs(), expected);
    // Frames after "connected" only.
    QCOMPARE(resumed.frames().at(1).event, QByteArray("connected"));
}

void TestServerStream::writesDuringAHeldReplayAreHandedOver_data()
{
    QTest::addColumn<int>("batch");
    // One batch: the writes reach the stream only as held live frames.
    QTest::newRow("replay in one batch") << 200;
    // Batches of four: later batches read the writes too, so the held
    // frames repeat what the replay sent and must be skipped.
    QTest::newRow("replay in batches of four") << 4;
}

void TestServerStream::writesDuringAHeldReplayAreHandedOver()
{
    // Forces the race "30 writes race the replay" only hopes for: every
    // replay batch waits, once read, while the writes commit.
    QFETCH(int, batch);
    ServerProcess server;
    QVERIFY2(server.start({QStringLiteral("--demo"),
                           QStringLiteral("--test-replay-hold-ms"),
                           QStringLiteral("1000"),
                           QStringLiteral("--test-replay-batch"),
                           QString::number(batch)}),
             server.standardError().constData());
    TestHttp http(server.url());
    QVERIFY(!http.login(QStringLiteral("admin"), QStringLiteral("admin")).isEmpty());
    const qint64 start = headCursor(http);
    for (int i = 0; i < 5; ++i)
        QCOMPARE(http.postJson(QStringLiteral("/api/events"), eventBody()).status, 201);

    SseClient resumed;
    resumed.open(server.port(),
                 "/api/sync/stream?collections=events&since=" + QByteArray::number(start),
                 http.token());
    QTRY_COMPARE(resumed.events("connected").size(), 1);
    for (int i = 0; i < 10; ++i)
        QCOMPARE(http.postJson(QStringLiteral("/api/events"), eventBody()).status, 201);
    // Every write was answered (and published) while the first batch was
    // still held: nothing has reached the stream yet.
    QVERIFY2(resumed.changeSeqs().isEmpty(), "the hold ended before the writes: no race forced");

    QList<qint64> expected;
    for (qint64 s = start + 1; s <= start + 15; ++s)
        expected << s;
    QTRY_COMPARE_WITH_TIMEOUT(resumed.changeSeqs().size(), 15, 20000);
    QCOMPARE(resumed.changeSeqs(), expected);
    // And nothing after: no duplicate arrives late.
    QCOMPARE(http.postJson(QStringLiteral("/api/events"), eventBody()).status, 201);
    expected << start + 16;
    QTRY_COMPARE_WITH_TIMEOUT(resumed.changeSeqs().size(), 16, 10000);
    QCOMPARE(resumed.changeSeqs(), expected);
    QVERIFY(server.stop());
}

void TestServerStream::reconnectResumesAfterLastEventId()
{
    const qint64 start = headCursor(*m_http);
    qint64 lastSeen = 0;
    {
        SseClient first;
        first.open(m_server.port(), "/api/sync/stream", m_http->token());
        QTRY_COMPARE(first.events("connected").size(), 1);
        for (int i = 0; i < 3; ++i)
            QVERIFY(!createEvent().isEmpty());
        QTRY_COMPARE(first.changeSeqs().size(), 3);
        lastSeen = first.changeSeqs().last();
    } // disconnected
    QTRY_COMPARE(streamCount(*m_http), 0);
    for (int i = 0; i < 4; ++i)
        QVERIFY(!createEvent().isEmpty());
    SseClient second;
    second.open(m_server.port(),
                "/api/sync/stream",
                m_http->token(),
                {{"Last-Event-ID", QByteArray::number(lastSeen)}});
    QTRY_COMPARE(second.changeSeqs().size(), 4);
    QCOMPARE(second.changeSeqs(), (QList<qint64>{start + 4, start + 5, start + 6, start + 7}));
}

void TestServerStream::fullReplayIsPacedNotDropped()
{
    // Replaying all of the demo data (megabytes) through a 64 KiB send
    // buffer must wait for the socket, never trip the slow-reader bound.
    const qint64 head = headCursor(*m_http);
    SseClient client;
    client.open(m_server.port(), "/api/sync/stream", m_http->token(), {{"Last-Event-ID", "0"}});
    QTRY_VERIFY_WITH_TIMEOUT(!client.changeSeqs().isEmpty() && client.changeSeqs().last() == head,
                             20000);
    QVERIFY(!client.isClosed());
    const QList<qint64> seqs = client.changeSeqs();
    QVERIFY(seqs.size() > 1200);
    for (int i = 1; i < seqs.size(); ++i)
        QVERIFY(seqs.at(i) > seqs.at(i - 1));
}

void TestServerStream::stalledReaderIsDisconnectedOthersContinue()
{
    QTRY_COMPARE(streamCount(*m_http), 0);
    SseClient healthy;
    healthy.open(m_server.port(), "/api/sync/stream?collections=events", m_http->token());
    SseClient stalled;
    stalled.open(m_server.port(), "/api/sync/stream?collections=events", m_http->token(), {}, true);
    QTRY_COMPARE(healthy.events("connected").size(), 1);
    QTRY_COMPARE(streamCount(*m_http), 2);

    // 20 KB changes: the stalled reader's kernel buffers and the server's
    // 64 KiB queue fill within a few dozen; the bound then drops it.
    int written = 0;
    for (; written < 150 && streamCount(*m_http) == 2; ++written)
        QVERIFY(!createEvent(20000).isEmpty());
    QVERIFY2(written < 150, "the stalled reader was never disconnected");
    QTRY_COMPARE(streamCount(*m_http), 1);
    QTRY_COMPARE_WITH_TIMEOUT(healthy.changeSeqs().size(), written, 15000);
    QVERIFY(!healthy.isClosed());
}

void TestServerStream::manyStreamsGetTheSameFramesWhileStalledReaderIsDropped()
{
    // A published frame is one buffer shared by every stream: each healthy
    // reader still gets every change byte for byte, while the bound on the
    // unsent bytes drops the one that stalls.
    QTRY_COMPARE(streamCount(*m_http), 0);
    constexpr int healthyCount = 24;
    std::vector<std::unique_ptr<SseClient>> healthy;
    for (int i = 0; i < healthyCount; ++i) {
        healthy.push_back(std::make_unique<SseClient>());
        healthy.back()->open(m_server.port(),
                             "/api/sync/stream?collections=events",
                             m_http->token());
    }
    SseClient stalled;
    stalled.open(m_server.port(), "/api/sync/stream?collections=events", m_http->token(), {}, true);
    QTRY_COMPARE(streamCount(*m_http), healthyCount + 1);

    int written = 0;
    for (; written < 150 && streamCount(*m_http) == healthyCount + 1; ++written)
        QVERIFY(!createEvent(20000).isEmpty());
    QVERIFY2(written < 150, "the stalled reader was never disconnected");
    QTRY_COMPARE(streamCount(*m_http), healthyCount);
    for (const auto &client : healthy)
        QTRY_COMPARE_WITH_TIMEOUT(client->events("change").size(), written, 15000);
    const QList<SseFrame> reference = healthy.front()->events("change");
    for (const auto &client : healthy) {
        QVERIFY(!client->isClosed());
        const QList<SseFrame> frames = client->events("change");
        for (int i = 0; i < written; ++i) {
            QCOMPARE(frames.at(i).id, reference.at(i).id);
            QCOMPARE(frames.at(i).data, reference.at(i).data);
        }
    }
}

void TestServerStream::writesAnswerWithManyStreamsAndChangesStayInSeqOrder()
{
    // The response goes out before the fan-out: every write is answered,
    // and every stream still sees every change once, in seq order, also
    // when writes race each other.
    QTRY_COMPARE(streamCount(*m_http), 0);
    constexpr int streams = 40;
    std::vector<std::unique_ptr<SseClient>> clients;
    for (int i = 0; i < streams; ++i) {
        clients.push_back(std::make_unique<SseClient>());
        clients.back()->open(m_server.port(),
                             "/api/sync/stream?collections=events",
                             m_http->token());
    }
    QTRY_COMPARE(streamCount(*m_http), streams);
    QList<qint64> answered;
    for (int i = 0; i < 10; ++i) {
        const HttpResult r = m_http->postJson(QStringLiteral("/api/events"), eventBody());
        QCOMPARE(r.status, 201);
        answered.append(r.header(Protocol::syncCursorHeader).toLongLong());
    }
    constexpr int racing = 20;
    fireWrites(racing);
    for (const auto &client : clients)
        QTRY_COMPARE_WITH_TIMEOUT(client->changeSeqs().size(), 10 + racing, 15000);
    for (const auto &client : clients) {
        const QList<qint64> seqs = client->changeSeqs();
        QCOMPARE(seqs.mid(0, 10), answered);
        for (int i = 1; i < seqs.size(); ++i)
            QVERIFY(seqs.at(i) > seqs.at(i - 1));
        QCOMPARE(seqs, clients.front()->changeSeqs());
    }
}

QTEST_GUILESS_MAIN(TestServerStream)
#include "tst_serverstream.moc"
