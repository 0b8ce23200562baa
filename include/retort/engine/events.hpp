// Engine events and echo logging: before/after execute (SQL, parameters, duration, rows),
// handle_error, and a logging sink that echo and the pool write through.
#pragma once

#include <chrono>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <shared_mutex>
#include <string_view>
#include <vector>

#include <retort/compiler/compiled_statement.hpp>

namespace retort {

/// One execution, as listeners see it.
struct ExecuteEvent {
    std::string_view sql;
    /// The bound statement (parameters, names, types); for executemany the first of the batch.
    const BoundStatement* bound = nullptr;
    std::size_t batch_size = 1;  ///< parameter sets (executemany)
    bool cached = false;         ///< the statement's compiled form came from the cache
    std::chrono::nanoseconds duration{0};  ///< after_execute only
    std::int64_t rows = -1;                ///< after_execute: rows affected (or -1)
};

/// A failed execution.
struct ErrorEvent {
    std::string_view sql;
    const std::exception& error;
    bool is_disconnect = false;
};

/// Receives log lines (echo, pool messages).
using LogSink = std::function<void(std::string_view line)>;

/// Listener lists of an engine. Registration is thread-safe; listeners run on the thread that
/// executes, so they must be thread-safe themselves.
class EngineEvents {
public:
    void on_before_execute(std::function<void(const ExecuteEvent&)> listener);
    void on_after_execute(std::function<void(const ExecuteEvent&)> listener);
    void on_handle_error(std::function<void(const ErrorEvent&)> listener);

    bool active() const noexcept { return active_.load(std::memory_order_acquire); }
    void before_execute(const ExecuteEvent& e) const;
    void after_execute(const ExecuteEvent& e) const;
    void handle_error(const ErrorEvent& e) const noexcept;

private:
    mutable std::shared_mutex mutex_;
    std::vector<std::function<void(const ExecuteEvent&)>> before_, after_;
    std::vector<std::function<void(const ErrorEvent&)>> error_{};
    std::atomic<bool> active_{false};
};

}  // namespace retort
