// The integration harness: the database under test from RETORT_TEST_DATABASE, its URL (a fresh
// SQLite file in a temporary directory, or a server's URL), the skip-or-fail rule, the fixtures.
#include "support.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>

namespace retort::it {

namespace {

std::string env(const char* name) {
    const char* value = std::getenv(name);
    return value ? std::string(value) : std::string();
}

/// A private directory under /tmp for the SQLite database files, removed at exit.
struct TempDirectory {
    std::string path;
    TempDirectory() {
        char pattern[] = "/tmp/retort-it-XXXXXX";
        if (const char* made = ::mkdtemp(pattern)) path = made;
    }
    ~TempDirectory() {
        if (path.empty()) return;
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
};

}  // namespace

const std::string& dialect() {
    static const std::string name = [] {
        std::string value = env("RETORT_TEST_DATABASE");
        return value.empty() ? std::string("sqlite") : value;
    }();
    return name;
}

std::string url_variable() {
    if (is_postgresql()) return "RETORT_TEST_POSTGRESQL_URL";
    if (is_mysql()) return "RETORT_TEST_MYSQL_URL";
    return {};
}

const std::string& temp_directory() {
    static const TempDirectory directory;
    return directory.path;
}

const std::string& database_url() {
    static const std::string url = []() -> std::string {
        if (is_sqlite()) return "sqlite:///" + temp_directory() + "/conformance.db";
        std::string variable = url_variable();
        return variable.empty() ? std::string() : env(variable.c_str());
    }();
    return url;
}

bool database_available() {
    if (!is_sqlite() && !is_postgresql() && !is_mysql())
        FAIL("RETORT_TEST_DATABASE must be sqlite, postgresql or mysql, not '" << dialect() << "'");
    if (is_sqlite()) {
        REQUIRE_MESSAGE(!temp_directory().empty(),
                        "cannot create a temporary directory under /tmp");
        return true;
    }
    if (!database_url().empty()) return true;
    if (env("RETORT_TEST_REQUIRE_SERVERS") == "1")
        FAIL(url_variable() << " is not set, and RETORT_TEST_REQUIRE_SERVERS=1 makes a missing "
                            << dialect()
                            << " server a failure (tests/servers/with-servers starts one)");
    MESSAGE("skipped: set " << url_variable() << " (tests/servers/with-servers starts one)");
    return false;
}

Engine test_engine(EngineOptions options) {
    return create_engine(database_url(), std::move(options));
}

Schema::Schema(Engine engine, const MetaData& metadata)
    : engine_(std::move(engine)), metadata_(metadata) {
    // Leftovers of an interrupted run would make CREATE TABLE fail.
    engine_.drop_all(metadata_, true);
    engine_.create_all(metadata_, true);
}

Schema::~Schema() {
    try {
        engine_.drop_all(metadata_, true);
    } catch (const std::exception& e) {
        std::cerr << "warning: drop_all after the test case failed: " << e.what() << '\n';
    }
}

std::int64_t count_rows(Connection& conn, const Table& table) {
    return conn.execute(select(func.count()).select_from(table)).scalar_one<std::int64_t>();
}

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::int64_t backend_id(Connection& conn) {
    if (is_postgresql())
        return conn.execute(text("SELECT pg_backend_pid()")).scalar_one<std::int64_t>();
    if (is_mysql()) return conn.execute(text("SELECT CONNECTION_ID()")).scalar_one<std::int64_t>();
    return 0;
}

}  // namespace retort::it
