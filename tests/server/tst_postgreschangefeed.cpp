// PostgresChangeFeed on a real PostgreSQL database: what one instance hands
// its hub when another instance commits in between, or when notifications
// never came.

#include "pgtestdatabase.h"
#include "postgreschangefeed.h"
#include "postgreschangelogstore.h"

#include <QTest>

namespace {

WriteCommand insert(const std::string &id)
{
    WriteCommand command;
    command.kind = WriteCommand::Kind::Insert;
    command.collection = "events";
    command.id = id;
    command.fields = QJsonObject{{QStringLiteral("title"), QString::fromStdString(id)}};
    return command;
}

} // namespace

class TestPostgresChangeFeed : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void ownCommitsFollowDirectly();
    void commitsOfAnotherInstanceComeFirst();
    void catchUpReadsWhatNoNotificationAnnounced();

private:
    bool write(PostgresChangeLogStore &store, const std::string &id);

    std::shared_ptr<PgTestDatabase> m_db;
    PostgresChangeFeed m_feed;
    std::unique_ptr<PostgresChangeLogStore> m_local;  // this instance, with the feed
    std::unique_ptr<PostgresChangeLogStore> m_remote; // another instance
    std::vector<int64_t> m_published;
    int64_t m_through = 0;
};

void TestPostgresChangeFeed::initTestCase()
{
    if (PgTestDatabase::adminUrl().isEmpty()) {
        if (qEnvironmentVariableIsSet("CI"))
            QFAIL("DELTADESK_TEST_PG is not set");
        QSKIP("needs PostgreSQL: DELTADESK_TEST_PG (scripts/pg-test-cluster.sh start)");
    }
}

void TestPostgresChangeFeed::init()
{
    m_db = PgTestDatabase::create();
    QVERIFY(m_db);
    PostgresChangeLogStore::Options local;
    local.url = m_db->url().toStdString();
    local.feed = &m_feed;
    m_local = std::make_unique<PostgresChangeLogStore>(local);
    QVERIFY2(m_local->open(true), m_local->lastError().c_str());
    PostgresChangeLogStore::Options remote;
    remote.url = local.url;
    m_remote = std::make_unique<PostgresChangeLogStore>(remote);
    QVERIFY2(m_remote->open(true), m_remote->lastError().c_str());
    m_published.clear();
    m_feed.start(0, [this](std::vector<Change> changes, int64_t through) {
        for (const Change &change : changes)
            m_published.push_back(change.seq);
        m_through = through;
    });
}

void TestPostgresChangeFeed::cleanup()
{
    m_feed.stop();
    m_local.reset();
    m_remote.reset();
    m_db.reset();
}

bool TestPostgresChangeFeed::write(PostgresChangeLogStore &store, const std::string &id)
{
    std::vector<WriteResult> results;
    return store.applyWrites({insert(id)}, 1000, &results) && results.size() == 1
           && results.front().status == WriteResult::Status::Ok;
}

void TestPostgresChangeFeed::ownCommitsFollowDirectly()
{
    QVERIFY(write(*m_local, "e-1"));
    QVERIFY(write(*m_local, "e-2"));
    QCOMPARE(m_published, (std::vector<int64_t>{1, 2}));
    QCOMPARE(m_through, 2);
}

void TestPostgresChangeFeed::commitsOfAnotherInstanceComeFirst()
{
    QVERIFY(write(*m_local, "e-1"));
    // Another instance commits seq 2; its notification has not been heard.
    QVERIFY(write(*m_remote, "e-2"));
    QCOMPARE(m_published, (std::vector<int64_t>{1}));
    // This instance's seq 3 comes after it, read from the log.
    QVERIFY(write(*m_local, "e-3"));
    QCOMPARE(m_published, (std::vector<int64_t>{1, 2, 3}));
    QCOMPARE(m_through, 3);
    // What a late notification then triggers hands on nothing twice.
    QVERIFY(m_feed.catchUp(*m_local));
    QCOMPARE(m_published, (std::vector<int64_t>{1, 2, 3}));
}

void TestPostgresChangeFeed::catchUpReadsWhatNoNotificationAnnounced()
{
    for (const char *id : {"e-1", "e-2", "e-3"})
        QVERIFY(write(*m_remote, id));
    QVERIFY(m_published.empty());
    // One notification for the lot (or a reconnect): everything after the
    // last published seq, in order.
    QVERIFY(m_feed.catchUp(*m_local));
    QCOMPARE(m_published, (std::vector<int64_t>{1, 2, 3}));
    QCOMPARE(m_feed.publishedThrough(), 3);
}

QTEST_GUILESS_MAIN(TestPostgresChangeFeed)
#include "tst_postgreschangefeed.moc"
