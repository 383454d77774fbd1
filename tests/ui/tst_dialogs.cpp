// The small widgets without a server: the about box names the version and
// the token store, the login dialog explains what is missing before it
// sends anything, the status bar's age and state texts, the editor's
// field validation.

#include "aboutdialog.h"
#include "apiclient.h"
#include "eventeditordialog.h"
#include "logindialog.h"
#include "synccontroller.h"
#include "syncstats.h"
#include "syncstatusbar.h"

#include <QApplication>
#include <QDateTimeEdit>
#include <QIcon>
#include <QLabel>
#include <QLineEdit>
#include <QPixmap>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

class TestDialogs : public QObject
{
    Q_OBJECT
private slots:
    void aboutNamesVersionAndTokenStore();
    void loginExplainsMissingFields();
    void statusTexts();
    void editorValidates();
};

void TestDialogs::aboutNamesVersionAndTokenStore()
{
    AboutDialog about(QStringLiteral("The login token is kept in the system keychain."),
                      QStringLiteral("/tmp/x"));
    QVERIFY(about.text().contains(QStringLiteral(DELTADESK_VERSION)));
    QVERIFY(about.text().contains(QStringLiteral("keychain")));
    QVERIFY(!about.findChild<QLabel *>(QStringLiteral("aboutIcon"))); // no app icon set

    // With the application's icon set (main() does), the box shows it.
    QPixmap square(64, 64);
    square.fill(Qt::darkCyan);
    QApplication::setWindowIcon(QIcon(square));
    AboutDialog withIcon(QStringLiteral("x"), QStringLiteral("/tmp/x"));
    const QLabel *icon = withIcon.findChild<QLabel *>(QStringLiteral("aboutIcon"));
    QVERIFY(icon);
    QVERIFY(!icon->pixmap().isNull());
    QApplication::setWindowIcon(QIcon());
}

void TestDialogs::loginExplainsMissingFields()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    ApiClient api;
    LoginDialog login(&api, &settings);
    login.serverEdit()->setText(QStringLiteral("ftp://example"));
    login.submit();
    QVERIFY(login.errorText().contains(QStringLiteral("address")));
    login.serverEdit()->setText(QStringLiteral("http://127.0.0.1:1"));
    login.userEdit()->clear();
    login.submit();
    QVERIFY(login.errorText().contains(QStringLiteral("user name")));
    login.userEdit()->setText(QStringLiteral("staff"));
    login.passwordEdit()->clear();
    login.submit();
    QVERIFY(login.errorText().contains(QStringLiteral("password")));
    QVERIFY(settings.value(QStringLiteral("login/password")).isNull());
}

void TestDialogs::statusTexts()
{
    QCOMPARE(SyncStatusBar::formatAge(10), QStringLiteral("just now"));
    QCOMPARE(SyncStatusBar::formatAge(180), QStringLiteral("3 min ago"));
    QCOMPARE(SyncStatusBar::formatAge(2 * 3600), QStringLiteral("2 hour(s) ago"));
    QCOMPARE(SyncStatusBar::formatAge(-50), QStringLiteral("just now")); // server clock ahead
    SyncController sync; // not opened: offline, as before the first login
    SyncStatusBar bar(&sync);
    QCOMPARE(bar.ageText(), QStringLiteral("Never synced"));
    bar.setLastSynced(QDateTime::currentDateTimeUtc().addSecs(-600));
    QCOMPARE(bar.ageText(), QStringLiteral("Data from 10 min ago"));
    // Stopped, not failed: no "since" to tell.
    QCOMPARE(bar.stateText(), QStringLiteral("Offline"));
    bar.setLoggedOut(true);
    QCOMPARE(bar.stateText(), QStringLiteral("Not logged in"));
    QVERIFY(bar.ageText().isEmpty());
}

void TestDialogs::editorValidates()
{
    ApiClient api;
    EventEditorDialog editor(&api, nullptr); // no names: no client to choose
    QVERIFY(editor.isNew());
    editor.endEdit()->setDateTime(editor.startEdit()->dateTime().addSecs(-60));
    const QStringList errors = editor.validationErrors();
    QCOMPARE(errors.size(), 3); // no title, end before start, no client
    editor.save();
    QVERIFY(editor.messageText().contains(QStringLiteral("end must be after the start")));
}

QTEST_MAIN(TestDialogs)
#include "tst_dialogs.moc"
