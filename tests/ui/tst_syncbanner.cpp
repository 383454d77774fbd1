// The window's banner and status bar as a person meets them, against the
// real deltadesk-server: a session the server ended shows a banner with
// Log in… and leaves the saved rows on screen (no dialog pops up, the app
// never quits, Cancel keeps the window); an unreachable server says since
// when and counts down to the next attempt, and Retry now reconnects at
// once; after a logout the window is in a logged-out state with the session
// actions off; the status bar speaks one state at a time ("Up to date",
// "Refreshing…", "Syncing Events: 450 of 1,000").

#include "apiclient.h"
#include "desktopsession.h"
#include "desktopsessiontest.h"
#include "logindialog.h"
#include "mainwindow.h"
#include "serverprocess.h"
#include "syncbanner.h"
#include "synccontroller.h"
#include "syncstatusbar.h"
#include "testhttp.h"

#include <QAction>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "collectionmodel.h"
#include "collectiontab.h"

namespace {
constexpr int longWait = 30000;
const QString eventsCollection = QStringLiteral("events");
} // namespace

class TestSyncBanner : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void countdownReadsAsPeopleSayIt();
    void sessionEndedKeepsTheRowsAndOffersLogin();
    void offlineSaysSinceWhenAndRetryNowReconnects();
    void logoutLeavesALoggedOutWindow();
    void statusBarSpeaksOneStateAtATime();

private:
    std::unique_ptr<DesktopSession> startSession(const QString &user, bool withLogin = true)
    {
        return DesktopTest::startSession(m_state->path(), m_server->url(), user, withLogin);
    }
    static qint64 eventRows(DesktopSession *s)
    {
        return s->mainWindow()->tab(eventsCollection)->model()->rowCount();
    }
    // DELTADESK_SCREENSHOT_DIR set: keep a picture for docs/screenshots
    // (nothing is asserted on it).
    static void keepPicture(QWidget *window, const QString &name)
    {
        const QString dir = qEnvironmentVariable("DELTADESK_SCREENSHOT_DIR");
        if (!dir.isEmpty())
            QVERIFY(window->grab().save(dir + QLatin1Char('/') + name));
    }
    static void logInThroughTheDialog(DesktopSession *s, const QString &user)
    {
        LoginDialog *dialog = s->loginDialog();
        QVERIFY(dialog && dialog->isVisible());
        dialog->userEdit()->setText(user);
        dialog->passwordEdit()->setText(user);
        dialog->submit();
    }

    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<QTemporaryDir> m_state;
};

void TestSyncBanner::init()
{
    m_server = std::make_unique<ServerProcess>();
    QVERIFY2(m_server->start({QStringLiteral("--demo")}), m_server->standardError().constData());
    m_state = std::make_unique<QTemporaryDir>();
}

void TestSyncBanner::cleanup()
{
    m_server.reset();
    m_state.reset();
}

void TestSyncBanner::countdownReadsAsPeopleSayIt()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QCOMPARE(SyncBanner::countdownText(now.addMSecs(19200), now),
             QStringLiteral("retrying in 20 s"));
    QCOMPARE(SyncBanner::countdownText(now.addSecs(1), now), QStringLiteral("retrying in 1 s"));
    QCOMPARE(SyncBanner::countdownText(now.addSecs(150), now), QStringLiteral("retrying in 3 min"));
    QCOMPARE(SyncBanner::countdownText(now.addSecs(-2), now), QStringLiteral("retrying now"));
    QVERIFY(SyncBanner::countdownText({}, now).isEmpty());
    const QString text = SyncBanner::offlineText(now, now.addSecs(20), now);
    const QString time = QLocale().toString(now.toLocalTime().time(), QLocale::ShortFormat);
    QVERIFY2(text.startsWith(QStringLiteral("Offline since %1 — retrying in 20 s.").arg(time)),
             qPrintable(text));
    // A day or more ago: with the date, not a bare time that reads as today.
    const QString older = SyncBanner::offlineText(now.addDays(-2), {}, now);
    QVERIFY2(older.contains(QLocale().toString(now.addDays(-2).toLocalTime(), QLocale::ShortFormat)),
             qPrintable(older));
}

void TestSyncBanner::sessionEndedKeepsTheRowsAndOffersLogin()
{
    auto session = startSession(QStringLiteral("manager"));
    QVERIFY(session);
    QVERIFY(DesktopTest::waitLive(session.get(), longWait));
    QTRY_VERIFY_WITH_TIMEOUT(eventRows(session.get()) > 10, longWait);
    const qint64 rows = eventRows(session.get());
    MainWindow *window = session->mainWindow();
    SyncBanner *banner = window->syncBanner();
    QVERIFY(!banner->isVisible());

    // The server revokes the token: its stream ends at once.
    TestHttp http(m_server->url());
    http.setToken(session->api()->token());
    QCOMPARE(http.request("POST", QStringLiteral("/api/auth/logout")).status / 100, 2);

    QTRY_COMPARE_WITH_TIMEOUT(banner->situation(), SyncBanner::Situation::SessionEnded, longWait);
    QVERIFY(banner->isVisible());
    QVERIFY2(banner->text().startsWith(QLatin1String("Your session has ended.")),
             qPrintable(banner->text()));
    QVERIFY(banner->loginButton()->isVisible());
    QVERIFY(!banner->retryButton()->isVisible());
    // Nothing popped up over the work, nothing quit, the rows stay.
    QVERIFY(!session->loginDialog());
    QVERIFY(window->isVisible());
    QCOMPARE(eventRows(session.get()), rows);
    QVERIFY(!window->newEventAction()->isEnabled());
    QVERIFY2(window->newEventAction()->toolTip().startsWith(QLatin1String("Session ended")),
             qPrintable(window->newEventAction()->toolTip()));
    QCOMPARE(window->syncStatusBar()->stateText(), QStringLiteral("Session ended"));
    keepPicture(window, QStringLiteral("banner-session-ended.png"));

    // Log in…, then Cancel: still the window, the rows and the banner.
    QTest::mouseClick(banner->loginButton(), Qt::LeftButton);
    QTRY_VERIFY(session->loginDialog() && session->loginDialog()->isVisible());
    session->loginDialog()->reject();
    QTRY_VERIFY(!session->loginDialog());
    QVERIFY(window->isVisible());
    QCOMPARE(eventRows(session.get()), rows);
    QCOMPARE(banner->situation(), SyncBanner::Situation::SessionEnded);
    QVERIFY(!window->isLoggedOut());

    // Log in again: live, the banner goes.
    QTest::mouseClick(banner->loginButton(), Qt::LeftButton);
    QTRY_VERIFY(session->loginDialog() && session->loginDialog()->isVisible());
    logInThroughTheDialog(session.get(), QStringLiteral("manager"));
    QVERIFY(DesktopTest::waitLive(session.get(), longWait));
    QTRY_VERIFY(!banner->isVisible());
    QCOMPARE(banner->situation(), SyncBanner::Situation::None);
    QTRY_VERIFY(window->newEventAction()->isEnabled());
}

void TestSyncBanner::offlineSaysSinceWhenAndRetryNowReconnects()
{
    {
        auto session = startSession(QStringLiteral("staff"));
        QVERIFY(session);
        QVERIFY(DesktopTest::waitLive(session.get(), longWait));
        QTRY_VERIFY_WITH_TIMEOUT(eventRows(session.get()) > 0, longWait);
    }
    const quint16 port = m_server->port();
    QVERIFY(m_server->stop());

    // The stored token, the server down, and a long back-off: the next
    // attempt is 30-90 s away, so only Retry now can reconnect in time.
    auto session = startSession(QString(), false);
    QVERIFY(session);
    session->sync()->setBackoff(60000, 60000);
    SyncBanner *banner = session->mainWindow()->syncBanner();
    QTRY_COMPARE_WITH_TIMEOUT(banner->situation(), SyncBanner::Situation::Offline, longWait);
    QTRY_VERIFY(session->sync()->retryDue().isValid());
    const QRegularExpression offline(QStringLiteral(
        "^Offline since [0-9:. ]+[AaPpMm]* — retrying in ([0-9]+) (s|min)\\. You can "
        "keep browsing"));
    QRegularExpressionMatch match = offline.match(banner->text());
    QVERIFY2(match.hasMatch(), qPrintable(banner->text()));
    QVERIFY(banner->retryButton()->isVisible());
    QVERIFY(!banner->loginButton()->isVisible());
    QVERIFY2(session->mainWindow()->syncStatusBar()->stateText().startsWith(
                 QLatin1String("Offline since ")),
             qPrintable(session->mainWindow()->syncStatusBar()->stateText()));
    keepPicture(session->mainWindow(), QStringLiteral("banner-offline.png"));

    // The countdown counts: ten seconds on, ten fewer to go.
    const QDateTime due = session->sync()->retryDue();
    banner->setClock([due] { return due.addSecs(-20); });
    QVERIFY2(banner->text().contains(QLatin1String("retrying in 20 s.")),
             qPrintable(banner->text()));
    banner->setClock([due] { return due.addSecs(-10); });
    QVERIFY2(banner->text().contains(QLatin1String("retrying in 10 s.")),
             qPrintable(banner->text()));
    banner->setClock([] { return QDateTime::currentDateTimeUtc(); });

    QVERIFY(m_server->start({QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port)}));
    QVERIFY(QDateTime::currentDateTimeUtc().msecsTo(session->sync()->retryDue()) > 15000);
    QTest::mouseClick(banner->retryButton(), Qt::LeftButton);
    QVERIFY(DesktopTest::waitLive(session.get(), 15000));
    QTRY_VERIFY(!banner->isVisible());
    QCOMPARE(session->mainWindow()->syncStatusBar()->stateText(), QStringLiteral("Up to date"));
}

void TestSyncBanner::logoutLeavesALoggedOutWindow()
{
    auto session = startSession(QStringLiteral("manager"));
    QVERIFY(session);
    QVERIFY(DesktopTest::waitLive(session.get(), longWait));
    MainWindow *window = session->mainWindow();
    // The title names the account and the server, once.
    QCOMPARE(window->windowTitle(),
             QStringLiteral("DeltaDesk — manager@127.0.0.1:%1").arg(m_server->port()));
    QSignalSpy loggedOut(session.get(), &DesktopSession::loggedOut);
    emit window->logoutConfirmed(); // what the confirmation's Log Out does
    QVERIFY(loggedOut.wait(longWait));
    QTRY_VERIFY(session->loginDialog() && session->loginDialog()->isVisible());
    session->loginDialog()->reject();
    QTRY_VERIFY(!session->loginDialog());

    QVERIFY(window->isVisible());
    QCOMPARE(window->windowTitle(), QStringLiteral("DeltaDesk"));
    SyncBanner *banner = window->syncBanner();
    QCOMPARE(banner->situation(), SyncBanner::Situation::LoggedOut);
    QVERIFY(banner->isVisible());
    QVERIFY(banner->loginButton()->isVisible());
    SyncStatusBar *bar = window->syncStatusBar();
    QCOMPARE(bar->stateText(), QStringLiteral("Not logged in"));
    QVERIFY(bar->ageText().isEmpty());
    for (QAction *a : {window->refreshAction(), window->resyncAction(), window->logoutAction()})
        QVERIFY2(!a->isEnabled(), qPrintable(a->text()));

    QTest::mouseClick(banner->loginButton(), Qt::LeftButton);
    QTRY_VERIFY(session->loginDialog() && session->loginDialog()->isVisible());
    logInThroughTheDialog(session.get(), QStringLiteral("manager"));
    QVERIFY(DesktopTest::waitLive(session.get(), longWait));
    QTRY_VERIFY(!banner->isVisible());
    for (QAction *a : {window->refreshAction(), window->resyncAction(), window->logoutAction()})
        QVERIFY2(a->isEnabled(), qPrintable(a->text()));
    QTRY_VERIFY_WITH_TIMEOUT(eventRows(session.get()) > 0, longWait);
}

void TestSyncBanner::statusBarSpeaksOneStateAtATime()
{
    auto session = startSession(QStringLiteral("manager"));
    QVERIFY(session);
    session->sync()->setPageLimit(50); // a resync in several pages: progress to see
    QVERIFY(DesktopTest::waitLive(session.get(), longWait));
    MainWindow *window = session->mainWindow();
    SyncStatusBar *bar = window->syncStatusBar();
    QCOMPARE(bar->stateText(), QStringLiteral("Up to date"));
    QVERIFY(bar->ageText().isEmpty()); // live: no second "up to date"

    // F5: "Refreshing…" while the rounds run, then the result.
    QStringList seen;
    auto record = [&seen, bar] {
        if (seen.isEmpty() || seen.constLast() != bar->stateText())
            seen.append(bar->stateText());
    };
    connect(session->sync(), &SyncController::stateChanged, bar, record);
    QSignalSpy rounds(session->sync(), &SyncController::roundsFinished);
    window->refreshAction()->trigger();
    QVERIFY(rounds.wait(longWait));
    QVERIFY2(seen.contains(QStringLiteral("Refreshing…")), qPrintable(seen.join(QLatin1Char('|'))));
    QVERIFY2(!seen.contains(QStringLiteral("Syncing…")), qPrintable(seen.join(QLatin1Char('|'))));
    QCOMPARE(bar->currentMessage(), QStringLiteral("Refreshed: up to date"));
    QTRY_COMPARE(bar->stateText(), QStringLiteral("Up to date"));

    // A full resync names the collection and counts in the locale's digits.
    seen.clear();
    connect(session->sync(), &SyncController::fullSyncProgress, bar, record);
    window->setCurrentCollection(eventsCollection);
    rounds.clear();
    window->resyncAction()->trigger();
    QVERIFY(rounds.wait(longWait));
    const QRegularExpression progress(QStringLiteral("^Syncing Events: [0-9,]+ of [0-9,]+$"));
    QVERIFY2(!seen.filter(progress).isEmpty(), qPrintable(seen.join(QLatin1Char('|'))));
    QTRY_COMPARE(bar->stateText(), QStringLiteral("Up to date"));
}

QTEST_MAIN(TestSyncBanner)
#include "tst_syncbanner.moc"
