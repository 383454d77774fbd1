// Every text of the desktop app is translated into every language it ships.
// This is meant to fail when someone adds or changes a tr() text without
// translating it: run scripts/update-translations.sh, translate the entries
// it marks unfinished, and this passes again. Checked per message: finished
// (no type="unfinished", nothing empty), plural texts (%n) with both German
// and Spanish forms, the same placeholders (%1, %L2, %n) as the source, and
// the mnemonic, ellipsis and dash kept.

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTest>
#include <QXmlStreamReader>

#include <algorithm>

namespace {
struct Message
{
    QString context;
    QString source;
    bool numerus = false;
    QString type; // "unfinished", "vanished", "obsolete" or empty
    QStringList forms;
};

QList<Message> readMessages(QXmlStreamReader &xml, QString *language)
{
    QList<Message> messages;
    QString context;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == QLatin1String("TS")) {
            *language = xml.attributes().value(QLatin1String("language")).toString();
        } else if (xml.name() == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (xml.name() == QLatin1String("message")) {
            Message m;
            m.context = context;
            m.numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
            while (xml.readNextStartElement()) {
                if (xml.name() == QLatin1String("source")) {
                    m.source = xml.readElementText();
                } else if (xml.name() == QLatin1String("translation")) {
                    m.type = xml.attributes().value(QLatin1String("type")).toString();
                    if (!m.numerus) {
                        m.forms << xml.readElementText();
                        continue;
                    }
                    while (xml.readNextStartElement()) {
                        if (xml.name() == QLatin1String("numerusform"))
                            m.forms << xml.readElementText();
                        else
                            xml.skipCurrentElement();
                    }
                } else {
                    xml.skipCurrentElement();
                }
            }
            messages << m;
        }
    }
    return messages;
}

QStringList placeholdersOf(const QString &text)
{
    static const QRegularExpression placeholder(QStringLiteral("%L?(?:[1-9][0-9]?|n)"));
    QStringList found;
    for (auto it = placeholder.globalMatch(text); it.hasNext();)
        found << it.next().captured();
    std::sort(found.begin(), found.end());
    return found;
}

int mnemonicsIn(const QString &text)
{
    int count = 0;
    for (int i = 0; i + 1 < text.size(); ++i) {
        if (text.at(i) != QLatin1Char('&'))
            continue;
        if (text.at(i + 1).isLetterOrNumber())
            ++count;
        ++i; // "&&" is a literal ampersand
    }
    return count;
}

// English plurals come from sources that write the plural ("Delete %n
// events?"): their one-form must not read "Delete 1 events?".
QString englishPluralProblem(const Message &m)
{
    static const QRegularExpression pluralNoun(QStringLiteral("%L?n [A-Za-z]+[^s]s\\b"));
    if (m.numerus && m.forms.size() == 2 && m.source.contains(pluralNoun)
        && m.forms.first() == m.forms.last())
        return QStringLiteral("singular \"%1\" is the plural").arg(m.forms.first());
    return {};
}

// Empty when the message is complete, else what is wrong with it.
QString problemOf(const Message &m, const QString &language)
{
    if (language == QLatin1String("en")) {
        const QString problem = englishPluralProblem(m);
        if (!problem.isEmpty())
            return problem;
    }
    if (!m.type.isEmpty())
        return QStringLiteral("marked %1").arg(m.type);
    const qsizetype expectedForms = m.numerus ? 2 : 1; // German and Spanish: one, other
    if (m.forms.size() != expectedForms)
        return QStringLiteral("%1 forms, expected %2").arg(m.forms.size()).arg(expectedForms);
    const QStringList sourcePlaceholders = placeholdersOf(m.source);
    for (const QString &form : m.forms) {
        if (form.trimmed().isEmpty())
            return QStringLiteral("empty translation");
        if (placeholdersOf(form) != sourcePlaceholders)
            return QStringLiteral("placeholders %1 in \"%2\", source has %3")
                .arg(placeholdersOf(form).join(u' '), form, sourcePlaceholders.join(u' '));
        if (mnemonicsIn(form) != mnemonicsIn(m.source))
            return QStringLiteral("mnemonic (&) lost or doubled in \"%1\"").arg(form);
        for (const QChar typographic : {QChar(0x2026), QChar(0x2014)}) {
            if (m.source.contains(typographic) && !form.contains(typographic))
                return QStringLiteral("\"%1\" lost %2").arg(form, typographic);
        }
    }
    return {};
}
} // namespace

class tst_TranslationFiles : public QObject
{
    Q_OBJECT
private slots:
    void everyMessageTranslated_data();
    void everyMessageTranslated();
    void problemsAreFound_data();
    void problemsAreFound();
};

void tst_TranslationFiles::everyMessageTranslated_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<int>("atLeast"); // messages: the whole app, not a stub
    // The languages the app ships; each must have its file. English has
    // only the plural forms of the sources' "%n row(s)".
    QTest::newRow("de") << QStringLiteral("de") << 100;
    QTest::newRow("es") << QStringLiteral("es") << 100;
    QTest::newRow("en") << QStringLiteral("en") << 5;
}

void tst_TranslationFiles::everyMessageTranslated()
{
    QFETCH(QString, language);
    QFETCH(int, atLeast);
    QFile file(QDir(QStringLiteral(DELTADESK_TRANSLATIONS_DIR))
                   .filePath(QStringLiteral("deltadesk_%1.ts").arg(language)));
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
    QXmlStreamReader xml(&file);
    QString fileLanguage;
    const QList<Message> messages = readMessages(xml, &fileLanguage);
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QCOMPARE(fileLanguage, language);
    QVERIFY(messages.size() >= atLeast);

    QStringList problems;
    for (const Message &m : messages) {
        const QString problem = problemOf(m, language);
        if (!problem.isEmpty())
            problems << QStringLiteral("%1: \"%2\": %3").arg(m.context, m.source, problem);
    }
    QVERIFY2(problems.isEmpty(),
             qPrintable(QString::number(problems.size())
                        + QLatin1String(" messages not translated completely (translate them in ")
                        + file.fileName() + QLatin1String("):\n") + problems.join(u'\n')));
}

// The checker itself: each kind of incomplete entry is reported.
void tst_TranslationFiles::problemsAreFound_data()
{
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("expected"); // a part of the problem; empty: none
    QTest::addColumn<QString>("language");

    QTest::newRow("complete") << QStringLiteral(
        "<message><source>&amp;Save %1…</source><translation>&amp;Speichern "
        "%1…</translation></message>")
                              << QString() << QStringLiteral("de");
    QTest::newRow("unfinished") << QStringLiteral(
        "<message><source>Save</source><translation type=\"unfinished\"></translation></message>")
                                << QStringLiteral("unfinished") << QStringLiteral("de");
    QTest::newRow("empty") << QStringLiteral(
        "<message><source>Save</source><translation> </translation></message>")
                           << QStringLiteral("empty") << QStringLiteral("de");
    QTest::newRow("placeholder lost")
        << QStringLiteral("<message><source>Save %1 to %L2</source><translation>Speichern %1 nach "
                          "%2</translation></message>")
        << QStringLiteral("placeholders") << QStringLiteral("de");
    QTest::newRow("one plural form")
        << QStringLiteral("<message numerus=\"yes\"><source>%n rows</source><translation>"
                          "<numerusform>%n Zeile</numerusform></translation></message>")
        << QStringLiteral("1 forms") << QStringLiteral("de");
    QTest::newRow("plural without %n") << QStringLiteral(
        "<message numerus=\"yes\"><source>%n rows</source><translation>"
        "<numerusform>eine Zeile</numerusform><numerusform>%n Zeilen</numerusform>"
        "</translation></message>") << QStringLiteral("placeholders")
                                       << QStringLiteral("de");
    QTest::newRow("mnemonic lost") << QStringLiteral(
        "<message><source>&amp;File</source><translation>Datei</translation></message>")
                                   << QStringLiteral("mnemonic") << QStringLiteral("de");
    QTest::newRow("ellipsis lost") << QStringLiteral(
        "<message><source>&amp;Open…</source><translation>&amp;Öffnen...</translation></message>")
                                   << QStringLiteral("lost") << QStringLiteral("de");
    QTest::newRow("English singular is the plural")
        << QStringLiteral("<message numerus=\"yes\"><source>Delete %n events?</source><translation>"
                          "<numerusform>Delete %n events?</numerusform><numerusform>Delete %n "
                          "events?</numerusform></translation></message>")
        << QStringLiteral("singular") << QStringLiteral("en");
    QTest::newRow("English unit alike in both")
        << QStringLiteral("<message numerus=\"yes\"><source>retrying in %n s</source><translation>"
                          "<numerusform>retrying in %n s</numerusform><numerusform>retrying in %n "
                          "s</numerusform></translation></message>")
        << QString() << QStringLiteral("en");
}

void tst_TranslationFiles::problemsAreFound()
{
    QFETCH(QString, message);
    QFETCH(QString, expected);
    QFETCH(QString, language);
    QXmlStreamReader xml(
        QStringLiteral("<TS language=\"%1\"><context><name>C</name>%2</context></TS>")
            .arg(language, message));
    QString fileLanguage;
    const QList<Message> messages = readMessages(xml, &fileLanguage);
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QCOMPARE(fileLanguage, language);
    QCOMPARE(messages.size(), 1);
    const QString problem = problemOf(messages.first(), language);
    if (expected.isEmpty())
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    else
        QVERIFY2(problem.contains(expected), qPrintable(problem));
}

QTEST_APPLESS_MAIN(tst_TranslationFiles)
#include "tst_translationfiles.moc"
