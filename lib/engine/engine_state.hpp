// The shared state behind Engine, Connection and Result handles: the engine's pool and caches,
// a connection's transaction stack and hot-path scratch, and a result's cursor and values.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <retort/engine/engine.hpp>

#include "connection_record.hpp"

namespace retort {

class EngineImpl {
  public:
    EngineImpl(Url url, EngineOptions options);

    const Dialect& dialect() const noexcept { return *dialect_.load(std::memory_order_acquire); }
    /// Opens a driver connection (the pool's factory); the first one fixes the dialect from the
    /// server's version.
    std::unique_ptr<DriverConnection> open_connection();
    void log(std::string_view line) const;
    bool echo() const noexcept { return options.echo; }

    Url url;
    EngineOptions options;
    const DatabaseBackend* backend;
    DriverOptions driver_options;
    std::unique_ptr<Pool> pool;
    CompiledCache cache;
    EngineEvents events;

  private:
    std::shared_ptr<const Dialect> initial_dialect_;
    std::atomic<const Dialect*> dialect_{nullptr};
    std::once_flag dialect_from_server_;
};

class ResultState;

/// A statement recently executed on this connection: executing the very same statement object
/// again skips the gather walk and the compiled-cache lookup.
struct RecentStatement {
    NodePtr node;
    std::shared_ptr<const CompiledForm> form;
    std::vector<const BindParameterNode*> binds;
    bool ready = false;                  // binds recorded (the statement was seen twice)
    std::uint64_t hooks_generation = 0;  // compile hooks changed since: the form may be stale
};

class ConnectionState : public std::enable_shared_from_this<ConnectionState> {
  public:
    ConnectionState(std::shared_ptr<EngineImpl> engine_impl, PooledConnection connection)
        : engine(std::move(engine_impl)), pooled(std::move(connection)) {}
    ~ConnectionState();

    /// Throws when the connection is closed or a failed transaction awaits rollback.
    void check_usable() const;
    DriverConnection& driver() const { return pooled.driver(); }
    ConnectionRecord& record() const { return pooled.record(); }
    /// Records a failure: inside a transaction, statements are refused until rollback; a
    /// disconnect invalidates the connection (and every older one).
    void on_error(const std::exception& error, std::string_view sql);

    std::shared_ptr<EngineImpl> engine;
    PooledConnection pooled;
    bool closed = false;
    std::size_t depth = 0;                // 0: no transaction, 1: transaction, 2+: savepoints
    std::vector<std::string> savepoints;  // names, outermost first
    std::size_t failed_depth = 0;         // the depth an error happened at (0: none)
    std::string failure;                  // that error's message
    std::uint64_t savepoint_counter = 0;
    bool invalidated = false;

    /// Results still reading rows; closing the connection ends them first.
    std::vector<ResultState*> open_results;

    // Hot-path scratch kept between executions.
    std::vector<RecentStatement> recent;
    std::shared_ptr<ResultState> spare_result;
};

/// The state of one Result: what keeps the bound values alive, the cursor, counts and rows.
class ResultState {
  public:
    std::shared_ptr<ConnectionState> connection;
    NodePtr statement;      // keeps bound values in the tree alive
    Parameters parameters;  // keeps execution values alive
    std::shared_ptr<const CompiledForm> form;
    BoundStatement bound;
    DriverStatement* statement_handle = nullptr;         // borrowed from the statement cache
    std::unique_ptr<DriverStatement> private_statement;  // when the cached one was busy
    DriverCursor* cursor = nullptr;
    std::shared_ptr<ResultMetadata> metadata;
    // The form `metadata` was built from, kept alive so its address cannot be reused.
    std::shared_ptr<const CompiledForm> described_form;
    Row current;
    bool returns_rows = false;
    bool finished = true;
    std::int64_t rowcount = -1;
    std::optional<std::int64_t> lastrowid;
    std::vector<Value> inserted_primary_key;
    bool primary_key_computed = false;
    std::vector<Row> buffered;  // executemany with RETURNING: rows collected in order
    std::size_t buffered_next = 0;
    bool use_buffer = false;

    /// Returns the statement to its cache (or drops a private one); never throws.
    void release() noexcept;
    /// Resets for reuse by the next execution on the same connection.
    void recycle() noexcept;
};

}  // namespace retort
