// Errors from real failures: the class (IntegrityError, DataError, ProgrammingError, ...), the
// SQLSTATE or native code, the SQL and parameters (or their absence), and killed connections.
#include <algorithm>
#include <chrono>
#include <string>
#include <thread>

#include "fixtures.hpp"

using namespace retort;
using namespace retort::it;
using namespace std::chrono_literals;

namespace {

/// The code that identifies a failure on the database under test: the SQLSTATE on PostgreSQL,
/// the error number on MariaDB, the extended result code on SQLite.
std::string code_of(const DatabaseError& e) {
    if (is_postgresql()) return e.sqlstate();
    return std::to_string(e.native_code());
}

struct Checked {
    MetaData meta;
    Table items{meta,
                "it_checked",
                Column{"id", Integer{}, primary_key(), autoincrement(false)},
                Column{"qty", Integer{}, not_null()},
                Column{"code", String{5}},
                CheckConstraint{"qty >= 0", "ck_it_checked_qty"}};
    Engine engine = test_engine();
    Schema schema{engine, meta};
    Connection conn = engine.connect();
};

}  // namespace

TEST_CASE("errors: a duplicate primary key is an IntegrityError") {
    REQUIRE_DATABASE();
    Shop s;
    auto e = expect_throw<IntegrityError>([&] {
        s.conn.execute(insert(s.users).values({{"id", 1}, {"name", "again"}}));
    });
    // PostgreSQL 23505; MariaDB 1062 ER_DUP_ENTRY (SQLSTATE 23000); SQLite 1555
    // SQLITE_CONSTRAINT_PRIMARYKEY.
    CHECK(code_of(e) == (is_postgresql() ? "23505" : is_mysql() ? "1062" : "1555"));
    if (is_mysql()) CHECK(e.sqlstate() == "23000");
    CHECK(contains(e.sql(), "it_users"));
    CHECK(count_rows(s.conn, s.users) == 4);
}

TEST_CASE("errors: a duplicate unique value is an IntegrityError") {
    REQUIRE_DATABASE();
    MetaData meta;
    Table accounts{meta, "it_accounts", Column{"id", Integer{}, primary_key()},
                   Column{"email", String{100}, unique()}};
    auto engine = test_engine();
    Schema schema(engine, meta);
    auto conn = engine.connect();
    conn.execute(insert(accounts).values({{"email", "a@x.org"}}));
    auto e = expect_throw<IntegrityError>([&] {
        conn.execute(insert(accounts).values({{"email", "a@x.org"}}));
    });
    CHECK(code_of(e) == (is_postgresql() ? "23505" : is_mysql() ? "1062" : "2067"));
    CHECK(contains(lower(e.what()), "unique") == !is_mysql());
    if (is_mysql()) CHECK(contains(e.what(), "Duplicate entry"));
}

TEST_CASE("errors: a foreign key violation is an IntegrityError") {
    REQUIRE_DATABASE();
    Shop s;
    auto e = expect_throw<IntegrityError>([&] {
        s.conn.execute(
            insert(s.orders).values({{"id", 10}, {"user_id", 99}, {"total", Decimal{"1.00"}}}));
    });
    CHECK(code_of(e) == (is_postgresql() ? "23503" : is_mysql() ? "1452" : "787"));
    auto referenced = expect_throw<IntegrityError>(
        [&] { s.conn.execute(delete_(s.users).where(s.users.c("id") == 1)); });
    CHECK(code_of(referenced) == (is_postgresql() ? "23503" : is_mysql() ? "1451" : "787"));
    CHECK(count_rows(s.conn, s.users) == 4);
}

TEST_CASE("errors: NULL into a NOT NULL column is an IntegrityError") {
    REQUIRE_DATABASE();
    Shop s;
    auto e = expect_throw<IntegrityError>([&] {
        s.conn.execute(insert(s.users).values({{"id", 9}, {"name", nullptr}}));
    });
    CHECK(code_of(e) == (is_postgresql() ? "23502" : is_mysql() ? "1048" : "1299"));
    CHECK(contains(e.what(), "name"));
}

TEST_CASE("errors: a CHECK constraint violation is an IntegrityError") {
    REQUIRE_DATABASE();
    Checked c;
    auto e = expect_throw<IntegrityError>([&] {
        c.conn.execute(insert(c.items).values({{"id", 1}, {"qty", -1}}));
    });
    // MariaDB 4025 ER_CONSTRAINT_FAILED; SQLite 275 SQLITE_CONSTRAINT_CHECK.
    CHECK(code_of(e) == (is_postgresql() ? "23514" : is_mysql() ? "4025" : "275"));
    CHECK(contains(e.what(), "ck_it_checked_qty"));
    c.conn.execute(insert(c.items).values({{"id", 1}, {"qty", 0}}));
    CHECK(count_rows(c.conn, c.items) == 1);
}

TEST_CASE("errors: a value too long for its VARCHAR is a DataError, stored as is by SQLite") {
    REQUIRE_DATABASE();
    Checked c;
    auto too_long = insert(c.items).values({{"id", 1}, {"qty", 1}, {"code", "abcdefgh"}});
    if (is_sqlite()) {
        // SQLite does not enforce VARCHAR lengths.
        c.conn.execute(too_long);
        CHECK(c.conn.execute(select(c.items.c("code"))).scalar_one<std::string>() == "abcdefgh");
    } else {
        auto e = expect_throw<DataError>([&] { c.conn.execute(too_long); });
        // PostgreSQL 22001 string_data_right_truncation; MariaDB 1406 ER_DATA_TOO_LONG.
        CHECK(code_of(e) == (is_postgresql() ? "22001" : "1406"));
        CHECK(e.sqlstate() == "22001");
        CHECK(count_rows(c.conn, c.items) == 0);
    }
}

TEST_CASE("errors: text that is not a number for an integer column") {
    REQUIRE_DATABASE();
    Checked c;
    auto statement = text("INSERT INTO it_checked (id, qty) VALUES (1, :qty)");
    if (is_sqlite()) {
        // Type affinity keeps text that does not look like a number as TEXT.
        c.conn.execute(statement, {{"qty", "many"}});
        CHECK(
            c.conn.execute(text("SELECT typeof(qty) FROM it_checked")).scalar_one<std::string>() ==
            "text");
    } else {
        // PostgreSQL 22P02 invalid_text_representation; MariaDB 1366 incorrect integer value.
        auto e = expect_throw<DataError>([&] { c.conn.execute(statement, {{"qty", "many"}}); });
        CHECK(code_of(e) == (is_postgresql() ? "22P02" : "1366"));
    }
}

TEST_CASE("errors: division by zero fails on PostgreSQL only") {
    REQUIRE_DATABASE();
    auto engine = test_engine();
    auto conn = engine.connect();
    auto statement = text("SELECT 1 / 0");
    if (is_postgresql()) {
        auto e = expect_throw<DataError>([&] { conn.execute(statement).all(); });
        CHECK(e.sqlstate() == "22012");
    } else {
        // SQLite and MariaDB (outside INSERT / UPDATE) return NULL.
        CHECK(conn.execute(statement).scalar<std::int64_t>() == std::nullopt);
    }
}

TEST_CASE("errors: a syntax error is a ProgrammingError") {
    REQUIRE_DATABASE();
    auto engine = test_engine();
    auto conn = engine.connect();
    auto e = expect_throw<ProgrammingError>([&] { conn.execute(text("SELEC 1")); });
    CHECK(code_of(e) == (is_postgresql() ? "42601" : is_mysql() ? "1064" : "1"));
    CHECK(contains(lower(e.what()), "syntax"));
    CHECK(e.sql() == "SELEC 1");
    CHECK(conn.execute(text("SELECT 1")).scalar_one<int>() == 1);
}

TEST_CASE("errors: an unknown table is a ProgrammingError") {
    REQUIRE_DATABASE();
    auto engine = test_engine();
    auto conn = engine.connect();
    auto e = expect_throw<ProgrammingError>(
        [&] { conn.execute(text("SELECT * FROM it_no_such_table")); });
    CHECK(code_of(e) == (is_postgresql() ? "42P01" : is_mysql() ? "1146" : "1"));
    CHECK(contains(e.what(), "it_no_such_table"));
}

TEST_CASE("errors: an unknown column is a ProgrammingError") {
    REQUIRE_DATABASE();
    Shop s;
    auto e = expect_throw<ProgrammingError>(
        [&] { s.conn.execute(text("SELECT nickname FROM it_users")); });
    CHECK(code_of(e) == (is_postgresql() ? "42703" : is_mysql() ? "1054" : "1"));
    CHECK(contains(e.what(), "nickname"));
}

TEST_CASE("errors: the error carries the SQL text and the parameters") {
    REQUIRE_DATABASE();
    Shop s;
    auto e = expect_throw<IntegrityError>([&] {
        s.conn.execute(insert(s.users).values({{"id", 2}, {"name", "wendy-again"}, {"age", 77}}));
    });
    CHECK(contains(e.sql(), "INSERT INTO"));
    CHECK(contains(e.what(), "[SQL: INSERT INTO"));
    CHECK(contains(e.what(), "'wendy-again'"));
    CHECK(contains(e.what(), "77"));
    REQUIRE_FALSE(e.parameters().empty());
    CHECK(std::find(e.parameters().begin(), e.parameters().end(), "'wendy-again'") !=
          e.parameters().end());
    CHECK_FALSE(e.details().parameters_hidden);
    if (is_sqlite())
        CHECK(e.sqlstate().empty());  // SQLite has result codes, no SQLSTATE
    else
        CHECK(e.sqlstate().size() == 5);
}

TEST_CASE("errors: hide_parameters keeps the values out of the error") {
    REQUIRE_DATABASE();
    Shop s({.hide_parameters = true});
    auto e = expect_throw<IntegrityError>([&] {
        s.conn.execute(insert(s.users).values({{"id", 1}, {"name", "secret-value-42"}}));
    });
    CHECK_FALSE(contains(e.what(), "secret-value-42"));
    CHECK(contains(e.what(), "[parameters hidden]"));
    CHECK(e.parameters().empty());
    CHECK(e.details().parameters_hidden);
    CHECK(contains(e.what(), "[SQL: INSERT INTO"));
}

TEST_CASE("errors: every database error is a DatabaseError and an Error") {
    REQUIRE_DATABASE();
    Shop s;
    bool caught = false;
    try {
        s.conn.execute(insert(s.users).values({{"id", 1}, {"name", "x"}}));
    } catch (const DatabaseError& e) {
        caught = dynamic_cast<const IntegrityError*>(&e) != nullptr;
    }
    CHECK(caught);
    CHECK_THROWS_AS(s.conn.execute(text("SELEC")), Error);
}

TEST_CASE("errors: a bind parameter without a value is a CompileError naming it") {
    REQUIRE_DATABASE();
    Shop s;
    auto e = expect_throw<CompileError>([&] {
        s.conn.execute(
            select(s.users.c("name")).where(s.users.c("id") == bindparam("uid", Integer{})));
    });
    CHECK(contains(e.what(), "uid"));
    CHECK(count_rows(s.conn, s.users) == 4);
}

TEST_CASE("errors: a connection killed mid-transaction raises DisconnectionError and is replaced") {
    REQUIRE_DATABASE();
    if (is_sqlite()) {
        // An embedded database has no server connection another session could kill.
        CHECK(dialect() == "sqlite");
        return;
    }
    Shop shop({.pool_size = 3});
    auto victim = shop.engine.connect();
    const std::int64_t id = backend_id(victim);
    REQUIRE(id > 0);
    auto tx = victim.begin();
    victim.execute(insert(shop.users).values({{"id", 50}, {"name", "doomed"}}));
    auto before = shop.engine.pool().statistics();
    {
        auto killer = shop.engine.connect();
        if (is_postgresql())
            CHECK(killer.execute(text("SELECT pg_terminate_backend(:pid)"), {{"pid", id}})
                      .scalar_one<bool>());
        else
            killer.execute_script("KILL " + std::to_string(id));
    }
    std::this_thread::sleep_for(300ms);
    auto e = expect_throw<DisconnectionError>(
        [&] { victim.execute(select(func.count()).select_from(shop.users)); });
    CHECK(dynamic_cast<const OperationalError*>(&e) != nullptr);
    auto after = shop.engine.pool().statistics();
    CHECK(after.invalidations > before.invalidations);
    // The handle is dead; its transaction ends without touching the server.
    auto dead = expect_throw<InvalidRequestError>([&] { victim.execute(text("SELECT 1")); });
    CHECK(contains(dead.what(), "invalidated"));
    tx.rollback();
    victim.close();
    // A fresh connection works, and the killed transaction left nothing behind.
    auto fresh = shop.engine.connect();
    CHECK(backend_id(fresh) != id);
    CHECK(count_rows(fresh, shop.users) == 4);
    CHECK(shop.engine.pool().statistics().connects > before.connects);
}

TEST_CASE("errors: pre-ping replaces a pooled connection killed while idle") {
    REQUIRE_DATABASE();
    if (is_sqlite()) {
        CHECK(dialect() == "sqlite");
        return;
    }
    auto engine = test_engine({.pool_size = 1, .max_overflow = 0, .pool_pre_ping = true});
    std::int64_t id = 0;
    {
        auto conn = engine.connect();
        id = backend_id(conn);
    }
    {
        auto killer = test_engine().connect();
        if (is_postgresql())
            killer.execute(text("SELECT pg_terminate_backend(:pid)"), {{"pid", id}}).all();
        else
            killer.execute_script("KILL " + std::to_string(id));
    }
    std::this_thread::sleep_for(300ms);
    // The checkout pings the idle connection, finds it dead and opens a new one.
    auto conn = engine.connect();
    CHECK(conn.execute(text("SELECT 1")).scalar_one<int>() == 1);
    CHECK(backend_id(conn) != id);
    CHECK(engine.pool().statistics().connects == 2);
}
