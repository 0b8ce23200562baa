// Engine: a database URL, its dialect, a connection pool, a compiled-statement cache, events and
// echo logging — shared by every thread of a service.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <retort/compiler/compiled_cache.hpp>
#include <retort/engine/connection.hpp>
#include <retort/engine/events.hpp>
#include <retort/engine/pool.hpp>

namespace retort {

/// Options of create_engine(), in SQLAlchemy's names.
struct EngineOptions {
    std::size_t pool_size = 5;
    std::size_t max_overflow = 10;
    std::chrono::milliseconds pool_timeout{30000};
    std::optional<std::chrono::milliseconds> pool_recycle{};
    bool pool_pre_ping = false;
    bool pool_use_lifo = false;
    bool reset_on_return = true;
    /// The pool kind; by default the backend's choice (one shared connection for SQLite in
    /// memory, QueuePool otherwise).
    std::optional<PoolKind> poolclass{};
    /// Log every statement, its parameters and its timing through `log_sink` (stderr if none).
    bool echo = false;
    LogSink log_sink{};
    /// Keep parameter values out of logs and error messages.
    bool hide_parameters = false;
    IsolationLevel isolation_level = IsolationLevel::Default;
    /// Statement shapes kept compiled.
    std::size_t compiled_cache_size = 500;
    /// Prepared statements kept per connection.
    std::size_t prepared_statement_cache_size = 128;
    /// executemany INSERT: rows per multi-row VALUES statement (and at most 32,767 parameters).
    std::size_t insertmanyvalues_page_size = 1000;
};

/// A database to connect to. Cheap to copy; all copies share the pool and the caches.
///
///     auto engine = create_engine("sqlite:///app.db", {.pool_size = 5, .echo = true});
///     auto conn = engine.connect();
class Engine {
public:
    Engine() = default;
    explicit Engine(std::shared_ptr<EngineImpl> impl) : impl_(std::move(impl)) {}

    /// A connection from the pool (PoolTimeout when none frees up in pool_timeout).
    Connection connect();
    const Url& url() const;
    /// The dialect statements are compiled for.
    const Dialect& dialect() const;
    Pool& pool();
    CompiledCache& compiled_cache();
    EngineEvents& events();
    const EngineOptions& options() const;

    /// CREATE everything of `metadata` in dependency order (types, sequences, tables, indexes),
    /// skipping what exists when `checkfirst`.
    void create_all(const MetaData& metadata, bool checkfirst = true);
    /// DROP every table of `metadata` in reverse dependency order (then its types, sequences).
    void drop_all(const MetaData& metadata, bool checkfirst = true);
    /// Closes idle pooled connections (checked-out ones close when returned).
    void dispose();

    const std::shared_ptr<EngineImpl>& impl() const noexcept { return impl_; }

private:
    std::shared_ptr<EngineImpl> impl_;
};

/// Creates an engine for a URL: `sqlite://` (memory), `sqlite:///relative.db`,
/// `sqlite:////absolute.db`, `postgresql://user:pass@host:port/db?sslmode=disable`,
/// `mysql://user:pass@host:port/db`. ArgumentError for a malformed URL or unknown scheme.
/// No connection is made until one is needed.
Engine create_engine(std::string_view url, EngineOptions options = {});

}  // namespace retort
