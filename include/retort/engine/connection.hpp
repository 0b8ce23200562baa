// Connection: one checked-out database connection — executes statements (compiled once per shape
// through the engine's cache, prepared once per connection), runs transactions, reflects tables.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <retort/engine/driver.hpp>
#include <retort/engine/reflection.hpp>
#include <retort/engine/result.hpp>
#include <retort/engine/transaction.hpp>
#include <retort/sql/statement.hpp>

namespace retort {

class Engine;
class EngineImpl;

/// A connection from an Engine's pool; returns to the pool when destroyed. Use it from one
/// thread at a time.
///
///     auto conn = engine.connect();
///     auto tx = conn.begin();
///     conn.execute(insert(users), {{{"name", "ed"}}, {{"name", "wendy"}}});
///     tx.commit();
class Connection {
public:
    Connection() = default;
    explicit Connection(std::shared_ptr<ConnectionState> state);

    /// Executes a statement; values in the statement and `parameters` (for bindparam(), text()
    /// and DML without values) are bound, never inlined.
    Result execute(const Statement& statement, Parameters parameters = {});
    /// executemany: one statement, many parameter sets (INSERTs are batched into multi-row
    /// VALUES where the database supports it). With RETURNING, rows come back in parameter order.
    Result execute(const Statement& statement, const std::vector<Parameters>& parameter_sets);
    /// Runs SQL without parameters or rows, as is (DDL scripts).
    void execute_script(std::string_view sql);

    /// Begins a transaction; InvalidRequestError when one is already open.
    Transaction begin();
    /// Begins a savepoint inside the open transaction.
    Transaction begin_nested();
    bool in_transaction() const noexcept;
    bool in_nested_transaction() const noexcept;

    /// The isolation level of the next transactions on this connection (restored to the
    /// engine's when the connection returns to the pool).
    void set_isolation_level(IsolationLevel level);

    /// CREATE everything of `metadata` in dependency order (enum types, sequences, tables,
    /// indexes), skipping what exists when `checkfirst`; in one transaction.
    void create_all(const MetaData& metadata, bool checkfirst = true);
    /// DROP every table of `metadata` in reverse dependency order (then its types, sequences).
    void drop_all(const MetaData& metadata, bool checkfirst = true);

    /// Table names of a schema (empty: the default schema).
    std::vector<std::string> table_names(const std::string& schema = {});
    /// Reflects tables in a few queries for all of them.
    std::vector<ReflectedTable> reflect(const ReflectionRequest& request = {});
    /// Reflects one table into `metadata` and returns it.
    Table reflect_table(MetaData& metadata, const std::string& name, const std::string& schema = {});

    /// Returns the connection to the pool (further use is an InvalidRequestError).
    void close();
    bool closed() const noexcept;
    /// Closes the underlying connection instead of returning it to the pool.
    void invalidate();

    const Dialect& dialect() const;
    /// The native connection, for what retort does not wrap.
    DriverConnection& driver();

private:
    std::shared_ptr<ConnectionState> state_;
};

}  // namespace retort
