// A pooled connection's record: the driver connection, its age and state, and its cache of
// prepared statements (by SQL text, with a small fast path by compiled form).
#pragma once

#include <chrono>
#include <list>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <retort/engine/driver.hpp>

namespace retort {

/// Prepared statements of one connection: an LRU by SQL text, and a tiny most-recently-used
/// list keyed by compiled form so the hot path does not hash the SQL.
class StatementCache {
public:
    explicit StatementCache(std::size_t capacity) : capacity_(capacity ? capacity : 1) {}
    StatementCache(const StatementCache&) = delete;
    StatementCache& operator=(const StatementCache&) = delete;

    /// The statement prepared for `sql`, preparing it on first use. Returns nullptr when that
    /// statement is busy (a result still reads from it); the caller then prepares a private one.
    DriverStatement* get(DriverConnection& driver, std::string_view sql, const CompiledForm* form,
                         const std::shared_ptr<const CompiledForm>& form_owner);
    /// Marks a statement free again when its result is done.
    void release(DriverStatement* statement) noexcept;
    void clear() noexcept;
    std::size_t size() const noexcept { return map_.size(); }

private:
    struct Entry {
        std::unique_ptr<DriverStatement> statement;
        std::string sql;
        bool busy = false;
    };
    using Lru = std::list<Entry>;
    struct Recent {
        const CompiledForm* form;
        std::shared_ptr<const CompiledForm> keep;  // pins the form so the pointer stays unique
        Lru::iterator entry;
    };
    void forget_recent(Lru::iterator entry) noexcept;

    std::size_t capacity_;
    Lru lru_;
    std::unordered_map<std::string_view, Lru::iterator> map_;
    std::vector<Recent> recent_;
};

class ConnectionRecord {
public:
    ConnectionRecord(std::unique_ptr<DriverConnection> driver_connection, std::uint64_t connection_id,
                     std::size_t statement_cache_size)
        : driver(std::move(driver_connection)),
          id(connection_id),
          created(std::chrono::steady_clock::now()),
          statements(statement_cache_size) {}
    ~ConnectionRecord() { statements.clear(); }  // statements before their connection

    std::unique_ptr<DriverConnection> driver;
    std::uint64_t id;
    std::chrono::steady_clock::time_point created;
    bool invalidated = false;
    /// A transaction may be open (the pool rolls back on return).
    bool needs_reset = false;
    /// The isolation level was changed on this connection and must be restored.
    bool isolation_changed = false;
    StatementCache statements;
};

}  // namespace retort
