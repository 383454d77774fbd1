// The desktop app in the system's language: the same session the program
// builds, with the same translation loader, started in a child process whose
// environment says LANG=de_DE.UTF-8 (or es_ES, en_GB, ...), LC_ALL,
// LC_MESSAGES and LANGUAGE unset, as a user's desktop would start it. The
// system locale is read once per process, hence one child per language.
// And the real program's --help in that language (ours and Qt's texts).

#include "apptranslations.h"
#include "desktopsession.h"
#include "mainwindow.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

namespace {
const char printTextsArgument[] = "--print-texts";

// Child: one line per text, "kind<TAB>menu<TAB>text".
int printTexts(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const QString language = AppTranslations::install(&app, QLocale::system());
    QTemporaryDir state;
    if (!state.isValid())
        return 3;
    DesktopSession::Options options;
    options.stateDir = state.path();
    options.forceFileTokenStore = true;
    DesktopSession session(options);
    if (!session.start())
        return 4;
    QStringList lines{QStringLiteral("language\t\t") + language};
    for (QAction *menuAction : session.mainWindow()->menuBar()->actions()) {
        const QString title = menuAction->text();
        lines << QStringLiteral("menu\t\t") + title;
        if (QMenu *menu = menuAction->menu()) {
            for (QAction *item : menu->actions()) {
                if (!item->isSeparator())
                    lines << QStringLiteral("item\t%1\t%2").arg(title, item->text());
            }
        }
    }
    QDialogButtonBox buttons(QDialogButtonBox::Cancel);
    lines << QStringLiteral("qt\t\t") + buttons.button(QDialogButtonBox::Cancel)->text();
    const auto rows = [](int n) {
        return QCoreApplication::translate("SyncStatusBar", "%n row(s)", nullptr, n);
    };
    lines << QStringLiteral("plural\t\t%1|%2").arg(rows(1), rows(2));
    std::fputs(qPrintable(lines.join(QLatin1Char('\n')) + QLatin1Char('\n')), stdout);
    return 0;
}

QChar mnemonicOf(const QString &text)
{
    for (int i = 0; i + 1 < text.size(); ++i) {
        if (text.at(i) != QLatin1Char('&'))
            continue;
        if (text.at(i + 1) != QLatin1Char('&'))
            return text.at(i + 1).toLower();
        ++i; // "&&" is a literal ampersand
    }
    return {};
}
} // namespace

class tst_Translations : public QObject
{
    Q_OBJECT
private slots:
    void menusInSystemLanguage_data();
    void menusInSystemLanguage();
    void programHelpInSystemLanguage_data();
    void programHelpInSystemLanguage();

private:
    static QProcessEnvironment environmentFor(const QString &lang,
                                              const QString &languageVariable,
                                              const QString &home);
};

QProcessEnvironment tst_Translations::environmentFor(const QString &lang,
                                                     const QString &languageVariable,
                                                     const QString &home)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"LC_ALL", "LC_MESSAGES", "LANGUAGE"})
        env.remove(QString::fromLatin1(name));
    env.insert(QStringLiteral("LANG"), lang);
    if (!languageVariable.isEmpty())
        env.insert(QStringLiteral("LANGUAGE"), languageVariable);
    env.insert(QStringLiteral("HOME"), home);
    return env;
}

void tst_Translations::menusInSystemLanguage_data()
{
    QTest::addColumn<QString>("lang");
    QTest::addColumn<QString>("languageVariable"); // LANGUAGE; empty: unset
    QTest::addColumn<QString>("expectedLanguage"); // empty: English
    QTest::addColumn<QStringList>("expectedMenus");
    QTest::addColumn<QString>("expectedQtCancel");

    QTest::newRow("de_DE") << QStringLiteral("de_DE.UTF-8") << QString() << QStringLiteral("de")
                           << QStringList{QStringLiteral("&Datei"),
                                          QStringLiteral("&Bearbeiten"),
                                          QStringLiteral("&Ansicht"),
                                          QStringLiteral("&Hilfe")}
                           << QStringLiteral("Abbrechen");
    QTest::newRow("de_AT") << QStringLiteral("de_AT.UTF-8") << QString() << QStringLiteral("de")
                           << QStringList{QStringLiteral("&Datei")} << QStringLiteral("Abbrechen");
    QTest::newRow("es_ES") << QStringLiteral("es_ES.UTF-8") << QString() << QStringLiteral("es")
                           << QStringList{QStringLiteral("&Archivo"),
                                          QStringLiteral("&Editar"),
                                          QStringLiteral("&Ver"),
                                          QStringLiteral("A&yuda")}
                           << QStringLiteral("Cancelar");
    QTest::newRow("en_GB") << QStringLiteral("en_GB.UTF-8") << QString() << QString()
                           << QStringList{QStringLiteral("&File"),
                                          QStringLiteral("&Edit"),
                                          QStringLiteral("&View"),
                                          QStringLiteral("&Help")}
                           << QStringLiteral("Cancel");
    // English preferred over German: English, not the next language listed.
    QTest::newRow("LANGUAGE=en_GB:de")
        << QStringLiteral("de_DE.UTF-8") << QStringLiteral("en_GB:de") << QString()
        << QStringList{QStringLiteral("&File")} << QStringLiteral("Cancel");
    // A language DeltaDesk is not translated into: English throughout, Qt's
    // texts too (Qt has French; a half-French window would be worse).
    QTest::newRow("fr_FR") << QStringLiteral("fr_FR.UTF-8") << QString() << QString()
                           << QStringList{QStringLiteral("&File")} << QStringLiteral("Cancel");
}

void tst_Translations::menusInSystemLanguage()
{
    QFETCH(QString, lang);
    QFETCH(QString, languageVariable);
    QFETCH(QString, expectedLanguage);
    QFETCH(QStringList, expectedMenus);
    QFETCH(QString, expectedQtCancel);

    QTemporaryDir home;
    QVERIFY(home.isValid());
    QProcess child;
    child.setProcessEnvironment(environmentFor(lang, languageVariable, home.path()));
    QSignalSpy finished(&child, &QProcess::finished);
    QVERIFY(finished.isValid());
    child.start(QCoreApplication::applicationFilePath(), {QString::fromLatin1(printTextsArgument)});
    QVERIFY2(finished.wait(60000), "the child did not exit");
    const QString err = QString::fromLocal8Bit(child.readAllStandardError());
    QCOMPARE(child.exitStatus(), QProcess::NormalExit);
    QVERIFY2(child.exitCode() == 0, qPrintable(err));

    QString language;
    QString qtCancel;
    QString plural;
    QStringList menus;
    QHash<QString, QStringList> items;
    const QString out = QString::fromUtf8(child.readAllStandardOutput());
    for (const QString &line : out.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        const QStringList parts = line.split(QLatin1Char('\t'));
        QCOMPARE(parts.size(), 3);
        if (parts[0] == QLatin1String("language"))
            language = parts[2];
        else if (parts[0] == QLatin1String("menu"))
            menus << parts[2];
        else if (parts[0] == QLatin1String("item"))
            items[parts[1]] << parts[2];
        else if (parts[0] == QLatin1String("qt"))
            qtCancel = parts[2];
        else if (parts[0] == QLatin1String("plural"))
            plural = parts[2];
    }
    QCOMPARE(language, expectedLanguage);
    for (const QString &menu : expectedMenus)
        QVERIFY2(menus.contains(menu),
                 qPrintable(menu + QLatin1String(" not in ") + menus.join(u',')));
    QCOMPARE(qtCancel, expectedQtCancel);
    // English too has its plural forms, never the sources' "row(s)".
    QVERIFY2(!plural.contains(QLatin1String("(s)")), qPrintable(plural));
    if (expectedLanguage.isEmpty())
        QCOMPARE(plural, QStringLiteral("1 row|2 rows"));

    // Alt+letter must reach one entry: distinct mnemonics in the menu bar
    // and within each menu.
    const auto checkDistinct = [](const QStringList &texts) {
        QHash<QChar, QString> seen;
        for (const QString &text : texts) {
            const QChar key = mnemonicOf(text);
            if (key.isNull())
                continue;
            if (seen.contains(key))
                return QStringLiteral("%1 and %2 share &%3").arg(seen.value(key), text, key);
            seen.insert(key, text);
        }
        return QString();
    };
    QString clash = checkDistinct(menus);
    QVERIFY2(clash.isEmpty(), qPrintable(clash));
    QVERIFY(!items.isEmpty());
    for (auto it = items.cbegin(); it != items.cend(); ++it) {
        clash = checkDistinct(it.value());
        QVERIFY2(clash.isEmpty(), qPrintable(it.key() + QLatin1String(": ") + clash));
    }
}

void tst_Translations::programHelpInSystemLanguage_data()
{
    QTest::addColumn<QString>("lang");
    QTest::addColumn<QStringList>("expected"); // Qt's usage line, then ours

    QTest::newRow("de_DE") << QStringLiteral("de_DE.UTF-8")
                           << QStringList{QStringLiteral("Aufruf: "),
                                          QStringLiteral("Datei mit dem Passwort (erste Zeile).")};
    QTest::newRow("es_ES") << QStringLiteral("es_ES.UTF-8")
                           << QStringList{QStringLiteral("Uso: "),
                                          QStringLiteral(
                                              "Archivo con la contraseña (primera línea).")};
    QTest::newRow("en_GB") << QStringLiteral("en_GB.UTF-8")
                           << QStringList{QStringLiteral("Usage: "),
                                          QStringLiteral(
                                              "File holding the password (first line).")};
}

void tst_Translations::programHelpInSystemLanguage()
{
    QFETCH(QString, lang);
    QFETCH(QStringList, expected);

    const QString program = qEnvironmentVariable("DELTADESK_BIN");
    if (program.isEmpty())
        QSKIP("DELTADESK_BIN is not set");
    QTemporaryDir home;
    QVERIFY(home.isValid());
    QProcess process;
    process.setProcessEnvironment(environmentFor(lang, QString(), home.path()));
    QSignalSpy finished(&process, &QProcess::finished);
    QVERIFY(finished.isValid());
    process.start(program, {QStringLiteral("--help")});
    QVERIFY2(finished.wait(30000), "deltadesk did not exit");
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
    const QString out = QString::fromUtf8(process.readAllStandardOutput());
    for (const QString &text : expected)
        QVERIFY2(out.contains(text), qPrintable(text + QLatin1String(" not in: ") + out));
}

int main(int argc, char *argv[])
{
    if (argc > 1 && qstrcmp(argv[1], printTextsArgument) == 0)
        return printTexts(argc, argv);
    QApplication app(argc, argv);
    tst_Translations test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_translations.moc"
