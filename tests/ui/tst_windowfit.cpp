// Windows that fit: a geometry saved on a larger screen (or at another
// scale factor) comes back within this screen's available area; the
// statistics window opens over the main window, within the screen, and
// closes with its Close button, Esc and Ctrl+W.

#include "desktopsession.h"
#include "mainwindow.h"
#include "statswindow.h"
#include "windowfit.h"

#include <QDialogButtonBox>
#include <QPointer>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

class TestWindowFit : public QObject
{
    Q_OBJECT
private slots:
    void clampedMovesAndShrinks_data();
    void clampedMovesAndShrinks();
    void savedGeometryLargerThanTheScreenIsClamped();
    void statisticsWindowFitsAndCloses();

private:
    std::unique_ptr<DesktopSession> startOffline(const QString &stateDir)
    {
        DesktopSession::Options options;
        options.stateDir = stateDir;
        options.forceFileTokenStore = true;
        auto session = std::make_unique<DesktopSession>(options);
        if (!session->start())
            return nullptr;
        return session;
    }
    static QRect available(const QWidget *w) { return w->screen()->availableGeometry(); }
};

void TestWindowFit::clampedMovesAndShrinks_data()
{
    QTest::addColumn<QRect>("wanted");
    QTest::addColumn<QRect>("expected");
    const QRect screen(0, 0, 1280, 800);
    QTest::newRow("fits") << QRect(100, 100, 600, 400) << QRect(100, 100, 600, 400);
    QTest::newRow("too large") << QRect(50, 50, 2560, 1600) << screen;
    QTest::newRow("off right and bottom")
        << QRect(1000, 700, 600, 400) << QRect(680, 400, 600, 400);
    QTest::newRow("off left and top") << QRect(-300, -50, 600, 400) << QRect(0, 0, 600, 400);
    QTest::newRow("too wide, off left") << QRect(-100, 10, 2000, 300) << QRect(0, 10, 1280, 300);
}

void TestWindowFit::clampedMovesAndShrinks()
{
    QFETCH(QRect, wanted);
    QFETCH(QRect, expected);
    QCOMPARE(WindowFit::clamped(wanted, QRect(0, 0, 1280, 800)), expected);
}

void TestWindowFit::savedGeometryLargerThanTheScreenIsClamped()
{
    QTemporaryDir state;
    QByteArray saved;
    {
        // A window as large as a 200 % screen's twice the size of this one.
        QWidget big;
        const QRect screen = big.screen()->availableGeometry();
        big.setGeometry(QRect(screen.topLeft() + QPoint(40, 40), screen.size() * 2));
        saved = big.saveGeometry();
        QVERIFY(!saved.isEmpty());
    }
    {
        QSettings settings(state.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        settings.setValue(QStringLiteral("ui/geometry"), saved);
    }
    auto session = startOffline(state.path());
    QVERIFY(session);
    MainWindow *window = session->mainWindow();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    const QRect frame = window->frameGeometry();
    QVERIFY2(available(window).contains(frame),
             qPrintable(QStringLiteral("%1,%2 %3x%4 outside %5x%6")
                            .arg(frame.x())
                            .arg(frame.y())
                            .arg(frame.width())
                            .arg(frame.height())
                            .arg(available(window).width())
                            .arg(available(window).height())));
}

void TestWindowFit::statisticsWindowFitsAndCloses()
{
    QTemporaryDir state;
    auto session = startOffline(state.path());
    QVERIFY(session);
    MainWindow *window = session->mainWindow();
    QVERIFY(QTest::qWaitForWindowExposed(window));

    const auto open = [window]() -> StatsWindow * {
        window->showStatsAction()->trigger();
        StatsWindow *stats = window->statsWindow();
        // Keys go to the active window, as they would for the person.
        return QTest::qWaitForWindowExposed(stats) && QTest::qWaitForWindowActive(stats) ? stats
                                                                                         : nullptr;
    };
    StatsWindow *stats = open();
    QVERIFY(stats);
    QVERIFY(available(stats).contains(stats->frameGeometry()));
    // Over the main window: their centres agree, unless the screen's edge
    // moved it.
    const QPoint offset = stats->frameGeometry().center() - window->frameGeometry().center();
    QVERIFY2(offset.manhattanLength() <= 4
                 || stats->frameGeometry().size() == available(stats).size(),
             qPrintable(QStringLiteral("%1,%2").arg(offset.x()).arg(offset.y())));

    QPushButton *close = stats->buttons()->button(QDialogButtonBox::Close);
    QVERIFY(close && close->isVisible());
    QPointer<StatsWindow> closed(stats); // closing deletes it
    QTest::mouseClick(close, Qt::LeftButton);
    QTRY_VERIFY(closed.isNull());

    stats = open();
    QVERIFY(stats);
    closed = stats;
    QTest::keyClick(stats, Qt::Key_Escape);
    QTRY_VERIFY(closed.isNull());

    stats = open();
    QVERIFY(stats);
    closed = stats;
    QTest::keyClick(stats, Qt::Key_W, Qt::ControlModifier);
    QTRY_VERIFY(closed.isNull());
}

QTEST_MAIN(TestWindowFit)
#include "tst_windowfit.moc"
