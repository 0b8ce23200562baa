// Shared helpers of the pool tests: a counting fake driver connection for the pool's own logic,
// event recorders, temporary SQLite files and the PostgreSQL test server's settings.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <retort/engine/engine.hpp>
#include <retort/engine/pool.hpp>
#include <retort/retort.hpp>

namespace pooltest {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

/// What the fake "server" knows: connections opened and closed, rollbacks, pings, and a
/// generation that a simulated restart bumps (every older connection is then dead).
struct FakeServer {
    std::atomic<int> opens{0};
    std::atomic<int> closes{0};
    std::atomic<int> rollbacks{0};
    std::atomic<int> pings{0};
    std::atomic<int> generation{0};
    std::atomic<bool> refuse{false};  ///< connecting fails while set
    std::atomic<int> next_serial{1};

    int open_now() const { return opens.load() - closes.load(); }
    /// Every connection opened before this call dies (a server restart).
    void restart() { ++generation; }
};

/// A driver connection that executes nothing: it counts, tracks an open transaction, and can
/// die so that ping() fails.
class FakeConnection final : public retort::DriverConnection {
  public:
    explicit FakeConnection(std::shared_ptr<FakeServer> server);
    ~FakeConnection() override;

    const retort::Dialect& dialect() const noexcept override;
    std::unique_ptr<retort::DriverStatement> prepare(std::string_view sql,
                                                     const retort::CompiledForm*) override;
    void execute_script(std::string_view sql) override;
    void begin(retort::IsolationLevel) override;
    void commit() override;
    void rollback() override;
    void set_isolation_level(retort::IsolationLevel) override {}
    bool ping() noexcept override;
    bool in_transaction() const noexcept override { return transaction_open; }

    bool alive() const noexcept { return !killed_ && generation_ == server_->generation.load(); }
    void kill() noexcept { killed_ = true; }

    const int serial;
    bool transaction_open = false;

  private:
    std::shared_ptr<FakeServer> server_;
    int generation_;
    bool killed_ = false;
};

/// A pool factory opening FakeConnections (OperationalError while the server refuses).
retort::Pool::Factory fake_factory(std::shared_ptr<FakeServer> server);

/// The fake behind a checked-out connection.
FakeConnection& fake(const retort::PooledConnection& connection);
int serial(const retort::PooledConnection& connection);

/// Records pool events (thread-safe).
class EventLog {
  public:
    void attach(retort::Pool& pool);
    struct Entry {
        retort::PoolEvent::Kind kind;
        std::uint64_t id;
        std::string reason;
    };
    std::vector<Entry> entries() const;
    std::size_t count(retort::PoolEvent::Kind kind) const;
    /// The id of the most recent event of a kind (0 if none).
    std::uint64_t last(retort::PoolEvent::Kind kind) const;
    /// "connect:1 checkout:1 checkin:1" — the kinds and ids in order.
    std::string sequence() const;
    void clear();

  private:
    mutable std::mutex mutex_;
    std::vector<Entry> entries_;
};

const char* kind_name(retort::PoolEvent::Kind kind);

/// A fresh SQLite database file, removed (with its journal) when destroyed.
class TempDatabase {
  public:
    explicit TempDatabase(const std::string& tag);
    ~TempDatabase();
    TempDatabase(const TempDatabase&) = delete;
    TempDatabase& operator=(const TempDatabase&) = delete;
    std::string url(const std::string& query = {}) const;
    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

/// Milliseconds since `start`.
inline long long elapsed_ms(Clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

/// The pool's connection id of a checked-out engine connection: the id of the last checkout
/// event (call right after connect(), with no other thread checking out).
std::uint64_t checkout_id(const EventLog& log);

// --- PostgreSQL test server

/// RETORT_TEST_POSTGRESQL_URL, or nullptr.
const char* postgresql_url();
/// True when the PostgreSQL tests must be skipped (with a message); fails the test instead when
/// RETORT_TEST_REQUIRE_SERVERS=1.
bool skip_postgresql();
/// The test URL with extra query keys appended ("application_name=x").
std::string postgresql_url_with(const std::string& extra_query);
/// Whether the PostgreSQL backend is registered in this build.
bool postgresql_backend_available();

}  // namespace pooltest
