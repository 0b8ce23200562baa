// UPDATE: SET values and expressions in the order given, WHERE, RETURNING, correlated
// subqueries in SET and WHERE, UPDATE ... FROM (PostgreSQL, SQLite) and MySQL's multi-table
// UPDATE, SET columns from execution parameters, and onupdate defaults.
#include "fixtures.hpp"

using namespace retort;
using retort::test::check_dialects;
using retort::test::check_sql;
using retort::test::error_message;
using retort::test::render;

using retort::test::same_everywhere;

namespace {
int version_counter = 0;

struct OnUpdateTables {
    MetaData meta;
    Table docs{meta,
               "docs",
               Column{"id", Integer{}, primary_key()},
               Column{"body", Text{}},
               Column{"revision", Integer{}, onupdate(Value(1))},
               Column{"version", String{20},
                      onupdate([] { return Value("v" + std::to_string(++version_counter)); })},
               Column{"modified", DateTime{}, onupdate_expression(func.now())}};
};
}  // namespace

TEST_CASE("UPDATE SET values with WHERE") {
    retort::test::Tables t;
    auto q = update(t.users).values({{"name", "x"}, {"age", 30}}).where(t.users.c("id") == 5);
    check_dialects(q, {"UPDATE users SET name = ?, age = ? WHERE users.id = ?", {"x", 30, 5}},
                   {"UPDATE users SET name = $1, age = $2 WHERE users.id = $3", {"x", 30, 5}},
                   {"UPDATE users SET name = ?, age = ? WHERE users.id = ?", {"x", 30, 5}});
    CHECK(compile(q, postgresql_dialect()).parameter_names() ==
          std::vector<std::string>{"name", "age", "id_1"});
}

TEST_CASE("UPDATE SET keeps the order the values were given in") {
    retort::test::Tables t;
    auto q = update(t.users).values({{"age", 1}, {"email", "e"}, {"name", "n"}});
    check_dialects(q, {"UPDATE users SET age = ?, email = ?, name = ?", {1, "e", "n"}},
                   {"UPDATE users SET age = $1, email = $2, name = $3", {1, "e", "n"}},
                   {"UPDATE users SET age = ?, email = ?, name = ?", {1, "e", "n"}});
}

TEST_CASE("UPDATE SET an expression of the column: age = age + 1") {
    retort::test::Tables t;
    auto q = update(t.users)
                 .values({{"age", t.users.c("age") + 1}, {"email", nullptr}})
                 .where(t.users.c("id") == 5);
    check_dialects(
        q, {"UPDATE users SET age = users.age + ?, email = NULL WHERE users.id = ?", {1, 5}},
        {"UPDATE users SET age = users.age + $1, email = NULL WHERE users.id = $2", {1, 5}},
        {"UPDATE users SET age = users.age + ?, email = NULL WHERE users.id = ?", {1, 5}});
    CHECK(compile(q, sqlite_dialect()).parameter_names() ==
          std::vector<std::string>{"age_1", "id_1"});
}

TEST_CASE("UPDATE where() twice ANDs; an Update is immutable") {
    retort::test::Tables t;
    auto base = update(t.users).values({{"age", 0}});
    auto q = base.where(t.users.c("age") < 0).where(t.users.c("name") == "z");
    check_dialects(
        q, {"UPDATE users SET age = ? WHERE users.age < ? AND users.name = ?", {0, 0, "z"}},
        {"UPDATE users SET age = $1 WHERE users.age < $2 AND users.name = $3", {0, 0, "z"}},
        {"UPDATE users SET age = ? WHERE users.age < ? AND users.name = ?", {0, 0, "z"}});
    same_everywhere(base.values({{"age", literal_column("0")}}), "UPDATE users SET age = 0");
}

TEST_CASE("UPDATE names unknown and repeated columns in its errors") {
    retort::test::Tables t;
    CHECK(error_message<ArgumentError>([&] {
              update(t.users).values({{"agee", 1}});
          }) ==
          "UPDATE on table 'users' names unknown column 'agee' (columns: id, name, email, age)");
    CHECK(error_message<ArgumentError>([&] {
              update(t.users).values({{"age", 1}, {"age", 2}});
          }) == "UPDATE on table 'users' gives column 'age' twice");
}

TEST_CASE("UPDATE RETURNING: SQLite and PostgreSQL; MySQL and MariaDB refuse") {
    retort::test::Tables t;
    auto q = update(t.users)
                 .values({{"age", t.users.c("age") + 1}})
                 .where(t.users.c("id") == 5)
                 .returning(t.users.c("id"), t.users.c("age"));
    check_sql(
        q, sqlite_dialect(),
        {"UPDATE users SET age = users.age + ? WHERE users.id = ? RETURNING users.id, users.age",
         {1, 5}});
    check_sql(q, postgresql_dialect(),
              {"UPDATE users SET age = users.age + $1 WHERE users.id = $2 RETURNING users.id, "
               "users.age",
               {1, 5}});
    CHECK(error_message<CompileError>([&] { compile(q, mysql_dialect()); }) ==
          "RETURNING on UPDATE is not supported by the mysql dialect: fetch the rows with a SELECT "
          "in the same transaction");
    CHECK(error_message<CompileError>([&] {
              compile(q, mariadb_dialect());
          }).starts_with("RETURNING on UPDATE is not supported by the mysql dialect"));
    auto compiled = compile(q, postgresql_dialect());
    REQUIRE(compiled.result_columns().size() == 2);
    CHECK(compiled.result_columns()[1].name == "age");
}

TEST_CASE("a correlated scalar subquery in SET") {
    retort::test::Tables t;
    auto count = select(func.count(t.addresses.c("id")))
                     .where(t.addresses.c("user_id") == t.users.c("id"))
                     .scalar_subquery();
    auto q = update(t.users).values({{"age", count}}).where(t.users.c("id") == 1);
    check_dialects(q,
                   {"UPDATE users SET age = (SELECT count(addresses.id) AS count_1 FROM addresses "
                    "WHERE addresses.user_id = users.id) WHERE users.id = ?",
                    {1}},
                   {"UPDATE users SET age = (SELECT count(addresses.id) AS count_1 FROM addresses "
                    "WHERE addresses.user_id = users.id) WHERE users.id = $1",
                    {1}},
                   {"UPDATE users SET age = (SELECT count(addresses.id) AS count_1 FROM addresses "
                    "WHERE addresses.user_id = users.id) WHERE users.id = ?",
                    {1}});
}

TEST_CASE("a correlated subquery in the WHERE of an UPDATE; parameters in text order") {
    retort::test::Tables t;
    auto has = exists(select(t.addresses.c("id"))
                          .where(t.addresses.c("user_id") == t.users.c("id"))
                          .where(t.addresses.c("email").like("%@old")));
    auto q = update(t.users).values({{"email", "gone"}}).where(has);
    check_dialects(q,
                   {"UPDATE users SET email = ? WHERE EXISTS (SELECT addresses.id FROM addresses "
                    "WHERE addresses.user_id = users.id AND addresses.email LIKE ?)",
                    {"gone", "%@old"}},
                   {"UPDATE users SET email = $1 WHERE EXISTS (SELECT addresses.id FROM addresses "
                    "WHERE addresses.user_id = users.id AND addresses.email LIKE $2)",
                    {"gone", "%@old"}},
                   {"UPDATE users SET email = ? WHERE EXISTS (SELECT addresses.id FROM addresses "
                    "WHERE addresses.user_id = users.id AND addresses.email LIKE ?)",
                    {"gone", "%@old"}});
}

TEST_CASE("a subquery over the updated table alone in SET is not correlated") {
    retort::test::Tables t;
    auto q =
        update(t.users).values({{"age", select(func.max(t.users.c("age"))).scalar_subquery()}});
    same_everywhere(q, "UPDATE users SET age = (SELECT max(users.age) AS max_1 FROM users)");
}

TEST_CASE("UPDATE involving another table: FROM on PostgreSQL and SQLite, multi-table on MySQL") {
    retort::test::Tables t;
    auto q = update(t.users)
                 .values({{"name", "x"}})
                 .where(t.users.c("id") == t.addresses.c("user_id"))
                 .where(t.addresses.c("email") == "e");
    check_dialects(
        q,
        {"UPDATE users SET name = ? FROM addresses WHERE users.id = addresses.user_id AND "
         "addresses.email = ?",
         {"x", "e"}},
        {"UPDATE users SET name = $1 FROM addresses WHERE users.id = addresses.user_id AND "
         "addresses.email = $2",
         {"x", "e"}},
        {"UPDATE users, addresses SET users.name = ? WHERE users.id = addresses.user_id "
         "AND addresses.email = ?",
         {"x", "e"}});
}

TEST_CASE("UPDATE ... FROM with a value taken from the other table") {
    retort::test::Tables t;
    auto q = update(t.users)
                 .values({{"email", t.addresses.c("email")}})
                 .where(t.users.c("id") == t.addresses.c("user_id"));
    check_dialects(q,
                   {"UPDATE users SET email = addresses.email FROM addresses WHERE users.id = "
                    "addresses.user_id"},
                   {"UPDATE users SET email = addresses.email FROM addresses WHERE users.id = "
                    "addresses.user_id"},
                   {"UPDATE users, addresses SET users.email = addresses.email WHERE users.id = "
                    "addresses.user_id"});
}

TEST_CASE("Update::from adds a table explicitly, once even when WHERE names it again") {
    retort::test::Tables t;
    auto q = update(t.users)
                 .values({{"age", 1}})
                 .from(t.orders)
                 .where(t.orders.c("user_id") == t.users.c("id"));
    check_dialects(q, {"UPDATE users SET age = ? FROM orders WHERE orders.user_id = users.id", {1}},
                   {"UPDATE users SET age = $1 FROM orders WHERE orders.user_id = users.id", {1}},
                   {"UPDATE users, orders SET users.age = ? WHERE orders.user_id = users.id", {1}});
}

TEST_CASE("UPDATE ... FROM an aliased table") {
    retort::test::Tables t;
    auto boss = t.employees.alias("boss");
    auto q = update(t.employees)
                 .values({{"name", boss.c("name")}})
                 .where(t.employees.c("manager_id") == boss.c("id"));
    check_sql(q, postgresql_dialect(),
              {"UPDATE employees SET name = boss.name FROM employees AS boss WHERE "
               "employees.manager_id = boss.id"});
    check_sql(q, mysql_dialect(),
              {"UPDATE employees, employees AS boss SET employees.name = boss.name WHERE "
               "employees.manager_id = boss.id"});
}

TEST_CASE("SET columns from the execution parameters, except the WHERE's bindparam names") {
    retort::test::Tables t;
    auto q = update(t.users).where(t.users.c("id") == bindparam("uid"));
    Parameters p{{"uid", 5}, {"name", "x"}, {"age", 3}};
    check_dialects(q, {"UPDATE users SET name = ?, age = ? WHERE users.id = ?", {"x", 3, 5}},
                   {"UPDATE users SET name = $1, age = $2 WHERE users.id = $3", {"x", 3, 5}},
                   {"UPDATE users SET name = ?, age = ? WHERE users.id = ?", {"x", 3, 5}}, p);
}

TEST_CASE("a WHERE bindparam named like a column keeps that column out of SET") {
    retort::test::Tables t;
    auto q = update(t.users).where(t.users.c("id") == bindparam("id"));
    Parameters p{{"id", 1}, {"age", 2}};
    check_dialects(q, {"UPDATE users SET age = ? WHERE users.id = ?", {2, 1}},
                   {"UPDATE users SET age = $1 WHERE users.id = $2", {2, 1}},
                   {"UPDATE users SET age = ? WHERE users.id = ?", {2, 1}}, p);
}

TEST_CASE("UPDATE without values or parameters sets every non-key column by name") {
    retort::test::Tables t;
    auto compiled =
        compile(update(t.users).where(t.users.c("id") == bindparam("uid")), postgresql_dialect());
    CHECK(compiled.sql() == "UPDATE users SET name = $1, email = $2, age = $3 WHERE users.id = $4");
    CHECK(compiled.parameter_names(
              Parameters{{"name", "n"}, {"email", "e"}, {"age", 1}, {"uid", 2}}) ==
          std::vector<std::string>{"name", "email", "age", "uid"});
}

TEST_CASE("an UPDATE that sets nothing is a CompileError") {
    retort::test::Tables t;
    auto q = update(t.users).where(t.users.c("id") == bindparam("uid"));
    Parameters p{{"uid", 5}};
    CompileOptions options;
    options.parameters = &p;
    CHECK(error_message<CompileError>([&] { compile(q, sqlite_dialect(), options); }) ==
          "UPDATE of table 'users' sets no columns");
}

TEST_CASE("onupdate defaults fill the columns the UPDATE does not set") {
    OnUpdateTables d;
    version_counter = 0;
    auto q = update(d.docs).values({{"body", "b"}}).where(d.docs.c("id") == 1);
    check_sql(q, sqlite_dialect(),
              {"UPDATE docs SET body = ?, revision = ?, version = ?, modified = CURRENT_TIMESTAMP "
               "WHERE docs.id = ?",
               {"b", 1, "v1", 1}});
    check_sql(q, postgresql_dialect(),
              {"UPDATE docs SET body = $1, revision = $2, version = $3, modified = now() WHERE "
               "docs.id = $4",
               {"b", 1, "v2", 1}});
    check_sql(
        q, mysql_dialect(),
        {"UPDATE docs SET body = ?, revision = ?, version = ?, modified = now() WHERE docs.id "
         "= ?",
         {"b", 1, "v3", 1}});
    CHECK(compile(q, postgresql_dialect()).parameter_names() ==
          std::vector<std::string>{"body", "revision", "version", "id_1"});
}

TEST_CASE("onupdate defaults are skipped for columns set explicitly or by parameters") {
    OnUpdateTables d;
    version_counter = 0;
    auto q = update(d.docs).values({{"version", "mine"}, {"revision", 9}});
    check_dialects(
        q, {"UPDATE docs SET version = ?, revision = ?, modified = CURRENT_TIMESTAMP", {"mine", 9}},
        {"UPDATE docs SET version = $1, revision = $2, modified = now()", {"mine", 9}},
        {"UPDATE docs SET version = ?, revision = ?, modified = now()", {"mine", 9}});
    auto by_parameters = update(d.docs).where(d.docs.c("id") == bindparam("did"));
    Parameters p{{"did", 4}, {"version", "v"}, {"body", "b"}};
    check_sql(by_parameters, postgresql_dialect(),
              {"UPDATE docs SET body = $1, version = $2, revision = $3, modified = now() WHERE "
               "docs.id = $4",
               {"b", "v", 1, 4}},
              p);
    CHECK(version_counter == 0);
}
