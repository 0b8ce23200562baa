// SELECT: columns and whole tables, FROM inference, WHERE, GROUP BY / HAVING, ORDER BY,
// LIMIT / OFFSET, DISTINCT, DISTINCT ON and row locking, in SQLite, PostgreSQL and MySQL.
#include "fixtures.hpp"

using namespace retort;
using retort::test::check_dialects;
using retort::test::check_sql;
using retort::test::error_message;
using retort::test::render;

using retort::test::same_everywhere;

TEST_CASE("select(table) lists every column of the table in declaration order") {
    retort::test::Tables t;
    same_everywhere(select(t.users),
                    "SELECT users.id, users.name, users.email, users.age FROM users");
}

TEST_CASE("select mixes whole tables and single columns") {
    retort::test::Tables t;
    same_everywhere(select(t.tags, t.users.c("name")).where(t.users.c("id") == t.tags.c("id")),
                    "SELECT tags.id, tags.label, users.name FROM tags, users "
                    "WHERE users.id = tags.id");
}

TEST_CASE("FROM is inferred from the columns, each table listed once in order of first use") {
    retort::test::Tables t;
    auto q = select(t.users.c("name"), t.addresses.c("email"), t.users.c("id"))
                 .where(t.users.c("id") == t.addresses.c("user_id"));
    same_everywhere(q,
                    "SELECT users.name, addresses.email, users.id FROM users, addresses "
                    "WHERE users.id = addresses.user_id");
}

TEST_CASE("FROM is inferred from the WHERE clause too") {
    retort::test::Tables t;
    auto q = select(t.users.c("name")).where(t.addresses.c("email") == "a@b.c");
    check_dialects(
        q, {"SELECT users.name FROM users, addresses WHERE addresses.email = ?", {"a@b.c"}},
        {"SELECT users.name FROM users, addresses WHERE addresses.email = $1", {"a@b.c"}},
        {"SELECT users.name FROM users, addresses WHERE addresses.email = ?", {"a@b.c"}});
}

TEST_CASE("select_from adds an explicit FROM for columns without a table") {
    retort::test::Tables t;
    same_everywhere(select(func.count()).select_from(t.users),
                    "SELECT count(*) AS count_1 FROM users");
}

TEST_CASE("select_from with a table that the columns also name lists it once") {
    retort::test::Tables t;
    same_everywhere(select(t.users.c("id")).select_from(t.users), "SELECT users.id FROM users");
}

TEST_CASE("select without any FROM renders the columns alone") {
    same_everywhere(select(literal_column("1")), "SELECT 1");
}

TEST_CASE("a SELECT without columns is a CompileError") {
    retort::test::Tables t;
    auto message = error_message<CompileError>(
        [&] { compile(Select().select_from(t.users), sqlite_dialect()); });
    CHECK(message == "a SELECT needs at least one column");
}

TEST_CASE("where() called twice ANDs the conditions") {
    retort::test::Tables t;
    auto q = select(t.users.c("id")).where(t.users.c("age") > 18).where(t.users.c("name") == "ed");
    check_dialects(
        q, {"SELECT users.id FROM users WHERE users.age > ? AND users.name = ?", {18, "ed"}},
        {"SELECT users.id FROM users WHERE users.age > $1 AND users.name = $2", {18, "ed"}},
        {"SELECT users.id FROM users WHERE users.age > ? AND users.name = ?", {18, "ed"}});
}

TEST_CASE("where() with an OR condition then another where() keeps the OR parenthesized") {
    retort::test::Tables t;
    auto q = select(t.users.c("id"))
                 .where(t.users.c("age") < 10 || t.users.c("age") > 60)
                 .where(t.users.c("name") != nullptr);
    check_dialects(q,
                   {"SELECT users.id FROM users WHERE (users.age < ? OR users.age > ?) AND "
                    "users.name IS NOT NULL",
                    {10, 60}},
                   {"SELECT users.id FROM users WHERE (users.age < $1 OR users.age > $2) AND "
                    "users.name IS NOT NULL",
                    {10, 60}},
                   {"SELECT users.id FROM users WHERE (users.age < ? OR users.age > ?) AND "
                    "users.name IS NOT NULL",
                    {10, 60}});
}

TEST_CASE("a Select is immutable: building on it leaves the original unchanged") {
    retort::test::Tables t;
    auto base = select(t.users.c("id"));
    auto filtered = base.where(t.users.c("id") == 1);
    auto ordered = base.order_by(t.users.c("id"));
    same_everywhere(base, "SELECT users.id FROM users");
    same_everywhere(ordered, "SELECT users.id FROM users ORDER BY users.id");
    CHECK(render(filtered, sqlite_dialect()).sql ==
          "SELECT users.id FROM users WHERE users.id = ?");
}

TEST_CASE("group_by and having render after WHERE, with aggregate labels") {
    retort::test::Tables t;
    auto q = select(t.users.c("name"), func.count(t.addresses.c("id")))
                 .select_from(t.users.join(t.addresses))
                 .where(t.users.c("age") >= 21)
                 .group_by(t.users.c("name"))
                 .having(func.count(t.addresses.c("id")) > 1);
    const std::string from =
        "SELECT users.name, count(addresses.id) AS count_1 FROM users JOIN addresses ON "
        "users.id = addresses.user_id ";
    check_dialects(
        q,
        {from + "WHERE users.age >= ? GROUP BY users.name HAVING count(addresses.id) > ?", {21, 1}},
        {from + "WHERE users.age >= $1 GROUP BY users.name HAVING count(addresses.id) > $2",
         {21, 1}},
        {from + "WHERE users.age >= ? GROUP BY users.name HAVING count(addresses.id) > ?",
         {21, 1}});
}

TEST_CASE("having() called twice ANDs the conditions") {
    retort::test::Tables t;
    auto q = select(t.users.c("age"), func.count())
                 .group_by(t.users.c("age"))
                 .having(func.count() > 1)
                 .having(func.count() < 10);
    CHECK(
        render(q, postgresql_dialect()).sql ==
        "SELECT users.age, count(*) AS count_1 FROM users GROUP BY users.age HAVING count(*) > $1 "
        "AND count(*) < $2");
}

TEST_CASE("several unnamed aggregates get numbered labels") {
    retort::test::Tables t;
    same_everywhere(
        select(func.max(t.users.c("age")), func.max(t.users.c("id")), func.min(t.users.c("age"))),
        "SELECT max(users.age) AS max_1, max(users.id) AS max_2, min(users.age) AS "
        "min_1 FROM users");
}

TEST_CASE("order_by with several terms, ASC, DESC and a label") {
    retort::test::Tables t;
    auto n = t.users.c("name").label("n");
    auto q = select(n, t.users.c("age")).order_by(desc(t.users.c("age")), n.asc(), t.users.c("id"));
    same_everywhere(q,
                    "SELECT users.name AS n, users.age FROM users ORDER BY users.age DESC, n ASC, "
                    "users.id");
}

TEST_CASE("order_by called twice appends") {
    retort::test::Tables t;
    auto q = select(t.users.c("id")).order_by(t.users.c("name")).order_by(t.users.c("id").desc());
    same_everywhere(q, "SELECT users.id FROM users ORDER BY users.name, users.id DESC");
}

TEST_CASE("NULLS FIRST / LAST: native on SQLite and PostgreSQL, emulated on MySQL") {
    retort::test::Tables t;
    auto q =
        select(t.users.c("id"))
            .order_by(t.users.c("age").asc().nulls_last(), t.users.c("name").desc().nulls_first());
    check_dialects(
        q,
        {"SELECT users.id FROM users ORDER BY users.age ASC NULLS LAST, users.name DESC NULLS "
         "FIRST"},
        {"SELECT users.id FROM users ORDER BY users.age ASC NULLS LAST, users.name DESC NULLS "
         "FIRST"},
        {"SELECT users.id FROM users ORDER BY users.age IS NULL, users.age ASC, users.name IS NULL "
         "DESC, users.name DESC"});
}

TEST_CASE("limit alone is a bound parameter named param_1") {
    retort::test::Tables t;
    auto q = select(t.users.c("id")).limit(10);
    check_dialects(q, {"SELECT users.id FROM users LIMIT ?", {10}},
                   {"SELECT users.id FROM users LIMIT $1", {10}},
                   {"SELECT users.id FROM users LIMIT ?", {10}});
    CHECK(compile(q, postgresql_dialect()).parameter_names() ==
          std::vector<std::string>{"param_1"});
}

TEST_CASE("limit and offset bind in LIMIT, OFFSET order") {
    retort::test::Tables t;
    auto q = select(t.users.c("id")).where(t.users.c("age") > 1).limit(3).offset(6);
    check_dialects(
        q, {"SELECT users.id FROM users WHERE users.age > ? LIMIT ? OFFSET ?", {1, 3, 6}},
        {"SELECT users.id FROM users WHERE users.age > $1 LIMIT $2 OFFSET $3", {1, 3, 6}},
        {"SELECT users.id FROM users WHERE users.age > ? LIMIT ? OFFSET ?", {1, 3, 6}});
    CHECK(compile(q, sqlite_dialect()).parameter_names() ==
          std::vector<std::string>{"age_1", "param_1", "param_2"});
}

TEST_CASE("offset without limit: LIMIT -1 on SQLite, OFFSET alone on PostgreSQL, max on MySQL") {
    retort::test::Tables t;
    auto q = select(t.users.c("id")).offset(18);
    check_dialects(q, {"SELECT users.id FROM users LIMIT -1 OFFSET ?", {18}},
                   {"SELECT users.id FROM users OFFSET $1", {18}},
                   {"SELECT users.id FROM users LIMIT 18446744073709551615 OFFSET ?", {18}});
    check_sql(q, mariadb_dialect(),
              {"SELECT users.id FROM users LIMIT 18446744073709551615 OFFSET ?", {18}});
}

TEST_CASE("limit given as a named bindparam takes its value at execution") {
    retort::test::Tables t;
    auto q = select(t.users.c("id")).limit(bindparam("n"));
    Parameters p{{"n", 7}};
    check_dialects(q, {"SELECT users.id FROM users LIMIT ?", {7}},
                   {"SELECT users.id FROM users LIMIT $1", {7}},
                   {"SELECT users.id FROM users LIMIT ?", {7}}, p);
}

TEST_CASE("distinct") {
    retort::test::Tables t;
    same_everywhere(select(t.users.c("name")).distinct(), "SELECT DISTINCT users.name FROM users");
}

TEST_CASE("distinct_on renders DISTINCT ON on PostgreSQL and is refused elsewhere") {
    retort::test::Tables t;
    auto q = select(t.users.c("name"), t.users.c("age"))
                 .distinct_on({t.users.c("name")})
                 .order_by(t.users.c("name"), t.users.c("age").desc());
    check_sql(
        q, postgresql_dialect(),
        {"SELECT DISTINCT ON (users.name) users.name, users.age FROM users ORDER BY users.name, "
         "users.age DESC"});
    CHECK(error_message<CompileError>([&] { compile(q, sqlite_dialect()); }) ==
          "DISTINCT ON is not supported by the sqlite dialect: use DISTINCT or a window function");
    CHECK(error_message<CompileError>([&] { compile(q, mysql_dialect()); }) ==
          "DISTINCT ON is not supported by the mysql dialect: use DISTINCT or a window function");
}

TEST_CASE("with_for_update: FOR UPDATE on PostgreSQL and MySQL, a CompileError on SQLite") {
    retort::test::Tables t;
    auto q = select(t.users.c("id")).where(t.users.c("id") == 1).with_for_update();
    check_sql(q, postgresql_dialect(),
              {"SELECT users.id FROM users WHERE users.id = $1 FOR UPDATE", {1}});
    check_sql(q, mysql_dialect(),
              {"SELECT users.id FROM users WHERE users.id = ? FOR UPDATE", {1}});
    check_sql(q, mariadb_dialect(),
              {"SELECT users.id FROM users WHERE users.id = ? FOR UPDATE", {1}});
    CHECK(error_message<CompileError>([&] { compile(q, sqlite_dialect()); }) ==
          "FOR UPDATE is not supported by the sqlite dialect");
}

TEST_CASE("with_for_update NOWAIT and SKIP LOCKED") {
    retort::test::Tables t;
    auto nowait = select(t.users.c("id")).with_for_update({.nowait = true, .of = {}});
    auto skip = select(t.users.c("id")).with_for_update({.skip_locked = true, .of = {}});
    check_sql(nowait, postgresql_dialect(), {"SELECT users.id FROM users FOR UPDATE NOWAIT"});
    check_sql(nowait, mysql_dialect(), {"SELECT users.id FROM users FOR UPDATE NOWAIT"});
    check_sql(nowait, mariadb_dialect(), {"SELECT users.id FROM users FOR UPDATE NOWAIT"});
    check_sql(skip, postgresql_dialect(), {"SELECT users.id FROM users FOR UPDATE SKIP LOCKED"});
    check_sql(skip, mysql_dialect(), {"SELECT users.id FROM users FOR UPDATE SKIP LOCKED"});
    check_sql(skip, mariadb_dialect(), {"SELECT users.id FROM users FOR UPDATE SKIP LOCKED"});
    CHECK(error_message<ArgumentError>([&] {
              select(t.users.c("id")).with_for_update({.nowait = true, .skip_locked = true});
          }) == "with_for_update(): nowait and skip_locked cannot be combined");
}

TEST_CASE("with_for_update OF: PostgreSQL and MySQL 8, refused by MariaDB") {
    retort::test::Tables t;
    auto q = select(t.users.c("id"), t.addresses.c("id"))
                 .where(t.users.c("id") == t.addresses.c("user_id"))
                 .with_for_update({.of = {t.users}});
    const std::string sql =
        "SELECT users.id, addresses.id FROM users, addresses WHERE users.id = addresses.user_id "
        "FOR UPDATE OF users";
    check_sql(q, postgresql_dialect(), {sql});
    check_sql(q, mysql_dialect(), {sql});
    CHECK(error_message<CompileError>([&] { compile(q, mariadb_dialect()); }) ==
          "FOR UPDATE OF is not supported by the mysql dialect");
}

TEST_CASE("with_for_update OF an alias names the alias") {
    retort::test::Tables t;
    auto u = t.users.alias("u");
    auto q = select(u.c("id")).with_for_update({.skip_locked = true, .of = {u}});
    check_sql(q, postgresql_dialect(), {"SELECT u.id FROM users AS u FOR UPDATE OF u SKIP LOCKED"});
    check_sql(q, mysql_dialect(), {"SELECT u.id FROM users AS u FOR UPDATE OF u SKIP LOCKED"});
}

TEST_CASE("FOR SHARE: PostgreSQL and MySQL 8 spell it FOR SHARE, MariaDB LOCK IN SHARE MODE") {
    retort::test::Tables t;
    auto q = select(t.users.c("id")).with_for_update({.mode = ForUpdate::Mode::Share, .of = {}});
    check_sql(q, postgresql_dialect(), {"SELECT users.id FROM users FOR SHARE"});
    check_sql(q, mysql_dialect(), {"SELECT users.id FROM users FOR SHARE"});
    check_sql(q, mariadb_dialect(), {"SELECT users.id FROM users LOCK IN SHARE MODE"});
    CHECK(error_message<CompileError>([&] { compile(q, sqlite_dialect()); }) ==
          "FOR UPDATE is not supported by the sqlite dialect");
    auto of =
        select(t.users.c("id")).with_for_update({.mode = ForUpdate::Mode::Share, .of = {t.users}});
    check_sql(of, mysql_dialect(), {"SELECT users.id FROM users FOR SHARE OF users"});
    CHECK(
        error_message<CompileError>([&] { compile(of, mariadb_dialect()); }) ==
        "LOCK IN SHARE MODE with OF, NOWAIT or SKIP LOCKED is not supported by the mysql dialect");
}

TEST_CASE("FOR NO KEY UPDATE and FOR KEY SHARE exist on PostgreSQL only") {
    retort::test::Tables t;
    auto nk =
        select(t.users.c("id")).with_for_update({.mode = ForUpdate::Mode::NoKeyUpdate, .of = {}});
    auto ks = select(t.users.c("id"))
                  .with_for_update({.mode = ForUpdate::Mode::KeyShare, .nowait = true, .of = {}});
    check_sql(nk, postgresql_dialect(), {"SELECT users.id FROM users FOR NO KEY UPDATE"});
    check_sql(ks, postgresql_dialect(), {"SELECT users.id FROM users FOR KEY SHARE NOWAIT"});
    CHECK(error_message<CompileError>([&] { compile(nk, mysql_dialect()); }) ==
          "FOR NO KEY UPDATE is not supported by the mysql dialect");
    CHECK(error_message<CompileError>([&] { compile(ks, mysql_dialect()); }) ==
          "FOR KEY SHARE is not supported by the mysql dialect");
}

TEST_CASE("older MySQL versions refuse NOWAIT and SKIP LOCKED") {
    retort::test::Tables t;
    auto old = make_mysql_dialect({.mariadb = false, .major = 5, .minor = 7, .patch = 40});
    auto q = select(t.users.c("id")).with_for_update({.skip_locked = true, .of = {}});
    CHECK(error_message<CompileError>([&] { compile(q, *old); }) ==
          "FOR UPDATE SKIP LOCKED is not supported by the mysql dialect");
    check_sql(select(t.users.c("id")).with_for_update(), *old,
              {"SELECT users.id FROM users FOR UPDATE"});
}

TEST_CASE("a full SELECT renders its clauses in SQL order") {
    retort::test::Tables t;
    auto q = select(t.users.c("age"), func.count().label("n"))
                 .where(t.users.c("name").like("a%"))
                 .group_by(t.users.c("age"))
                 .having(func.count() > 2)
                 .order_by(desc(literal_column("n")))
                 .limit(5)
                 .offset(10)
                 .distinct();
    check_dialects(
        q,
        {"SELECT DISTINCT users.age, count(*) AS n FROM users WHERE users.name LIKE ? GROUP "
         "BY users.age HAVING count(*) > ? ORDER BY n DESC LIMIT ? OFFSET ?",
         {"a%", 2, 5, 10}},
        {"SELECT DISTINCT users.age, count(*) AS n FROM users WHERE users.name LIKE $1 "
         "GROUP BY users.age HAVING count(*) > $2 ORDER BY n DESC LIMIT $3 OFFSET $4",
         {"a%", 2, 5, 10}},
        {"SELECT DISTINCT users.age, count(*) AS n FROM users WHERE users.name LIKE ? GROUP "
         "BY users.age HAVING count(*) > ? ORDER BY n DESC LIMIT ? OFFSET ?",
         {"a%", 2, 5, 10}});
}

TEST_CASE("reserved and mixed-case names are quoted per dialect") {
    MetaData meta;
    Table order{meta, "order", Column{"id", Integer{}, primary_key()}, Column{"Total", Integer{}},
                Column{"select", Integer{}}};
    check_dialects(select(order).where(order.c("Total") > 5),
                   {"SELECT \"order\".id, \"order\".\"Total\", \"order\".\"select\" FROM \"order\" "
                    "WHERE \"order\".\"Total\" > ?",
                    {5}},
                   {"SELECT \"order\".id, \"order\".\"Total\", \"order\".\"select\" FROM \"order\" "
                    "WHERE \"order\".\"Total\" > $1",
                    {5}},
                   {"SELECT `order`.id, `order`.`Total`, `order`.`select` FROM `order` WHERE "
                    "`order`.`Total` > ?",
                    {5}});
}

TEST_CASE("result columns of a compiled SELECT follow the select list") {
    retort::test::Tables t;
    auto compiled = compile(select(t.users.c("id"), t.users.c("name").label("who"), func.count()),
                            sqlite_dialect());
    const auto& cols = compiled.result_columns();
    REQUIRE(cols.size() == 3);
    CHECK(cols[0].name == "id");
    CHECK(cols[0].column == &t.users.c("id").column_node());
    CHECK(cols[1].name == "who");
    CHECK(cols[2].name == "count_1");
    CHECK(cols[2].column == nullptr);
}
