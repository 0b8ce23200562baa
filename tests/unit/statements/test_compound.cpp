// Compound SELECTs: UNION [ALL], INTERSECT [ALL], EXCEPT [ALL] with ORDER BY / LIMIT / OFFSET on
// the whole, members with their own LIMIT, nesting, use as a subquery, and the refusals.
#include "fixtures.hpp"

using namespace retort;
using retort::test::check_dialects;
using retort::test::check_sql;
using retort::test::error_message;
using retort::test::render;

using retort::test::same_everywhere;

TEST_CASE("UNION with ORDER BY and LIMIT on the whole: ORDER BY names result columns") {
    retort::test::Tables t;
    auto q = union_(select(t.users.c("name")).where(t.users.c("age") > 5),
                    select(t.addresses.c("email")))
                 .order_by(t.users.c("name"))
                 .limit(3);
    check_dialects(
        q,
        {"SELECT users.name FROM users WHERE users.age > ? UNION SELECT addresses.email "
         "FROM addresses ORDER BY name LIMIT ?",
         {5, 3}},
        {"SELECT users.name FROM users WHERE users.age > $1 UNION SELECT addresses.email "
         "FROM addresses ORDER BY name LIMIT $2",
         {5, 3}},
        {"SELECT users.name FROM users WHERE users.age > ? UNION SELECT addresses.email "
         "FROM addresses ORDER BY name LIMIT ?",
         {5, 3}});
}

TEST_CASE("UNION ALL of three members numbers parameters across members") {
    retort::test::Tables t;
    auto q = union_all(select(t.users.c("id")).where(t.users.c("age") == 1),
                       select(t.users.c("id")).where(t.users.c("age") == 2),
                       select(t.users.c("id")).where(t.users.c("age") == 3));
    check_dialects(
        q,
        {"SELECT users.id FROM users WHERE users.age = ? UNION ALL SELECT users.id FROM "
         "users WHERE users.age = ? UNION ALL SELECT users.id FROM users WHERE users.age = ?",
         {1, 2, 3}},
        {"SELECT users.id FROM users WHERE users.age = $1 UNION ALL SELECT users.id FROM "
         "users WHERE users.age = $2 UNION ALL SELECT users.id FROM users WHERE users.age = "
         "$3",
         {1, 2, 3}},
        {"SELECT users.id FROM users WHERE users.age = ? UNION ALL SELECT users.id FROM "
         "users WHERE users.age = ? UNION ALL SELECT users.id FROM users WHERE users.age = ?",
         {1, 2, 3}});
    CHECK(compile(q, sqlite_dialect()).parameter_names() ==
          std::vector<std::string>{"age_1", "age_2", "age_3"});
}

TEST_CASE("members with their own ORDER BY / LIMIT are parenthesized, or wrapped on SQLite") {
    retort::test::Tables t;
    auto q = union_all(select(t.users.c("name")).order_by(t.users.c("name")).limit(2),
                       select(t.addresses.c("email")).limit(1));
    check_dialects(
        q,
        {"SELECT * FROM (SELECT users.name FROM users ORDER BY users.name LIMIT ?) UNION "
         "ALL SELECT * FROM (SELECT addresses.email FROM addresses LIMIT ?)",
         {2, 1}},
        {"(SELECT users.name FROM users ORDER BY users.name LIMIT $1) UNION ALL (SELECT "
         "addresses.email FROM addresses LIMIT $2)",
         {2, 1}},
        {"(SELECT users.name FROM users ORDER BY users.name LIMIT ?) UNION ALL (SELECT "
         "addresses.email FROM addresses LIMIT ?)",
         {2, 1}});
}

TEST_CASE("a member with OFFSET only is parenthesized and keeps the dialect's OFFSET form") {
    retort::test::Tables t;
    auto q = union_(select(t.users.c("id")).offset(4), select(t.addresses.c("id")));
    check_dialects(
        q,
        {"SELECT * FROM (SELECT users.id FROM users LIMIT -1 OFFSET ?) UNION SELECT "
         "addresses.id FROM addresses",
         {4}},
        {"(SELECT users.id FROM users OFFSET $1) UNION SELECT addresses.id FROM addresses", {4}},
        {"(SELECT users.id FROM users LIMIT 18446744073709551615 OFFSET ?) UNION SELECT "
         "addresses.id FROM addresses",
         {4}});
}

TEST_CASE("OFFSET alone on a compound") {
    retort::test::Tables t;
    auto q = union_(select(t.users.c("id")), select(t.addresses.c("id"))).offset(10);
    check_dialects(
        q,
        {"SELECT users.id FROM users UNION SELECT addresses.id FROM addresses LIMIT -1 "
         "OFFSET ?",
         {10}},
        {"SELECT users.id FROM users UNION SELECT addresses.id FROM addresses OFFSET $1", {10}},
        {"SELECT users.id FROM users UNION SELECT addresses.id FROM addresses LIMIT "
         "18446744073709551615 OFFSET ?",
         {10}});
}

TEST_CASE("compound ORDER BY with DESC, a label and LIMIT / OFFSET") {
    retort::test::Tables t;
    auto q = union_all(select(t.users.c("name").label("who"), t.users.c("age")),
                       select(t.employees.c("name"), t.employees.c("id")))
                 .order_by(desc(t.users.c("age")), literal_column("who"))
                 .limit(5)
                 .offset(5);
    check_dialects(
        q,
        {"SELECT users.name AS who, users.age FROM users UNION ALL SELECT employees.name, "
         "employees.id FROM employees ORDER BY age DESC, who LIMIT ? OFFSET ?",
         {5, 5}},
        {"SELECT users.name AS who, users.age FROM users UNION ALL SELECT employees.name, "
         "employees.id FROM employees ORDER BY age DESC, who LIMIT $1 OFFSET $2",
         {5, 5}},
        {"SELECT users.name AS who, users.age FROM users UNION ALL SELECT employees.name, "
         "employees.id FROM employees ORDER BY age DESC, who LIMIT ? OFFSET ?",
         {5, 5}});
    auto compiled = compile(q, postgresql_dialect());
    REQUIRE(compiled.result_columns().size() == 2);
    CHECK(compiled.result_columns()[0].name == "who");
    CHECK(compiled.result_columns()[1].name == "age");
}

TEST_CASE("INTERSECT and EXCEPT: SQLite, PostgreSQL and MariaDB; MySQL before 8.0.31 refuses") {
    retort::test::Tables t;
    auto i = intersect(select(t.users.c("id")), select(t.addresses.c("user_id")));
    auto e = except_(select(t.users.c("id")), select(t.addresses.c("user_id")));
    const std::string isql =
        "SELECT users.id FROM users INTERSECT SELECT addresses.user_id FROM addresses";
    const std::string esql =
        "SELECT users.id FROM users EXCEPT SELECT addresses.user_id FROM addresses";
    for (const Dialect* d : {&sqlite_dialect(), &postgresql_dialect(), &mariadb_dialect()}) {
        check_sql(i, *d, {isql});
        check_sql(e, *d, {esql});
    }
    CHECK(error_message<CompileError>([&] { compile(i, mysql_dialect()); }) ==
          "INTERSECT is not supported by the mysql dialect");
    CHECK(error_message<CompileError>([&] { compile(e, mysql_dialect()); }) ==
          "EXCEPT is not supported by the mysql dialect");
    auto mysql831 = make_mysql_dialect({.mariadb = false, .major = 8, .minor = 0, .patch = 31});
    check_sql(i, *mysql831, {isql});
}

TEST_CASE("INTERSECT ALL and EXCEPT ALL: PostgreSQL, not SQLite") {
    retort::test::Tables t;
    auto i = intersect_all(select(t.users.c("id")), select(t.addresses.c("user_id")));
    auto e = except_all(select(t.users.c("id")), select(t.addresses.c("user_id")));
    check_sql(i, postgresql_dialect(),
              {"SELECT users.id FROM users INTERSECT ALL SELECT addresses.user_id FROM addresses"});
    check_sql(e, postgresql_dialect(),
              {"SELECT users.id FROM users EXCEPT ALL SELECT addresses.user_id FROM addresses"});
    check_sql(e, mariadb_dialect(),
              {"SELECT users.id FROM users EXCEPT ALL SELECT addresses.user_id FROM addresses"});
    CHECK(error_message<CompileError>([&] { compile(i, sqlite_dialect()); }) ==
          "INTERSECT ALL is not supported by the sqlite dialect");
    CHECK(error_message<CompileError>([&] { compile(e, sqlite_dialect()); }) ==
          "EXCEPT ALL is not supported by the sqlite dialect");
    CHECK(error_message<CompileError>([&] { compile(i, mysql_dialect()); }) ==
          "INTERSECT ALL is not supported by the mysql dialect");
}

TEST_CASE("a compound nested in a compound is parenthesized, or wrapped on SQLite") {
    retort::test::Tables t;
    auto inner = union_all(select(t.users.c("id")), select(t.addresses.c("user_id")));
    auto q = except_(inner, select(t.orders.c("user_id")).where(t.orders.c("amount") > 0));
    check_sql(q, sqlite_dialect(),
              {"SELECT * FROM (SELECT users.id FROM users UNION ALL SELECT addresses.user_id FROM "
               "addresses) EXCEPT SELECT orders.user_id FROM orders WHERE orders.amount > ?",
               {0}});
    check_sql(q, postgresql_dialect(),
              {"(SELECT users.id FROM users UNION ALL SELECT addresses.user_id FROM addresses) "
               "EXCEPT SELECT orders.user_id FROM orders WHERE orders.amount > $1",
               {0}});
}

TEST_CASE("a compound as a named subquery") {
    retort::test::Tables t;
    auto s = union_(select(t.users.c("id")), select(t.addresses.c("user_id"))).subquery("s");
    same_everywhere(
        select(s.c("id")).where(s.c("id") > literal_column("0")),
        "SELECT s.id FROM (SELECT users.id FROM users UNION SELECT addresses.user_id FROM "
        "addresses) AS s WHERE s.id > 0");
    auto e = except_(select(t.users.c("id")), select(t.addresses.c("user_id"))).subquery("e");
    check_sql(select(e.c("id")), postgresql_dialect(),
              {"SELECT e.id FROM (SELECT users.id FROM users EXCEPT SELECT addresses.user_id FROM "
               "addresses) AS e"});
}

TEST_CASE("a compound with ORDER BY / LIMIT as an anonymous subquery") {
    retort::test::Tables t;
    auto s = union_(select(t.users.c("email")), select(t.addresses.c("email")))
                 .order_by(t.users.c("email"))
                 .limit(10)
                 .subquery();
    check_dialects(select(func.count()).select_from(s),
                   {"SELECT count(*) AS count_1 FROM (SELECT users.email FROM users UNION SELECT "
                    "addresses.email FROM addresses ORDER BY email LIMIT ?) AS anon_1",
                    {10}},
                   {"SELECT count(*) AS count_1 FROM (SELECT users.email FROM users UNION SELECT "
                    "addresses.email FROM addresses ORDER BY email LIMIT $1) AS anon_1",
                    {10}},
                   {"SELECT count(*) AS count_1 FROM (SELECT users.email FROM users UNION SELECT "
                    "addresses.email FROM addresses ORDER BY email LIMIT ?) AS anon_1",
                    {10}});
}

TEST_CASE("a compound feeds INSERT ... SELECT") {
    retort::test::Tables t;
    auto q = insert(t.tags).from_select(
        {"id", "label"}, union_all(select(t.users.c("id"), t.users.c("name")),
                                   select(t.employees.c("id"), t.employees.c("name"))));
    same_everywhere(q,
                    "INSERT INTO tags (id, label) SELECT users.id, users.name FROM users UNION ALL "
                    "SELECT employees.id, employees.name FROM employees");
}

TEST_CASE("compound members must have the same number of columns") {
    retort::test::Tables t;
    CHECK(error_message<ArgumentError>([&] {
              union_(select(t.users.c("id")), select(t.users.c("id"), t.users.c("name")));
          }) == "all SELECTs of a UNION must have the same number of columns (1 and 2)");
    CHECK(error_message<ArgumentError>([&] {
              except_all(select(t.users.c("id"), t.users.c("age")), select(t.users.c("id")));
          }).ends_with("must have the same number of columns (2 and 1)"));
    CHECK(error_message<ArgumentError>([&] {
              union_all(std::vector<SelectableStatement>{select(t.users.c("id"))});
          }) == "a compound SELECT (UNION, INTERSECT, EXCEPT) needs at least two SELECTs");
}

TEST_CASE("a compound is immutable: order_by and limit return new statements") {
    retort::test::Tables t;
    auto base = union_(select(t.users.c("id")), select(t.addresses.c("id")));
    auto limited = base.limit(1);
    same_everywhere(base, "SELECT users.id FROM users UNION SELECT addresses.id FROM addresses");
    CHECK(render(limited, sqlite_dialect()).sql ==
          "SELECT users.id FROM users UNION SELECT addresses.id FROM addresses LIMIT ?");
}
