// The connection pool: QueuePool semantics (lazy connections up to pool_size, then max_overflow
// more, a timeout when all are out, recycle, pre-ping, invalidation), plus single-connection
// and null pools. Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <retort/engine/backend.hpp>

namespace retort {

struct PoolOptions {
    std::size_t pool_size = 5;
    /// Connections beyond pool_size, closed when returned; SIZE_MAX for no limit.
    std::size_t max_overflow = 10;
    std::chrono::milliseconds timeout{30000};
    /// Connections older than this are replaced at checkout.
    std::optional<std::chrono::milliseconds> recycle{};
    /// Check each connection with a round trip at checkout, replacing dead ones transparently.
    bool pre_ping = false;
    /// Hand out the most recently returned connection (lets idle ones age out with recycle).
    bool use_lifo = false;
    /// Roll back whatever a returned connection left open.
    bool reset_on_return = true;
    /// Prepared statements kept per connection.
    std::size_t statement_cache_size = 128;
};

/// Counters for service metrics.
struct PoolStatistics {
    std::size_t size = 0;         ///< pool_size
    std::size_t open = 0;         ///< connections open now (idle + checked out)
    std::size_t checked_out = 0;
    std::size_t idle = 0;
    std::size_t overflow = 0;     ///< open connections beyond pool_size
    std::uint64_t connects = 0;   ///< connections created over the pool's life
    std::uint64_t invalidations = 0;
    std::uint64_t timeouts = 0;
    std::uint64_t waits = 0;      ///< checkouts that had to wait
};

/// What happened to a pooled connection.
struct PoolEvent {
    enum class Kind : std::uint8_t { Connect, Checkout, Checkin, Invalidate, Close };
    Kind kind;
    std::uint64_t connection_id;
    std::string_view reason;  ///< for Invalidate / Close
};

class PoolImpl;
class ConnectionRecord;

/// A connection checked out of the pool; returns itself when destroyed.
class PooledConnection {
public:
    PooledConnection() noexcept;  // defined where ConnectionRecord is complete
    PooledConnection(std::shared_ptr<PoolImpl> pool, std::unique_ptr<ConnectionRecord> record);
    PooledConnection(PooledConnection&&) noexcept;
    PooledConnection& operator=(PooledConnection&&) noexcept;
    ~PooledConnection();

    DriverConnection& driver() const;
    ConnectionRecord& record() const { return *record_; }
    explicit operator bool() const noexcept { return record_ != nullptr; }
    /// Closes this connection instead of returning it; with `all_older`, also every connection
    /// created before now (a server restart makes them all dead).
    void invalidate(std::string_view reason, bool all_older = false);
    /// Returns the connection to the pool now.
    void release() noexcept;

private:
    std::shared_ptr<PoolImpl> pool_;
    std::unique_ptr<ConnectionRecord> record_;
};

/// A connection pool.
///
///     Pool pool([&] { return backend.connect(url, {}); }, PoolKind::Queue, {.pool_size = 2});
///     auto c = pool.checkout();   // waits up to timeout when all are out
class Pool {
public:
    using Factory = std::function<std::unique_ptr<DriverConnection>()>;

    Pool(Factory factory, PoolKind kind, PoolOptions options);
    ~Pool();
    Pool(const Pool&) = delete;
    Pool& operator=(const Pool&) = delete;

    /// A connection; PoolTimeout after `timeout` when none is free, naming size, overflow and
    /// timeout.
    PooledConnection checkout();
    PoolStatistics statistics() const;
    /// A one-line status for logs.
    std::string status() const;
    /// Marks every connection created before now for replacement.
    void invalidate_all(std::string_view reason);
    /// Closes the idle connections (checked-out ones close when returned).
    void dispose();
    /// Receives every pool event (connect, checkout, checkin, invalidate, close).
    void add_listener(std::function<void(const PoolEvent&)> listener);
    PoolKind kind() const noexcept;
    const PoolOptions& options() const noexcept;

private:
    std::shared_ptr<PoolImpl> impl_;
};

}  // namespace retort
