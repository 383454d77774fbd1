#include "pgresult.h"

#include <libpq-fe.h>

#include <cstdlib>
#include <utility>

PgResult::PgResult(pg_result *result)
    : m_result(result)
{}

PgResult::~PgResult()
{
    PQclear(m_result);
}

PgResult::PgResult(PgResult &&other) noexcept
    : m_result(std::exchange(other.m_result, nullptr))
{}

PgResult &PgResult::operator=(PgResult &&other) noexcept
{
    if (this != &other) {
        PQclear(m_result);
        m_result = std::exchange(other.m_result, nullptr);
    }
    return *this;
}

bool PgResult::ok() const
{
    if (!m_result)
        return false;
    const ExecStatusType status = PQresultStatus(m_result);
    return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

int PgResult::rows() const
{
    return m_result ? PQntuples(m_result) : 0;
}

int64_t PgResult::affected() const
{
    const char *count = m_result ? PQcmdTuples(m_result) : "";
    return *count ? std::strtoll(count, nullptr, 10) : 0;
}

bool PgResult::isNull(int row, int column) const
{
    return PQgetisnull(m_result, row, column) != 0;
}

int64_t PgResult::int64(int row, int column) const
{
    return std::strtoll(PQgetvalue(m_result, row, column), nullptr, 10);
}

std::string PgResult::text(int row, int column) const
{
    return std::string(view(row, column));
}

std::string_view PgResult::view(int row, int column) const
{
    return std::string_view(PQgetvalue(m_result, row, column),
                            size_t(PQgetlength(m_result, row, column)));
}

std::string PgResult::sqlState() const
{
    const char *state = m_result ? PQresultErrorField(m_result, PG_DIAG_SQLSTATE) : nullptr;
    return state ? state : "";
}

std::string PgResult::errorMessage() const
{
    return m_result ? PQresultErrorMessage(m_result) : "no result";
}
