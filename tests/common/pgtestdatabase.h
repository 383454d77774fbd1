#pragma once

// A database of its own on the private test cluster (scripts/
// pg-test-cluster.sh, found through DELTADESK_TEST_PG, an admin URL), so
// suites run in parallel without seeing each other's rows. Dropped (with
// its connections) when the last owner lets go of it.

#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

class PgTestDatabase
{
public:
    // DELTADESK_TEST_PG, empty when no test cluster is configured.
    static QString adminUrl();
    // nullptr and a warning when it cannot be created.
    static std::shared_ptr<PgTestDatabase> create();
    ~PgTestDatabase();

    QString name() const { return m_name; }
    // postgresql://USER@HOST:PORT/NAME, for --database.
    QString url() const { return m_url; }

    // Runs sql on this database; the rows' columns joined by '|', or nullopt
    // (and a warning) on an error. For tests that look behind the server.
    std::optional<QStringList> query(const QString &sql) const;
    // The same on the cluster's admin database.
    static std::optional<QStringList> adminQuery(const QString &sql);

private:
    PgTestDatabase(QString name, QString url);

    QString m_name;
    QString m_url;
};
