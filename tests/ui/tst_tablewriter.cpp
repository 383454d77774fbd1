// The CSV and clipboard text of table rows: RFC 4180 quoting field by field
// and record endings, and tab-separated lines whose cells cannot break them.

#include "tablewriter.h"

#include <QTest>

class TestTableWriter : public QObject
{
    Q_OBJECT
private slots:
    void csvField_data();
    void csvField();
    void csvRecordEndsWithCrLf();
    void tsvLine_data();
    void tsvLine();
};

void TestTableWriter::csvField_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain") << QStringLiteral("Gala dinner") << QStringLiteral("Gala dinner");
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("comma") << QStringLiteral("Smith, Jane") << QStringLiteral("\"Smith, Jane\"");
    QTest::newRow("quote") << QStringLiteral("The \"big\" day")
                           << QStringLiteral("\"The \"\"big\"\" day\"");
    QTest::newRow("lf") << QStringLiteral("two\nlines") << QStringLiteral("\"two\nlines\"");
    QTest::newRow("cr") << QStringLiteral("two\rlines") << QStringLiteral("\"two\rlines\"");
    QTest::newRow("tab is plain") << QStringLiteral("a\tb") << QStringLiteral("a\tb");
    QTest::newRow("leading space kept") << QStringLiteral(" x ") << QStringLiteral(" x ");
    QTest::newRow("only a quote") << QStringLiteral("\"") << QStringLiteral("\"\"\"\"");
    QTest::newRow("umlaut") << QStringLiteral("Müller") << QStringLiteral("Müller");
}

void TestTableWriter::csvField()
{
    QFETCH(QString, field);
    QFETCH(QString, expected);
    QCOMPARE(TableWriter::csvField(field), expected);
}

void TestTableWriter::csvRecordEndsWithCrLf()
{
    QCOMPARE(TableWriter::csvRecord({QStringLiteral("a"), QStringLiteral("b,c"), QString()}),
             QStringLiteral("a,\"b,c\",\r\n"));
    QCOMPARE(TableWriter::csvRecord({QStringLiteral("x\r\ny")}), QStringLiteral("\"x\r\ny\"\r\n"));
}

void TestTableWriter::tsvLine_data()
{
    QTest::addColumn<QStringList>("fields");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain") << QStringList{QStringLiteral("a"), QStringLiteral("b")}
                           << QStringLiteral("a\tb\n");
    QTest::newRow("tab in cell") << QStringList{QStringLiteral("a\tb"), QStringLiteral("c")}
                                 << QStringLiteral("a b\tc\n");
    QTest::newRow("lf in cell") << QStringList{QStringLiteral("a\nb")} << QStringLiteral("a b\n");
    QTest::newRow("crlf in cell") << QStringList{QStringLiteral("a\r\nb")}
                                  << QStringLiteral("a b\n");
    QTest::newRow("quotes and commas kept")
        << QStringList{QStringLiteral("\"q\", r")} << QStringLiteral("\"q\", r\n");
}

void TestTableWriter::tsvLine()
{
    QFETCH(QStringList, fields);
    QFETCH(QString, expected);
    QCOMPARE(TableWriter::tsvLine(fields), expected);
}

QTEST_GUILESS_MAIN(TestTableWriter)
#include "tst_tablewriter.moc"
