// The SQLite driver: a DriverConnection over sqlite3, with statements prepared once and bound
// without copying, cursors stepping rows in place, and SQLite result codes mapped to our errors.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <string>
#include <vector>

#include <retort/engine/backend.hpp>

namespace retort::sqlite {

/// Throws the DatabaseError subclass for a SQLite result code (extended codes included).
[[noreturn]] void raise_error(sqlite3* db, int code, std::string_view sql,
                              const BoundStatement* bound, bool hide_parameters);

class SqliteConnection;

class SqliteStatement final : public DriverStatement, public DriverCursor {
  public:
    SqliteStatement(SqliteConnection& connection, sqlite3_stmt* statement, std::string sql);
    ~SqliteStatement() override;

    DriverCursor& execute(const BoundStatement& bound) override;
    void reset() noexcept override;

    bool next() override;
    std::size_t column_count() const noexcept override;
    std::string_view column_name(std::size_t index) const override;
    bool is_null(std::size_t index) override;
    std::int64_t get_int64(std::size_t index) override;
    double get_double(std::size_t index) override;
    std::string_view get_text(std::size_t index) override;
    Value get_value(std::size_t index, const SqlType& hint) override;
    std::int64_t rows_affected() const noexcept override { return rows_affected_; }
    std::optional<std::int64_t> last_insert_id() const noexcept override { return last_insert_id_; }

  private:
    void bind(const BoundStatement& bound);
    [[noreturn]] void fail(int code);
    [[noreturn]] void conversion_error(std::size_t index, std::string_view wanted);
    /// The column's storage class in the current row, read once per row for all columns:
    /// is_null() and the getters both need it, and sqlite3_column_type is not free.
    int column_type(std::size_t index) {
        if (!types_ready_) load_types();
        return types_[index];
    }
    void load_types();

    SqliteConnection& connection_;
    sqlite3_stmt* statement_;
    std::string sql_;
    const BoundStatement* bound_ = nullptr;
    bool pending_row_ = false;  // execute() stepped onto the first row already
    bool done_ = true;
    std::int64_t rows_affected_ = -1;
    std::optional<std::int64_t> last_insert_id_;
    std::vector<unsigned char> types_;
    bool types_ready_ = false;
    std::vector<std::string> scratch_;  // text forms of dates, UUIDs, decimals while bound
};

class SqliteConnection final : public DriverConnection {
  public:
    SqliteConnection(const Url& url, const DriverOptions& options);
    ~SqliteConnection() override;

    const Dialect& dialect() const noexcept override;
    std::unique_ptr<DriverStatement> prepare(std::string_view sql,
                                             const CompiledForm* form) override;
    void execute_script(std::string_view sql) override;
    void begin(IsolationLevel level) override;
    void commit() override;
    void rollback() override;
    void set_isolation_level(IsolationLevel level) override;
    bool ping() noexcept override;
    bool in_transaction() const noexcept override;
    std::string server_version() const override;

    sqlite3* handle() const noexcept { return db_; }
    const DriverOptions& options() const noexcept { return options_; }

  private:
    sqlite3* db_ = nullptr;
    DriverOptions options_;
};

}  // namespace retort::sqlite
