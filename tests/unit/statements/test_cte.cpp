// Common table expressions: WITH in front of SELECT, INSERT ... SELECT, UPDATE and DELETE,
// recursive CTEs built with Cte::union_all, CTEs referenced twice, CTEs nested in subqueries
// hoisted to the top WITH, and parameter numbering across the WITH and the body.
#include "fixtures.hpp"

using namespace retort;
using retort::test::check_dialects;
using retort::test::check_sql;
using retort::test::error_message;
using retort::test::render;

using retort::test::same_everywhere;

TEST_CASE("a CTE used in an IN subquery; PostgreSQL numbers the WITH's parameters first") {
    retort::test::Tables t;
    auto older = select(t.users.c("id")).where(t.users.c("age") > 30).cte("older");
    auto q = select(t.addresses.c("email"))
                 .where(t.addresses.c("user_id").in_(select(older.c("id"))))
                 .where(t.addresses.c("id") > 2);
    check_dialects(
        q,
        {"WITH older AS (SELECT users.id FROM users WHERE users.age > ?) SELECT "
         "addresses.email FROM addresses WHERE addresses.user_id IN (SELECT older.id FROM "
         "older) AND addresses.id > ?",
         {30, 2}},
        {"WITH older AS (SELECT users.id FROM users WHERE users.age > $1) SELECT "
         "addresses.email FROM addresses WHERE addresses.user_id IN (SELECT older.id FROM "
         "older) AND addresses.id > $2",
         {30, 2}},
        {"WITH older AS (SELECT users.id FROM users WHERE users.age > ?) SELECT "
         "addresses.email FROM addresses WHERE addresses.user_id IN (SELECT older.id FROM "
         "older) AND addresses.id > ?",
         {30, 2}});
    CHECK(compile(q, postgresql_dialect()).parameter_names() ==
          std::vector<std::string>{"age_1", "id_1"});
}

TEST_CASE("a CTE selected from directly") {
    retort::test::Tables t;
    auto totals = select(t.orders.c("user_id"), func.sum(t.orders.c("amount")).label("total"))
                      .group_by(t.orders.c("user_id"))
                      .cte("totals");
    auto q = select(t.users.c("name"), totals.c("total"))
                 .join(totals, totals.c("user_id") == t.users.c("id"))
                 .where(totals.c("total") > 1000)
                 .order_by(totals.c("total").desc());
    check_dialects(
        q,
        {"WITH totals AS (SELECT orders.user_id, sum(orders.amount) AS total FROM orders "
         "GROUP BY orders.user_id) SELECT users.name, totals.total FROM users JOIN totals "
         "ON totals.user_id = users.id WHERE totals.total > ? ORDER BY totals.total DESC",
         {1000}},
        {"WITH totals AS (SELECT orders.user_id, sum(orders.amount) AS total FROM orders "
         "GROUP BY orders.user_id) SELECT users.name, totals.total FROM users JOIN totals "
         "ON totals.user_id = users.id WHERE totals.total > $1 ORDER BY totals.total DESC",
         {1000}},
        {"WITH totals AS (SELECT orders.user_id, sum(orders.amount) AS total FROM orders "
         "GROUP BY orders.user_id) SELECT users.name, totals.total FROM users JOIN totals "
         "ON totals.user_id = users.id WHERE totals.total > ? ORDER BY totals.total DESC",
         {1000}});
}

TEST_CASE("a CTE with explicit column names") {
    retort::test::Tables t;
    auto c = select(t.users.c("id"), t.users.c("name")).cte("people", false, {"pid", "pname"});
    CHECK(c.has_column("pid"));
    CHECK_FALSE(c.has_column("id"));
    same_everywhere(select(c.c("pname")).where(c.c("pid") == t.addresses.c("user_id")),
                    "WITH people(pid, pname) AS (SELECT users.id, users.name FROM users) SELECT "
                    "people.pname FROM people, addresses WHERE people.pid = addresses.user_id");
    CHECK(error_message<ArgumentError>([&] {
              select(t.users.c("id")).cte("bad", false, {"a", "b"});
          }) == "CTE 'bad' names 2 columns but its SELECT returns 1");
}

TEST_CASE("a CTE referenced twice through two aliases is defined once") {
    retort::test::Tables t;
    auto u = select(t.users.c("id"), t.users.c("name")).where(t.users.c("age") > 1).cte("u");
    auto x = u.alias("x");
    auto y = u.alias("y");
    auto q = select(x.c("name"), y.c("name").label("other")).where(x.c("id") < y.c("id"));
    check_dialects(
        q,
        {"WITH u AS (SELECT users.id, users.name FROM users WHERE users.age > ?) SELECT "
         "x.name, y.name AS other FROM u AS x, u AS y WHERE x.id < y.id",
         {1}},
        {"WITH u AS (SELECT users.id, users.name FROM users WHERE users.age > $1) SELECT "
         "x.name, y.name AS other FROM u AS x, u AS y WHERE x.id < y.id",
         {1}},
        {"WITH u AS (SELECT users.id, users.name FROM users WHERE users.age > ?) SELECT "
         "x.name, y.name AS other FROM u AS x, u AS y WHERE x.id < y.id",
         {1}});
}

TEST_CASE("a CTE referenced in the FROM list and in a subquery is defined once") {
    retort::test::Tables t;
    auto c = select(t.users.c("id"), t.users.c("age")).where(t.users.c("name") != "x").cte("c");
    auto q = select(c.c("id")).where(c.c("age") == select(func.max(c.c("age"))).scalar_subquery());
    check_sql(
        q, postgresql_dialect(),
        {"WITH c AS (SELECT users.id, users.age FROM users WHERE users.name != $1) SELECT c.id "
         "FROM c WHERE c.age = (SELECT max(c.age) AS max_1 FROM c)",
         {"x"}});
}

TEST_CASE("a CTE nested inside a FROM subquery is hoisted to the top WITH") {
    retort::test::Tables t;
    auto c = select(t.users.c("id")).where(t.users.c("age") > 30).cte("older");
    auto sub = select(c.c("id")).where(c.c("id") < 100).subquery("s");
    auto q = select(sub.c("id")).where(sub.c("id") != 5);
    check_dialects(
        q,
        {"WITH older AS (SELECT users.id FROM users WHERE users.age > ?) SELECT s.id FROM "
         "(SELECT older.id FROM older WHERE older.id < ?) AS s WHERE s.id != ?",
         {30, 100, 5}},
        {"WITH older AS (SELECT users.id FROM users WHERE users.age > $1) SELECT s.id "
         "FROM (SELECT older.id FROM older WHERE older.id < $2) AS s WHERE s.id != $3",
         {30, 100, 5}},
        {"WITH older AS (SELECT users.id FROM users WHERE users.age > ?) SELECT s.id FROM "
         "(SELECT older.id FROM older WHERE older.id < ?) AS s WHERE s.id != ?",
         {30, 100, 5}});
}

TEST_CASE("a CTE inside a scalar subquery in the select list is hoisted too") {
    retort::test::Tables t;
    auto c = select(t.orders.c("user_id"), t.orders.c("amount")).cte("big");
    auto most = select(func.max(c.c("amount")))
                    .where(c.c("user_id") == t.users.c("id"))
                    .scalar_subquery()
                    .label("most");
    same_everywhere(select(t.users.c("name"), most),
                    "WITH big AS (SELECT orders.user_id, orders.amount FROM orders) SELECT "
                    "users.name, (SELECT max(big.amount) AS max_1 FROM big WHERE big.user_id = "
                    "users.id) AS most FROM users");
}

TEST_CASE("a CTE that refers to another CTE: both in one WITH, dependencies first") {
    retort::test::Tables t;
    auto first =
        select(t.users.c("id"), t.users.c("age")).where(t.users.c("age") > 10).cte("first_");
    auto second = select(first.c("id")).where(first.c("age") < 50).cte("second_");
    auto q = select(second.c("id"));
    check_sql(
        q, postgresql_dialect(),
        {"WITH first_ AS (SELECT users.id, users.age FROM users WHERE users.age > $1), second_ "
         "AS (SELECT first_.id FROM first_ WHERE first_.age < $2) SELECT second_.id FROM "
         "second_",
         {10, 50}});
}

TEST_CASE("the recursive parts / sub-parts CTE built with Cte::union_all") {
    retort::test::Tables t;
    auto included = select(t.parts.c("sub_part"), t.parts.c("part"), t.parts.c("quantity"))
                        .where(t.parts.c("part") == "our part")
                        .cte("included_parts", true);
    auto incl_alias = included.alias("pr");
    auto parts_alias = t.parts.alias("p");
    included = included.union_all(
        select(parts_alias.c("sub_part"), parts_alias.c("part"), parts_alias.c("quantity"))
            .where(parts_alias.c("part") == incl_alias.c("sub_part")));
    auto q =
        select(included.c("sub_part"), func.sum(included.c("quantity")).label("total_quantity"))
            .group_by(included.c("sub_part"));
    const std::string with =
        "WITH RECURSIVE included_parts AS (SELECT parts.sub_part, parts.part, parts.quantity FROM "
        "parts WHERE parts.part = ";
    const std::string rest =
        " UNION ALL SELECT p.sub_part, p.part, p.quantity FROM parts AS p, included_parts AS pr "
        "WHERE p.part = pr.sub_part) SELECT included_parts.sub_part, sum(included_parts.quantity) "
        "AS total_quantity FROM included_parts GROUP BY included_parts.sub_part";
    check_dialects(q, {with + "?" + rest, {"our part"}}, {with + "$1" + rest, {"our part"}},
                   {with + "?" + rest, {"our part"}});
}

TEST_CASE("a recursive CTE counting upwards, with UNION instead of UNION ALL") {
    auto counter = select(literal(1, Integer{}).label("n")).cte("counter", true);
    auto c = counter.alias("c");
    counter = counter.union_(select((c.c("n") + 1).label("n")).where(c.c("n") < 10));
    auto q = select(counter.c("n"));
    check_dialects(
        q,
        {"WITH RECURSIVE counter AS (SELECT ? AS n UNION SELECT c.n + ? AS n FROM counter "
         "AS c WHERE c.n < ?) SELECT counter.n FROM counter",
         {1, 1, 10}},
        {"WITH RECURSIVE counter AS (SELECT $1 AS n UNION SELECT c.n + $2 AS n FROM "
         "counter AS c WHERE c.n < $3) SELECT counter.n FROM counter",
         {1, 1, 10}},
        {"WITH RECURSIVE counter AS (SELECT ? AS n UNION SELECT c.n + ? AS n FROM counter "
         "AS c WHERE c.n < ?) SELECT counter.n FROM counter",
         {1, 1, 10}});
}

TEST_CASE("WITH RECURSIVE is refused by a MySQL without CTEs") {
    // MySQL 5.7 has no WITH at all, so the refusal names WITH itself.
    retort::test::Tables t;
    auto old = make_mysql_dialect({.mariadb = false, .major = 5, .minor = 7, .patch = 40});
    auto c = select(t.parts.c("part")).cte("r", true);
    auto ca = c.alias("ca");
    c = c.union_all(select(t.parts.c("sub_part")).where(t.parts.c("part") == ca.c("part")));
    CHECK(error_message<CompileError>([&] { compile(select(c.c("part")), *old); }) ==
          "WITH (common table expressions) is not supported by the mysql dialect");
}

TEST_CASE("a CTE feeding INSERT ... SELECT") {
    retort::test::Tables t;
    auto c = select(t.users.c("id")).where(t.users.c("age") > 30).cte("older");
    auto q = insert(t.orders).from_select({"user_id"}, select(c.c("id")));
    check_dialects(q,
                   {"INSERT INTO orders (user_id) WITH older AS (SELECT users.id FROM users WHERE "
                    "users.age > ?) SELECT older.id FROM older",
                    {30}},
                   {"INSERT INTO orders (user_id) WITH older AS (SELECT users.id FROM users WHERE "
                    "users.age > $1) SELECT older.id FROM older",
                    {30}},
                   {"INSERT INTO orders (user_id) WITH older AS (SELECT users.id FROM users WHERE "
                    "users.age > ?) SELECT older.id FROM older",
                    {30}});
}

TEST_CASE("a CTE used inside INSERT ... VALUES goes in front of the INSERT") {
    retort::test::Tables t;
    auto c = select(t.users.c("id")).where(t.users.c("age") > 30).cte("older");
    auto q = insert(t.tags).values(
        {{"id", select(func.max(c.c("id"))).scalar_subquery()}, {"label", "oldest"}});
    check_sql(
        q, sqlite_dialect(),
        {"WITH older AS (SELECT users.id FROM users WHERE users.age > ?) INSERT INTO tags (id, "
         "label) VALUES ((SELECT max(older.id) AS max_1 FROM older), ?)",
         {30, "oldest"}});
    check_sql(
        q, postgresql_dialect(),
        {"WITH older AS (SELECT users.id FROM users WHERE users.age > $1) INSERT INTO tags (id, "
         "label) VALUES ((SELECT max(older.id) AS max_1 FROM older), $2)",
         {30, "oldest"}});
}

TEST_CASE("a CTE in the WHERE of UPDATE and DELETE goes in front of the statement") {
    retort::test::Tables t;
    auto c = select(t.users.c("id")).where(t.users.c("age") > 30).cte("older");
    auto up = update(t.users).values({{"age", 1}}).where(t.users.c("id").in_(select(c.c("id"))));
    check_dialects(
        up,
        {"WITH older AS (SELECT users.id FROM users WHERE users.age > ?) UPDATE users SET "
         "age = ? WHERE users.id IN (SELECT older.id FROM older)",
         {30, 1}},
        {"WITH older AS (SELECT users.id FROM users WHERE users.age > $1) UPDATE users "
         "SET age = $2 WHERE users.id IN (SELECT older.id FROM older)",
         {30, 1}},
        {"WITH older AS (SELECT users.id FROM users WHERE users.age > ?) UPDATE users SET "
         "age = ? WHERE users.id IN (SELECT older.id FROM older)",
         {30, 1}});
    auto del = delete_(t.addresses).where(t.addresses.c("user_id").in_(select(c.c("id"))));
    check_sql(
        del, postgresql_dialect(),
        {"WITH older AS (SELECT users.id FROM users WHERE users.age > $1) DELETE FROM addresses "
         "WHERE addresses.user_id IN (SELECT older.id FROM older)",
         {30}});
}

TEST_CASE("a CTE used by both members of a UNION is defined once, before the first") {
    retort::test::Tables t;
    auto c = select(t.users.c("id"), t.users.c("age")).cte("c");
    auto q = union_all(select(c.c("id")).where(c.c("age") < 20),
                       select(c.c("id")).where(c.c("age") > 60));
    check_sql(
        q, postgresql_dialect(),
        {"WITH c AS (SELECT users.id, users.age FROM users) SELECT c.id FROM c WHERE c.age < $1 "
         "UNION ALL SELECT c.id FROM c WHERE c.age > $2",
         {20, 60}});
}

TEST_CASE("a CTE with a reserved name is quoted everywhere it appears") {
    retort::test::Tables t;
    auto c = select(t.users.c("id")).cte("order");
    check_dialects(
        select(c.c("id")),
        {"WITH \"order\" AS (SELECT users.id FROM users) SELECT \"order\".id FROM \"order\""},
        {"WITH \"order\" AS (SELECT users.id FROM users) SELECT \"order\".id FROM \"order\""},
        {"WITH `order` AS (SELECT users.id FROM users) SELECT `order`.id FROM `order`"});
}

TEST_CASE("a CTE over a compound SELECT") {
    retort::test::Tables t;
    auto c = union_(select(t.users.c("email")), select(t.addresses.c("email"))).cte("emails");
    same_everywhere(
        select(c.c("email")).order_by(c.c("email")),
        "WITH emails AS (SELECT users.email FROM users UNION SELECT addresses.email FROM "
        "addresses) SELECT emails.email FROM emails ORDER BY emails.email");
}

TEST_CASE("a CTE needs a name") {
    retort::test::Tables t;
    CHECK(error_message<ArgumentError>([&] { select(t.users.c("id")).cte(""); }) ==
          "a CTE needs a name");
}

TEST_CASE("WITH before DML is refused where the dialect cannot say it") {
    retort::test::Tables t;
    auto c = select(t.users.c("id")).where(t.users.c("age") > 30).cte("older");
    auto up = update(t.users).values({{"age", 1}}).where(t.users.c("id").in_(select(c.c("id"))));
    auto del = delete_(t.addresses).where(t.addresses.c("user_id").in_(select(c.c("id"))));
    auto ins = insert(t.tags).values(
        {{"id", select(func.max(c.c("id"))).scalar_subquery()}, {"label", "oldest"}});
    // MariaDB (a mysql dialect) takes WITH only in front of SELECT.
    CHECK(error_message<CompileError>([&] { compile(up, mariadb_dialect()); }) ==
          "WITH before UPDATE is not supported by the mysql dialect: use a subquery instead of "
          "the CTE");
    CHECK(error_message<CompileError>([&] { compile(del, mariadb_dialect()); }) ==
          "WITH before DELETE is not supported by the mysql dialect: use a subquery instead of "
          "the CTE");
    // MySQL 8 takes it before UPDATE and DELETE but not before INSERT.
    CHECK(render(del, mysql_dialect()).sql ==
          "WITH older AS (SELECT users.id FROM users WHERE users.age > ?) DELETE FROM addresses "
          "WHERE addresses.user_id IN (SELECT older.id FROM older)");
    for (const Dialect* d : {&mysql_dialect(), &mariadb_dialect()})
        CHECK(error_message<CompileError>([&] { compile(ins, *d); }) ==
              "WITH before INSERT is not supported by the " + std::string(d->name()) +
                  " dialect: select from the CTE with insert().from_select()");
    // INSERT ... WITH ... SELECT is the form MariaDB takes.
    auto from_select = insert(t.orders).from_select({"user_id"}, select(c.c("id")));
    CHECK(render(from_select, mariadb_dialect()).sql ==
          "INSERT INTO orders (user_id) WITH older AS (SELECT users.id FROM users WHERE "
          "users.age > ?) SELECT older.id FROM older");
}

TEST_CASE("MySQL 5.7 has no WITH at all") {
    retort::test::Tables t;
    auto old = make_mysql_dialect({.mariadb = false, .major = 5, .minor = 7, .patch = 40});
    auto c = select(t.users.c("id")).cte("ids");
    CHECK(error_message<CompileError>([&] { compile(select(c.c("id")), *old); }) ==
          "WITH (common table expressions) is not supported by the mysql dialect");
}
