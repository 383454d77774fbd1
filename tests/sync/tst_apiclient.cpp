#include "apiclient.h"
#include "scriptedserver.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

class TestApiClient : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void login();
    void bearerTokenAndGzip();
    void errors_data();
    void errors();
    void slowButAliveBodySucceeds();
    void silentServerTimesOut();
    void writeConflictCarriesCurrentDocument();

private:
    template<typename Job>
    static bool waitFinished(Job *job, int ms = 10000)
    {
        job->setAutoDelete(false);
        return QTest::qWaitFor([job] { return job->isFinished(); }, ms);
    }
    std::unique_ptr<ScriptedServer> m_server;
    std::unique_ptr<ApiClient> m_api;
};

void TestApiClient::init()
{
    m_server = std::make_unique<ScriptedServer>();
    QVERIFY(m_server->listen());
    m_api = std::make_unique<ApiClient>();
    m_api->setBaseUrl(QUrl(m_server->baseUrl()));
}

void TestApiClient::login()
{
    m_server->setHandler([](const ScriptedRequest &req, QTcpSocket *) {
        const QJsonObject body = QJsonDocument::fromJson(req.body).object();
        if (req.path != QLatin1String("/api/auth/login")
            || body.value(QStringLiteral("password")) != QLatin1String("pw"))
            return ScriptedResponse{
                401, R"({"error":"unauthorized","message":"Wrong user name or password."})"};
        return ScriptedResponse{
            200,
            R"({"token":"abc","expiresAt":"2030-01-01T00:00:00.000Z","user":{"name":"admin","permissions":["events:write"]}})"};
    });
    LoginJob *job = m_api->login(QStringLiteral("admin"), QStringLiteral("pw"));
    QVERIFY(waitFinished(job));
    QCOMPARE(job->error(), ApiError::NoError);
    QCOMPARE(job->token(), QByteArray("abc"));
    QCOMPARE(job->user().value(QStringLiteral("name")).toString(), QStringLiteral("admin"));
    QCOMPARE(job->expiresAt().date().year(), 2030);
    delete job;

    LoginJob *bad = m_api->login(QStringLiteral("admin"), QStringLiteral("nope"));
    QVERIFY(waitFinished(bad));
    QCOMPARE(bad->error(), ApiError::Unauthorized);
    QCOMPARE(bad->errorString(), QStringLiteral("Wrong user name or password."));
    delete bad;
}

void TestApiClient::bearerTokenAndGzip()
{
    QByteArray big = "{\"events\":[";
    for (int i = 0; i < 200; ++i)
        big += (i ? "," : "") + QByteArray(R"({"_id":"e)") + QByteArray::number(i)
               + R"(","title":"same title"})";
    big += "]}";
    m_server->setHandler([big](const ScriptedRequest &, QTcpSocket *) {
        ScriptedResponse r{200, big};
        r.gzip = true;
        return r;
    });
    m_api->setToken("tok");
    ApiJob *job = m_api->fetchCollection(QStringLiteral("events"), {});
    QVERIFY(waitFinished(job));
    QCOMPARE(job->error(), ApiError::NoError);
    QCOMPARE(m_server->requests().first().header("authorization"), QByteArray("Bearer tok"));
    QVERIFY(m_server->requests().first().header("accept-encoding").contains("gzip"));
    QCOMPARE(job->body(), big);
    QCOMPARE(job->decodedBytes(), big.size());
    QVERIFY2(job->wireBytes() < big.size() / 3, qPrintable(QString::number(job->wireBytes())));
    delete job;
}

void TestApiClient::errors_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("mode"); // 0 plain, 1 truncated gzip, 2 drop mid-body
    QTest::addColumn<ApiError>("expected");
    const QByteArray err = R"({"error":"x","message":"Readable."})";
    QTest::newRow("400") << 400 << err << 0 << ApiError::Validation;
    QTest::newRow("401") << 401 << err << 0 << ApiError::Unauthorized;
    QTest::newRow("403") << 403 << err << 0 << ApiError::Forbidden;
    QTest::newRow("404") << 404 << err << 0 << ApiError::NotFound;
    QTest::newRow("410") << 410 << err << 0 << ApiError::CursorExpired;
    QTest::newRow("412") << 412 << err << 0 << ApiError::PreconditionFailed;
    QTest::newRow("422") << 422 << err << 0 << ApiError::Validation;
    QTest::newRow("429") << 429 << err << 0 << ApiError::TooManyRequests;
    QTest::newRow("500") << 500 << err << 0 << ApiError::Server;
    QTest::newRow("503 html") << 503 << QByteArray("<html>down</html>") << 0 << ApiError::Server;
    QTest::newRow("malformed json")
        << 200 << QByteArray(R"({"events": [)") << 0 << ApiError::InvalidData;
    QTest::newRow("truncated gzip")
        << 200 << QByteArray(R"({"events": []})") << 1 << ApiError::Network;
    QTest::newRow("drop mid-body")
        << 200 << QByteArray(R"({"events": [1,2,3,4,5,6]})") << 2 << ApiError::Network;
}

void TestApiClient::errors()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(int, mode);
    QFETCH(ApiError, expected);
    m_server->setHandler([=](const ScriptedRequest &, QTcpSocket *) {
        ScriptedResponse r{status, body};
        if (mode == 1) {
            r.gzip = true;
            r.truncateGzipTo = 12;
        } else if (mode == 2) {
            r.dropAfter = 5;
        }
        return r;
    });
    ApiJob *job = m_api->fetchCollection(QStringLiteral("events"), {});
    QVERIFY(waitFinished(job));
    QCOMPARE(job->error(), expected);
    QVERIFY(!job->errorString().isEmpty());
    if (body.startsWith("{\"error\""))
        QCOMPARE(job->errorString(), QStringLiteral("Readable."));
    delete job;
}

void TestApiClient::slowButAliveBodySucceeds()
{
    m_server->setHandler([](const ScriptedRequest &, QTcpSocket *) {
        ScriptedResponse r{200, R"({"events":[],"deltaSync":true})"};
        r.chunkBytes = 4;
        r.tickMs = 20;
        return r;
    });
    m_api->setTimeout(400); // idle timeout: far longer than a tick, far shorter than the body
    ApiJob *job = m_api->fetchCollection(QStringLiteral("events"), {});
    QVERIFY(waitFinished(job));
    QCOMPARE(job->error(), ApiError::NoError);
    delete job;
}

void TestApiClient::silentServerTimesOut()
{
    m_server->setHandler([](const ScriptedRequest &, QTcpSocket *) {
        ScriptedResponse r;
        r.deferred = true; // never answered
        return r;
    });
    m_api->setTimeout(200);
    ApiJob *job = m_api->fetchCollection(QStringLiteral("events"), {});
    QVERIFY(waitFinished(job));
    QCOMPARE(job->error(), ApiError::Timeout);
    delete job;
}

void TestApiClient::writeConflictCarriesCurrentDocument()
{
    m_server->setHandler([](const ScriptedRequest &req, QTcpSocket *) {
        if (req.header("if-match") != "3")
            return ScriptedResponse{500, "{}"};
        ScriptedResponse r{412, R"({"_id":"e1","version":4,"title":"theirs"})"};
        r.headers.append(qMakePair(QByteArray("X-Sync-Cursor"), QByteArray("99")));
        return r;
    });
    WriteJob *job = m_api->updateEvent(QStringLiteral("e1"),
                                       3,
                                       {{QStringLiteral("title"), QStringLiteral("mine")}});
    QVERIFY(waitFinished(job));
    QCOMPARE(job->error(), ApiError::PreconditionFailed);
    QCOMPARE(job->document().value(QStringLiteral("version")).toInt(), 4);
    QCOMPARE(job->cursor(), QStringLiteral("99"));
    QCOMPARE(m_server->requests().first().method, QByteArray("PUT"));
    delete job;
}

QTEST_GUILESS_MAIN(TestApiClient)
#include "tst_apiclient.moc"
