// What the real deltadesk-server leaves on disk and in its errors: the data
// dir 0700 and every file in it 0600 whatever the umask (the SQLite -wal and
// -shm files too, and files an older version created wider), and a 500
// that carries a reference, never SQLite's text or a file path.

#include "servertestutil.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>
#include <sys/stat.h>

using namespace ServerTest;

namespace {

int modeOf(const QString &path)
{
    struct stat info = {};
    return ::stat(QFile::encodeName(path).constData(), &info) == 0 ? int(info.st_mode & 07777) : -1;
}

// Every file in dir and the dir itself, with its mode, for failure messages.
QString modes(const QString &dir)
{
    QString out = QStringLiteral("%1 %2").arg(dir).arg(modeOf(dir), 0, 8);
    for (const QString &name : QDir(dir).entryList(QDir::Files))
        out += QStringLiteral(", %1 %2").arg(name).arg(modeOf(dir + u'/' + name), 0, 8);
    return out;
}

bool isPrivate(const QString &dir)
{
    if (modeOf(dir) != 0700)
        return false;
    const QStringList files = QDir(dir).entryList(QDir::Files);
    return !files.isEmpty() && std::all_of(files.begin(), files.end(), [&](const QString &name) {
        return modeOf(dir + u'/' + name) == 0600;
    });
}

} // namespace

class TestServerFiles : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void dataDirIsPrivateWhateverTheUmask();
    void userCommandWritesPrivateFiles();
    void internalErrorsTellNoDetails();

private:
    mode_t m_umask = 0;
};

void TestServerFiles::initTestCase()
{
    // The usual umask of a login shell: files 0644, dirs 0755.
    m_umask = ::umask(022);
}

void TestServerFiles::cleanupTestCase()
{
    ::umask(m_umask);
}

void TestServerFiles::dataDirIsPrivateWhateverTheUmask()
{
    QTemporaryDir parent;
    const QString dataDir = parent.filePath(QStringLiteral("state/deltadesk"));
    ServerProcess server;
    // A later --data-dir wins over the one ServerProcess passes.
    QVERIFY2(server.start({QStringLiteral("--demo"), QStringLiteral("--data-dir"), dataDir}),
             server.standardError().constData());
    TestHttp http(server.url());
    QVERIFY(!http.login(QStringLiteral("manager"), QStringLiteral("manager")).isEmpty());
    QCOMPARE(http.postJson(QStringLiteral("/api/events"), eventBody()).status, 201);
    // While it runs, the write-ahead log and shared memory exist too.
    QVERIFY2(QFileInfo::exists(dataDir + QStringLiteral("/deltadesk.sqlite-wal")),
             qPrintable(modes(dataDir)));
    QVERIFY2(QFileInfo::exists(dataDir + QStringLiteral("/deltadesk.sqlite-shm")),
             qPrintable(modes(dataDir)));
    QVERIFY2(isPrivate(dataDir), qPrintable(modes(dataDir)));
    QVERIFY(server.stop());

    // Opened wide by an older version (or an operator): tightened at start.
    ::chmod(QFile::encodeName(dataDir).constData(), 0755);
    ::chmod(QFile::encodeName(dataDir + QStringLiteral("/deltadesk.sqlite")).constData(), 0644);
    QVERIFY(server.start({QStringLiteral("--data-dir"), dataDir}));
    QVERIFY2(isPrivate(dataDir), qPrintable(modes(dataDir)));
    QVERIFY(server.stop());
}

void TestServerFiles::userCommandWritesPrivateFiles()
{
    QTemporaryDir parent;
    const QString dataDir = parent.filePath(QStringLiteral("fresh"));
    QProcess add;
    add.start(ServerProcess::binaryPath(),
              {QStringLiteral("user"),
               QStringLiteral("add"),
               QStringLiteral("erin"),
               QStringLiteral("--role"),
               QStringLiteral("staff"),
               QStringLiteral("--data-dir"),
               dataDir});
    add.write("pass word\n");
    add.closeWriteChannel();
    QTRY_COMPARE_WITH_TIMEOUT(add.state(), QProcess::NotRunning, 30000);
    QCOMPARE(add.exitCode(), 0);
    QVERIFY2(isPrivate(dataDir), qPrintable(modes(dataDir)));
}

void TestServerFiles::internalErrorsTellNoDetails()
{
    ServerProcess server;
    QVERIFY2(server.start({QStringLiteral("--demo")}), server.standardError().constData());
    TestHttp http(server.url());
    QVERIFY(!http.login(QStringLiteral("manager"), QStringLiteral("manager")).isEmpty());
    QCOMPARE(http.get(QStringLiteral("/api/events?limit=1")).status, 200);

    // Another process breaks the database under the running server.
    sqlite3 *db = nullptr;
    const QByteArray file = QFile::encodeName(server.dataDir()
                                              + QStringLiteral("/deltadesk.sqlite"));
    QCOMPARE(sqlite3_open(file.constData(), &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    QCOMPARE(sqlite3_exec(db, "ALTER TABLE documents RENAME TO gone", nullptr, nullptr, nullptr),
             SQLITE_OK);
    sqlite3_close(db);

    // (Without references: their check would fail first, as a 422.)
    QJsonObject event = eventBody();
    event.remove(QStringLiteral("clientId"));
    event.remove(QStringLiteral("tariffId"));
    for (const auto &[method, path] :
         {std::pair{QByteArray("GET"), QStringLiteral("/api/events?limit=1")},
          std::pair{QByteArray("POST"), QStringLiteral("/api/events")}}) {
        const HttpResult r = http.request(method,
                                          path,
                                          method == "POST" ? QJsonDocument(event).toJson()
                                                           : QByteArray());
        QCOMPARE(r.status, 500);
        QCOMPARE(r.json().value(QStringLiteral("error")).toString(),
                 QStringLiteral("internal_error"));
        const QString message = r.json().value(QStringLiteral("message")).toString();
        QVERIFY2(!r.body.contains("gone") && !r.body.contains("documents")
                     && !r.body.toLower().contains("sqlite") && !r.body.contains("no such")
                     && !r.body.contains(QFile::encodeName(server.dataDir())),
                 r.body.constData());
        // The reference leads to the log line with the detail.
        const qsizetype open = message.indexOf(QLatin1String("reference "));
        QVERIFY2(open >= 0, qPrintable(message));
        const QString reference = message.mid(open + 10, 8);
        QTRY_VERIFY(server.standardError().contains(reference.toLatin1()));
        const QByteArray log = server.standardError();
        const QByteArray line = log.mid(log.indexOf(reference.toLatin1()), 200);
        QVERIFY2(line.contains("no such table"), line.constData());
    }
}

QTEST_GUILESS_MAIN(TestServerFiles)
#include "tst_serverfiles.moc"
