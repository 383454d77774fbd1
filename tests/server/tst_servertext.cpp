// The server's rules for text from the network, on their own: UTF-8 as RFC
// 3629 has it, strict percent-decoding, log-safe escaping, the RFC 8259
// check, and JSON string literals that stay UTF-8 whatever they quote.
// (The suites against the real process show where each one answers.)

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

QTEST_GUILESS_MAIN(TestServerText)
#include "tst_servertext.moc"
