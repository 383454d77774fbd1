#include "pgtestdatabase.h"

#include <QRandomGenerator>
#include <QUrl>

#include <libpq-fe.h>

namespace {

std::optional<QStringList> run(const QString &url, const QString &sql)
{
    PGconn *conn = PQconnectdb(url.toUtf8().constData());
    std::optional<QStringList> rows;
    if (PQstatus(conn) != CONNECTION_OK) {
        qWarning("cannot connect to %s: %s", qPrintable(url), PQerrorMessage(conn));
    } else if (PGresult *result = PQexec(conn, sql.toUtf8().constData())) {
        const ExecStatusType status = PQresultStatus(result);
        if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) {
            rows.emplace();
            for (int r = 0; r < PQntuples(result); ++r) {
                QStringList columns;
                for (int c = 0; c < PQnfields(result); ++c)
                    columns << QString::fromUtf8(PQgetvalue(result, r, c));
                rows->append(columns.join(u'|'));
            }
        } else {
            qWarning("%s: %s", qPrintable(sql), PQresultErrorMessage(result));
        }
        PQclear(result);
    }
    PQfinish(conn);
    return rows;
}

} // namespace

QString PgTestDatabase::adminUrl()
{
    return qEnvironmentVariable("DELTADESK_TEST_PG");
}

PgTestDatabase::PgTestDatabase(QString name, QString url)
    : m_name(std::move(name))
    , m_url(std::move(url))
{}

std::shared_ptr<PgTestDatabase> PgTestDatabase::create()
{
    if (adminUrl().isEmpty()) {
        qWarning("DELTADESK_TEST_PG is not set: start scripts/pg-test-cluster.sh");
        return nullptr;
    }
    const QString name = QStringLiteral("dd_%1").arg(QRandomGenerator::global()->generate64(),
                                                     16,
                                                     16,
                                                     QLatin1Char('0'));
    if (!adminQuery(QStringLiteral("CREATE DATABASE %1").arg(name)))
        return nullptr;
    QUrl url(adminUrl());
    url.setPath(QLatin1Char('/') + name);
    return std::shared_ptr<PgTestDatabase>(new PgTestDatabase(name, url.toString()));
}

PgTestDatabase::~PgTestDatabase()
{
    adminQuery(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_name));
}

std::optional<QStringList> PgTestDatabase::query(const QString &sql) const
{
    return run(m_url, sql);
}

std::optional<QStringList> PgTestDatabase::adminQuery(const QString &sql)
{
    return run(adminUrl(), sql);
}
