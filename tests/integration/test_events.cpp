// Engine events and echo on real executions: before/after execute (SQL, parameters, rows,
// duration), handle_error, echo through log_sink with hidden parameters, passwords kept out.
#include <algorithm>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "fixtures.hpp"

using namespace retort;
using namespace retort::it;
using namespace std::chrono_literals;

namespace {

/// Collects log lines from an engine's log_sink.
struct LogLines {
    std::mutex mutex;
    std::vector<std::string> lines;
    LogSink sink() {
        return [this](std::string_view line) {
            std::lock_guard lock(mutex);
            lines.emplace_back(line);
        };
    }
    bool any(std::string_view needle) {
        std::lock_guard lock(mutex);
        for (const auto& l : lines)
            if (contains(l, needle)) return true;
        return false;
    }
    std::string joined() {
        std::lock_guard lock(mutex);
        std::string out;
        for (const auto& l : lines)
            out += l + "\n";
        return out;
    }
};

/// The URL under test with a password added to its user part.
std::string with_password(const std::string& url, const std::string& password) {
    auto scheme_end = url.find("://");
    auto at = url.find('@', scheme_end);
    if (scheme_end == std::string::npos || at == std::string::npos) return url;
    auto user = url.substr(scheme_end + 3, at - scheme_end - 3);
    if (contains(user, ":")) user = user.substr(0, user.find(':'));
    return url.substr(0, scheme_end + 3) + user + ":" + password + url.substr(at);
}

}  // namespace

TEST_CASE("events: before and after execute see the SQL, parameters, rows and duration") {
    REQUIRE_DATABASE();
    Shop s;
    std::vector<std::string> before_sql, after_sql, parameters;
    std::vector<std::int64_t> rows;
    std::vector<std::chrono::nanoseconds> durations;
    s.engine.events().on_before_execute([&](const ExecuteEvent& e) {
        before_sql.emplace_back(e.sql);
        if (e.bound)
            for (const Value* v : e.bound->parameters)
                parameters.push_back(v->to_display_string());
    });
    s.engine.events().on_after_execute([&](const ExecuteEvent& e) {
        after_sql.emplace_back(e.sql);
        rows.push_back(e.rows);
        durations.push_back(e.duration);
    });
    s.conn.execute(update(s.users).values({{"age", 40}}).where(s.users.c("name") == "wendy"));
    REQUIRE(before_sql.size() == 1);
    REQUIRE(after_sql.size() == 1);
    CHECK(contains(before_sql[0], "UPDATE"));
    CHECK(before_sql[0] == after_sql[0]);
    CHECK(std::find(parameters.begin(), parameters.end(), "'wendy'") != parameters.end());
    CHECK(std::find(parameters.begin(), parameters.end(), "40") != parameters.end());
    CHECK(rows[0] == 1);
    CHECK(durations[0] > 0ns);
    // The placeholders are the dialect's own.
    CHECK(contains(before_sql[0], is_postgresql() ? "$1" : "?"));
}

TEST_CASE("events: after_execute of executemany reports the batch") {
    REQUIRE_DATABASE();
    Shop s;
    std::size_t batch = 0;
    std::int64_t rows = -2;
    s.engine.events().on_after_execute([&](const ExecuteEvent& e) {
        batch = e.batch_size;
        rows = e.rows;
    });
    s.conn.execute(delete_(s.orders).where(s.orders.c("id") == bindparam("oid")),
                   std::vector<Parameters>{{{"oid", 1}}, {{"oid", 2}}, {{"oid", 3}}});
    CHECK(batch == 3);
    CHECK(rows == 3);
}

TEST_CASE("events: a listener sees the cache flag once a shape repeats") {
    REQUIRE_DATABASE();
    Shop s;
    std::vector<bool> cached;
    s.engine.events().on_before_execute([&](const ExecuteEvent& e) { cached.push_back(e.cached); });
    for (int id = 1; id <= 3; ++id)
        s.conn.execute(select(s.users.c("name")).where(s.users.c("id") == id)).all();
    REQUIRE(cached.size() == 3);
    CHECK(cached[2]);
}

TEST_CASE("events: handle_error sees failures with their SQL") {
    REQUIRE_DATABASE();
    Shop s;
    std::vector<std::string> errors, sqls;
    std::vector<bool> disconnects;
    s.engine.events().on_handle_error([&](const ErrorEvent& e) {
        errors.emplace_back(e.error.what());
        sqls.emplace_back(e.sql);
        disconnects.push_back(e.is_disconnect);
    });
    expect_throw<IntegrityError>([&] {
        s.conn.execute(insert(s.users).values({{"id", 1}, {"name", "dup"}}));
    });
    expect_throw<ProgrammingError>([&] { s.conn.execute(text("SELECT * FROM it_nowhere")); });
    REQUIRE(errors.size() == 2);
    CHECK(contains(sqls[0], "INSERT INTO"));
    CHECK(contains(errors[1], "it_nowhere"));
    CHECK(sqls[1] == "SELECT * FROM it_nowhere");
    CHECK(disconnects == std::vector<bool>{false, false});
}

TEST_CASE("events: handle_error marks a lost connection as a disconnect") {
    REQUIRE_DATABASE();
    if (is_sqlite()) {
        CHECK(dialect() == "sqlite");  // no server connection to lose
        return;
    }
    auto engine = test_engine();
    bool disconnect = false;
    engine.events().on_handle_error(
        [&](const ErrorEvent& e) { disconnect = disconnect || e.is_disconnect; });
    auto victim = engine.connect();
    auto id = backend_id(victim);
    {
        auto killer = engine.connect();
        if (is_postgresql())
            killer.execute(text("SELECT pg_terminate_backend(:pid)"), {{"pid", id}}).all();
        else
            killer.execute_script("KILL " + std::to_string(id));
    }
    std::this_thread::sleep_for(300ms);
    expect_throw<DisconnectionError>([&] { victim.execute(text("SELECT 1")).all(); });
    CHECK(disconnect);
}

TEST_CASE("echo: statements, parameters and timings go through log_sink") {
    REQUIRE_DATABASE();
    LogLines log;
    Shop s({.echo = true, .log_sink = log.sink()});
    s.conn.execute(select(s.users.c("name")).where(s.users.c("email") == "wendy@x.org")).all();
    CHECK(log.any("SELECT it_users.name FROM it_users WHERE it_users.email = "));
    CHECK(log.any("'wendy@x.org'"));
    CHECK(log.any("[took "));
    CHECK(log.any("connected to "));
    {
        auto tx = s.conn.begin();
        s.conn.execute(delete_(s.orders));
        tx.rollback();
    }
    CHECK(log.any("BEGIN"));
    CHECK(log.any("ROLLBACK"));
    {
        auto tx = s.conn.begin();
        tx.commit();
    }
    CHECK(log.any("COMMIT"));
}

TEST_CASE("echo: hide_parameters keeps the values out of the log") {
    REQUIRE_DATABASE();
    LogLines log;
    Shop s({.echo = true, .log_sink = log.sink(), .hide_parameters = true});
    s.conn.execute(select(s.users.c("name")).where(s.users.c("email") == "hidden@x.org")).all();
    CHECK(log.any("[parameters hidden]"));
    CHECK_FALSE(log.any("hidden@x.org"));
    CHECK_FALSE(log.any("'ed@x.org'"));  // nor the values of the fixture's inserts
}

TEST_CASE("echo: a URL's password never appears in logs or errors") {
    REQUIRE_DATABASE();
    const std::string password = "Pa55-s3cret-word";
    LogLines log;
    if (is_sqlite()) {
        // A SQLite URL names a file: credentials make it malformed, and the message masks them.
        auto e = expect_throw<ArgumentError>([&] {
            create_engine("sqlite://scott:" + password + "@host/x.db",
                          {.echo = true, .log_sink = log.sink()});
        });
        CHECK_FALSE(contains(e.what(), password));
        CHECK(contains(e.what(), "scott:***@"));
        return;
    }
    auto engine = create_engine(with_password(database_url(), password),
                                {.echo = true, .log_sink = log.sink()});
    CHECK(contains(engine.url().to_string(), ":***@"));
    CHECK_FALSE(contains(engine.url().to_string(), password));
    if (is_postgresql()) {
        // The throwaway server trusts local connections, so the password is accepted.
        auto conn = engine.connect();
        auto e =
            expect_throw<ProgrammingError>([&] { conn.execute(text("SELECT * FROM it_nowhere")); });
        CHECK_FALSE(contains(e.what(), password));
        CHECK(log.any("connected to postgresql://postgres:***@"));
    } else {
        // MariaDB's root user has no password: a wrong one is refused (1045 access denied).
        auto e = expect_throw<OperationalError>([&] { engine.connect(); });
        CHECK(e.native_code() == 1045);
        CHECK_FALSE(contains(e.what(), password));
        CHECK(contains(e.what(), ":***@"));
    }
    CHECK_FALSE(contains(log.joined(), password));
}

TEST_CASE("events: a compile hook registered later applies to a statement executed before") {
    REQUIRE_DATABASE();
    Shop shop;
    std::vector<std::string> seen;
    shop.engine.events().on_before_execute(
        [&](const ExecuteEvent& e) { seen.emplace_back(e.sql); });
    // The same statement object three times: the third run takes the connection's shortcut
    // that skips the cache, which must still notice the hook.
    const auto statement = select(shop.users.c("name")).where(shop.users.c("id") == 1);
    for (int i = 0; i < 3; ++i)
        shop.conn.execute(statement).all();
    CHECK(!contains(seen.back(), "/* hooked */"));
    {
        auto hook = register_compile_hook(NodeKind::Select, [](const Node& node, Compiler& c) {
            c.process_default(node);
            c.append(" /* hooked */");
        });
        shop.conn.execute(statement).all();
        CHECK(contains(seen.back(), "/* hooked */"));
    }
    shop.conn.execute(statement).all();
    CHECK(!contains(seen.back(), "/* hooked */"));
}
