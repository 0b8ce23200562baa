// The integration harness: which database is under test (RETORT_TEST_DATABASE), its URL, the
// skip-or-fail rule when a server is missing, an engine factory and the RAII schema fixture.
#pragma once

#include <doctest/doctest.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include <retort/engine/engine.hpp>
#include <retort/retort.hpp>

namespace retort::it {

/// The database under test: "sqlite" (the default), "postgresql" or "mysql".
const std::string& dialect();
inline bool is_sqlite() {
    return dialect() == "sqlite";
}
inline bool is_postgresql() {
    return dialect() == "postgresql";
}
inline bool is_mysql() {
    return dialect() == "mysql";
}

/// The URL of the database under test (a file database in a temporary directory for SQLite);
/// empty when the server's variable is not set.
const std::string& database_url();
/// The variable that names the server's URL ("RETORT_TEST_POSTGRESQL_URL"), empty for SQLite.
std::string url_variable();

/// True when the database can be used. Otherwise the test case fails (when
/// RETORT_TEST_REQUIRE_SERVERS=1) or passes with a "skipped: ..." message.
bool database_available();

/// A new engine on the database under test.
Engine test_engine(EngineOptions options = {});

/// The directory the SQLite test databases live in (removed at exit).
const std::string& temp_directory();

/// Creates every table of a MetaData (dropping leftovers first) and drops them again when the
/// test case ends, also when it fails, so test cases never see each other's tables.
class Schema {
  public:
    Schema(Engine engine, const MetaData& metadata);
    ~Schema();
    Schema(const Schema&) = delete;
    Schema& operator=(const Schema&) = delete;

  private:
    Engine engine_;
    const MetaData& metadata_;
};

/// Rows in a table.
std::int64_t count_rows(Connection& conn, const Table& table);

/// Whether `haystack` contains `needle`.
inline bool contains(std::string_view haystack, std::string_view needle) {
    return haystack.find(needle) != std::string_view::npos;
}
/// Lower-case ASCII copy.
std::string lower(std::string_view text);

/// Runs `f`, which must throw E; returns a copy of the exception for further checks.
template <class E, class F>
E expect_throw(F&& f) {
    try {
        f();
    } catch (const E& e) {
        return e;
    } catch (const std::exception& e) {
        FAIL("expected a different exception, got: " << std::string(e.what()));
    }
    FAIL("expected an exception, none was thrown");
    std::abort();  // unreachable: FAIL throws
}

/// The server-side id of a connection (CONNECTION_ID(), pg_backend_pid()); 0 on SQLite.
std::int64_t backend_id(Connection& conn);

}  // namespace retort::it

/// First statement of every database test case: returns early (skip) when the database is not
/// available and not required.
#define REQUIRE_DATABASE()                               \
    do {                                                 \
        if (!::retort::it::database_available()) return; \
    } while (false)
