// TokenStore against a real Secret Service: tests/ui/run-with-keyring.sh
// starts a private D-Bus session with an unlocked gnome-keyring around this
// suite. A saved token lives in the keychain and not in settings.ini, a new
// store on the same file (an app restart) reads it back, secret-tool finds
// it on its own, and clear() (logout) removes it. DELTADESK_TOKEN_STORE=file
// keeps it out of the keychain even when one answers, and a logout also
// removes a token a keychain slower than the watchdog wrote after all.

#include "tokenstore.h"

#include <QFile>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace {
// Generous: a deadline for the first D-Bus round trip, not a pause.
constexpr int keychainTimeoutMs = 15000;
constexpr int waitMs = 20000;

QByteArray fileBytes(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The keychain's entries for one settings file, as secret-tool (libsecret,
// not QtKeychain) lists them: QtKeychain keys an entry by `user` = the key.
QByteArray secretToolSearch(const QString &settingsPath)
{
    QProcess tool;
    tool.setProcessChannelMode(QProcess::MergedChannels);
    tool.start(QStringLiteral("secret-tool"),
               {QStringLiteral("search"),
                QStringLiteral("--all"),
                QStringLiteral("user"),
                QLatin1String("token:") + settingsPath});
    // A blocking wait is fine here: secret-tool talks to the keyring daemon, not
    // to this process, so nothing this test thread would run is needed for it.
    if (!tool.waitForFinished(waitMs))
        return QByteArrayLiteral("secret-tool did not finish");
    return tool.readAll();
}
} // namespace

class TestTokenStoreKeychain : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void tokenLivesInKeychainAcrossRestart();
    void envForcesFileEvenWithKeychain();
    void logoutClearsALateKeychainWrite();

private:
    bool m_haveSecretTool = false;
};

void TestTokenStoreKeychain::initTestCase()
{
    if (qEnvironmentVariable("DELTADESK_TEST_KEYRING") != QLatin1String("1"))
        QSKIP("needs a secret service: run through tests/ui/run-with-keyring.sh (ctest does)");
    qunsetenv("DELTADESK_TOKEN_STORE");
    m_haveSecretTool = !QStandardPaths::findExecutable(QStringLiteral("secret-tool")).isEmpty();
}

void TestTokenStoreKeychain::tokenLivesInKeychainAcrossRestart()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("settings.ini"));
    const QByteArray token = QByteArray("tok-keychain-")
                             + QByteArray::number(QCoreApplication::applicationPid());
    {
        QSettings settings(path, QSettings::IniFormat);
        settings.setValue(QStringLiteral("server/url"), QStringLiteral("http://127.0.0.1:1"));
        // Left by a run without a keychain: the keychain save must drop it.
        settings.setValue(QStringLiteral("auth/token"), QStringLiteral("tok-old-file"));
        TokenStore store(&settings);
        store.setKeychainTimeout(keychainTimeoutMs);
        QSignalSpy saved(&store, &TokenStore::saved);
        store.save(token);
        QVERIFY(saved.wait(waitMs));
        QCOMPARE(saved.at(0).at(0).value<TokenStore::Backend>(), TokenStore::Backend::Keychain);
        QCOMPARE(store.backend(), TokenStore::Backend::Keychain);
        QCOMPARE(store.backendDescription(),
                 QStringLiteral("The login token is kept in the system keychain."));
        settings.sync();
    }
    // Neither the new token nor the old one is in the settings file.
    const QByteArray onDisk = fileBytes(path);
    QVERIFY2(onDisk.contains("server"), onDisk.constData());
    QVERIFY2(!onDisk.contains(token), onDisk.constData());
    QVERIFY2(!onDisk.contains("tok-old-file"), onDisk.constData());
    QVERIFY2(!onDisk.contains("token"), onDisk.constData());

    if (m_haveSecretTool) {
        const QByteArray found = secretToolSearch(path);
        const QByteArray entry = QByteArray("attribute.user = token:") + path.toUtf8();
        QVERIFY2(found.contains(entry), found.constData());
    }

    // As after an app restart: a new settings object and a new store.
    QSettings settings(path, QSettings::IniFormat);
    TokenStore store(&settings);
    store.setKeychainTimeout(keychainTimeoutMs);
    QSignalSpy loaded(&store, &TokenStore::loaded);
    store.load();
    QVERIFY(loaded.wait(waitMs));
    QCOMPARE(loaded.at(0).at(0).toByteArray(), token);
    QCOMPARE(store.backend(), TokenStore::Backend::Keychain);

    // Logout: gone from the keychain; yet another store reads nothing.
    QSignalSpy cleared(&store, &TokenStore::cleared);
    store.clear();
    QVERIFY(cleared.wait(waitMs));
    if (m_haveSecretTool) {
        const QByteArray found = secretToolSearch(path);
        QVERIFY2(!found.contains("attribute.user"), found.constData());
    }
    TokenStore after(&settings);
    after.setKeychainTimeout(keychainTimeoutMs);
    QSignalSpy loadedAfter(&after, &TokenStore::loaded);
    after.load();
    QVERIFY(loadedAfter.wait(waitMs));
    QVERIFY(loadedAfter.at(0).at(0).toByteArray().isEmpty());
    QCOMPARE(after.backend(), TokenStore::Backend::Keychain);
}

void TestTokenStoreKeychain::envForcesFileEvenWithKeychain()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("settings.ini"));
    qputenv("DELTADESK_TOKEN_STORE", "file");
    QSettings settings(path, QSettings::IniFormat);
    TokenStore store(&settings);
    qunsetenv("DELTADESK_TOKEN_STORE");
    store.setKeychainTimeout(keychainTimeoutMs);
    QSignalSpy saved(&store, &TokenStore::saved);
    store.save("tok-file-only");
    QVERIFY(saved.wait(waitMs));
    QCOMPARE(saved.at(0).at(0).value<TokenStore::Backend>(), TokenStore::Backend::File);
    QCOMPARE(store.backend(), TokenStore::Backend::File);
    QVERIFY(fileBytes(path).contains("tok-file-only"));
    if (m_haveSecretTool) {
        const QByteArray found = secretToolSearch(path);
        QVERIFY2(!found.contains("attribute.user"), found.constData());
    }
}

void TestTokenStoreKeychain::logoutClearsALateKeychainWrite()
{
    if (!m_haveSecretTool)
        QSKIP("needs secret-tool to see the late write");
    // A keychain slower than the watchdog: the token goes to the file, but
    // the write the keychain was asked for still lands there later.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("settings.ini"));
    QSettings settings(path, QSettings::IniFormat);
    TokenStore store(&settings);
    store.setKeychainTimeout(0); // the watchdog fires before any D-Bus answer
    QSignalSpy saved(&store, &TokenStore::saved);
    store.save("tok-late");
    QVERIFY(saved.wait(waitMs));
    QCOMPARE(saved.at(0).at(0).value<TokenStore::Backend>(), TokenStore::Backend::File);
    const QByteArray entry = QByteArray("attribute.user = token:") + path.toUtf8();
    QTRY_VERIFY_WITH_TIMEOUT(secretToolSearch(path).contains(entry), waitMs);

    // Logout removes it from both places.
    store.setKeychainTimeout(keychainTimeoutMs);
    QSignalSpy cleared(&store, &TokenStore::cleared);
    store.clear();
    QVERIFY(cleared.wait(waitMs));
    const QByteArray found = secretToolSearch(path);
    QVERIFY2(!found.contains("attribute.user"), found.constData());
    QVERIFY(!fileBytes(path).contains("tok-late"));
}

QTEST_GUILESS_MAIN(TestTokenStoreKeychain)
#include "tst_tokenstore_keychain.moc"
