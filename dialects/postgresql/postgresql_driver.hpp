// The PostgreSQL driver over libpq: connections, statements prepared once per connection with
// binary parameters and results, pipelined executemany, SQLSTATE mapping, and reflection.
#pragma once

#include <libpq-fe.h>

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <retort/engine/backend.hpp>
#include <retort/errors.hpp>

namespace retort::postgresql {

/// Opens a connection. Host, port, user, password and database come from the URL; every query
/// key is handed to libpq as a connection keyword (sslmode, connect_timeout, application_name,
/// options, host for a socket directory, ...). An unknown key is an ArgumentError; a failure to
/// connect is an OperationalError naming the URL with its password masked.
std::unique_ptr<DriverConnection> connect(const Url& url, const DriverOptions& options);

/// Throws the DatabaseError subclass that `details.sqlstate` stands for (see the table in
/// postgresql_driver.cpp); `connection_lost` makes it a DisconnectionError whatever the code.
[[noreturn]] void throw_error(DatabaseError::Details details, bool connection_lost = false);

/// Reflects the requested tables (all tables of the schema when none are named, the
/// connection's current_schema() when no schema is named) in one pg_catalog query per kind of
/// object; tables that do not exist are left out.
std::vector<ReflectedTable> reflect(DriverConnection& connection, const ReflectionRequest& request);

/// Table names (ordinary and partitioned) of a schema (empty: current_schema()), sorted.
std::vector<std::string> table_names(DriverConnection& connection, const std::string& schema);

/// Maps format_type() output ("character varying(50)", "numeric(10,2)", "timestamp(3) with
/// time zone") onto a generic type; a type without a generic counterpart is NullType.
SqlType type_from_format_type(std::string_view native);

struct ResultDeleter {
    void operator()(PGresult* result) const noexcept { PQclear(result); }
};
/// Every PGresult is owned by one of these, so no path can leak one.
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

struct ConnDeleter {
    void operator()(PGconn* conn) const noexcept { PQfinish(conn); }
};
using ConnPtr = std::unique_ptr<PGconn, ConnDeleter>;

class PgConnection;

/// The rows of one execution, read from a fully received PGresult.
class PgCursor final : public DriverCursor {
  public:
    void attach(ResultPtr result, bool binary);
    void clear() noexcept;

    bool next() override;
    std::size_t column_count() const noexcept override { return oids_.size(); }
    std::string_view column_name(std::size_t index) const override;
    bool is_null(std::size_t index) override;
    std::int64_t get_int64(std::size_t index) override;
    double get_double(std::size_t index) override;
    std::string_view get_text(std::size_t index) override;
    Value get_value(std::size_t index, const SqlType& hint) override;
    std::int64_t rows_affected() const noexcept override { return rows_affected_; }

  private:
    // Inline so the per-value accessors stay a few instructions over libpq's own calls.
    void check_index(std::size_t index) const {
        if (row_ < 0 || row_ >= rows_ || index >= oids_.size()) bad_index(index);
    }
    [[noreturn]] void bad_index(std::size_t index) const;
    std::string_view raw(std::size_t index) const {
        const int col = static_cast<int>(index);
        return {PQgetvalue(result_.get(), row_, col),
                static_cast<std::size_t>(PQgetlength(result_.get(), row_, col))};
    }
    bool null_at(std::size_t index) const {
        return PQgetisnull(result_.get(), row_, static_cast<int>(index)) != 0;
    }
    /// The column's value as the kind its own type suggests.
    Value natural(std::size_t index);
    std::int64_t slow_int64(std::size_t index);
    double slow_double(std::size_t index);
    [[noreturn]] void conversion_error(std::size_t index, std::string_view wanted,
                                       std::string_view reason) const;

    ResultPtr result_;
    bool binary_ = true;
    int row_ = -1;
    int rows_ = 0;
    std::int64_t rows_affected_ = -1;
    std::vector<Oid> oids_;
    std::vector<std::string> scratch_;  // text forms handed out by get_text until next()
};

/// What the server said about a statement it parsed: its name and resolved types.
struct ParsedStatement {
    std::string name;
    std::vector<Oid> parameter_types;
    std::vector<Oid> result_types;
};

/// A statement prepared on the server under a per-connection name.
class PgStatement final : public DriverStatement {
  public:
    PgStatement(PgConnection& connection, std::string sql, std::vector<Oid> declared_types,
                ParsedStatement parsed);
    ~PgStatement() override;

    DriverCursor& execute(const BoundStatement& bound) override;
    void reset() noexcept override { cursor_.clear(); }

    const std::string& name() const noexcept { return name_; }
    const std::string& sql() const noexcept { return sql_; }
    /// Result columns come back binary unless one of their types has no binary decoder here.
    int result_format() const noexcept { return binary_results_ ? 1 : 0; }
    /// Checks what the server cannot be trusted to catch: the parameter count, and NUL
    /// characters, which would silently cut a text-format parameter short.
    void validate(const BoundStatement& bound) const;
    /// Fills the parameter arrays for one execution (kept in this statement, reused); the
    /// arrays point into `bound`'s values, which outlive the execution.
    void encode(const BoundStatement& bound);
    const char* const* values() const noexcept { return values_.data(); }
    const int* lengths() const noexcept { return lengths_.data(); }
    const int* formats() const noexcept { return formats_.data(); }
    int parameter_count() const noexcept { return static_cast<int>(parameter_types_.size()); }

  private:
    void adopt(ParsedStatement parsed);
    PGresult* run_prepared();

    PgConnection& connection_;
    std::string name_;
    std::string sql_;
    std::vector<Oid> declared_types_;   // as sent with the Parse (0: the server infers)
    std::vector<Oid> parameter_types_;  // as the server resolved them
    bool binary_results_ = true;
    std::vector<const char*> values_;
    std::vector<int> lengths_;
    std::vector<int> formats_;
    std::vector<std::array<char, 16>> binary_;  // binary parameter bytes
    std::vector<std::string> text_;             // text forms of parameters
    PgCursor cursor_;
};

class PgConnection final : public DriverConnection {
  public:
    PgConnection(ConnPtr conn, const DriverOptions& options);
    ~PgConnection() override;

    const Dialect& dialect() const noexcept override;
    std::unique_ptr<DriverStatement> prepare(std::string_view sql,
                                             const CompiledForm* form) override;
    void execute_script(std::string_view sql) override;
    std::int64_t execute_many(DriverStatement& statement,
                              std::span<const BoundStatement> batch) override;
    bool has_bulk_insert() const noexcept override { return true; }
    std::optional<std::int64_t> bulk_insert(std::string_view target,
                                            std::span<const BoundStatement> rows,
                                            std::span<const std::uint32_t> order) override;
    void begin(IsolationLevel level) override;
    void commit() override;
    void rollback() override;
    void set_isolation_level(IsolationLevel level) override { isolation_level_ = level; }
    bool ping() noexcept override;
    bool in_transaction() const noexcept override {
        return !conn_ || PQtransactionStatus(conn_.get()) != PQTRANS_IDLE;
    }
    std::string server_version() const override { return server_version_; }

    PGconn* handle() const noexcept { return conn_.get(); }
    const DriverOptions& options() const noexcept { return options_; }
    /// Throws the error `result` (or the connection, when null) reports for `sql`.
    [[noreturn]] void fail(const PGresult* result, std::string_view sql,
                           const BoundStatement* bound) const;
    /// A statement's server-side name is freed with the next prepare.
    void forget_statement(std::string name) noexcept;
    /// Parses `sql` under a new name and describes it (one round trip).
    ParsedStatement parse(const std::string& sql, const std::vector<Oid>& declared_types);

  private:
    /// Runs SQL without parameters, checking every result; returns the last command status.
    std::string run(std::string_view sql);
    void deallocate_forgotten();

    ConnPtr conn_;
    DriverOptions options_;
    IsolationLevel isolation_level_;
    std::string server_version_;
    std::uint64_t statement_counter_ = 0;
    std::vector<std::string> forgotten_;
};

}  // namespace retort::postgresql
