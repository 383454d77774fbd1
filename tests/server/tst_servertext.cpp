// The server's rules for text from the network, on their own: UTF-8 as RFC
// 3629 has it, strict percent-decoding, log-safe escaping, the RFC 8259
// check, and JSON string literals that stay UTF-8 whatever they quote.
// (The suites against the real process show where each one answers.)

#include "jsdatetime.h"
#include "logtext.h"
#include "percentdecoding.h"
#include "responses.h"
#include "strictjson.h"
#include "utf8.h"

#include <QJsonDocument>
#include <QTest>

class TestServerText : public QObject
{
    Q_OBJECT

private slots:
    void utf8_data();
    void utf8();
    void quotedIsAlwaysValidUtf8();
    void percentDecoding_data();
    void percentDecoding();
    void logText();
    void strictJson_data();
    void strictJson();
    void strictJsonDepthCostsNoStack();
    void lastSyncForms_data();
    void lastSyncForms();
    void lastSyncRefusals_data();
    void lastSyncRefusals();
};

void TestServerText::utf8_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("valid");
    QTest::newRow("ascii") << QByteArray("abc") << true;
    QTest::newRow("2 bytes") << QByteArray("caf\xc3\xa9") << true;
    QTest::newRow("4 bytes") << QByteArray("\xf0\x9f\x98\x80") << true;
    QTest::newRow("lone continuation") << QByteArray("\x80") << false;
    QTest::newRow("overlong slash") << QByteArray("\xc0\xaf") << false;
    QTest::newRow("overlong 3 bytes") << QByteArray("\xe0\x80\xaf") << false;
    QTest::newRow("surrogate") << QByteArray("\xed\xa0\x80") << false;
    QTest::newRow("above U+10FFFF") << QByteArray("\xf4\x90\x80\x80") << false;
    QTest::newRow("truncated") << QByteArray("\xe2\x82") << false;
    QTest::newRow("FF") << QByteArray("\xff") << false;
}

void TestServerText::utf8()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, valid);
    QCOMPARE(Utf8::isValid(text.toStdString()), valid);
    QVERIFY(Utf8::isValid(Utf8::sanitized(text.toStdString())));
}

void TestServerText::quotedIsAlwaysValidUtf8()
{
    const std::string quoted = Responses::quoted("id \xff\xfe \"x\"\n\x01");
    QVERIFY(Utf8::isValid(quoted));
    QCOMPARE(QString::fromStdString(quoted),
             QStringLiteral("\"id \uFFFD\uFFFD \\\"x\\\"\\n\\u0001\""));
    QJsonParseError error;
    QJsonDocument::fromJson(QByteArray::fromStdString("[" + quoted + "]"), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
}

void TestServerText::percentDecoding_data()
{
    QTest::addColumn<QByteArray>("encoded");
    QTest::addColumn<QByteArray>("decoded"); // empty: refused
    QTest::newRow("plain") << QByteArray("e-1") << QByteArray("e-1");
    QTest::newRow("space") << QByteArray("a%20b") << QByteArray("a b");
    QTest::newRow("plus stays") << QByteArray("a+b") << QByteArray("a+b");
    QTest::newRow("utf-8") << QByteArray("caf%C3%a9") << QByteArray("caf\xc3\xa9");
    QTest::newRow("not utf-8") << QByteArray("%FF%FE") << QByteArray();
    QTest::newRow("truncated") << QByteArray("ab%2") << QByteArray();
    QTest::newRow("not hex") << QByteArray("%zz") << QByteArray();
    QTest::newRow("percent at the end") << QByteArray("%") << QByteArray();
    QTest::newRow("nul") << QByteArray("e-1%00zz") << QByteArray();
    QTest::newRow("escape") << QByteArray("x%1B%5B2K") << QByteArray();
    QTest::newRow("newline") << QByteArray("x%0D%0Ay") << QByteArray();
    QTest::newRow("delete") << QByteArray("x%7F") << QByteArray();
}

void TestServerText::percentDecoding()
{
    QFETCH(QByteArray, encoded);
    QFETCH(QByteArray, decoded);
    const std::optional<std::string> out = PercentDecoding::decode(encoded.toStdString());
    QCOMPARE(out.has_value(), !decoded.isEmpty());
    if (out)
        QCOMPARE(QByteArray::fromStdString(*out), decoded);
    const auto items = PercentDecoding::parseQuery("a=1&&b=%20&c&d=" + encoded.toStdString());
    QCOMPARE(items.has_value(), !decoded.isEmpty());
    if (items) {
        QCOMPARE(items->size(), size_t(4));
        QCOMPARE(items->at(1).second, std::string(" "));
        QCOMPARE(items->at(2).first, std::string("c"));
    }
}

void TestServerText::logText()
{
    QCOMPARE(LogText::escaped("alice"), std::string("alice"));
    QCOMPARE(LogText::escaped("a\nb\rc\td\\e"), std::string("a\\nb\\rc\\td\\\\e"));
    QCOMPARE(LogText::escaped("\x1b[31m\x7f"), std::string("\\x1b[31m\\x7f"));
    QCOMPARE(LogText::escaped("\xc2\x9b"), std::string("\\x9b"));       // C1 CSI
    QCOMPARE(LogText::escaped("\xe2\x80\xae"), std::string("\\u202e")); // bidi override
    QCOMPARE(LogText::escaped("caf\xc3\xa9 \xff"), std::string("caf\xc3\xa9 \\xff"));
    const std::string cut = LogText::escaped(std::string(1000, 'x'), 64);
    QCOMPARE(cut, std::string(64, 'x') + "...(1000 bytes)");
}

void TestServerText::strictJson_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("valid");
    QTest::newRow("object") << QByteArray(R"( {"a": [1, -2.5e+3, true, false, null, "x"]} )")
                            << true;
    QTest::newRow("scalar") << QByteArray("12") << true;
    QTest::newRow("escapes") << QByteArray(R"("\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00")") << true;
    QTest::newRow("empty") << QByteArray("") << false;
    QTest::newRow("bom") << QByteArray("\xef\xbb\xbf{}") << false;
    QTest::newRow("1.") << QByteArray("1.") << false;
    QTest::newRow(".1") << QByteArray(".1") << false;
    QTest::newRow("01") << QByteArray("01") << false;
    QTest::newRow("-") << QByteArray("-") << false;
    QTest::newRow("1e") << QByteArray("1e") << false;
    QTest::newRow("inf") << QByteArray("1e400") << false;
    QTest::newRow("NaN") << QByteArray("NaN") << false;
    QTest::newRow("raw control") << QByteArray("\"a\x01\"") << false;
    QTest::newRow("bad escape") << QByteArray(R"("\x41")") << false;
    QTest::newRow("short \\u") << QByteArray(R"("\u12")") << false;
    QTest::newRow("lone high") << QByteArray(R"("\ud800x")") << false;
    QTest::newRow("high then high") << QByteArray(R"("\ud800\ud800")") << false;
    QTest::newRow("lone low") << QByteArray(R"("\udc00")") << false;
    QTest::newRow("duplicate") << QByteArray(R"({"a":1,"a":2})") << false;
    QTest::newRow("duplicate by escape") << QByteArray(R"({"a":1,"\u0061":2})") << false;
    QTest::newRow("same name, other objects") << QByteArray(R"([{"a":1},{"a":2}])") << true;
    QTest::newRow("trailing comma") << QByteArray("[1,]") << false;
    QTest::newRow("garbage after") << QByteArray("{} x") << false;
    QTest::newRow("unclosed") << QByteArray(R"({"a":)") << false;
    QTest::newRow("invalid utf-8") << QByteArray("\"\xc3\x28\"") << false;
}

void TestServerText::strictJson()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, valid);
    const std::optional<StrictJson::Problem> problem = StrictJson::check(text.toStdString(), 32);
    QVERIFY2(problem.has_value() != valid, problem ? problem->message.c_str() : "accepted");
}

void TestServerText::strictJsonDepthCostsNoStack()
{
    // A million opening brackets: refused at the bound, not by a crash.
    const std::string deep(1000000, '[');
    const std::optional<StrictJson::Problem> problem = StrictJson::check(deep, 32);
    QVERIFY(problem);
    QCOMPARE(problem->kind, StrictJson::Problem::Kind::TooDeep);
    std::string ok = std::string(32, '[') + std::string(32, ']');
    QVERIFY(!StrictJson::check(ok, 32));
    QVERIFY(StrictJson::check("[" + ok + "]", 32));
}

void TestServerText::lastSyncForms_data()
{
    // The expected values are what Node.js 20 prints for new Date(text).getTime()
    // with TZ=UTC (the original design's backend).
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<qint64>("ms");
    QTest::newRow("2024") << QByteArray("2024") << Q_INT64_C(1704067200000);
    QTest::newRow("2024-01") << QByteArray("2024-01") << Q_INT64_C(1704067200000);
    QTest::newRow("2024-01-01") << QByteArray("2024-01-01") << Q_INT64_C(1704067200000);
    QTest::newRow("2024-01-01Z") << QByteArray("2024-01-01Z") << Q_INT64_C(1704067200000);
    QTest::newRow("2024-01-01T10:00") << QByteArray("2024-01-01T10:00") << Q_INT64_C(1704103200000);
    QTest::newRow("2024-01-01t10:00z")
        << QByteArray("2024-01-01t10:00z") << Q_INT64_C(1704103200000);
    QTest::newRow("2024-01-01T10:00Z")
        << QByteArray("2024-01-01T10:00Z") << Q_INT64_C(1704103200000);
    QTest::newRow("2024-01-01T10:00:30")
        << QByteArray("2024-01-01T10:00:30") << Q_INT64_C(1704103230000);
    QTest::newRow("2024-01-01T10:00:30.5")
        << QByteArray("2024-01-01T10:00:30.5") << Q_INT64_C(1704103230500);
    QTest::newRow("2024-01-01T10:00:30.12Z")
        << QByteArray("2024-01-01T10:00:30.12Z") << Q_INT64_C(1704103230120);
    QTest::newRow("2024-01-01T10:00:30.123456Z")
        << QByteArray("2024-01-01T10:00:30.123456Z") << Q_INT64_C(1704103230123);
    QTest::newRow("2024-01-01T10:00:30.123+02:00")
        << QByteArray("2024-01-01T10:00:30.123+02:00") << Q_INT64_C(1704096030123);
    QTest::newRow("2024-01-01T10:00-0230")
        << QByteArray("2024-01-01T10:00-0230") << Q_INT64_C(1704112200000);
    QTest::newRow("2024-01-01T10:00+23:59")
        << QByteArray("2024-01-01T10:00+23:59") << Q_INT64_C(1704016860000);
    QTest::newRow("2024-01-01T24:00") << QByteArray("2024-01-01T24:00") << Q_INT64_C(1704153600000);
    QTest::newRow("+002024-01-01T10:00Z")
        << QByteArray("+002024-01-01T10:00Z") << Q_INT64_C(1704103200000);
    QTest::newRow("-000001-06-01") << QByteArray("-000001-06-01") << Q_INT64_C(-62185708800000);
    QTest::newRow("2025-01-15T10:00") << QByteArray("2025-01-15T10:00") << Q_INT64_C(1736935200000);
    QTest::newRow("2024-02-29") << QByteArray("2024-02-29") << Q_INT64_C(1709164800000);
    QTest::newRow("1969-12-31T23:59:59.999Z")
        << QByteArray("1969-12-31T23:59:59.999Z") << Q_INT64_C(-1);
}

void TestServerText::lastSyncForms()
{
    QFETCH(QByteArray, text);
    QFETCH(qint64, ms);
    const std::optional<int64_t> parsed = JsDateTime::parseIso(text.toStdString());
    QVERIFY(parsed);
    QCOMPARE(qint64(*parsed), ms);
}

void TestServerText::lastSyncRefusals_data()
{
    QTest::addColumn<QByteArray>("text");
    // Invalid in JavaScript too.
    for (const char *text : {"",
                             "yesterday",
                             "2024-01-01T10",
                             "2024-01-01T10:00+02",
                             "2024-01-01T10:00:30.Z",
                             "2024-13-01",
                             "2024-00-10",
                             "2024-01-01T24:00:01",
                             "2024-01-01T23:60",
                             "2024-01-01T10:00:60Z",
                             "20240101",
                             "2024-01-01T10:00:30,5Z",
                             "2024-01-01T10:00+24:00",
                             "2024-W01",
                             "2024-01-01T10:00Z ",
                             "2024-01-01T10:00:00.000ZZ"})
        QTest::newRow(text) << QByteArray(text);
    // What V8's fallback parser reads but ISO 8601 does not have: impossible
    // days it rolls over, a space for T, unpadded fields, a year -0.
    for (const char *text :
         {"2023-02-29", "2024-04-31", "2024-1-1", "2024-01-01 10:00", " 2024-01-01", "-000000-01-01"})
        QTest::newRow(text) << QByteArray(text);
}

void TestServerText::lastSyncRefusals()
{
    QFETCH(QByteArray, text);
    QVERIFY(!JsDateTime::parseIso(text.toStdString()));
}

QTEST_GUILESS_MAIN(TestServerText)
#include "tst_servertext.moc"
