// The original design's health checks, verbatim, against the real server:
// `GET /api/events | jq .deltaSync` is false, `?lastSync=2024-01-01` is true,
// every ISO 8601 form its JavaScript Date parsing read is a delta from that
// instant (offsets applied), everything else a 400; and the stream's first
// five lines show `connected`.

#include "servertestutil.h"

#include "sseclient.h"

#include <QDateTime>
#include <QJsonArray>
#include <QTest>

using namespace ServerTest;

class TestServerLastSync : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void fullSyncIsNoDelta();
    void everyIsoFormIsADelta_data();
    void everyIsoFormIsADelta();
    void offsetsNameTheInstant();
    void otherFormsGet400_data();
    void otherFormsGet400();
    void streamFirstLinesShowConnected();

private:
    ServerProcess m_server;
    std::unique_ptr<TestHttp> m_http;
};

void TestServerLastSync::initTestCase()
{
    QVERIFY2(m_server.start({QStringLiteral("--demo")}), m_server.standardError().constData());
    m_http = std::make_unique<TestHttp>(m_server.url());
    QVERIFY(!m_http->login(QStringLiteral("manager"), QStringLiteral("manager")).isEmpty());
}

void TestServerLastSync::fullSyncIsNoDelta()
{
    const HttpResult r = m_http->get(QStringLiteral("/api/events"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(QStringLiteral("deltaSync")).toBool(true), false);
}

void TestServerLastSync::everyIsoFormIsADelta_data()
{
    QTest::addColumn<QString>("lastSync");
    // All before the demo seed: each is a delta holding every role.
    for (const char *form : {"2024-01-01",
                             "2024",
                             "2024-01",
                             "2024-01-01Z",
                             "2025-01-15T10:00",
                             "2025-01-15T10:00Z",
                             "2025-01-15T10:00:30",
                             "2025-01-15T10:00:30.5",
                             "2025-01-15T10:00:30.123Z",
                             "2025-01-15T10:00:30.123456Z",
                             "2025-01-15T10:00:30.000+02:00",
                             "2025-01-15T10:00-0530",
                             "2025-01-15t10:00z",
                             "2025-01-15T24:00",
                             "+002025-01-15T10:00Z"})
        QTest::newRow(form) << QString::fromLatin1(form);
}

void TestServerLastSync::everyIsoFormIsADelta()
{
    QFETCH(QString, lastSync);
    const HttpResult r = m_http->get(QStringLiteral("/api/roles?lastSync=")
                                     + QString::fromLatin1(QUrl::toPercentEncoding(lastSync)));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(QStringLiteral("deltaSync")).toBool(), true);
    QCOMPARE(r.json().value(QStringLiteral("roles")).toArray().size(), 8);
}

void TestServerLastSync::offsetsNameTheInstant()
{
    const HttpResult written = m_http->postJson(QStringLiteral("/api/events"), eventBody());
    QCOMPARE(written.status, 201);
    const QString id = written.json().value(QStringLiteral("_id")).toString();
    const QDateTime updated
        = QDateTime::fromString(written.json().value(QStringLiteral("updatedAt")).toString(),
                                Qt::ISODateWithMs);
    QVERIFY(updated.isValid());
    // The write's instant in a zone 5:30 east, to the millisecond: just
    // before it the delta holds the write alone, just after it nothing. Read
    // without the offset the times would be 5.5 hours off either way.
    const auto inZone = [](const QDateTime &utc) -> QString {
        return utc.toOffsetFromUtc(5 * 3600 + 1800)
                   .toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz"))
               + QStringLiteral("+05:30");
    };
    const auto ids = [this](const QString &lastSync) {
        const HttpResult r = m_http->get(QStringLiteral("/api/events?lastSync=")
                                         + QString::fromLatin1(QUrl::toPercentEncoding(lastSync)));
        QStringList out;
        for (const QJsonValue &doc : r.json().value(QStringLiteral("events")).toArray())
            out << doc.toObject().value(QStringLiteral("_id")).toString();
        return out;
    };
    QCOMPARE(ids(inZone(updated.addMSecs(-1))), QStringList{id});
    QCOMPARE(ids(inZone(updated.addMSecs(1))), QStringList());
}

void TestServerLastSync::otherFormsGet400_data()
{
    QTest::addColumn<QString>("lastSync");
    for (const char *form : {"yesterday",
                             "",
                             "2024-01-01T10",
                             "2024-13-01",
                             "2023-02-29",
                             "2024-01-01T23:60",
                             "2024-01-01 10:00",
                             "20240101",
                             "2024-01-01T10:00+02",
                             "2024-W01",
                             "1700000000000"})
        QTest::newRow(form) << QString::fromLatin1(form);
}

void TestServerLastSync::otherFormsGet400()
{
    QFETCH(QString, lastSync);
    const HttpResult r = m_http->get(QStringLiteral("/api/events?lastSync=")
                                     + QString::fromLatin1(QUrl::toPercentEncoding(lastSync)));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.json().value(QStringLiteral("error")).toString(), QStringLiteral("bad_request"));
    QVERIFY(r.json()
                .value(QStringLiteral("message"))
                .toString()
                .contains(QStringLiteral("2025-01-15T10:30")));
}

void TestServerLastSync::streamFirstLinesShowConnected()
{
    // curl -N -H "Authorization: Bearer $TOKEN" "$API_URL/api/sync/stream" | head -5
    SseClient client;
    client.open(m_server.port(), "/api/sync/stream", m_http->token());
    QTRY_VERIFY_WITH_TIMEOUT(client.rawBody().count('\n') >= 5, 10000);
    QCOMPARE(client.status(), 200);
    const QList<QByteArray> lines = client.rawBody().split('\n').mid(0, 5);
    QVERIFY(lines.contains("event: connected"));
    bool dataSaysConnected = false;
    for (const QByteArray &line : lines)
        dataSaysConnected |= line.startsWith("data: ") && line.contains("\"type\":\"connected\"");
    QVERIFY2(dataSaysConnected, client.rawBody().constData());
}

QTEST_GUILESS_MAIN(TestServerLastSync)
#include "tst_serverlastsync.moc"
