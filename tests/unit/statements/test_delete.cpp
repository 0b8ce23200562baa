// DELETE: WHERE, RETURNING per dialect, DELETE ... USING on PostgreSQL, MySQL's
// `DELETE FROM a USING a, b`, SQLite's refusal, and correlated subqueries.
#include "fixtures.hpp"

using namespace retort;
using retort::test::check_dialects;
using retort::test::check_sql;
using retort::test::error_message;
using retort::test::render;

using retort::test::same_everywhere;

TEST_CASE("DELETE without WHERE") {
    retort::test::Tables t;
    same_everywhere(delete_(t.tags), "DELETE FROM tags");
}

TEST_CASE("DELETE with WHERE, called twice") {
    retort::test::Tables t;
    auto q = delete_(t.users).where(t.users.c("age") < 18).where(t.users.c("email") == nullptr);
    check_dialects(q, {"DELETE FROM users WHERE users.age < ? AND users.email IS NULL", {18}},
                   {"DELETE FROM users WHERE users.age < $1 AND users.email IS NULL", {18}},
                   {"DELETE FROM users WHERE users.age < ? AND users.email IS NULL", {18}});
    CHECK(compile(q, postgresql_dialect()).parameter_names() == std::vector<std::string>{"age_1"});
}

TEST_CASE("DELETE with an IN list and a named parameter") {
    retort::test::Tables t;
    auto q = delete_(t.users)
                 .where(t.users.c("id").in_({1, 2, 3}))
                 .where(t.users.c("name") != bindparam("keep"));
    Parameters p{{"keep", "root"}};
    check_dialects(
        q, {"DELETE FROM users WHERE users.id IN (?, ?, ?) AND users.name != ?", {1, 2, 3, "root"}},
        {"DELETE FROM users WHERE users.id IN ($1, $2, $3) AND users.name != $4",
         {1, 2, 3, "root"}},
        {"DELETE FROM users WHERE users.id IN (?, ?, ?) AND users.name != ?", {1, 2, 3, "root"}},
        p);
}

TEST_CASE("DELETE RETURNING: PostgreSQL, SQLite and MariaDB; MySQL refuses") {
    retort::test::Tables t;
    auto q = delete_(t.users).where(t.users.c("id") == 1).returning(t.users.c("name"));
    check_sql(q, sqlite_dialect(),
              {"DELETE FROM users WHERE users.id = ? RETURNING users.name", {1}});
    check_sql(q, postgresql_dialect(),
              {"DELETE FROM users WHERE users.id = $1 RETURNING users.name", {1}});
    check_sql(q, mariadb_dialect(),
              {"DELETE FROM users WHERE users.id = ? RETURNING users.name", {1}});
    CHECK(error_message<CompileError>([&] { compile(q, mysql_dialect()); }) ==
          "RETURNING on DELETE is not supported by the mysql dialect: fetch the rows with a SELECT "
          "in the same transaction");
    auto compiled = compile(q, postgresql_dialect());
    REQUIRE(compiled.result_columns().size() == 1);
    CHECK(compiled.result_columns()[0].name == "name");
    CHECK(compiled.result_columns()[0].column == &t.users.c("name").column_node());
}

TEST_CASE("DELETE RETURNING the whole table") {
    retort::test::Tables t;
    check_sql(delete_(t.tags).returning(t.tags), postgresql_dialect(),
              {"DELETE FROM tags RETURNING tags.id, tags.label"});
}

TEST_CASE("DELETE involving another table: USING on PostgreSQL and MySQL, refused by SQLite") {
    retort::test::Tables t;
    auto q = delete_(t.users)
                 .where(t.users.c("id") == t.addresses.c("user_id"))
                 .where(t.addresses.c("email") == "e");
    check_sql(q, postgresql_dialect(),
              {"DELETE FROM users USING addresses WHERE users.id = addresses.user_id AND "
               "addresses.email = $1",
               {"e"}});
    check_sql(q, mysql_dialect(),
              {"DELETE FROM users USING users, addresses WHERE users.id = addresses.user_id AND "
               "addresses.email = ?",
               {"e"}});
    check_sql(q, mariadb_dialect(),
              {"DELETE FROM users USING users, addresses WHERE users.id = addresses.user_id AND "
               "addresses.email = ?",
               {"e"}});
    CHECK(error_message<CompileError>([&] { compile(q, sqlite_dialect()); }) ==
          "DELETE ... USING (a DELETE involving other tables) is not supported by the sqlite "
          "dialect: use a subquery: where(table.c(\"x\").in_(select(...)))");
}

TEST_CASE("Delete::using_ adds a table explicitly") {
    retort::test::Tables t;
    auto q = delete_(t.orders)
                 .using_(t.users)
                 .where(t.orders.c("user_id") == t.users.c("id"))
                 .where(t.users.c("name") == "gone");
    check_sql(q, postgresql_dialect(),
              {"DELETE FROM orders USING users WHERE orders.user_id = users.id AND users.name = $1",
               {"gone"}});
    check_sql(
        q, mysql_dialect(),
        {"DELETE FROM orders USING orders, users WHERE orders.user_id = users.id AND users.name "
         "= ?",
         {"gone"}});
}

TEST_CASE("DELETE ... USING two other tables lists each once") {
    retort::test::Tables t;
    auto q = delete_(t.orders)
                 .where(t.orders.c("user_id") == t.users.c("id"))
                 .where(t.orders.c("address_id") == t.addresses.c("id"))
                 .where(t.users.c("name") == t.addresses.c("email"));
    check_sql(q, postgresql_dialect(),
              {"DELETE FROM orders USING users, addresses WHERE orders.user_id = users.id AND "
               "orders.address_id = addresses.id AND users.name = addresses.email"});
}

TEST_CASE("DELETE with a correlated NOT EXISTS works everywhere, SQLite included") {
    retort::test::Tables t;
    auto q = delete_(t.users).where(
        !exists(select(t.addresses.c("id")).where(t.addresses.c("user_id") == t.users.c("id"))));
    same_everywhere(q,
                    "DELETE FROM users WHERE NOT EXISTS (SELECT addresses.id FROM addresses WHERE "
                    "addresses.user_id = users.id)");
}

TEST_CASE("DELETE with IN (SELECT ...) is the portable form of a multi-table DELETE") {
    retort::test::Tables t;
    auto q = delete_(t.users).where(
        t.users.c("id").in_(select(t.addresses.c("user_id")).where(t.addresses.c("email") == "e")));
    check_dialects(q,
                   {"DELETE FROM users WHERE users.id IN (SELECT addresses.user_id FROM addresses "
                    "WHERE addresses.email = ?)",
                    {"e"}},
                   {"DELETE FROM users WHERE users.id IN (SELECT addresses.user_id FROM addresses "
                    "WHERE addresses.email = $1)",
                    {"e"}},
                   {"DELETE FROM users WHERE users.id IN (SELECT addresses.user_id FROM addresses "
                    "WHERE addresses.email = ?)",
                    {"e"}});
}

TEST_CASE("a Delete is immutable") {
    retort::test::Tables t;
    auto base = delete_(t.users);
    auto filtered = base.where(t.users.c("id") == 3);
    same_everywhere(base, "DELETE FROM users");
    CHECK(render(filtered, sqlite_dialect()).sql == "DELETE FROM users WHERE users.id = ?");
}
