// The threads of the cache, checked against the real server: every
// CacheStore write of the desktop app runs on the sync thread, every read
// of its models on the reader thread, and a write that does run on the GUI
// thread is caught (every build warns, which fails a test; a debug build
// asserts, checked in a child process that must die of it).

#include "cachereader.h"
#include "cachestore.h"
#include "collectionmodel.h"
#include "namelookup.h"
#include "serverprocess.h"
#include "synccontroller.h"
#include "testhttp.h"

#include <QMutex>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

namespace {
// Set in the child that writes on its GUI thread (debug builds).
constexpr char childVariable[] = "DELTADESK_TEST_GUI_WRITE_CACHE";
} // namespace

class TestCacheThreads : public QObject
{
    Q_OBJECT
private slots:
    void guiThreadWriteIsCaught();
    void writesOnSyncThreadReadsOnReaderThread();
};

void TestCacheThreads::guiThreadWriteIsCaught()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("cache.sqlite"));
#ifndef QT_NO_DEBUG
    // A debug build asserts: the write runs in a child (this same test in
    // this same binary), which must die of it.
    if (qEnvironmentVariableIsSet(childVariable)) {
        CacheStore store;
        store.open(qEnvironmentVariable(childVariable)); // creates the schema: a write
        return;                                          // not reached when the assertion holds
    }
    QProcess child;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QString::fromLatin1(childVariable), file);
    env.insert(QStringLiteral("QTEST_DISABLE_STACK_DUMP"), QStringLiteral("1"));
    env.insert(QStringLiteral("QTEST_DISABLE_CORE_DUMP"), QStringLiteral("1"));
    child.setProcessEnvironment(env);
    child.setProcessChannelMode(QProcess::MergedChannels); // QtTest logs the assertion on stdout
    QSignalSpy finished(&child, &QProcess::finished);
    child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("guiThreadWriteIsCaught")});
    QVERIFY(finished.wait(60000));
    const QByteArray errors = child.readAll();
    QCOMPARE(child.exitStatus(), QProcess::CrashExit);
    QVERIFY2(errors.contains("a CacheStore write runs on the GUI thread"), errors.constData());
#else
    CacheStore store;
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("CacheStore write on the GUI thread")));
    QVERIFY(store.open(file)); // creates the schema
#endif
}

void TestCacheThreads::writesOnSyncThreadReadsOnReaderThread()
{
    QTest::failOnWarning(QRegularExpression(QStringLiteral("CacheStore write on the GUI thread")));
    ServerProcess server;
    QVERIFY2(server.start({QStringLiteral("--demo")}), server.standardError().constData());
    TestHttp http(server.url());
    const QByteArray token = http.login(QStringLiteral("manager"), QStringLiteral("manager"));
    QVERIFY(!token.isEmpty());

    QTemporaryDir state;
    SyncController sync;
    CacheReader reader;
    reader.watch(sync.cache());
    QMutex mutex;
    QSet<QThread *> writers;
    // Direct: runs where the store commits and announces.
    connect(
        sync.cache(),
        &CacheStore::documentsChanged,
        this,
        [&mutex, &writers] {
            const QMutexLocker lock(&mutex);
            writers.insert(QThread::currentThread());
        },
        Qt::DirectConnection);
    QSignalSpy opened(&sync, &SyncController::opened);
    sync.open(state.path());
    QVERIFY(opened.wait(10000));
    QVERIFY(opened.first().at(0).toBool());
    reader.open(sync.cachePath());
    NameLookup lookup(&reader);
    CollectionModel model(&reader, &lookup, QStringLiteral("events"));

    sync.setBaseUrl(server.url());
    sync.setToken(token);
    sync.start();
    QTRY_VERIFY_WITH_TIMEOUT(sync.state() == SyncEngine::State::Live, 30000);
    QTRY_VERIFY_WITH_TIMEOUT(model.rowCount() > 0 && model.isSettled(), 30000);

    QThread *readerThread = nullptr;
    reader.read(
        this,
        [](const QString &) { return QThread::currentThread(); },
        [&readerThread](QThread *t) { readerThread = t; });
    QTRY_VERIFY(readerThread);
    QVERIFY(readerThread != thread());

    const QMutexLocker lock(&mutex);
    QVERIFY(!writers.isEmpty());
    QVERIFY(!writers.contains(thread())); // never the GUI thread
    QCOMPARE(writers.size(), 1);          // one sync thread
    QVERIFY(!writers.contains(readerThread));
}

QTEST_MAIN(TestCacheThreads)
#include "tst_cachethreads.moc"
