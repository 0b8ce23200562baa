// The Driver interface between the engine and a database's C API: connections, prepared
// statements, forward-only cursors, transaction control and liveness checks.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <retort/compiler/compiled_statement.hpp>

namespace retort {

/// Transaction isolation levels.
enum class IsolationLevel : std::uint8_t {
    Default,  ///< the database's own default
    ReadUncommitted,
    ReadCommitted,
    RepeatableRead,
    Serializable,
};
/// "READ COMMITTED" and so on ("" for Default).
std::string_view isolation_level_sql(IsolationLevel level) noexcept;

/// Options the engine passes to every driver connection.
struct DriverOptions {
    /// Errors carry "[parameters hidden]" instead of the values.
    bool hide_parameters = false;
    /// Isolation level for transactions begun on this connection.
    IsolationLevel isolation_level = IsolationLevel::Default;
};

/// A forward-only cursor over the rows of one execution, owned by its statement. Accessors
/// take 0-based column indexes; values read as text stay valid until next().
class DriverCursor {
  public:
    virtual ~DriverCursor() = default;
    /// Moves to the next row; false when there are no more.
    virtual bool next() = 0;
    virtual std::size_t column_count() const noexcept = 0;
    virtual std::string_view column_name(std::size_t index) const = 0;
    virtual bool is_null(std::size_t index) = 0;
    /// Integers and booleans (1/0); DataError for a value that is not an integer.
    virtual std::int64_t get_int64(std::size_t index) = 0;
    virtual double get_double(std::size_t index) = 0;
    /// Text (and numbers and dates in their text form); valid until next().
    virtual std::string_view get_text(std::size_t index) = 0;
    /// The column's value converted to the kind `hint` asks for (or the natural kind when the
    /// hint is NullType). DataError when impossible.
    virtual Value get_value(std::size_t index, const SqlType& hint) = 0;
    /// Rows changed by INSERT / UPDATE / DELETE, or -1 when not known.
    virtual std::int64_t rows_affected() const noexcept = 0;
    /// The id generated for the last inserted row (SQLite rowid, MySQL AUTO_INCREMENT).
    virtual std::optional<std::int64_t> last_insert_id() const noexcept { return std::nullopt; }
};

/// A statement prepared once on a connection and executed many times.
class DriverStatement {
  public:
    virtual ~DriverStatement() = default;
    /// Binds the parameters and runs the statement. The cursor belongs to this statement and
    /// stays valid until reset() or the next execute(). The bound values must stay alive until
    /// then too (drivers may bind them without copying; the engine guarantees it). Database
    /// failures throw the matching DatabaseError subclass carrying the SQL and (unless hidden)
    /// the parameters.
    virtual DriverCursor& execute(const BoundStatement& bound) = 0;
    /// Ends the current execution, discarding unread rows. Never throws.
    virtual void reset() noexcept = 0;
};

/// One native connection.
class DriverConnection {
  public:
    virtual ~DriverConnection() = default;

    /// The dialect to compile for (it may depend on the server's version).
    virtual const Dialect& dialect() const noexcept = 0;
    /// Prepares `sql`; `form`, when given, describes the parameters (their types) and results.
    virtual std::unique_ptr<DriverStatement> prepare(std::string_view sql,
                                                     const CompiledForm* form) = 0;
    /// Runs SQL that takes no parameters and returns no rows (DDL scripts, SET, transaction
    /// control). May contain several statements separated by semicolons.
    virtual void execute_script(std::string_view sql) = 0;
    /// Runs a prepared statement once per parameter set; drivers with pipelining override.
    /// Returns the rows affected in total (-1 when unknown).
    virtual std::int64_t execute_many(DriverStatement& statement,
                                      std::span<const BoundStatement> batch);
    /// Whether bulk_insert() exists at all (the engine then binds rows for it).
    virtual bool has_bulk_insert() const noexcept { return false; }
    /// Loads rows through the database's bulk path (PostgreSQL's COPY) instead of INSERT.
    /// `target` is `table (column, ...)`; row r's values are `rows[r].parameters[order[k]]` for
    /// column k. Returns the rows loaded, or nullopt when the driver has no bulk path or these
    /// values cannot take it (the engine then batches INSERTs).
    ///
    ///     if (auto n = driver.bulk_insert("users (id, name)", rows, {0, 1})) ...
    virtual std::optional<std::int64_t> bulk_insert(std::string_view target,
                                                    std::span<const BoundStatement> rows,
                                                    std::span<const std::uint32_t> order) {
        (void)target, (void)rows, (void)order;
        return std::nullopt;
    }

    virtual void begin(IsolationLevel level) = 0;
    virtual void commit() = 0;
    virtual void rollback() = 0;
    virtual void savepoint(std::string_view name);
    virtual void release_savepoint(std::string_view name);
    virtual void rollback_to_savepoint(std::string_view name);
    /// Sets the isolation level of later transactions on this connection.
    virtual void set_isolation_level(IsolationLevel level) = 0;

    /// A cheap round trip for pre-ping; false when the connection is unusable.
    virtual bool ping() noexcept = 0;
    /// Whether a transaction may be open, as the client library knows without a round trip
    /// (the pool rolls back on return when it is). Drivers that cannot tell answer true.
    virtual bool in_transaction() const noexcept { return true; }
    /// The server's version string ("15.4", "10.11.6-MariaDB").
    virtual std::string server_version() const { return {}; }
};

}  // namespace retort
