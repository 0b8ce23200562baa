// Bound parameters of statements: named bindparam() values given at execution, defaults and
// overrides, one name used twice, missing values, expanding IN lists (literal and named), and the
// positional names and numbering each dialect ends up with.
#include "fixtures.hpp"

using namespace retort;
using retort::test::check_dialects;
using retort::test::check_sql;
using retort::test::error_message;
using retort::test::render;

TEST_CASE("bindparam(\"x\") takes its value at execution") {
    retort::test::Tables t;
    auto q = select(t.users.c("name")).where(t.users.c("id") == bindparam("x"));
    Parameters p{{"x", 5}};
    check_dialects(q, {"SELECT users.name FROM users WHERE users.id = ?", {5}},
                   {"SELECT users.name FROM users WHERE users.id = $1", {5}},
                   {"SELECT users.name FROM users WHERE users.id = ?", {5}}, p);
    auto compiled = compile(q, postgresql_dialect());
    CHECK(compiled.parameters(Parameters{{"x", 5}}) == std::vector<Value>{5});
    CHECK(compiled.parameters(Parameters{{"x", "five"}}) == std::vector<Value>{"five"});
    CHECK(compiled.parameter_names(p) == std::vector<std::string>{"x"});
}

TEST_CASE("a missing value for a named parameter is a CompileError naming it") {
    retort::test::Tables t;
    auto compiled = compile(select(t.users.c("name")).where(t.users.c("id") == bindparam("x")),
                            sqlite_dialect());
    CHECK(error_message<CompileError>([&] { compiled.parameters(); }) ==
          "A value is required for bind parameter 'x'");
    CHECK(error_message<CompileError>([&] {
              compiled.parameters(Parameters{{"y", 1}});
          }) == "A value is required for bind parameter 'x'");
    CHECK(error_message<CompileError>([&] { compiled.bind(); }) ==
          "A value is required for bind parameter 'x'");
}

TEST_CASE("bindparam with a default value, overridden by execution parameters") {
    retort::test::Tables t;
    auto q = select(t.users.c("name")).where(t.users.c("age") > bindparam("min_age", 18));
    auto compiled = compile(q, postgresql_dialect());
    CHECK(compiled.sql() == "SELECT users.name FROM users WHERE users.age > $1");
    CHECK(compiled.parameters() == std::vector<Value>{18});
    CHECK(compiled.parameters(Parameters{{"min_age", 21}}) == std::vector<Value>{21});
    CHECK(compiled.parameter_names() == std::vector<std::string>{"min_age"});
    check_dialects(q, {"SELECT users.name FROM users WHERE users.age > ?", {18}},
                   {"SELECT users.name FROM users WHERE users.age > $1", {18}},
                   {"SELECT users.name FROM users WHERE users.age > ?", {18}});
}

TEST_CASE("one named parameter used twice: PostgreSQL reuses $1, ? dialects repeat the value") {
    retort::test::Tables t;
    auto n = bindparam("n");
    auto q = select(t.users.c("id"))
                 .where(t.users.c("age") > n || t.users.c("id") == n)
                 .where(t.users.c("name") != "x");
    Parameters p{{"n", 7}};
    check_dialects(
        q,
        {"SELECT users.id FROM users WHERE (users.age > ? OR users.id = ?) AND users.name "
         "!= ?",
         {7, 7, "x"}},
        {"SELECT users.id FROM users WHERE (users.age > $1 OR users.id = $1) AND "
         "users.name != $2",
         {7, "x"}},
        {"SELECT users.id FROM users WHERE (users.age > ? OR users.id = ?) AND users.name "
         "!= ?",
         {7, 7, "x"}},
        p);
    CHECK(compile(q, postgresql_dialect()).parameter_names(p) ==
          std::vector<std::string>{"n", "name_1"});
    CHECK(compile(q, sqlite_dialect()).parameter_names(p) ==
          std::vector<std::string>{"n", "n", "name_1"});
}

TEST_CASE("two separate bindparam() nodes with the same name are one parameter") {
    retort::test::Tables t;
    auto q = select(t.users.c("id"))
                 .where(t.users.c("age") >= bindparam("v"))
                 .where(t.users.c("id") <= bindparam("v"));
    Parameters p{{"v", 3}};
    check_dialects(q, {"SELECT users.id FROM users WHERE users.age >= ? AND users.id <= ?", {3, 3}},
                   {"SELECT users.id FROM users WHERE users.age >= $1 AND users.id <= $1", {3}},
                   {"SELECT users.id FROM users WHERE users.age >= ? AND users.id <= ?", {3, 3}},
                   p);
}

TEST_CASE("one literal value node used twice renders one $n on PostgreSQL") {
    retort::test::Tables t;
    Expression five = literal(5);
    auto q = select(t.users.c("id")).where(t.users.c("age") > five && t.users.c("id") < five);
    check_dialects(q, {"SELECT users.id FROM users WHERE users.age > ? AND users.id < ?", {5, 5}},
                   {"SELECT users.id FROM users WHERE users.age > $1 AND users.id < $1", {5}},
                   {"SELECT users.id FROM users WHERE users.age > ? AND users.id < ?", {5, 5}});
}

TEST_CASE("anonymous parameters are named after the column they are compared with") {
    retort::test::Tables t;
    auto q = select(t.users.c("id"))
                 .where(t.users.c("age") > 1)
                 .where(t.users.c("age") < 99)
                 .where(t.users.c("name").like("a%"))
                 .where(func.lower(t.users.c("email")) == "e")
                 .where(literal(3) == 3);
    CHECK(compile(q, sqlite_dialect()).parameter_names() ==
          std::vector<std::string>{"age_1", "age_2", "name_1", "param_1", "param_2", "param_3"});
}

TEST_CASE("IN with a list of values expands to one placeholder per item") {
    retort::test::Tables t;
    auto q = select(t.users.c("name")).where(t.users.c("id").in_({1, 2, 3}));
    check_dialects(q, {"SELECT users.name FROM users WHERE users.id IN (?, ?, ?)", {1, 2, 3}},
                   {"SELECT users.name FROM users WHERE users.id IN ($1, $2, $3)", {1, 2, 3}},
                   {"SELECT users.name FROM users WHERE users.id IN (?, ?, ?)", {1, 2, 3}});
    CHECK(compile(q, postgresql_dialect()).parameter_names() ==
          std::vector<std::string>{"id_1_1", "id_1_2", "id_1_3"});
}

TEST_CASE("an expanded IN list renumbers the PostgreSQL parameters that follow it") {
    retort::test::Tables t;
    auto q = select(t.users.c("name"))
                 .where(t.users.c("age") > 3)
                 .where(t.users.c("id").in_({10, 20}))
                 .where(t.users.c("name") == "x")
                 .limit(5);
    check_dialects(
        q,
        {"SELECT users.name FROM users WHERE users.age > ? AND users.id IN (?, ?) AND "
         "users.name = ? LIMIT ?",
         {3, 10, 20, "x", 5}},
        {"SELECT users.name FROM users WHERE users.age > $1 AND users.id IN ($2, $3) AND "
         "users.name = $4 LIMIT $5",
         {3, 10, 20, "x", 5}},
        {"SELECT users.name FROM users WHERE users.age > ? AND users.id IN (?, ?) AND "
         "users.name = ? LIMIT ?",
         {3, 10, 20, "x", 5}});
}

TEST_CASE("a reused named parameter keeps its number across an expanded IN list") {
    retort::test::Tables t;
    auto n = bindparam("n");
    auto q = select(t.users.c("id"))
                 .where(t.users.c("age") > n)
                 .where(t.users.c("id").in_({1, 2}))
                 .where(t.users.c("id") != n);
    Parameters p{{"n", 9}};
    check_sql(
        q, postgresql_dialect(),
        {"SELECT users.id FROM users WHERE users.age > $1 AND users.id IN ($2, $3) AND users.id "
         "!= $1",
         {9, 1, 2}},
        p);
    check_sql(
        q, sqlite_dialect(),
        {"SELECT users.id FROM users WHERE users.age > ? AND users.id IN (?, ?) AND users.id != ?",
         {9, 1, 2, 9}},
        p);
}

TEST_CASE("expanding IN with a named list given at execution") {
    retort::test::Tables t;
    auto q =
        select(t.users.c("name")).where(t.users.c("id").in_parameter(expanding_bindparam("ids")));
    Parameters three{{"ids", std::vector<Value>{4, 5, 6}}};
    check_dialects(q, {"SELECT users.name FROM users WHERE users.id IN (?, ?, ?)", {4, 5, 6}},
                   {"SELECT users.name FROM users WHERE users.id IN ($1, $2, $3)", {4, 5, 6}},
                   {"SELECT users.name FROM users WHERE users.id IN (?, ?, ?)", {4, 5, 6}}, three);
    auto compiled = compile(q, postgresql_dialect());
    CHECK(compiled.sql(Parameters{{"ids", std::vector<Value>{1}}}) ==
          "SELECT users.name FROM users WHERE users.id IN ($1)");
    CHECK(compiled.parameter_names(three) == std::vector<std::string>{"ids_1", "ids_2", "ids_3"});
    CHECK(error_message<CompileError>([&] { compiled.parameters(); }) ==
          "A value is required for bind parameter 'ids'");
    CHECK(error_message<CompileError>([&] {
              compiled.parameters(Parameters{{"ids", 3}});
          }) == "expanding parameter 'ids' needs a list of values, got a integer");
}

TEST_CASE("an empty IN list renders a false condition in each dialect's form") {
    retort::test::Tables t;
    auto q = select(t.users.c("name")).where(t.users.c("id").in_(std::vector<Value>{}));
    check_dialects(
        q,
        {"SELECT users.name FROM users WHERE users.id IN (SELECT 1 FROM (SELECT 1) WHERE "
         "1!=1)"},
        {"SELECT users.name FROM users WHERE users.id IN (NULL) AND (1 != 1)"},
        {"SELECT users.name FROM users WHERE users.id IN (NULL) AND (1 != 1)"});
    auto negated = select(t.users.c("name")).where(t.users.c("id").not_in(std::vector<Value>{}));
    check_dialects(negated,
                   {"SELECT users.name FROM users WHERE (users.id NOT IN (SELECT 1 FROM (SELECT 1) "
                    "WHERE 1!=1))"},
                   {"SELECT users.name FROM users WHERE (users.id NOT IN (NULL) OR (1 = 1))"},
                   {"SELECT users.name FROM users WHERE (users.id NOT IN (NULL) OR (1 = 1))"});
}

TEST_CASE("an empty named IN list combined with another condition keeps its meaning") {
    retort::test::Tables t;
    auto q = select(t.users.c("name"))
                 .where(t.users.c("id").in_parameter(expanding_bindparam("ids")))
                 .where(t.users.c("age") > 1);
    Parameters none{{"ids", std::vector<Value>{}}};
    check_sql(
        q, postgresql_dialect(),
        {"SELECT users.name FROM users WHERE users.id IN (NULL) AND (1 != 1) AND users.age > $1",
         {1}},
        none);
}

TEST_CASE("NOT IN a list of values") {
    retort::test::Tables t;
    auto q = select(t.users.c("name")).where(t.users.c("name").not_in({"a", "b"}));
    check_dialects(q, {"SELECT users.name FROM users WHERE (users.name NOT IN (?, ?))", {"a", "b"}},
                   {"SELECT users.name FROM users WHERE (users.name NOT IN ($1, $2))", {"a", "b"}},
                   {"SELECT users.name FROM users WHERE (users.name NOT IN (?, ?))", {"a", "b"}});
}

TEST_CASE("parameters of DML keep text order: SET, then WHERE, then RETURNING") {
    retort::test::Tables t;
    auto q = update(t.users)
                 .values({{"name", bindparam("new_name")}, {"age", t.users.c("age") * 2}})
                 .where(t.users.c("id").in_({1, 2}))
                 .returning((t.users.c("age") + 1).label("next"));
    Parameters p{{"new_name", "z"}};
    check_sql(
        q, postgresql_dialect(),
        {"UPDATE users SET name = $1, age = users.age * $2 WHERE users.id IN ($3, $4) RETURNING "
         "users.age + $5 AS next",
         {"z", 2, 1, 2, 1}},
        p);
    CHECK(compile(q, postgresql_dialect()).parameter_names(p) ==
          std::vector<std::string>{"new_name", "age_1", "id_1_1", "id_1_2", "age_2"});
}

TEST_CASE("a compiled statement keeps the values of the statement it was compiled from") {
    retort::test::Tables t;
    auto a = compile(select(t.users.c("id")).where(t.users.c("id") == 1), sqlite_dialect());
    auto b = compile(select(t.users.c("id")).where(t.users.c("id") == 2), sqlite_dialect());
    CHECK(a.sql() == b.sql());
    CHECK(a.parameters() == std::vector<Value>{1});
    CHECK(b.parameters() == std::vector<Value>{2});
}

TEST_CASE("values of every kind pass through unchanged") {
    retort::test::Tables t;
    using namespace std::chrono;
    Value day = sys_days{2024y / 2 / 29};
    Value stamp = Timestamp{sys_days{2024y / 1 / 31} + 12h + 30min};
    Value bytes = Bytes{0x00, 0xff};
    Value dec = Decimal{"12.50"};
    auto q =
        select(t.users.c("id")).where(t.users.c("name").in_({day, stamp, bytes, dec, true, 2.5}));
    CHECK(render(q, postgresql_dialect()).params ==
          std::vector<Value>{day, stamp, bytes, dec, true, 2.5});
}
