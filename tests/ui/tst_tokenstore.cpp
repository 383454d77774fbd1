// TokenStore's file fallback: the token lands in settings.ini (readable by
// the owner only, never the password), survives a new instance, and clear()
// removes it. An unanswered keychain falls back without blocking.

#include "tokenstore.h"

#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TestTokenStore : public QObject
{
    Q_OBJECT
private slots:
    void fileStoreRoundTrip();
    void keychainFailureFallsBackToFile();
};

void TestTokenStore::fileStoreRoundTrip()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("settings.ini"));
    {
        QSettings settings(path, QSettings::IniFormat);
        TokenStore store(&settings);
        store.setForceFile(true);
        QSignalSpy saved(&store, &TokenStore::saved);
        QVERIFY(saved.isValid());
        store.save("tok-123");
        QVERIFY(saved.wait(5000));
        QCOMPARE(store.backend(), TokenStore::Backend::File);
        QVERIFY(store.backendDescription().contains(path));
    }
    QCOMPARE(QFile::permissions(path)
                 & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
             QFile::Permissions());
    QSettings settings(path, QSettings::IniFormat);
    TokenStore store(&settings);
    store.setForceFile(true);
    QSignalSpy loaded(&store, &TokenStore::loaded);
    store.load();
    QVERIFY(loaded.wait(5000));
    QCOMPARE(loaded.at(0).at(0).toByteArray(), QByteArray("tok-123"));
    QSignalSpy cleared(&store, &TokenStore::cleared);
    store.clear();
    QVERIFY(cleared.wait(5000));
    store.load();
    QVERIFY(loaded.wait(5000));
    QVERIFY(loaded.at(1).at(0).toByteArray().isEmpty());
}

void TestTokenStore::keychainFailureFallsBackToFile()
{
    // No secret service in the test environment: the keychain errors out or
    // does not answer; either way the token goes to the file.
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    TokenStore store(&settings);
    store.setKeychainTimeout(1500);
    QSignalSpy saved(&store, &TokenStore::saved);
    store.save("tok-456");
    QVERIFY(saved.wait(10000));
    if (store.backend() == TokenStore::Backend::Keychain)
        QSKIP("a keychain answered here; the fallback is not exercised");
    QCOMPARE(store.backend(), TokenStore::Backend::File);
    QCOMPARE(settings.value(QStringLiteral("auth/token")).toString(), QStringLiteral("tok-456"));
}

QTEST_GUILESS_MAIN(TestTokenStore)
#include "tst_tokenstore.moc"
