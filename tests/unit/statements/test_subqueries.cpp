// Subqueries: named and anonymous FROM subqueries, LATERAL, scalar subqueries, EXISTS, IN
// (SELECT ...), correlation (automatic, correlate(), correlate_except(), no_correlate()) and
// nesting, with the parameter order of every dialect.
#include "fixtures.hpp"

using namespace retort;
using retort::test::check_dialects;
using retort::test::check_sql;
using retort::test::error_message;
using retort::test::render;

using retort::test::same_everywhere;

TEST_CASE("a named subquery in FROM, joined with an explicit condition") {
    retort::test::Tables t;
    auto counts = select(t.addresses.c("user_id"), func.count().label("n"))
                      .group_by(t.addresses.c("user_id"))
                      .subquery("counts");
    auto q = select(t.users.c("name"), counts.c("n"))
                 .join(counts, counts.c("user_id") == t.users.c("id"))
                 .where(counts.c("n") > 2);
    const std::string body =
        "SELECT users.name, counts.n FROM users JOIN (SELECT addresses.user_id, count(*) AS n FROM "
        "addresses GROUP BY addresses.user_id) AS counts ON counts.user_id = users.id WHERE "
        "counts.n > ";
    check_dialects(q, {body + "?", {2}}, {body + "$1", {2}}, {body + "?", {2}});
}

TEST_CASE("an anonymous subquery is named anon_1") {
    retort::test::Tables t;
    auto s = select(t.addresses.c("email")).where(t.addresses.c("id") > 5).subquery();
    auto q = select(s.c("email")).where(s.c("email").like("a%"));
    check_dialects(q,
                   {"SELECT anon_1.email FROM (SELECT addresses.email FROM addresses WHERE "
                    "addresses.id > ?) AS anon_1 WHERE anon_1.email LIKE ?",
                    {5, "a%"}},
                   {"SELECT anon_1.email FROM (SELECT addresses.email FROM addresses WHERE "
                    "addresses.id > $1) AS anon_1 WHERE anon_1.email LIKE $2",
                    {5, "a%"}},
                   {"SELECT anon_1.email FROM (SELECT addresses.email FROM addresses WHERE "
                    "addresses.id > ?) AS anon_1 WHERE anon_1.email LIKE ?",
                    {5, "a%"}});
}

TEST_CASE("two anonymous subqueries are numbered in order of appearance") {
    retort::test::Tables t;
    auto a = select(t.users.c("id")).subquery();
    auto b = select(t.addresses.c("user_id")).subquery();
    auto q = select(a.c("id"), b.c("user_id")).where(a.c("id") == b.c("user_id"));
    same_everywhere(q,
                    "SELECT anon_1.id, anon_2.user_id FROM (SELECT users.id FROM users) AS anon_1, "
                    "(SELECT addresses.user_id FROM addresses) AS anon_2 WHERE anon_1.id = "
                    "anon_2.user_id");
}

TEST_CASE("a subquery's duplicate column names get suffixes so each stays reachable") {
    retort::test::Tables t;
    auto s = select(t.users.c("id"), t.addresses.c("id"))
                 .where(t.users.c("id") == t.addresses.c("user_id"))
                 .subquery("s");
    auto q = select(s.c("id"), s.c("id_1"));
    same_everywhere(q,
                    "SELECT s.id, s.id_1 FROM (SELECT users.id, addresses.id AS id_1 FROM users, "
                    "addresses WHERE users.id = addresses.user_id) AS s");
}

TEST_CASE("a subquery exports unnamed expressions under their anonymous labels") {
    retort::test::Tables t;
    auto s = select(func.max(t.users.c("id")), t.users.c("age") + 1)
                 .group_by(t.users.c("age"))
                 .subquery("s");
    CHECK(s.has_column("max_1"));
    CHECK(s.has_column("anon_1"));
    auto q = select(s.c("max_1"), s.c("anon_1"));
    check_dialects(
        q,
        {"SELECT s.max_1, s.anon_1 FROM (SELECT max(users.id) AS max_1, users.age + ? AS "
         "anon_1 FROM users GROUP BY users.age) AS s",
         {1}},
        {"SELECT s.max_1, s.anon_1 FROM (SELECT max(users.id) AS max_1, users.age + $1 "
         "AS anon_1 FROM users GROUP BY users.age) AS s",
         {1}},
        {"SELECT s.max_1, s.anon_1 FROM (SELECT max(users.id) AS max_1, users.age + ? AS "
         "anon_1 FROM users GROUP BY users.age) AS s",
         {1}});
    CHECK(error_message<ArgumentError>([&] { s.c("nope"); }) ==
          "Subquery 's' has no column named 'nope' (columns: max_1, anon_1)");
}

TEST_CASE("an alias of a subquery renames it") {
    retort::test::Tables t;
    auto s = select(t.users.c("id")).where(t.users.c("age") > 1).subquery("s");
    auto a = s.alias("s2");
    check_dialects(
        select(a.c("id")),
        {"SELECT s2.id FROM (SELECT users.id FROM users WHERE users.age > ?) AS s2", {1}},
        {"SELECT s2.id FROM (SELECT users.id FROM users WHERE users.age > $1) AS s2", {1}},
        {"SELECT s2.id FROM (SELECT users.id FROM users WHERE users.age > ?) AS s2", {1}});
}

TEST_CASE("nested subqueries number PostgreSQL parameters from the innermost outwards") {
    retort::test::Tables t;
    auto inner = select(t.addresses.c("user_id")).where(t.addresses.c("id") > 3).subquery("i");
    auto outer = select(inner.c("user_id")).where(inner.c("user_id") < 10).subquery("o");
    auto q = select(outer.c("user_id")).where(outer.c("user_id") != 7);
    check_dialects(q,
                   {"SELECT o.user_id FROM (SELECT i.user_id FROM (SELECT addresses.user_id FROM "
                    "addresses WHERE addresses.id > ?) AS i WHERE i.user_id < ?) AS o WHERE "
                    "o.user_id != ?",
                    {3, 10, 7}},
                   {"SELECT o.user_id FROM (SELECT i.user_id FROM (SELECT addresses.user_id FROM "
                    "addresses WHERE addresses.id > $1) AS i WHERE i.user_id < $2) AS o WHERE "
                    "o.user_id != $3",
                    {3, 10, 7}},
                   {"SELECT o.user_id FROM (SELECT i.user_id FROM (SELECT addresses.user_id FROM "
                    "addresses WHERE addresses.id > ?) AS i WHERE i.user_id < ?) AS o WHERE "
                    "o.user_id != ?",
                    {3, 10, 7}});
    CHECK(compile(q, postgresql_dialect()).parameter_names() ==
          std::vector<std::string>{"id_1", "user_id_1", "user_id_2"});
}

TEST_CASE("a correlated scalar subquery in the select list") {
    retort::test::Tables t;
    auto n = select(func.count(t.addresses.c("id")))
                 .where(t.addresses.c("user_id") == t.users.c("id"))
                 .where(t.addresses.c("email").like("%@x"))
                 .scalar_subquery()
                 .label("n");
    auto q = select(t.users.c("name"), n).where(t.users.c("age") > 5);
    const std::string head =
        "SELECT users.name, (SELECT count(addresses.id) AS count_1 FROM addresses WHERE "
        "addresses.user_id = users.id AND addresses.email LIKE ";
    check_dialects(q, {head + "?) AS n FROM users WHERE users.age > ?", {"%@x", 5}},
                   {head + "$1) AS n FROM users WHERE users.age > $2", {"%@x", 5}},
                   {head + "?) AS n FROM users WHERE users.age > ?", {"%@x", 5}});
}

TEST_CASE("a scalar subquery compared in WHERE") {
    retort::test::Tables t;
    auto newest = select(func.max(t.orders.c("id")))
                      .where(t.orders.c("user_id") == t.users.c("id"))
                      .scalar_subquery();
    auto q = select(t.users.c("name")).where(newest > 100);
    check_dialects(
        q,
        {"SELECT users.name FROM users WHERE (SELECT max(orders.id) AS max_1 FROM orders "
         "WHERE orders.user_id = users.id) > ?",
         {100}},
        {"SELECT users.name FROM users WHERE (SELECT max(orders.id) AS max_1 FROM orders "
         "WHERE orders.user_id = users.id) > $1",
         {100}},
        {"SELECT users.name FROM users WHERE (SELECT max(orders.id) AS max_1 FROM orders "
         "WHERE orders.user_id = users.id) > ?",
         {100}});
}

TEST_CASE("a subquery over the enclosing table alone is not correlated") {
    retort::test::Tables t;
    auto oldest = select(func.max(t.users.c("age"))).scalar_subquery();
    auto q = select(t.users.c("name")).where(t.users.c("age") == oldest);
    same_everywhere(
        q,
        "SELECT users.name FROM users WHERE users.age = (SELECT max(users.age) AS max_1 "
        "FROM users)");
}

TEST_CASE("scalar_subquery needs exactly one column") {
    retort::test::Tables t;
    CHECK(error_message<ArgumentError>([&] {
              select(t.users.c("id"), t.users.c("name")).scalar_subquery();
          }) == "scalar_subquery() needs a SELECT of exactly one column, this one has 2");
}

TEST_CASE("EXISTS and NOT EXISTS with a correlated subquery") {
    retort::test::Tables t;
    auto has_address =
        exists(select(t.addresses.c("id")).where(t.addresses.c("user_id") == t.users.c("id")));
    same_everywhere(select(t.users.c("name")).where(has_address),
                    "SELECT users.name FROM users WHERE EXISTS (SELECT addresses.id FROM addresses "
                    "WHERE addresses.user_id = users.id)");
    same_everywhere(select(t.users.c("name")).where(!has_address),
                    "SELECT users.name FROM users WHERE NOT EXISTS (SELECT addresses.id FROM "
                    "addresses WHERE addresses.user_id = users.id)");
    auto method = select(literal_column("1"))
                      .select_from(t.addresses)
                      .where(t.addresses.c("user_id") == t.users.c("id"))
                      .exists();
    same_everywhere(select(t.users.c("id")).where(method && t.users.c("age") != nullptr),
                    "SELECT users.id FROM users WHERE EXISTS (SELECT 1 FROM addresses WHERE "
                    "addresses.user_id = users.id) AND users.age IS NOT NULL");
}

TEST_CASE("IN and NOT IN a subquery") {
    retort::test::Tables t;
    auto ids = select(t.addresses.c("user_id")).where(t.addresses.c("email").like("%x"));
    check_dialects(select(t.users.c("name")).where(t.users.c("id").in_(ids)),
                   {"SELECT users.name FROM users WHERE users.id IN (SELECT addresses.user_id FROM "
                    "addresses WHERE addresses.email LIKE ?)",
                    {"%x"}},
                   {"SELECT users.name FROM users WHERE users.id IN (SELECT addresses.user_id FROM "
                    "addresses WHERE addresses.email LIKE $1)",
                    {"%x"}},
                   {"SELECT users.name FROM users WHERE users.id IN (SELECT addresses.user_id FROM "
                    "addresses WHERE addresses.email LIKE ?)",
                    {"%x"}});
    CHECK(render(select(t.users.c("name")).where(t.users.c("id").not_in(ids)), postgresql_dialect())
              .sql ==
          "SELECT users.name FROM users WHERE users.id NOT IN (SELECT addresses.user_id FROM "
          "addresses WHERE addresses.email LIKE $1)");
}

TEST_CASE("correlate() correlates only the listed tables") {
    retort::test::Tables t;
    auto sq = select(t.orders.c("id"))
                  .where(t.orders.c("user_id") == t.users.c("id"))
                  .where(t.orders.c("address_id") == t.addresses.c("id"))
                  .correlate({t.users})
                  .limit(1)
                  .scalar_subquery();
    auto q = select(t.users.c("name"), t.addresses.c("email")).where(sq > 0);
    check_dialects(q,
                   {"SELECT users.name, addresses.email FROM users, addresses WHERE (SELECT "
                    "orders.id FROM orders, addresses WHERE orders.user_id = users.id AND "
                    "orders.address_id = addresses.id LIMIT ?) > ?",
                    {1, 0}},
                   {"SELECT users.name, addresses.email FROM users, addresses WHERE (SELECT "
                    "orders.id FROM orders, addresses WHERE orders.user_id = users.id AND "
                    "orders.address_id = addresses.id LIMIT $1) > $2",
                    {1, 0}},
                   {"SELECT users.name, addresses.email FROM users, addresses WHERE (SELECT "
                    "orders.id FROM orders, addresses WHERE orders.user_id = users.id AND "
                    "orders.address_id = addresses.id LIMIT ?) > ?",
                    {1, 0}});
}

TEST_CASE("correlate_except() correlates every enclosing table but the listed ones") {
    retort::test::Tables t;
    auto sq = select(t.orders.c("id"))
                  .where(t.orders.c("user_id") == t.users.c("id"))
                  .where(t.orders.c("address_id") == t.addresses.c("id"))
                  .correlate_except({t.addresses})
                  .scalar_subquery();
    auto q = select(t.users.c("name"), t.addresses.c("email")).where(t.users.c("id") == sq);
    same_everywhere(q,
                    "SELECT users.name, addresses.email FROM users, addresses WHERE users.id = "
                    "(SELECT orders.id FROM orders, addresses WHERE orders.user_id = users.id AND "
                    "orders.address_id = addresses.id)");
}

TEST_CASE("no_correlate() keeps every FROM of the subquery") {
    retort::test::Tables t;
    auto sq = select(t.addresses.c("user_id"))
                  .where(t.addresses.c("user_id") == t.users.c("id"))
                  .no_correlate()
                  .scalar_subquery();
    same_everywhere(select(t.users.c("name")).where(t.users.c("id") == sq),
                    "SELECT users.name FROM users WHERE users.id = (SELECT addresses.user_id FROM "
                    "addresses, users WHERE addresses.user_id = users.id)");
}

TEST_CASE("a subquery whose every FROM is correlated away is a CompileError") {
    retort::test::Tables t;
    auto sq = select(t.users.c("id"))
                  .where(t.users.c("id") == t.addresses.c("user_id"))
                  .limit(1)
                  .scalar_subquery();
    auto q = select(t.users.c("name"), t.addresses.c("email")).where(sq == 1);
    auto message = error_message<CompileError>([&] { compile(q, sqlite_dialect()); });
    CHECK(message.find("returned no FROM clauses due to auto-correlation") != std::string::npos);
    CHECK(message.find("correlate()") != std::string::npos);
    // Explicit correlation of the only table is refused the same way.
    auto explicit_sq = select(t.users.c("id")).where(t.users.c("id") > 5).correlate({t.users});
    auto q2 = select(t.users.c("name")).where(t.users.c("id").in_(explicit_sq));
    CHECK(error_message<CompileError>([&] {
              compile(q2, postgresql_dialect());
          }).find("returned no FROM clauses") != std::string::npos);
    // no_correlate() is the way out.
    same_everywhere(
        select(t.users.c("name"), t.addresses.c("email"))
            .where(select(t.users.c("id"))
                       .where(t.users.c("id") == t.addresses.c("user_id"))
                       .no_correlate()
                       .scalar_subquery() == t.users.c("id")),
        "SELECT users.name, addresses.email FROM users, addresses WHERE (SELECT users.id "
        "FROM users, addresses WHERE users.id = addresses.user_id) = users.id");
}

TEST_CASE("correlation reaches through two levels of nesting") {
    retort::test::Tables t;
    auto deepest = select(func.count())
                       .select_from(t.orders)
                       .where(t.orders.c("address_id") == t.addresses.c("id"))
                       .where(t.orders.c("user_id") == t.users.c("id"))
                       .scalar_subquery();
    auto middle = select(t.addresses.c("id"))
                      .where(t.addresses.c("user_id") == t.users.c("id"))
                      .where(deepest > 0);
    auto q = select(t.users.c("name")).where(exists(middle));
    check_dialects(
        q,
        {"SELECT users.name FROM users WHERE EXISTS (SELECT addresses.id FROM addresses "
         "WHERE addresses.user_id = users.id AND (SELECT count(*) AS count_1 FROM orders "
         "WHERE orders.address_id = addresses.id AND orders.user_id = users.id) > ?)",
         {0}},
        {"SELECT users.name FROM users WHERE EXISTS (SELECT addresses.id FROM addresses "
         "WHERE addresses.user_id = users.id AND (SELECT count(*) AS count_1 FROM orders "
         "WHERE orders.address_id = addresses.id AND orders.user_id = users.id) > $1)",
         {0}},
        {"SELECT users.name FROM users WHERE EXISTS (SELECT addresses.id FROM addresses "
         "WHERE addresses.user_id = users.id AND (SELECT count(*) AS count_1 FROM orders "
         "WHERE orders.address_id = addresses.id AND orders.user_id = users.id) > ?)",
         {0}});
}

TEST_CASE("a subquery in FROM does not correlate with its siblings") {
    retort::test::Tables t;
    auto s = select(t.addresses.c("user_id"))
                 .where(t.addresses.c("user_id") == t.users.c("id"))
                 .subquery("s");
    same_everywhere(select(t.users.c("name"), s.c("user_id")),
                    "SELECT users.name, s.user_id FROM users, (SELECT addresses.user_id FROM "
                    "addresses, users WHERE addresses.user_id = users.id) AS s");
}

TEST_CASE("correlation through an alias of the enclosing table") {
    retort::test::Tables t;
    auto u = t.users.alias("u");
    auto sq = select(func.count())
                  .select_from(t.addresses)
                  .where(t.addresses.c("user_id") == u.c("id"))
                  .scalar_subquery()
                  .label("c");
    same_everywhere(select(u.c("name"), sq),
                    "SELECT u.name, (SELECT count(*) AS count_1 FROM addresses WHERE "
                    "addresses.user_id = u.id) AS c FROM users AS u");
}

TEST_CASE("LATERAL: PostgreSQL and MySQL 8, a CompileError on SQLite and MariaDB") {
    retort::test::Tables t;
    auto lat = select(t.addresses.c("email"))
                   .where(t.addresses.c("user_id") == t.users.c("id"))
                   .order_by(t.addresses.c("id").desc())
                   .limit(1)
                   .lateral("a");
    auto q = select(t.users.c("name"), lat.c("email")).join(lat, true_());
    check_sql(
        q, postgresql_dialect(),
        {"SELECT users.name, a.email FROM users JOIN LATERAL (SELECT addresses.email FROM "
         "addresses WHERE addresses.user_id = users.id ORDER BY addresses.id DESC LIMIT $1) AS "
         "a ON true",
         {1}});
    check_sql(
        q, mysql_dialect(),
        {"SELECT users.name, a.email FROM users JOIN LATERAL (SELECT addresses.email FROM "
         "addresses WHERE addresses.user_id = users.id ORDER BY addresses.id DESC LIMIT ?) AS "
         "a ON 1",
         {1}});
    CHECK(error_message<CompileError>([&] { compile(q, sqlite_dialect()); }) ==
          "LATERAL is not supported by the sqlite dialect");
    CHECK(error_message<CompileError>([&] { compile(q, mariadb_dialect()); }) ==
          "LATERAL is not supported by the mysql dialect");
}

TEST_CASE("an anonymous LATERAL subquery listed in FROM") {
    retort::test::Tables t;
    auto lat = select(func.count().label("n"))
                   .select_from(t.addresses)
                   .where(t.addresses.c("user_id") == t.users.c("id"))
                   .lateral();
    auto q = select(t.users.c("name"), lat.c("n"));
    check_sql(
        q, postgresql_dialect(),
        {"SELECT users.name, anon_1.n FROM users, LATERAL (SELECT count(*) AS n FROM addresses "
         "WHERE addresses.user_id = users.id) AS anon_1"});
}

TEST_CASE("a subquery built from a compiled-twice statement keeps its own parameters") {
    retort::test::Tables t;
    auto s = select(t.users.c("id")).where(t.users.c("age") > 20).subquery("s");
    auto q = select(s.c("id")).where(
        s.c("id").in_(select(t.addresses.c("user_id")).where(t.addresses.c("id") == 4)));
    check_sql(q, postgresql_dialect(),
              {"SELECT s.id FROM (SELECT users.id FROM users WHERE users.age > $1) AS s WHERE s.id "
               "IN (SELECT addresses.user_id FROM addresses WHERE addresses.id = $2)",
               {20, 4}});
    auto again = compile(q, postgresql_dialect());
    CHECK(again.parameters() == std::vector<Value>{20, 4});
}
