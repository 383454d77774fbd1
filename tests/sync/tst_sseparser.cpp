#include "sseparser.h"

#include <QTest>

// Every row is fed whole, byte by byte, and split at every position: the
// parser must give the same events however the bytes arrive.
class TestSseParser : public QObject
{
    Q_OBJECT
private slots:
    void parse_data();
    void parse();
    void crAtChunkEnd();
    void retry();
    void idWithNulIgnored();
    void resetKeepsLastEventId();
    void heartbeatCountsAsComment();
};

using Events = QList<SseEvent>;
Q_DECLARE_METATYPE(SseEvent)

static SseEvent ev(const QString &data,
                   const QString &type = QStringLiteral("message"),
                   const QString &id = {})
{
    SseEvent e;
    e.data = data;
    e.type = type;
    e.lastEventId = id;
    return e;
}

static Events feedAll(const QByteArray &input, int mode)
{
    SseParser parser;
    Events out;
    if (mode == 0) {
        out = parser.feed(input);
    } else if (mode == 1) {
        for (char c : input)
            out += parser.feed(QByteArray(1, c));
    } else {
        const int split = mode - 2;
        out = parser.feed(input.left(split));
        out += parser.feed(input.mid(split));
    }
    return out;
}

void TestSseParser::parse_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<Events>("expected");

    QTest::newRow("lf") << QByteArray("data: hello\n\n") << Events{ev(QStringLiteral("hello"))};
    QTest::newRow("cr") << QByteArray("data: hello\r\r") << Events{ev(QStringLiteral("hello"))};
    QTest::newRow("crlf") << QByteArray("data: hello\r\n\r\n")
                          << Events{ev(QStringLiteral("hello"))};
    QTest::newRow("mixed line ends")
        << QByteArray("data: a\rdata: b\r\ndata: c\n\r\n") << Events{ev(QStringLiteral("a\nb\nc"))};
    QTest::newRow("multi-line data")
        << QByteArray("data: one\ndata: two\n\n") << Events{ev(QStringLiteral("one\ntwo"))};
    QTest::newRow("event and id") << QByteArray("id: 7\nevent: change\ndata: {}\n\n")
                                  << Events{ev(QStringLiteral("{}"),
                                               QStringLiteral("change"),
                                               QStringLiteral("7"))};
    QTest::newRow("id persists") << QByteArray("id: 7\ndata: a\n\ndata: b\n\n")
                                 << Events{ev(QStringLiteral("a"),
                                              QStringLiteral("message"),
                                              QStringLiteral("7")),
                                           ev(QStringLiteral("b"),
                                              QStringLiteral("message"),
                                              QStringLiteral("7"))};
    QTest::newRow("empty id resets")
        << QByteArray("id: 7\ndata: a\n\nid\ndata: b\n\n")
        << Events{ev(QStringLiteral("a"), QStringLiteral("message"), QStringLiteral("7")),
                  ev(QStringLiteral("b"))};
    QTest::newRow("comments") << QByteArray(": heartbeat\ndata: x\n: inside\n\n")
                              << Events{ev(QStringLiteral("x"))};
    QTest::newRow("bom") << QByteArray("\xEF\xBB\xBF"
                                       "data: x\n\n")
                         << Events{ev(QStringLiteral("x"))};
    QTest::newRow("bom only first")
        << QByteArray("\xEF\xBB\xBF"
                      "data: x\n\n\xEF\xBB\xBF"
                      "data: y\n\n")
        << Events{ev(QStringLiteral("x"))}; // second BOM makes an unknown field
    QTest::newRow("no colon field") << QByteArray("data\n\n") << Events{ev(QString())};
    QTest::newRow("no space after colon")
        << QByteArray("data:x\n\n") << Events{ev(QStringLiteral("x"))};
    QTest::newRow("only one space stripped")
        << QByteArray("data:  x\n\n") << Events{ev(QStringLiteral(" x"))};
    QTest::newRow("no data no event")
        << QByteArray("event: change\n\ndata: y\n\n") << Events{ev(QStringLiteral("y"))};
    QTest::newRow("unterminated event dropped")
        << QByteArray("data: a\n\ndata: b") << Events{ev(QStringLiteral("a"))};
    QTest::newRow("unknown field ignored")
        << QByteArray("foo: bar\ndata: z\n\n") << Events{ev(QStringLiteral("z"))};
    QTest::newRow("empty data line")
        << QByteArray("data:\ndata:\n\n") << Events{ev(QStringLiteral("\n"))};
    QTest::newRow("utf8") << QByteArray("data: caf\xC3\xA9\n\n")
                          << Events{ev(QStringLiteral("caf\u00e9"))};
    QTest::newRow("id with nul ignored")
        << QByteArray("id: 5\ndata: a\n\nid: 6\0x\ndata: b\n\n", 32)
        << Events{ev(QStringLiteral("a"), QStringLiteral("message"), QStringLiteral("5")),
                  ev(QStringLiteral("b"), QStringLiteral("message"), QStringLiteral("5"))};
}

void TestSseParser::parse()
{
    QFETCH(QByteArray, input);
    QFETCH(Events, expected);
    QCOMPARE(feedAll(input, 0), expected);
    QCOMPARE(feedAll(input, 1), expected);
    for (int split = 0; split <= input.size(); ++split)
        QCOMPARE(feedAll(input, split + 2), expected);
}

void TestSseParser::crAtChunkEnd()
{
    // CR ends one read, LF starts the next: one line end, not two (which
    // would dispatch an event early).
    SseParser parser;
    QVERIFY(parser.feed("data: a\r").isEmpty());
    QVERIFY(parser.feed("\ndata: b\r").isEmpty());
    const Events events = parser.feed("\n\r\n");
    QCOMPARE(events, Events{ev(QStringLiteral("a\nb"))});
}

void TestSseParser::retry()
{
    SseParser parser;
    QCOMPARE(parser.retryMs(), -1);
    parser.feed("retry: 1500\n");
    QCOMPARE(parser.retryMs(), 1500);
    parser.feed("retry: 12a\nretry: -4\nretry:\n");
    QCOMPARE(parser.retryMs(), 1500);
    parser.feed("retry: 0\n");
    QCOMPARE(parser.retryMs(), 0);
}

void TestSseParser::idWithNulIgnored()
{
    SseParser parser;
    parser.feed(QByteArray("id: 1\n\nid: 2\0\n\n", 15));
    QCOMPARE(parser.lastEventId(), QStringLiteral("1"));
}

void TestSseParser::resetKeepsLastEventId()
{
    SseParser parser;
    parser.feed("id: 42\ndata: a\n\ndata: partial");
    parser.reset();
    QCOMPARE(parser.lastEventId(), QStringLiteral("42"));
    QCOMPARE(parser.feed("\n\n"), Events{}); // the partial event went with the connection
}

void TestSseParser::heartbeatCountsAsComment()
{
    SseParser parser;
    parser.feed(": heartbeat\n: heartbeat\r\n");
    QCOMPARE(parser.commentCount(), 2);
}

QTEST_APPLESS_MAIN(TestSseParser)
#include "tst_sseparser.moc"
