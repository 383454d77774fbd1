// Help menu: the keyboard-shortcuts list is read from the window's own
// actions (a changed key shows up there) and Copy Diagnostics puts the
// facts a problem report needs on the clipboard, in plain lines.

#include "collectiontab.h"
#include "desktopsession.h"
#include "logindialog.h"
#include "mainwindow.h"
#include "shortcutsdialog.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QLineEdit>
#include <QMenuBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

class TestHelpMenu : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void shortcutsListTheActionsKeys();
    void diagnosticsGoToTheClipboard();
    void filterKeysDoWhatTheListSays();

private:
    std::unique_ptr<QTemporaryDir> m_state;
    std::unique_ptr<DesktopSession> m_session;
};

void TestHelpMenu::init()
{
    m_state = std::make_unique<QTemporaryDir>();
    DesktopSession::Options options;
    options.stateDir = m_state->path();
    options.forceFileTokenStore = true;
    m_session = std::make_unique<DesktopSession>(options);
    QVERIFY(m_session->start()); // no server, no login: offline
}

void TestHelpMenu::cleanup()
{
    m_session.reset();
    m_state.reset();
}

void TestHelpMenu::shortcutsListTheActionsKeys()
{
    MainWindow *window = m_session->mainWindow();
    {
        ShortcutsDialog dialog(window->menuBar());
        const QStringList entries = dialog.entries();
        QVERIFY2(entries.contains(QStringLiteral("Refresh\tF5")), qPrintable(entries.join('|')));
        QVERIFY2(entries.contains(QStringLiteral("Full resync\tCtrl+Shift+F5")),
                 qPrintable(entries.join('|')));
        QVERIFY(entries.contains(QStringLiteral("File")));
        QVERIFY(!entries.contains(QStringLiteral("Log out\t"))); // no key, not listed
    }
    // Read from the actions: a new key is what the list says.
    window->refreshAction()->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    ShortcutsDialog dialog(window->menuBar());
    QVERIFY(dialog.entries().contains(QStringLiteral("Refresh\tCtrl+R")));
    QVERIFY(!dialog.entries().contains(QStringLiteral("Refresh\tF5")));
}

void TestHelpMenu::diagnosticsGoToTheClipboard()
{
    MainWindow *window = m_session->mainWindow();
    QTRY_VERIFY(window->isLoggedOut()); // the token store said there is none
    QGuiApplication::clipboard()->clear();
    window->copyDiagnosticsAction()->trigger();
    const QString text = QGuiApplication::clipboard()->text();
    QVERIFY2(text.startsWith(QLatin1String("DeltaDesk ")), qPrintable(text));
    const QStringList lines = text.split(QLatin1Char('\n'));
    QVERIFY2(lines.contains(QStringLiteral("State: Not logged in")), qPrintable(text));
    QVERIFY2(lines.contains(QStringLiteral("Server: (none)")), qPrintable(text));
    QVERIFY2(lines.contains(QStringLiteral("Newest data: never synced")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Data folder: ")), qPrintable(text));
    // Everything but the moment of copying is what the window reports.
    const auto withoutMoment = [](const QString &t) {
        return t.section(QLatin1String("Copied: "), 0, 0);
    };
    QCOMPARE(withoutMoment(text), withoutMoment(window->diagnosticsText()));
}

void TestHelpMenu::filterKeysDoWhatTheListSays()
{
    MainWindow *window = m_session->mainWindow();
    // No token: the login dialog asks first; cancelled, the window is the
    // person's again.
    QTRY_VERIFY(m_session->loginDialog() && m_session->loginDialog()->isVisible());
    m_session->loginDialog()->reject();
    window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(window));
    CollectionTab *tab = window->currentTab();
    QVERIFY(tab);
    tab->focusFilter();
    QTest::keyClicks(tab->filterEdit(), QStringLiteral("gala"));
    QCOMPARE(tab->filterEdit()->text(), QStringLiteral("gala"));
    QTest::keyClick(tab->filterEdit(), Qt::Key_Escape);
    QVERIFY(tab->filterEdit()->text().isEmpty());
    QTest::keyClick(tab->filterEdit(), Qt::Key_Down);
    QTRY_VERIFY(tab->view()->hasFocus());
}

QTEST_MAIN(TestHelpMenu)
#include "tst_helpmenu.moc"
