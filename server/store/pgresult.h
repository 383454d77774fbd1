#pragma once

// An owned PGresult with typed access to text-format columns.

#include <cstdint>
#include <string>
#include <string_view>

struct pg_result;

class PgResult
{
public:
    PgResult() = default;
    explicit PgResult(pg_result *result);
    ~PgResult();
    PgResult(PgResult &&other) noexcept;
    PgResult &operator=(PgResult &&other) noexcept;
    PgResult(const PgResult &) = delete;
    PgResult &operator=(const PgResult &) = delete;

    // The command or query succeeded.
    bool ok() const;
    // libpq gave no result at all: it could not send the command.
    bool isMissing() const { return m_result == nullptr; }
    int rows() const;
    // Rows an INSERT/UPDATE/DELETE touched.
    int64_t affected() const;
    bool isNull(int row, int column) const;
    int64_t int64(int row, int column) const;
    std::string text(int row, int column) const;
    std::string_view view(int row, int column) const;
    // Five-character SQLSTATE of an error, empty on success.
    std::string sqlState() const;
    std::string errorMessage() const;

private:
    pg_result *m_result = nullptr;
};
