// What the real deltadesk-server stores must be readable by every client:
// strict RFC 8259 bodies (400), documents nested at most 32 levels (422) and
// stored at most --max-body-bytes, a PUT's merged result included (413).
// Nothing is stored when a write is refused.

#include "servertestutil.h"

#include "sseclient.h"

#include <QJsonArray>
#include <QTest>

using namespace ServerTest;

namespace {

// {"title":..., <field>: [[[...]]]} with the document at level 1 and the
// innermost array at level depth.
QByteArray nestedEvent(int depth)
{
    QByteArray nested = "1";
    for (int i = 1; i < depth; ++i)
        nested = "[" + nested + "]";
    QByteArray body = QJsonDocument(eventBody()).toJson(QJsonDocument::Compact);
    body.chop(1);
    return body + ",\"deep\":" + nested + "}";
}

} // namespace

class TestServerDocuments : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void deepDocumentsAreRefused_data();
    void deepDocumentsAreRefused();
    void deepDocumentsCannotBeMergedIn();
    void mergedDocumentsStayWithinTheSizeBound();
    void lenientJsonIsRefused_data();
    void lenientJsonIsRefused();
    void strictJsonStillPasses();
    void referencesWithControlCharactersAreRefused();
    void pagesAndReplaysStopAtTheirByteBound();

private:
    void expectNothingStored(qint64 before);

    ServerProcess m_server;
    std::unique_ptr<TestHttp> m_http;
};

void TestServerDocuments::initTestCase()
{
    QVERIFY2(m_server.start({QStringLiteral("--demo"),
                             QStringLiteral("--max-body-bytes"),
                             QStringLiteral("65536")}),
             m_server.standardError().constData());
    m_http = std::make_unique<TestHttp>(m_server.url());
    QVERIFY(!m_http->login(QStringLiteral("manager"), QStringLiteral("manager")).isEmpty());
}

void TestServerDocuments::expectNothingStored(qint64 before)
{
    QCOMPARE(headCursor(*m_http), before);
    const QJsonObject delta
        = m_http->get(QStringLiteral("/api/events?cursor=%1").arg(before)).json();
    QCOMPARE(delta.value(QStringLiteral("events")).toArray().size(), 0);
}

void TestServerDocuments::deepDocumentsAreRefused_data()
{
    QTest::addColumn<int>("depth");
    QTest::addColumn<int>("status");
    QTest::newRow("32 levels") << 32 << 201;
    QTest::newRow("33 levels") << 33 << 422;
    QTest::newRow("1000 levels") << 1000 << 422;
    QTest::newRow("30000 levels") << 30000 << 422;
}

void TestServerDocuments::deepDocumentsAreRefused()
{
    QFETCH(int, depth);
    QFETCH(int, status);
    const qint64 before = headCursor(*m_http);
    const HttpResult r = m_http->request("POST", QStringLiteral("/api/events"), nestedEvent(depth));
    QCOMPARE(r.status, status);
    if (status == 201) {
        // What is stored, a client parses (within Qt's limits, in a page).
        const QJsonObject page
            = m_http->get(QStringLiteral("/api/events?cursor=%1").arg(before)).json();
        QCOMPARE(page.value(QStringLiteral("events")).toArray().size(), 1);
        return;
    }
    QCOMPARE(r.json().value(QStringLiteral("error")).toString(),
             QStringLiteral("unprocessable_entity"));
    QVERIFY(r.json().value(QStringLiteral("message")).toString().contains(QLatin1String("32")));
    expectNothingStored(before);
}

void TestServerDocuments::deepDocumentsCannotBeMergedIn()
{
    const qint64 before = headCursor(*m_http);
    QByteArray nested = "1";
    for (int i = 0; i < 40; ++i)
        nested = "{\"a\":" + nested + "}";
    const HttpResult r = m_http->request("PUT",
                                         QStringLiteral("/api/events/e-5"),
                                         "{\"deep\":" + nested + "}");
    QCOMPARE(r.status, 422);
    expectNothingStored(before);
}

void TestServerDocuments::mergedDocumentsStayWithinTheSizeBound()
{
    // Each PUT is well under 64 KiB, but they add up in the stored event.
    const qint64 before = headCursor(*m_http);
    const QByteArray first = R"({"extraA":")" + QByteArray(40000, 'a') + R"("})";
    const QByteArray second = R"({"extraB":")" + QByteArray(40000, 'b') + R"("})";
    QCOMPARE(m_http->request("PUT", QStringLiteral("/api/events/e-6"), first).status, 200);
    const HttpResult grown = m_http->request("PUT", QStringLiteral("/api/events/e-6"), second);
    QCOMPARE(grown.status, 413);
    QCOMPARE(grown.json().value(QStringLiteral("error")).toString(),
             QStringLiteral("payload_too_large"));
    QVERIFY(!grown.json().value(QStringLiteral("message")).toString().isEmpty());
    expectNothingStored(before + 1);
    // Replacing the big field instead of adding to it is fine.
    const QByteArray swap = R"({"extraA":null,"extraB":")" + QByteArray(40000, 'b') + R"("})";
    QCOMPARE(m_http->request("PUT", QStringLiteral("/api/events/e-6"), swap).status, 200);
}

void TestServerDocuments::lenientJsonIsRefused_data()
{
    QTest::addColumn<QByteArray>("body");
    const QByteArray event = QJsonDocument(eventBody()).toJson(QJsonDocument::Compact);
    QByteArray open = event;
    open.chop(1);
    QTest::newRow("byte order mark") << QByteArray("\xEF\xBB\xBF") + event;
    QTest::newRow("number 1.") << open + ",\"amount\":1.}";
    QTest::newRow("leading zero") << open + ",\"amount\":012}";
    QTest::newRow("plus sign") << open + ",\"amount\":+1}";
    QTest::newRow("huge number") << open + ",\"amount\":1e999}";
    QTest::newRow("raw newline in a string") << open + ",\"notes\":\"a\nb\"}";
    QTest::newRow("raw tab in a string") << open + ",\"notes\":\"a\tb\"}";
    QTest::newRow("lone high surrogate") << open + ",\"notes\":\"\\ud800\"}";
    QTest::newRow("lone low surrogate") << open + ",\"notes\":\"\\udc00x\"}";
    QTest::newRow("invalid UTF-8") << open + ",\"notes\":\"\xff\xfe\"}";
    QTest::newRow("overlong UTF-8") << open + ",\"notes\":\"\xc0\xaf\"}";
    QTest::newRow("duplicate name") << open + ",\"title\":\"twice\"}";
    QTest::newRow("trailing comma") << open + ",}";
    QTest::newRow("single quotes") << open + ",'notes':'x'}";
    QTest::newRow("text after the value") << event + "x";
    QTest::newRow("two values") << event + event;
    QTest::newRow("comment") << open + ",\"notes\":\"x\" /* hi */}";
}

void TestServerDocuments::lenientJsonIsRefused()
{
    QFETCH(QByteArray, body);
    const qint64 before = headCursor(*m_http);
    const HttpResult post = m_http->request("POST", QStringLiteral("/api/events"), body);
    QCOMPARE(post.status, 400);
    QCOMPARE(post.json().value(QStringLiteral("error")).toString(), QStringLiteral("bad_request"));
    QVERIFY2(post.json()
                 .value(QStringLiteral("message"))
                 .toString()
                 .contains(QLatin1String("RFC 8259")),
             post.body.constData());
    const HttpResult put = m_http->request("PUT", QStringLiteral("/api/events/e-7"), body);
    QCOMPARE(put.status, 400);
    expectNothingStored(before);
}

void TestServerDocuments::strictJsonStillPasses()
{
    // What the strict check must keep taking: escapes, surrogate pairs,
    // UTF-8, exponents, nesting at the bound, whitespace around it all.
    QByteArray body = QJsonDocument(eventBody()).toJson(QJsonDocument::Indented);
    body.chop(2);
    body += ",\n \"notes\" : \"tab\\t quote\\\" \\u00e9 \\ud83d\\ude00 caf\xc3\xa9 \\/\","
            "\"amount\": -1.5e-3, \"lineItems\": [ {\"n\": 0}, {\"n\": 1E2} ] }\r\n";
    const HttpResult r = m_http->request("POST", QStringLiteral("/api/events"), body);
    QCOMPARE(r.status, 201);
    const QJsonObject stored = r.json();
    QCOMPARE(stored.value(QStringLiteral("notes")).toString(),
             QString::fromUtf8("tab\t quote\" \xc3\xa9 \xf0\x9f\x98\x80 caf\xc3\xa9 /"));
    QCOMPARE(stored.value(QStringLiteral("lineItems")).toArray().size(), 2);
}

void TestServerDocuments::referencesWithControlCharactersAreRefused()
{
    // "c-1<NUL>x" was client c-1 on PostgreSQL (libpq cuts at the NUL).
    const qint64 before = headCursor(*m_http);
    QJsonObject event = eventBody();
    event.insert(QStringLiteral("clientId"), QString::fromUtf8(QByteArray("c-1\0x", 5)));
    const HttpResult r = m_http->postJson(QStringLiteral("/api/events"), event);
    QCOMPARE(r.status, 422);
    QVERIFY(r.json()
                .value(QStringLiteral("message"))
                .toString()
                .contains(QStringLiteral("control characters")));
    expectNothingStored(before);
}

void TestServerDocuments::pagesAndReplaysStopAtTheirByteBound()
{
    // Six events of ~600 KB against pages of 2 MiB: without the byte bound
    // one page (limit 10000) carries all six, as it would carry 10 GB.
    ServerProcess server;
    QVERIFY2(server.start({QStringLiteral("--demo"),
                           QStringLiteral("--max-page-bytes"),
                           QStringLiteral("2097152")}),
             server.standardError().constData());
    TestHttp http(server.url());
    QVERIFY(!http.login(QStringLiteral("manager"), QStringLiteral("manager")).isEmpty());
    const qint64 before = headCursor(http);
    QStringList written;
    for (int i = 0; i < 6; ++i) {
        QJsonObject event = eventBody(QStringLiteral("Big %1").arg(i));
        event.insert(QStringLiteral("notes"), QString(600000, QLatin1Char('a' + i)));
        const HttpResult r = http.postJson(QStringLiteral("/api/events"), event);
        QCOMPARE(r.status, 201);
        written << r.json().value(QStringLiteral("_id")).toString();
    }

    QStringList fetched;
    QString cursor = QString::number(before);
    QList<int> pageSizes;
    for (int round = 0; round < 10; ++round) {
        const HttpResult r = http.get(
            QStringLiteral("/api/events?limit=10000&cursor=%1").arg(cursor));
        QCOMPARE(r.status, 200);
        QVERIFY2(r.body.size() < 3 * 1024 * 1024, QByteArray::number(r.body.size()).constData());
        const QJsonObject page = r.json();
        const QJsonArray events = page.value(QStringLiteral("events")).toArray();
        pageSizes << int(events.size());
        for (const QJsonValue &e : events)
            fetched << e.toObject().value(QStringLiteral("_id")).toString();
        cursor = page.value(QStringLiteral("cursor")).toString();
        if (!page.value(QStringLiteral("hasMore")).toBool())
            break;
    }
    QCOMPARE(fetched, written);
    QVERIFY2(pageSizes.size() >= 2 && pageSizes.first() < 6,
             QByteArray::number(pageSizes.first()).constData());

    // The replay reads in byte-bounded batches too, and misses nothing.
    SseClient stream;
    stream.open(server.port(), "/api/sync/stream?since=" + QByteArray::number(before), http.token());
    QTRY_COMPARE_WITH_TIMEOUT(stream.changeSeqs().size(), 6, 30000);
    QList<qint64> expected;
    for (int i = 1; i <= 6; ++i)
        expected << before + i;
    QCOMPARE(stream.changeSeqs(), expected);
    QVERIFY(server.stop());
}

QTEST_GUILESS_MAIN(TestServerDocuments)
#include "tst_serverdocuments.moc"
