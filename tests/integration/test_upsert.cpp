// Upserts executed for real (ON CONFLICT on SQLite and PostgreSQL, ON DUPLICATE KEY UPDATE on
// MariaDB) with their row counts, and user compile hooks applied to executed statements.
#include <string>
#include <vector>

#include "fixtures.hpp"

using namespace retort;
using namespace retort::it;

namespace {

struct Upserts {
    MetaData meta;
    Table kv{meta, "it_kv", Column{"k", String{20}, primary_key()},
             Column{"value", Integer{}, not_null()}, Column{"note", String{20}}};
    Table members{meta,
                  "it_members",
                  Column{"id", Integer{}, primary_key()},
                  Column{"email", String{100}, not_null()},
                  Column{"name", String{50}},
                  Column{"visits", Integer{}, not_null(), server_default(literal_column("0"))},
                  UniqueConstraint{{"email"}, "uq_it_members_email"}};
    Table stock{meta, "it_stock", Column{"shop", Integer{}, primary_key(), autoincrement(false)},
                Column{"item", String{10}, primary_key()}, Column{"qty", Integer{}, not_null()}};
    Engine engine;
    Schema schema;
    Connection conn;

    explicit Upserts(EngineOptions options = {})
        : engine(test_engine(std::move(options))), schema(engine, meta), conn(engine.connect()) {}

    Insert put_kv(const std::string& k, int value) const {
        return insert(kv)
            .values({{"k", k}, {"value", value}})
            .on_conflict({kv.c("k")})
            .do_update({{"value", excluded(kv.c("value"))}});
    }
    int value_of(const std::string& k) {
        return conn.execute(select(kv.c("value")).where(kv.c("k") == k)).scalar_one<int>();
    }
};

}  // namespace

TEST_CASE("upsert: insert or update on the primary key") {
    REQUIRE_DATABASE();
    Upserts u;
    u.conn.execute(u.put_kv("a", 1));
    u.conn.execute(u.put_kv("a", 2));
    u.conn.execute(u.put_kv("b", 5));
    CHECK(u.value_of("a") == 2);
    CHECK(u.value_of("b") == 5);
    CHECK(count_rows(u.conn, u.kv) == 2);
}

TEST_CASE("upsert: the row count of an insert, an update and an unchanged row") {
    REQUIRE_DATABASE();
    Upserts u;
    CHECK(u.conn.execute(u.put_kv("a", 1)).rowcount() == 1);
    // MariaDB counts an updated row twice (1 for an insert, 2 for an update).
    CHECK(u.conn.execute(u.put_kv("a", 2)).rowcount() == (is_mysql() ? 2 : 1));
    // Setting the same values: ON CONFLICT DO UPDATE still updates; MariaDB reports 1 with
    // CLIENT_FOUND_ROWS (0 without).
    CHECK(u.conn.execute(u.put_kv("a", 2)).rowcount() == 1);
    CHECK(u.value_of("a") == 2);
    if (is_mysql()) {
        auto changed_only = create_engine(
            database_url() + (contains(database_url(), "?") ? "&" : "?") + "found_rows=false");
        auto conn = changed_only.connect();
        CHECK(conn.execute(u.put_kv("a", 2)).rowcount() == 0);
        CHECK(conn.execute(u.put_kv("a", 3)).rowcount() == 2);
    }
}

TEST_CASE("upsert: on a unique constraint of a table with an autoincrement id") {
    REQUIRE_DATABASE();
    Upserts u;
    u.conn.execute(insert(u.members).values({{"email", "a@x.org"}, {"name", "A"}}));
    auto id = u.conn.execute(select(u.members.c("id"))).scalar_one<std::int64_t>();
    // Allowed on MariaDB too: the only other unique key is the auto-increment id, not given.
    auto upsert = insert(u.members)
                      .values({{"email", "a@x.org"}, {"name", "A2"}})
                      .on_conflict({u.members.c("email")})
                      .do_update({{"name", excluded(u.members.c("name"))}});
    u.conn.execute(upsert);
    auto row = u.conn.execute(select(u.members)).one();
    CHECK(row.get<std::int64_t>("id") == id);
    CHECK(row.get<std::string>("name") == "A2");
    u.conn.execute(insert(u.members)
                       .values({{"email", "b@x.org"}, {"name", "B"}})
                       .on_conflict({u.members.c("email")})
                       .do_update({{"name", excluded(u.members.c("name"))}}));
    CHECK(count_rows(u.conn, u.members) == 2);
}

TEST_CASE("upsert: the update may refer to the existing row") {
    REQUIRE_DATABASE();
    Upserts u;
    auto visit = insert(u.members)
                     .values({{"email", "v@x.org"}, {"name", "V"}})
                     .on_conflict({u.members.c("email")})
                     .do_update({{"visits", u.members.c("visits") + 1}});
    for (int i = 0; i < 3; ++i)
        u.conn.execute(visit);
    auto visits = u.conn.execute(select(u.members.c("visits"))).scalar_one<int>();
    CHECK(visits == 2);  // inserted with 0, then two updates
}

TEST_CASE("upsert: a table with an autoincrement id given in the insert is refused on MariaDB") {
    REQUIRE_DATABASE();
    Upserts u;
    // With the id given, ON DUPLICATE KEY UPDATE could fire on the id as well as on the email.
    auto risky = insert(u.members)
                     .values({{"id", 7}, {"email", "r@x.org"}, {"name", "R"}})
                     .on_conflict({u.members.c("email")})
                     .do_update({{"name", excluded(u.members.c("name"))}});
    if (is_mysql()) {
        auto e = expect_throw<CompileError>([&] { u.conn.execute(risky); });
        CHECK(contains(e.what(), "PRIMARY KEY"));
        CHECK(count_rows(u.conn, u.members) == 0);
    } else {
        u.conn.execute(risky);
        CHECK(u.conn.execute(select(u.members.c("id"))).scalar_one<int>() == 7);
    }
}

TEST_CASE("upsert: on a composite primary key") {
    REQUIRE_DATABASE();
    Upserts u;
    auto put = [&](int shop, const std::string& item, int qty) {
        u.conn.execute(insert(u.stock)
                           .values({{"shop", shop}, {"item", item}, {"qty", qty}})
                           .on_conflict({u.stock.c("shop"), u.stock.c("item")})
                           .do_update({{"qty", excluded(u.stock.c("qty"))}}));
    };
    put(1, "x", 5);
    put(1, "x", 7);
    put(1, "y", 1);
    put(2, "x", 3);
    auto rows =
        u.conn.execute(select(u.stock).order_by(u.stock.c("shop"), u.stock.c("item"))).all();
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].get<int>("qty") == 7);
    CHECK(rows[1].get<std::string>("item") == "y");
    CHECK(rows[2].get<int>("shop") == 2);
}

TEST_CASE("upsert: do_nothing leaves the existing row unchanged") {
    REQUIRE_DATABASE();
    Upserts u;
    u.conn.execute(insert(u.kv).values({{"k", "a"}, {"value", 1}, {"note", "first"}}));
    auto ignore = insert(u.kv)
                      .values({{"k", "a"}, {"value", 9}, {"note", "second"}})
                      .on_conflict()
                      .do_nothing();
    auto result = u.conn.execute(ignore);
    // Nothing inserted: 0 rows on SQLite and PostgreSQL; MariaDB's no-op update of the key
    // counts the matched row (CLIENT_FOUND_ROWS).
    CHECK(result.rowcount() == (is_mysql() ? 1 : 0));
    auto row = u.conn.execute(select(u.kv)).one();
    CHECK(row.get<int>("value") == 1);
    CHECK(row.get<std::string>("note") == "first");
    // A new key is inserted as usual.
    u.conn.execute(insert(u.kv).values({{"k", "b"}, {"value", 2}}).on_conflict().do_nothing());
    CHECK(u.value_of("b") == 2);
}

TEST_CASE("upsert: do_nothing with a conflict target") {
    REQUIRE_DATABASE();
    Upserts u;
    u.conn.execute(insert(u.members).values({{"email", "a@x.org"}, {"name", "A"}}));
    u.conn.execute(insert(u.members)
                       .values({{"email", "a@x.org"}, {"name", "other"}})
                       .on_conflict({u.members.c("email")})
                       .do_nothing());
    CHECK(u.conn.execute(select(u.members.c("name"))).scalar_one<std::string>() == "A");
    CHECK(count_rows(u.conn, u.members) == 1);
}

TEST_CASE("upsert: executemany upserts") {
    REQUIRE_DATABASE();
    Upserts u;
    u.conn.execute(insert(u.kv),
                   std::vector<Parameters>{{{"k", "a"}, {"value", 1}}, {{"k", "b"}, {"value", 2}}});
    auto upsert =
        insert(u.kv).on_conflict({u.kv.c("k")}).do_update({{"value", excluded(u.kv.c("value"))}});
    u.conn.execute(upsert, std::vector<Parameters>{{{"k", "b"}, {"value", 20}},
                                                   {{"k", "c"}, {"value", 30}},
                                                   {{"k", "a"}, {"value", 10}},
                                                   {{"k", "d"}, {"value", 40}}});
    auto rows = u.conn.execute(select(u.kv.c("k"), u.kv.c("value")).order_by(u.kv.c("k"))).all();
    REQUIRE(rows.size() == 4);
    std::vector<int> values;
    for (const auto& r : rows)
        values.push_back(r.get<int>(1));
    CHECK(values == std::vector<int>{10, 20, 30, 40});
}

TEST_CASE("upsert: executemany do_nothing keeps the first rows") {
    REQUIRE_DATABASE();
    Upserts u;
    u.conn.execute(insert(u.kv).values({{"k", "a"}, {"value", 1}}));
    u.conn.execute(
        insert(u.kv).on_conflict().do_nothing(),
        std::vector<Parameters>{{{"k", "a"}, {"value", 100}}, {{"k", "z"}, {"value", 26}}});
    CHECK(u.value_of("a") == 1);
    CHECK(u.value_of("z") == 26);
}

TEST_CASE("upsert: DO UPDATE ... WHERE on SQLite and PostgreSQL, a CompileError on MariaDB") {
    REQUIRE_DATABASE();
    Upserts u;
    u.conn.execute(insert(u.kv).values({{"k", "a"}, {"value", 5}}));
    auto keep_max = [&](int value) {
        return insert(u.kv)
            .values({{"k", "a"}, {"value", value}})
            .on_conflict({u.kv.c("k")})
            .do_update({{"value", excluded(u.kv.c("value"))}},
                       u.kv.c("value") < excluded(u.kv.c("value")));
    };
    if (is_mysql()) {
        expect_throw<CompileError>([&] { u.conn.execute(keep_max(9)); });
        CHECK(u.value_of("a") == 5);
    } else {
        CHECK(u.conn.execute(keep_max(3)).rowcount() == 0);  // the WHERE filtered the update out
        CHECK(u.value_of("a") == 5);
        u.conn.execute(keep_max(9));
        CHECK(u.value_of("a") == 9);
    }
}

TEST_CASE("upsert: ON CONFLICT ON CONSTRAINT on PostgreSQL") {
    REQUIRE_DATABASE();
    Upserts u;
    u.conn.execute(insert(u.members).values({{"email", "c@x.org"}, {"name", "C"}}));
    auto by_name = insert(u.members)
                       .values({{"email", "c@x.org"}, {"name", "C2"}})
                       .on_conflict_constraint("uq_it_members_email")
                       .do_update({{"name", excluded(u.members.c("name"))}});
    if (is_sqlite()) {
        // SQLite's ON CONFLICT names columns only.
        expect_throw<CompileError>([&] { u.conn.execute(by_name); });
        CHECK(u.conn.execute(select(u.members.c("name"))).scalar_one<std::string>() == "C");
    } else {
        // MariaDB maps the constraint to its columns (any unique key fires there anyway).
        u.conn.execute(by_name);
        CHECK(u.conn.execute(select(u.members.c("name"))).scalar_one<std::string>() == "C2");
    }
}

TEST_CASE("upsert: on_duplicate_key_update is MariaDB's own spelling") {
    REQUIRE_DATABASE();
    Upserts u;
    u.conn.execute(insert(u.kv).values({{"k", "a"}, {"value", 1}}));
    auto odku =
        insert(u.kv).values({{"k", "a"}, {"value", 2}}).on_duplicate_key_update({{"note", "dup"}});
    if (is_mysql()) {
        u.conn.execute(odku);
        auto row = u.conn.execute(select(u.kv)).one();
        CHECK(row.get<int>("value") == 1);
        CHECK(row.get<std::string>("note") == "dup");
    } else {
        expect_throw<CompileError>([&] { u.conn.execute(odku); });
    }
}

TEST_CASE("compile hooks: a mysql-only INSERT suffix is executed on MariaDB and nowhere else") {
    REQUIRE_DATABASE();
    Upserts u;
    std::vector<std::string> executed;
    u.engine.events().on_after_execute(
        [&](const ExecuteEvent& e) { executed.emplace_back(e.sql); });
    auto statement = insert(u.kv).values({{"k", "hooked"}, {"value", 1}});
    {
        auto hook = register_compile_hook(
            NodeKind::Insert,
            [](const Node& node, Compiler& c) {
                c.process_default(node);
                c.append(" /* audited */");
            },
            "mysql");
        u.conn.execute(statement);
        REQUIRE(executed.size() == 1);
        CHECK(contains(executed.back(), "/* audited */") == is_mysql());
        // The hook belongs to the dialect, whatever database is connected.
        CHECK(contains(compile(statement, mysql_dialect()).sql(), "INSERT INTO it_kv"));
        CHECK(contains(compile(statement, mysql_dialect()).sql(), " /* audited */"));
        CHECK_FALSE(contains(compile(statement, sqlite_dialect()).sql(), "audited"));
        CHECK_FALSE(contains(compile(statement, postgresql_dialect()).sql(), "audited"));
    }
    // Unregistered: the cached SQL with the suffix is not served any more.
    u.conn.execute(insert(u.kv).values({{"k", "plain"}, {"value", 2}}));
    CHECK_FALSE(contains(executed.back(), "audited"));
    CHECK(u.value_of("hooked") == 1);
    CHECK(u.value_of("plain") == 2);
}

TEST_CASE("compile hooks: a hook for every dialect applies to the database in use") {
    REQUIRE_DATABASE();
    Upserts u;
    u.conn.execute(u.put_kv("a", 1));
    std::vector<std::string> executed;
    u.engine.events().on_after_execute(
        [&](const ExecuteEvent& e) { executed.emplace_back(e.sql); });
    auto hook = register_compile_hook(NodeKind::Delete, [](const Node& node, Compiler& c) {
        c.append("/* purge */ ");
        c.process_default(node);
    });
    auto result = u.conn.execute(delete_(u.kv).where(u.kv.c("k") == "a"));
    CHECK(result.rowcount() == 1);
    REQUIRE_FALSE(executed.empty());
    CHECK(executed.back().rfind("/* purge */ DELETE", 0) == 0);
    CHECK(count_rows(u.conn, u.kv) == 0);
}
