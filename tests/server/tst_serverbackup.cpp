// `deltadesk-server backup` while the server serves a write load, and
// `restore` into a fresh data dir: the restored server has every write the
// backup's cursor covers and none after, a new database id in /health, its
// pages and its stream; restore refuses a running server's dir, a file that
// is not a database and a dir that holds one (without --force), leaving the
// dir as it was. Backup and restore are SQLite only (PostgreSQL is backed up
// with pg_dump); new-database-id runs on both stores.

#include "servertestutil.h"
#include "sseclient.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace ServerTest;

namespace {

struct Written
{
    qint64 seq = 0;
    QString id;
    QString title;
};

// Posts events without waiting for each other (a few in flight), until
// stopAfter() more have been written or the bound is reached.
class LoadWriter : public QObject
{
public:
    LoadWriter(const QUrl &base, const QByteArray &token)
        : m_base(base)
        , m_token(token)
    {}

    void start(int inFlight)
    {
        for (int i = 0; i < inFlight; ++i)
            postNext();
    }
    // Writes started from now on: at most n more.
    void stopAfter(int n) { m_limit = qMin(m_limit, m_started + n); }
    bool idle() const { return m_open == 0; }
    int finishedCount() const { return int(m_written.size()) + m_failures; }
    int failures() const { return m_failures; }
    const QList<Written> &written() const { return m_written; }

private:
    void postNext()
    {
        if (m_started >= m_limit)
            return;
        const QString title = QStringLiteral("load %1").arg(m_started++);
        QNetworkRequest request(m_base.resolved(QUrl(QStringLiteral("/api/events"))));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        request.setRawHeader("Authorization", "Bearer " + m_token);
        QNetworkReply *reply
            = m_nam.post(request, QJsonDocument(eventBody(title)).toJson(QJsonDocument::Compact));
        ++m_open;
        connect(reply, &QNetworkReply::finished, this, [this, reply, title] {
            --m_open;
            reply->deleteLater();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QJsonObject doc = QJsonDocument::fromJson(reply->readAll()).object();
            if (status == 201 && reply->hasRawHeader("X-Sync-Cursor")) {
                m_written.append({reply->rawHeader("X-Sync-Cursor").toLongLong(),
                                  doc.value(QStringLiteral("_id")).toString(),
                                  title});
            } else {
                ++m_failures;
            }
            postNext();
        });
    }

    QUrl m_base;
    QByteArray m_token;
    QNetworkAccessManager m_nam;
    QList<Written> m_written;
    int m_started = 0;
    int m_limit = 5000; // the bound, whatever happens
    int m_open = 0;
    int m_failures = 0;
};

using CommandResult = ServerProcess::CommandResult;

// Every file of dir with its size and content hash: "nothing changed".
QStringList snapshot(const QString &dir)
{
    QStringList entries;
    const QFileInfoList files = QDir(dir).entryInfoList(QDir::Files | QDir::Hidden, QDir::Name);
    for (const QFileInfo &info : files) {
        QFile file(info.filePath());
        QByteArray hash;
        if (file.open(QIODevice::ReadOnly))
            hash = QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex();
        entries << info.fileName() + u' ' + QString::number(info.size()) + u' '
                       + QString::fromLatin1(hash);
    }
    return entries;
}

qint64 printedCursor(const QByteArray &line)
{
    static const QRegularExpression cursor(QStringLiteral("cursor (\\d+)"));
    const QRegularExpressionMatch match = cursor.match(QString::fromUtf8(line));
    return match.hasMatch() ? match.captured(1).toLongLong() : -1;
}

} // namespace

class TestServerBackup : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void backupUnderWritesRestoresEveryWriteUpToItsCursor();
    void restoreRefusesAndLeavesTheDirAsItWas();
    void newDatabaseIdReplacesTheIdOfAStoppedStore();

private:
    QTemporaryDir m_files;
    QString m_backup; // written by the first test, refused into dirs by the second
};

void TestServerBackup::initTestCase()
{
    QVERIFY(m_files.isValid());
}

void TestServerBackup::backupUnderWritesRestoresEveryWriteUpToItsCursor()
{
    if (ServerProcess::usesPostgres())
        QSKIP("backup/restore copy the SQLite store; PostgreSQL is backed up with pg_dump");
    ServerProcess original;
    QVERIFY2(original.start({QStringLiteral("--demo")}), original.standardError().constData());
    TestHttp http(original.url());
    QVERIFY(!http.login(QStringLiteral("manager"), QStringLiteral("manager")).isEmpty());
    const QString originalId
        = http.get(QStringLiteral("/health")).json().value(QStringLiteral("databaseId")).toString();
    QCOMPARE(originalId.size(), 32);

    LoadWriter writer(original.url(), http.token());
    writer.start(4);
    QVERIFY(QTest::qWaitFor([&] { return writer.finishedCount() >= 20; }, 30000));

    m_backup = m_files.filePath(QStringLiteral("deltadesk.backup"));
    QProcess backup;
    const int finishedBefore = writer.finishedCount();
    backup.start(ServerProcess::binaryPath(),
                 {QStringLiteral("backup"),
                  QStringLiteral("--data-dir"),
                  original.dataDir(),
                  QStringLiteral("--to"),
                  m_backup});
    QVERIFY(QTest::qWaitFor([&] { return backup.state() == QProcess::NotRunning; }, 60000));
    const int finishedDuring = writer.finishedCount() - finishedBefore;
    // A few more after the copy, then the writer stops.
    writer.stopAfter(20);
    QVERIFY(QTest::qWaitFor([&] { return writer.idle(); }, 30000));
    QCOMPARE(writer.failures(), 0);
    QCOMPARE(backup.exitStatus(), QProcess::NormalExit);
    const QByteArray said = backup.readAllStandardError();
    QVERIFY2(backup.exitCode() == 0, said.constData());
    QCOMPARE(said.count('\n'), 1);
    const qint64 cursor = printedCursor(said);
    QVERIFY2(cursor > 0, said.constData());
    qInfo("backup: %s(%d writes finished while it ran)", said.constData(), finishedDuring);
    QCOMPARE(QFile(m_backup).permissions()
                 & ~(QFile::ReadOwner | QFile::WriteOwner | QFile::ReadUser | QFile::WriteUser),
             QFile::Permissions());
    QVERIFY(QDir(m_files.path()).entryList({QStringLiteral("*.tmp-*")}, QDir::Files).isEmpty());

    // The writer ran on both sides of the copy's snapshot.
    int covered = 0, after = 0;
    for (const Written &w : writer.written())
        (w.seq <= cursor ? covered : after) += 1;
    QVERIFY2(covered > 0 && after > 0,
             qPrintable(QStringLiteral("%1 covered, %2 after").arg(covered).arg(after)));

    ServerProcess restored;
    const CommandResult restore = ServerProcess::runCommand({QStringLiteral("restore"),
                                                             QStringLiteral("--data-dir"),
                                                             restored.dataDir(),
                                                             QStringLiteral("--from"),
                                                             m_backup});
    QVERIFY(restore.finished);
    QVERIFY2(restore.exitCode == 0, restore.err.constData());
    QCOMPARE(restore.err.count('\n'), 1);
    QCOMPARE(printedCursor(restore.err), cursor);
    QVERIFY2(restored.start(), restored.standardError().constData());

    // Tokens are kept: the same login works on the restored server.
    TestHttp again(restored.url());
    again.setToken(http.token());
    const HttpResult health = again.get(QStringLiteral("/health"));
    QCOMPARE(health.status, 200);
    QCOMPARE(health.json().value(QStringLiteral("cursor")).toString().toLongLong(), cursor);
    const QString restoredId = health.json().value(QStringLiteral("databaseId")).toString();
    QCOMPARE(restoredId.size(), 32);
    QVERIFY2(restoredId != originalId, qPrintable(restoredId));
    TestHttp anonymous(restored.url());
    QCOMPARE(anonymous.get(QStringLiteral("/health")).json().value(QStringLiteral("databaseId")),
             QJsonValue(restoredId));

    // Every write the cursor covers, with its content; none after it.
    QString position;
    QMap<QString, QJsonObject> events;
    QVERIFY(syncAll(again, QStringLiteral("events"), &position, &events, 1000));
    QCOMPARE(position.toLongLong(), cursor);
    for (const Written &w : writer.written()) {
        if (w.seq <= cursor) {
            QVERIFY2(events.contains(w.id), qPrintable(w.id));
            QCOMPARE(events.value(w.id).value(QStringLiteral("title")).toString(), w.title);
        } else {
            QVERIFY2(!events.contains(w.id), qPrintable(w.id));
        }
    }

    // The new id on the pages, beside the cursor, and in the stream.
    const HttpResult page = again.get(QStringLiteral("/api/events?limit=1"));
    QCOMPARE(page.json().value(QStringLiteral("databaseId")).toString(), restoredId);
    QCOMPARE(QString::fromLatin1(page.header("X-Database-Id")), restoredId);
    const HttpResult created = again.postJson(QStringLiteral("/api/events"), eventBody());
    QCOMPARE(created.status, 201);
    QCOMPARE(created.header("X-Sync-Cursor").toLongLong(), cursor + 1);
    QCOMPARE(QString::fromLatin1(created.header("X-Database-Id")), restoredId);
    SseClient stream;
    stream.open(restored.port(), "/api/sync/stream", again.token());
    QTRY_COMPARE(stream.events("connected").size(), 1);
    const QJsonObject connected
        = QJsonDocument::fromJson(stream.events("connected").first().data).object();
    QCOMPARE(connected.value(QStringLiteral("databaseId")).toString(), restoredId);
    QVERIFY(restored.stop());
    QVERIFY(original.stop());
}

void TestServerBackup::restoreRefusesAndLeavesTheDirAsItWas()
{
    if (ServerProcess::usesPostgres())
        QSKIP("backup/restore copy the SQLite store");
    QVERIFY2(QFile::exists(m_backup), "the first test writes the backup");
    const auto restoreInto = [this](const QString &dir, const QString &from, bool force = false) {
        QStringList args{QStringLiteral("restore"),
                         QStringLiteral("--data-dir"),
                         dir,
                         QStringLiteral("--from"),
                         from};
        if (force)
            args << QStringLiteral("--force");
        return ServerProcess::runCommand(args);
    };

    // A running server's dir.
    ServerProcess running;
    QVERIFY2(running.start({QStringLiteral("--demo")}), running.standardError().constData());
    TestHttp http(running.url());
    QVERIFY(!http.login(QStringLiteral("admin"), QStringLiteral("admin")).isEmpty());
    const QString runningId
        = http.get(QStringLiteral("/health")).json().value(QStringLiteral("databaseId")).toString();
    const QStringList before = snapshot(running.dataDir());
    CommandResult r = restoreInto(running.dataDir(), m_backup, true);
    QVERIFY(r.finished);
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.err.count('\n'), 1);
    QVERIFY2(r.err.contains("is running on"), r.err.constData());
    QCOMPARE(snapshot(running.dataDir()), before);
    QCOMPARE(http.get(QStringLiteral("/health")).json().value(QStringLiteral("databaseId")),
             QJsonValue(runningId));
    QVERIFY(running.stop());

    // A file that is not a database, into the stopped server's dir.
    const QStringList stopped = snapshot(running.dataDir());
    QFile junk(m_files.filePath(QStringLiteral("junk.sqlite")));
    QVERIFY(junk.open(QIODevice::WriteOnly));
    junk.write(QByteArray("SQLite format 3").append(QByteArray(4096, 'x')));
    junk.close();
    r = restoreInto(running.dataDir(), junk.fileName(), true);
    QVERIFY(r.finished);
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.err.count('\n'), 1);
    QVERIFY2(r.err.contains("not a DeltaDesk database"), r.err.constData());
    QCOMPARE(snapshot(running.dataDir()), stopped);

    // A dir that holds a database, without --force.
    r = restoreInto(running.dataDir(), m_backup);
    QVERIFY(r.finished);
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.err.count('\n'), 1);
    QVERIFY2(r.err.contains("--force"), r.err.constData());
    QCOMPARE(snapshot(running.dataDir()), stopped);

    // Bad input: no --from.
    r = ServerProcess::runCommand(
        {QStringLiteral("restore"), QStringLiteral("--data-dir"), running.dataDir()});
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(snapshot(running.dataDir()), stopped);
}

void TestServerBackup::newDatabaseIdReplacesTheIdOfAStoppedStore()
{
    ServerProcess server;
    QVERIFY2(server.start({QStringLiteral("--demo")}), server.standardError().constData());
    TestHttp http(server.url());
    const QString before
        = http.get(QStringLiteral("/health")).json().value(QStringLiteral("databaseId")).toString();
    QCOMPARE(before.size(), 32);
    const QStringList command = QStringList{QStringLiteral("new-database-id")} + server.storeArgs();
    if (!ServerProcess::usesPostgres()) {
        // SQLite: not beside the server that serves it.
        const CommandResult refused = ServerProcess::runCommand(command);
        QCOMPARE(refused.exitCode, 1);
        QCOMPARE(refused.err.count('\n'), 1);
        QVERIFY2(refused.err.contains("is running on"), refused.err.constData());
    }
    QVERIFY(server.stop());
    const CommandResult renewed = ServerProcess::runCommand(command);
    QVERIFY2(renewed.exitCode == 0, renewed.err.constData());
    QCOMPARE(renewed.err.count('\n'), 1);
    QVERIFY2(server.start(), server.standardError().constData());
    TestHttp restarted(server.url()); // another port
    const QString after = restarted.get(QStringLiteral("/health"))
                              .json()
                              .value(QStringLiteral("databaseId"))
                              .toString();
    QCOMPARE(after.size(), 32);
    QVERIFY(after != before);
    QVERIFY2(renewed.err.contains(after.toLatin1()), renewed.err.constData());
    QVERIFY(server.stop());
}

QTEST_GUILESS_MAIN(TestServerBackup)
#include "tst_serverbackup.moc"
