#include "apiclient.h"
#include "eventstreamclient.h"
#include "scriptedserver.h"

#include <QSignalSpy>
#include <QTest>
#include <QTimer>

class TestEventStreamClient : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void changesAndResumeWithLastEventId();
    void silenceTriggersReconnect();
    void heartbeatsKeepTheStream();
    void originalDialectDataOnly();
    void resetEvent();
    void unauthorizedStopsReconnecting();

private:
    std::unique_ptr<ScriptedServer> m_server;
    std::unique_ptr<ApiClient> m_api;
    std::unique_ptr<EventStreamClient> m_client;
    int m_status = 200;
};

void TestEventStreamClient::init()
{
    m_status = 200;
    m_server = std::make_unique<ScriptedServer>();
    QVERIFY(m_server->listen());
    m_server->setHandler([this](const ScriptedRequest &, QTcpSocket *) {
        if (m_status != 200)
            return ScriptedResponse{m_status,
                                    R"({"error":"unauthorized","message":"Token expired."})"};
        ScriptedResponse r;
        r.stream = true;
        return r;
    });
    m_api = std::make_unique<ApiClient>();
    m_api->setBaseUrl(QUrl(m_server->baseUrl()));
    m_api->setToken("tok");
    m_client = std::make_unique<EventStreamClient>(m_api.get());
    m_client->setCollections({QStringLiteral("events"), QStringLiteral("users")});
    m_client->setMaxRetryMs(100);
}

void TestEventStreamClient::cleanup()
{
    m_client.reset();
    m_api.reset();
    m_server.reset();
}

void TestEventStreamClient::changesAndResumeWithLastEventId()
{
    QSignalSpy opened(m_server.get(), &ScriptedServer::streamOpened);
    QSignalSpy changes(m_client.get(), &EventStreamClient::changesReceived);
    QSignalSpy connected(m_client.get(), &EventStreamClient::connected);
    QVERIFY(changes.isValid());
    m_client->setLastEventId(QStringLiteral("10"));
    m_client->start();
    QVERIFY(opened.wait());
    const ScriptedRequest first = m_server->requests().last();
    QCOMPARE(first.header("last-event-id"), QByteArray("10"));
    QCOMPARE(first.header("accept"), QByteArray("text/event-stream"));
    QCOMPARE(first.query.queryItemValue(QStringLiteral("collections")),
             QStringLiteral("events,users"));

    m_server->sendToStreams(
        "retry: 20\n\nevent: connected\ndata: {\"type\":\"connected\",\"cursor\":\"10\","
        "\"serverTimestamp\":\"2025-01-15T10:30:00.000Z\"}\n\n"
        "id: 11\nevent: change\ndata: {\"type\":\"change\",\"collection\":\"events\","
        "\"operationType\":\"insert\",\"documentId\":\"e1\",\"fullDocument\":{\"_id\":\"e1\","
        "\"version\":1},\"cursor\":\"11\"}\n\n"
        "id: 12\nevent: change\ndata: {\"type\":\"change\",\"collection\":\"users\","
        "\"operationType\":\"delete\",\"documentId\":\"u1\",\"cursor\":\"12\"}\n\n");
    QTRY_COMPARE(connected.count(), 1);
    QTRY_VERIFY(!changes.isEmpty());
    QList<StreamChange> all;
    for (const auto &args : std::as_const(changes))
        all += args.at(0).value<QList<StreamChange>>();
    QCOMPARE(all.size(), 2);
    QCOMPARE(all.at(0).seq, 11);
    QCOMPARE(all.at(0).fullDocument.value(QStringLiteral("_id")).toString(), QStringLiteral("e1"));
    QVERIFY(all.at(1).isDelete());
    QCOMPARE(m_client->retryMs(), 20);
    QCOMPARE(m_client->lastEventId(), QStringLiteral("12"));

    // The server drops the stream: the client comes back with the last id.
    m_server->closeStreams();
    const auto resumedFrom12 = [this] {
        const auto requests = m_server->requests();
        for (qsizetype i = 1; i < requests.size(); ++i) {
            if (requests.at(i).header("last-event-id") == "12")
                return true;
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(resumedFrom12(), 5000);
}

void TestEventStreamClient::silenceTriggersReconnect()
{
    QSignalSpy opened(m_server.get(), &ScriptedServer::streamOpened);
    QSignalSpy dropped(m_client.get(), &EventStreamClient::disconnected);
    m_client->setHeartbeatInterval(100);
    m_client->start();
    QVERIFY(opened.wait());
    // Nothing at all is sent: after two periods the client gives up on it.
    QVERIFY(dropped.wait(2000));
    QTRY_VERIFY_WITH_TIMEOUT(opened.count() >= 2, 2000);
}

void TestEventStreamClient::heartbeatsKeepTheStream()
{
    QSignalSpy opened(m_server.get(), &ScriptedServer::streamOpened);
    QSignalSpy dropped(m_client.get(), &EventStreamClient::disconnected);
    // Each heartbeat comment starts the watchdog (two periods) again: read
    // from the timer, not by waiting periods out.
    m_client->setHeartbeatInterval(2000);
    m_client->start();
    QVERIFY(opened.wait());
    const auto *watchdog = m_client->findChild<QTimer *>(QStringLiteral("watchdog"));
    QVERIFY(watchdog);
    QTRY_VERIFY(watchdog->isActive());
    for (int beat = 0; beat < 3; ++beat) {
        const int before = watchdog->remainingTime();
        // Margins above a coarse timer's 5 % slack on 4 s.
        QTRY_VERIFY(watchdog->remainingTime() < before - 600); // time passed
        const int waited = watchdog->remainingTime();
        m_server->sendToStreams(": heartbeat\n\n");
        QTRY_VERIFY(watchdog->remainingTime() > waited + 300); // started again
    }
    QCOMPARE(dropped.count(), 0);
    QCOMPARE(opened.count(), 1);
}

void TestEventStreamClient::originalDialectDataOnly()
{
    QSignalSpy opened(m_server.get(), &ScriptedServer::streamOpened);
    QSignalSpy changes(m_client.get(), &EventStreamClient::changesReceived);
    QSignalSpy connected(m_client.get(), &EventStreamClient::connected);
    m_client->start();
    QVERIFY(opened.wait());
    m_server->sendToStreams(
        "data: {\"type\":\"connected\"}\n\n"
        "data: {\"type\":\"change\",\"collection\":\"events\",\"operationType\":\"update\","
        "\"documentId\":\"e1\",\"fullDocument\":{\"_id\":\"e1\",\"title\":\"x\"},"
        "\"timestamp\":\"2025-01-15T10:30:00.000Z\"}\n\n");
    QTRY_COMPARE(connected.count(), 1);
    QVERIFY(connected.at(0).at(0).toString().isEmpty());
    QTRY_COMPARE(changes.count(), 1);
    const auto list = changes.at(0).at(0).value<QList<StreamChange>>();
    QCOMPARE(list.size(), 1);
    QCOMPARE(list.at(0).seq, 0);
    QVERIFY(list.at(0).timestamp.isValid());
    QVERIFY(m_client->lastEventId().isEmpty());
}

void TestEventStreamClient::resetEvent()
{
    QSignalSpy opened(m_server.get(), &ScriptedServer::streamOpened);
    QSignalSpy reset(m_client.get(), &EventStreamClient::resetRequested);
    m_client->start();
    QVERIFY(opened.wait());
    m_server->sendToStreams(
        "event: reset\ndata: {\"type\":\"reset\",\"reason\":\"cursor_expired\"}\n\n");
    QVERIFY(reset.wait());
    QCOMPARE(reset.at(0).at(0).toString(), QStringLiteral("cursor_expired"));
}

void TestEventStreamClient::unauthorizedStopsReconnecting()
{
    m_status = 401;
    QSignalSpy dropped(m_client.get(), &EventStreamClient::disconnected);
    QSignalSpy requests(m_server.get(), &ScriptedServer::requestReceived);
    m_client->start();
    QVERIFY(dropped.wait());
    QCOMPARE(dropped.at(0).at(0).toInt(), 401);
    // No reconnect is scheduled: read from the timer, not by waiting.
    const auto *reconnect = m_client->findChild<QTimer *>(QStringLiteral("reconnect"));
    QVERIFY(reconnect);
    QVERIFY(!reconnect->isActive());
    QCOMPARE(requests.count(), 1);
}

QTEST_GUILESS_MAIN(TestEventStreamClient)
#include "tst_eventstreamclient.moc"
