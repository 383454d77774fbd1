// The deltadesk program itself: --help and --version answer without a
// display, and the window icon is built into the program.

#include "desktopicon.h"

#include <QIcon>
#include <QPixmap>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class tst_DesktopMain : public QObject
{
    Q_OBJECT
private slots:
    void answersWithoutDisplay_data();
    void answersWithoutDisplay();
    void iconIsBuiltIn();
};

void tst_DesktopMain::answersWithoutDisplay_data()
{
    QTest::addColumn<QString>("argument");
    QTest::addColumn<QString>("platform"); // empty: QT_QPA_PLATFORM unset
    QTest::addColumn<QStringList>("expected");

    const QStringList version{QStringLiteral("deltadesk " DELTADESK_VERSION)};
    // --help says where the token is kept.
    const QStringList help{QStringLiteral("Usage: "),
                           QStringLiteral("deltadesk [options]"),
                           QStringLiteral("--server"),
                           QStringLiteral("keychain"),
                           QStringLiteral("settings.ini")};
    QTest::newRow("version, no platform") << QStringLiteral("--version") << QString() << version;
    QTest::newRow("version, xcb") << QStringLiteral("--version") << QStringLiteral("xcb")
                                  << version;
    QTest::newRow("-v, xcb") << QStringLiteral("-v") << QStringLiteral("xcb") << version;
    QTest::newRow("help, no platform") << QStringLiteral("--help") << QString() << help;
    QTest::newRow("help, xcb") << QStringLiteral("--help") << QStringLiteral("xcb") << help;
    QTest::newRow("-h, xcb") << QStringLiteral("-h") << QStringLiteral("xcb") << help;
}

void tst_DesktopMain::answersWithoutDisplay()
{
    QFETCH(QString, argument);
    QFETCH(QString, platform);
    QFETCH(QStringList, expected);

    const QString program = qEnvironmentVariable("DELTADESK_BIN");
    if (program.isEmpty())
        QSKIP("DELTADESK_BIN is not set");
    QTemporaryDir home;
    QVERIFY(home.isValid());

    // No DISPLAY, no WAYLAND_DISPLAY: only what the sanitizers need.
    QProcessEnvironment env;
    const QProcessEnvironment own = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"ASAN_OPTIONS", "LSAN_OPTIONS", "UBSAN_OPTIONS"}) {
        const QString key = QString::fromLatin1(name);
        if (own.contains(key))
            env.insert(key, own.value(key));
    }
    env.insert(QStringLiteral("HOME"), home.path());
    if (!platform.isEmpty())
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), platform);

    QProcess process;
    process.setProcessEnvironment(env);
    QSignalSpy finished(&process, &QProcess::finished);
    QVERIFY(finished.isValid());
    process.start(program, {argument});
    QVERIFY2(finished.wait(30000), "deltadesk did not exit");
    const QString out = QString::fromLocal8Bit(process.readAllStandardOutput());
    const QString err = QString::fromLocal8Bit(process.readAllStandardError());
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QVERIFY2(process.exitCode() == 0, qPrintable(err));
    for (const QString &text : expected)
        QVERIFY2(out.contains(text), qPrintable(text + QLatin1String(" not in: ") + out));
    QVERIFY2(!err.contains(QLatin1String("platform plugin")), qPrintable(err));
}

void tst_DesktopMain::iconIsBuiltIn()
{
    const QIcon icon = DesktopIcon::appIcon();
    QVERIFY(!icon.isNull());
    for (const int size : {16, 22, 24, 32, 48, 64, 128, 256}) {
        const QPixmap pixmap = icon.pixmap(QSize(size, size));
        QVERIFY2(!pixmap.isNull(), qPrintable(QString::number(size)));
        QCOMPARE(pixmap.size(), QSize(size, size));
    }
}

QTEST_MAIN(tst_DesktopMain)
#include "tst_desktopmain.moc"
