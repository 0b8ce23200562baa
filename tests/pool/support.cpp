// Shared helpers of the pool tests: the fake driver connection, the event recorder, temporary
// SQLite files and the PostgreSQL test server's settings.
#include "support.hpp"

#include <doctest/doctest.h>

#include <unistd.h>
#include <cstdlib>
#include <random>
#include <sstream>

#include <retort/dialects/sqlite.hpp>

namespace pooltest {

using namespace retort;

// --- FakeConnection

FakeConnection::FakeConnection(std::shared_ptr<FakeServer> server)
    : serial(server->next_serial++),
      server_(std::move(server)),
      generation_(server_->generation.load()) {
    ++server_->opens;
}

FakeConnection::~FakeConnection() {
    ++server_->closes;
}

const Dialect& FakeConnection::dialect() const noexcept {
    return sqlite_dialect();
}

std::unique_ptr<DriverStatement> FakeConnection::prepare(std::string_view, const CompiledForm*) {
    throw NotSupportedError(DatabaseError::Details{
        "the fake connection runs no statements", "", 0, "", {}, false, false});
}

void FakeConnection::execute_script(std::string_view sql) {
    if (sql == "BEGIN") transaction_open = true;
}

void FakeConnection::begin(IsolationLevel) {
    transaction_open = true;
}
void FakeConnection::commit() {
    transaction_open = false;
}

void FakeConnection::rollback() {
    if (!alive())
        throw DisconnectionError(DatabaseError::Details{
            "server closed the connection unexpectedly", "57P01", 0, "ROLLBACK", {}, false, false});
    ++server_->rollbacks;
    transaction_open = false;
}

bool FakeConnection::ping() noexcept {
    ++server_->pings;
    return alive();
}

Pool::Factory fake_factory(std::shared_ptr<FakeServer> server) {
    return [server]() -> std::unique_ptr<DriverConnection> {
        if (server->refuse.load())
            throw OperationalError(DatabaseError::Details{
                "connection refused (fake server down)", "08001", 0, "", {}, false, false});
        return std::make_unique<FakeConnection>(server);
    };
}

FakeConnection& fake(const PooledConnection& connection) {
    return dynamic_cast<FakeConnection&>(connection.driver());
}
int serial(const PooledConnection& connection) {
    return fake(connection).serial;
}

// --- EventLog

void EventLog::attach(Pool& pool) {
    pool.add_listener([this](const PoolEvent& e) {
        std::lock_guard lock(mutex_);
        entries_.push_back(Entry{e.kind, e.connection_id, std::string(e.reason)});
    });
}

std::vector<EventLog::Entry> EventLog::entries() const {
    std::lock_guard lock(mutex_);
    return entries_;
}

std::size_t EventLog::count(PoolEvent::Kind kind) const {
    std::lock_guard lock(mutex_);
    std::size_t n = 0;
    for (const auto& e : entries_)
        n += e.kind == kind;
    return n;
}

std::uint64_t EventLog::last(PoolEvent::Kind kind) const {
    std::lock_guard lock(mutex_);
    for (auto it = entries_.rbegin(); it != entries_.rend(); ++it)
        if (it->kind == kind) return it->id;
    return 0;
}

const char* kind_name(PoolEvent::Kind kind) {
    switch (kind) {
        case PoolEvent::Kind::Connect:
            return "connect";
        case PoolEvent::Kind::Checkout:
            return "checkout";
        case PoolEvent::Kind::Checkin:
            return "checkin";
        case PoolEvent::Kind::Invalidate:
            return "invalidate";
        case PoolEvent::Kind::Close:
            return "close";
    }
    return "?";
}

std::string EventLog::sequence() const {
    std::lock_guard lock(mutex_);
    std::string out;
    for (const auto& e : entries_) {
        if (!out.empty()) out += ' ';
        out += kind_name(e.kind);
        out += ':';
        out += std::to_string(e.id);
    }
    return out;
}

void EventLog::clear() {
    std::lock_guard lock(mutex_);
    entries_.clear();
}

std::uint64_t checkout_id(const EventLog& log) {
    return log.last(PoolEvent::Kind::Checkout);
}

// --- TempDatabase

TempDatabase::TempDatabase(const std::string& tag) {
    static std::atomic<int> counter{0};
    auto dir = std::filesystem::temp_directory_path();
    path_ = dir / ("retort_pool_" + tag + "_" + std::to_string(::getpid()) + "_" +
                   std::to_string(++counter) + ".db");
    std::error_code ec;
    std::filesystem::remove(path_, ec);
}

TempDatabase::~TempDatabase() {
    std::error_code ec;
    for (const char* suffix : {"", "-journal", "-wal", "-shm"})
        std::filesystem::remove(path_.string() + suffix, ec);
}

std::string TempDatabase::url(const std::string& query) const {
    // sqlite:////absolute/path.db
    std::string out = "sqlite:///" + path_.string();
    if (!query.empty()) out += "?" + query;
    return out;
}

// --- PostgreSQL

const char* postgresql_url() {
    const char* url = std::getenv("RETORT_TEST_POSTGRESQL_URL");
    return url && *url ? url : nullptr;
}

bool skip_postgresql() {
    if (postgresql_url() && postgresql_backend_available()) return false;
    const char* required = std::getenv("RETORT_TEST_REQUIRE_SERVERS");
    const bool must = required && std::string(required) == "1";
    const std::string why =
        postgresql_url()
            ? "the PostgreSQL backend is not part of this build"
            : "RETORT_TEST_POSTGRESQL_URL is not set (run under tests/servers/with-servers, "
              "or point it at a PostgreSQL test database)";
    if (must) {
        FAIL_CHECK("PostgreSQL is required (RETORT_TEST_REQUIRE_SERVERS=1) but " << why);
    } else {
        MESSAGE("skipped: " << why);
    }
    return true;
}

std::string postgresql_url_with(const std::string& extra_query) {
    std::string text = postgresql_url();
    if (!extra_query.empty())
        text += (text.find('?') == std::string::npos ? "?" : "&") + extra_query;
    return text;
}

bool postgresql_backend_available() {
    try {
        (void)find_backend(Url::parse("postgresql://localhost/x"));
        return true;
    } catch (const ArgumentError&) {
        return false;
    }
}

}  // namespace pooltest
