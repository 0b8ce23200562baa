// Joins: explicit ON, conditions inferred from the single foreign key, LEFT / FULL OUTER joins,
// join chains, join_from, aliases and self-joins, and the errors for missing or ambiguous keys.
#include "fixtures.hpp"

using namespace retort;
using retort::test::check_dialects;
using retort::test::check_sql;
using retort::test::error_message;
using retort::test::render;

using retort::test::same_everywhere;

TEST_CASE("join with an explicit ON condition") {
    retort::test::Tables t;
    auto q =
        select(t.users.c("name"), t.addresses.c("email"))
            .select_from(t.users.join(t.addresses, t.users.c("id") == t.addresses.c("user_id")));
    same_everywhere(q,
                    "SELECT users.name, addresses.email FROM users JOIN addresses ON users.id = "
                    "addresses.user_id");
}

TEST_CASE("join condition inferred from the single foreign key") {
    retort::test::Tables t;
    auto q =
        select(t.users.c("name"), t.addresses.c("email")).select_from(t.users.join(t.addresses));
    same_everywhere(q,
                    "SELECT users.name, addresses.email FROM users JOIN addresses ON users.id = "
                    "addresses.user_id");
}

TEST_CASE("inferred join condition names the referenced column first whichever side it is on") {
    retort::test::Tables t;
    auto q =
        select(t.addresses.c("email"), t.users.c("name")).select_from(t.addresses.join(t.users));
    same_everywhere(q,
                    "SELECT addresses.email, users.name FROM addresses JOIN users ON users.id = "
                    "addresses.user_id");
}

TEST_CASE("Select::join joins to the table inferred from the columns") {
    retort::test::Tables t;
    auto q = select(t.users.c("name")).join(t.addresses).where(t.addresses.c("email").like("%@x"));
    check_dialects(q,
                   {"SELECT users.name FROM users JOIN addresses ON users.id = addresses.user_id "
                    "WHERE addresses.email LIKE ?",
                    {"%@x"}},
                   {"SELECT users.name FROM users JOIN addresses ON users.id = addresses.user_id "
                    "WHERE addresses.email LIKE $1",
                    {"%@x"}},
                   {"SELECT users.name FROM users JOIN addresses ON users.id = addresses.user_id "
                    "WHERE addresses.email LIKE ?",
                    {"%@x"}});
}

TEST_CASE("tables inside a join are not listed again in FROM") {
    retort::test::Tables t;
    auto q = select(t.users.c("name"), t.addresses.c("email"))
                 .join_from(t.users, t.addresses)
                 .where(t.users.c("id") > 3)
                 .where(t.addresses.c("id") < 9);
    check_dialects(q,
                   {"SELECT users.name, addresses.email FROM users JOIN addresses ON users.id = "
                    "addresses.user_id WHERE users.id > ? AND addresses.id < ?",
                    {3, 9}},
                   {"SELECT users.name, addresses.email FROM users JOIN addresses ON users.id = "
                    "addresses.user_id WHERE users.id > $1 AND addresses.id < $2",
                    {3, 9}},
                   {"SELECT users.name, addresses.email FROM users JOIN addresses ON users.id = "
                    "addresses.user_id WHERE users.id > ? AND addresses.id < ?",
                    {3, 9}});
}

TEST_CASE("a table outside the join is still listed next to it") {
    retort::test::Tables t;
    auto q = select(t.users.c("name"), t.tags.c("label")).join(t.addresses);
    // As SQLAlchemy orders them: FROM clauses of the columns first, then the explicit join.
    same_everywhere(q,
                    "SELECT users.name, tags.label FROM tags, users JOIN addresses ON users.id = "
                    "addresses.user_id");
}

TEST_CASE("outerjoin renders LEFT OUTER JOIN") {
    retort::test::Tables t;
    auto q = select(t.users.c("name")).outerjoin(t.addresses).where(t.addresses.c("id") == nullptr);
    same_everywhere(q,
                    "SELECT users.name FROM users LEFT OUTER JOIN addresses ON users.id = "
                    "addresses.user_id WHERE addresses.id IS NULL");
    auto explicit_join = select(t.users.c("name"))
                             .select_from(t.users.outerjoin(t.addresses, t.addresses.c("id") == 1));
    check_dialects(
        explicit_join,
        {"SELECT users.name FROM users LEFT OUTER JOIN addresses ON addresses.id = ?", {1}},
        {"SELECT users.name FROM users LEFT OUTER JOIN addresses ON addresses.id = $1", {1}},
        {"SELECT users.name FROM users LEFT OUTER JOIN addresses ON addresses.id = ?", {1}});
}

TEST_CASE("full_join renders FULL OUTER JOIN and MySQL refuses it") {
    retort::test::Tables t;
    auto q = select(t.users.c("name"), t.addresses.c("email")).full_join(t.addresses);
    const std::string sql =
        "SELECT users.name, addresses.email FROM users FULL OUTER JOIN addresses ON users.id = "
        "addresses.user_id";
    check_sql(q, sqlite_dialect(), {sql});
    check_sql(q, postgresql_dialect(), {sql});
    CHECK(error_message<CompileError>([&] { compile(q, mysql_dialect()); }) ==
          "FULL OUTER JOIN is not supported by the mysql dialect");
    auto via_from = select(t.users.c("name")).select_from(t.users.full_outer_join(t.addresses));
    check_sql(
        via_from, postgresql_dialect(),
        {"SELECT users.name FROM users FULL OUTER JOIN addresses ON users.id = addresses.user_id"});
}

TEST_CASE("a join chain infers each condition from the rightmost table joined so far") {
    retort::test::Tables t;
    // orders has foreign keys to both users and addresses: the key to addresses (the table
    // joined last) decides, as SQLAlchemy does.
    auto q = select(t.users.c("name"), t.orders.c("amount"))
                 .select_from(t.users.join(t.addresses).join(t.orders));
    same_everywhere(q,
                    "SELECT users.name, orders.amount FROM users JOIN addresses ON users.id = "
                    "addresses.user_id JOIN orders ON addresses.id = orders.address_id");
    auto chained = select(t.users.c("name")).join(t.addresses).join(t.orders);
    same_everywhere(chained,
                    "SELECT users.name FROM users JOIN addresses ON users.id = addresses.user_id "
                    "JOIN orders ON addresses.id = orders.address_id");
}

TEST_CASE("a join chain mixing inner and outer joins with explicit conditions") {
    retort::test::Tables t;
    auto j = t.users.join(t.addresses)
                 .outerjoin(t.orders,
                            t.orders.c("user_id") == t.users.c("id") && t.orders.c("amount") > 100);
    auto q = select(t.users.c("name"), t.orders.c("id")).select_from(j);
    check_dialects(q,
                   {"SELECT users.name, orders.id FROM users JOIN addresses ON users.id = "
                    "addresses.user_id LEFT OUTER JOIN orders ON orders.user_id = users.id AND "
                    "orders.amount > ?",
                    {100}},
                   {"SELECT users.name, orders.id FROM users JOIN addresses ON users.id = "
                    "addresses.user_id LEFT OUTER JOIN orders ON orders.user_id = users.id AND "
                    "orders.amount > $1",
                    {100}},
                   {"SELECT users.name, orders.id FROM users JOIN addresses ON users.id = "
                    "addresses.user_id LEFT OUTER JOIN orders ON orders.user_id = users.id AND "
                    "orders.amount > ?",
                    {100}});
}

TEST_CASE("a join whose right side is itself a join is parenthesized") {
    retort::test::Tables t;
    auto inner = t.addresses.join(t.orders, t.orders.c("address_id") == t.addresses.c("id"));
    auto q = select(t.users.c("name"))
                 .select_from(t.users.join(inner, t.users.c("id") == t.addresses.c("user_id")));
    same_everywhere(q,
                    "SELECT users.name FROM users JOIN (addresses JOIN orders ON orders.address_id "
                    "= addresses.id) ON users.id = addresses.user_id");
}

TEST_CASE("join_from names the left side explicitly") {
    retort::test::Tables t;
    auto q = select(t.addresses.c("email"), t.users.c("name")).join_from(t.users, t.addresses);
    same_everywhere(q,
                    "SELECT addresses.email, users.name FROM users JOIN addresses ON users.id = "
                    "addresses.user_id");
}

TEST_CASE("join after select_from extends the explicit FROM") {
    retort::test::Tables t;
    auto q = select(t.orders.c("id")).select_from(t.addresses).join(t.orders);
    same_everywhere(q,
                    "SELECT orders.id FROM addresses JOIN orders ON addresses.id = "
                    "orders.address_id");
}

TEST_CASE("two foreign keys between the tables: ArgumentError in SQLAlchemy's words") {
    retort::test::Tables t;
    auto message = error_message<ArgumentError>([&] { t.users.join(t.messages); });
    CHECK(message ==
          "Can't determine join between 'users' and 'messages'; tables have more than one foreign "
          "key constraint relationship between them. Please specify the 'onclause' of this join "
          "explicitly.");
    auto via_select =
        error_message<ArgumentError>([&] { select(t.users.c("id")).join(t.messages); });
    CHECK(via_select == message);
    // An explicit ON resolves it.
    auto q =
        select(t.messages.c("body"))
            .select_from(t.users.join(t.messages, t.messages.c("sender_id") == t.users.c("id")));
    same_everywhere(
        q, "SELECT messages.body FROM users JOIN messages ON messages.sender_id = users.id");
}

TEST_CASE("no foreign key between the tables: ArgumentError in SQLAlchemy's words") {
    retort::test::Tables t;
    auto message = error_message<ArgumentError>([&] { t.users.join(t.tags); });
    CHECK(
        message.starts_with("Can't find any foreign key relationships between 'users' and 'tags'"));
    auto outer = error_message<ArgumentError>([&] { select(t.tags.c("id")).outerjoin(t.parts); });
    CHECK(outer.starts_with("Can't find any foreign key relationships between 'tags' and 'parts'"));
}

TEST_CASE("join() on a SELECT with nothing to join from is an ArgumentError") {
    retort::test::Tables t;
    CHECK(error_message<ArgumentError>([&] { select(func.now()).join(t.users); }) ==
          "join(): the SELECT has no FROM clause to join from; use select_from() or join_from()");
}

TEST_CASE("aliases render `table AS name` and qualify columns with the alias") {
    retort::test::Tables t;
    auto u = t.users.alias("u");
    auto q = select(u.c("id"), u.c("name")).where(u.c("age") > 30);
    check_dialects(q, {"SELECT u.id, u.name FROM users AS u WHERE u.age > ?", {30}},
                   {"SELECT u.id, u.name FROM users AS u WHERE u.age > $1", {30}},
                   {"SELECT u.id, u.name FROM users AS u WHERE u.age > ?", {30}});
}

TEST_CASE("an alias and its table are two FROM entries") {
    retort::test::Tables t;
    auto u2 = t.users.alias("u2");
    auto q = select(t.users.c("name"), u2.c("name")).where(t.users.c("age") == u2.c("age"));
    // Two columns named `name` at the top level keep their names (no AS needed).
    same_everywhere(q,
                    "SELECT users.name, u2.name FROM users, users AS u2 WHERE users.age = u2.age");
}

TEST_CASE("a join condition is inferred through an alias") {
    retort::test::Tables t;
    auto a = t.addresses.alias("a");
    auto q = select(t.users.c("name"), a.c("email")).select_from(t.users.join(a));
    same_everywhere(q,
                    "SELECT users.name, a.email FROM users JOIN addresses AS a ON users.id = "
                    "a.user_id");
    auto u = t.users.alias("u");
    auto q2 = select(u.c("name")).join(t.addresses);
    same_everywhere(q2, "SELECT u.name FROM users AS u JOIN addresses ON u.id = addresses.user_id");
}

TEST_CASE("self-join through an alias infers the self-referencing foreign key") {
    retort::test::Tables t;
    auto manager = t.employees.alias("manager");
    auto q =
        select(t.employees.c("name"), manager.c("name").label("manager_name"))
            .select_from(t.employees.join(manager, t.employees.c("manager_id") == manager.c("id")));
    same_everywhere(q,
                    "SELECT employees.name, manager.name AS manager_name FROM employees JOIN "
                    "employees AS manager ON employees.manager_id = manager.id");
    auto inferred = select(manager.c("name")).select_from(manager.join(t.employees));
    same_everywhere(inferred,
                    "SELECT manager.name FROM employees AS manager JOIN employees ON manager.id = "
                    "employees.manager_id");
}

TEST_CASE("two aliases of the same table joined") {
    retort::test::Tables t;
    auto boss = t.employees.alias("boss");
    auto worker = t.employees.alias("worker");
    auto q = select(boss.c("name"), worker.c("name"))
                 .select_from(boss.join(worker, worker.c("manager_id") == boss.c("id")))
                 .where(boss.c("name") == "ann");
    check_dialects(q,
                   {"SELECT boss.name, worker.name FROM employees AS boss JOIN employees AS worker "
                    "ON worker.manager_id = boss.id WHERE boss.name = ?",
                    {"ann"}},
                   {"SELECT boss.name, worker.name FROM employees AS boss JOIN employees AS worker "
                    "ON worker.manager_id = boss.id WHERE boss.name = $1",
                    {"ann"}},
                   {"SELECT boss.name, worker.name FROM employees AS boss JOIN employees AS worker "
                    "ON worker.manager_id = boss.id WHERE boss.name = ?",
                    {"ann"}});
}

TEST_CASE("an alias with a reserved name is quoted") {
    retort::test::Tables t;
    auto a = t.users.alias("select");
    check_dialects(select(a.c("id")), {"SELECT \"select\".id FROM users AS \"select\""},
                   {"SELECT \"select\".id FROM users AS \"select\""},
                   {"SELECT `select`.id FROM users AS `select`"});
}

TEST_CASE("columns of a join are reachable by name, ambiguous names need table.column") {
    retort::test::Tables t;
    FromClause j = t.users.join(t.addresses);
    CHECK(render(select(j.c("user_id")).select_from(j), sqlite_dialect()).sql ==
          "SELECT addresses.user_id FROM users JOIN addresses ON users.id = addresses.user_id");
    CHECK(render(select(j.c("addresses.email")).select_from(j), sqlite_dialect()).sql ==
          "SELECT addresses.email FROM users JOIN addresses ON users.id = addresses.user_id");
    CHECK(error_message<ArgumentError>([&] { j.c("email"); }) ==
          "Join has more than one column named 'email'; name it as 'table.column'");
}

TEST_CASE("select(join) selects every column of both sides FROM the join") {
    retort::test::Tables t;
    auto q = select(t.users.join(t.addresses)).where(t.users.c("id") == 2);
    check_dialects(q,
                   {"SELECT users.id, users.name, users.email, users.age, addresses.id, "
                    "addresses.user_id, addresses.email FROM users JOIN addresses ON users.id = "
                    "addresses.user_id WHERE users.id = ?",
                    {2}},
                   {"SELECT users.id, users.name, users.email, users.age, addresses.id, "
                    "addresses.user_id, addresses.email FROM users JOIN addresses ON users.id = "
                    "addresses.user_id WHERE users.id = $1",
                    {2}},
                   {"SELECT users.id, users.name, users.email, users.age, addresses.id, "
                    "addresses.user_id, addresses.email FROM users JOIN addresses ON users.id = "
                    "addresses.user_id WHERE users.id = ?",
                    {2}});
}
