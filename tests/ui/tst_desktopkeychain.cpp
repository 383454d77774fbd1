// The desktop app with the system keychain, end to end: run through
// tests/ui/run-with-keyring.sh (a private gnome-keyring) against the real
// deltadesk-server. A login keeps its token in the keychain, not in
// settings.ini; the app restarted on the same state dir goes live without a
// password; logout removes the token from the keychain.

#include "desktopsession.h"
#include "desktopsessiontest.h"
#include "logindialog.h"
#include "mainwindow.h"
#include "serverprocess.h"
#include "tokenstore.h"

#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {
constexpr int longWait = 30000;

std::unique_ptr<DesktopSession> startKeychainSession(const QString &stateDir,
                                                     const QUrl &server,
                                                     bool withLogin)
{
    DesktopSession::Options options;
    options.stateDir = stateDir;
    options.forceFileTokenStore = false; // the point of this suite
    if (withLogin) {
        options.server = server;
        options.user = QStringLiteral("staff");
        options.password = QStringLiteral("staff");
    }
    auto session = std::make_unique<DesktopSession>(options);
    session->sync()->setBackoff(100, 500);
    if (!session->start())
        return nullptr;
    return session;
}

QByteArray fileBytes(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}
} // namespace

class TestDesktopKeychain : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void restartLogsInFromKeychainAndLogoutRemovesIt();
};

void TestDesktopKeychain::initTestCase()
{
    if (qEnvironmentVariable("DELTADESK_TEST_KEYRING") != QLatin1String("1"))
        QSKIP("needs a secret service: run through tests/ui/run-with-keyring.sh (ctest does)");
    qunsetenv("DELTADESK_TOKEN_STORE");
}

void TestDesktopKeychain::restartLogsInFromKeychainAndLogoutRemovesIt()
{
    ServerProcess server;
    QVERIFY2(server.start({QStringLiteral("--demo")}), server.standardError().constData());
    QTemporaryDir state;
    QString settingsPath;
    {
        auto session = startKeychainSession(state.path(), server.url(), true);
        QVERIFY(session);
        QVERIFY(DesktopTest::waitLive(session.get(), longWait));
        QTRY_COMPARE_WITH_TIMEOUT(session->tokenStore()->backend(),
                                  TokenStore::Backend::Keychain,
                                  longWait);
        QCOMPARE(session->mainWindow()->tokenStorageText(),
                 QStringLiteral("The login token is kept in the system keychain."));
        settingsPath = session->settings()->fileName();
    }
    const QByteArray onDisk = fileBytes(settingsPath);
    QVERIFY2(onDisk.contains("staff"), onDisk.constData()); // the remembered user
    QVERIFY2(!onDisk.contains("token="), onDisk.constData());

    // Restarted without login options: the token comes from the keychain.
    auto session = startKeychainSession(state.path(), server.url(), false);
    QVERIFY(session);
    QVERIFY(DesktopTest::waitLive(session.get(), longWait));
    QCOMPARE(session->tokenStore()->backend(), TokenStore::Backend::Keychain);
    QVERIFY(!session->loginDialog() || !session->loginDialog()->isVisible());

    QSignalSpy cleared(session->tokenStore(), &TokenStore::cleared);
    QSignalSpy loggedOut(session.get(), &DesktopSession::loggedOut);
    emit session->mainWindow()->logoutConfirmed(); // what "Yes" in the confirmation does
    QVERIFY(loggedOut.wait(longWait));
    QVERIFY(!cleared.isEmpty() || cleared.wait(longWait));

    QSettings settings(settingsPath, QSettings::IniFormat);
    TokenStore store(&settings);
    QSignalSpy loaded(&store, &TokenStore::loaded);
    store.load();
    QVERIFY(loaded.wait(longWait));
    QVERIFY(loaded.at(0).at(0).toByteArray().isEmpty());
    QCOMPARE(store.backend(), TokenStore::Backend::Keychain);
}

QTEST_MAIN(TestDesktopKeychain)
#include "tst_desktopkeychain.moc"
