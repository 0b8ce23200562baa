// INSERT: VALUES in table-column order, multi-row VALUES, INSERT ... SELECT, DEFAULT VALUES,
// RETURNING per dialect, columns chosen by execution parameters, client-side defaults (values,
// callables evaluated per execution, SQL expressions) and PostgreSQL sequences.
#include "fixtures.hpp"

using namespace retort;
using retort::test::check_dialects;
using retort::test::check_sql;
using retort::test::error_message;
using retort::test::render;

namespace {
int token_counter = 0;

struct DefaultTables {
    MetaData meta;
    Table events{meta,
                 "events",
                 Column{"id", Integer{}, primary_key()},
                 Column{"kind", String{20}, default_value("click")},
                 Column{"token", String{36}, default_value([] {
                            return Value("tok-" + std::to_string(++token_counter));
                        })},
                 Column{"created", DateTime{}, default_expression(func.now())},
                 Column{"note", Text{}}};
    Table counters{meta, "counters",
                   Column{"id", Integer{}, primary_key(), Sequence{"counters_id_seq"}},
                   Column{"n", Integer{}}};
};
}  // namespace

TEST_CASE("INSERT values render in table-column order, whatever order they were given in") {
    retort::test::Tables t;
    auto q = insert(t.users).values({{"age", 30}, {"name", "ed"}, {"id", 1}});
    check_dialects(q, {"INSERT INTO users (id, name, age) VALUES (?, ?, ?)", {1, "ed", 30}},
                   {"INSERT INTO users (id, name, age) VALUES ($1, $2, $3)", {1, "ed", 30}},
                   {"INSERT INTO users (id, name, age) VALUES (?, ?, ?)", {1, "ed", 30}});
    CHECK(compile(q, postgresql_dialect()).parameter_names() ==
          std::vector<std::string>{"id", "name", "age"});
}

TEST_CASE("INSERT values given by Column handle and as SQL expressions") {
    retort::test::Tables t;
    auto q = insert(t.users).values(
        {{t.users.c("name"), func.upper(literal("ed"))}, {t.users.c("age"), literal_column("40")}});
    check_dialects(q, {"INSERT INTO users (name, age) VALUES (upper(?), 40)", {"ed"}},
                   {"INSERT INTO users (name, age) VALUES (upper($1), 40)", {"ed"}},
                   {"INSERT INTO users (name, age) VALUES (upper(?), 40)", {"ed"}});
}

TEST_CASE("INSERT of a NULL: a null value is a parameter, nullptr the NULL keyword") {
    retort::test::Tables t;
    auto q = insert(t.users).values(
        {{"name", "x"}, {"email", std::optional<std::string>{}}, {"age", nullptr}});
    check_dialects(q, {"INSERT INTO users (name, email, age) VALUES (?, ?, NULL)", {"x", nullptr}},
                   {"INSERT INTO users (name, email, age) VALUES ($1, $2, NULL)", {"x", nullptr}},
                   {"INSERT INTO users (name, email, age) VALUES (?, ?, NULL)", {"x", nullptr}});
}

TEST_CASE("INSERT names unknown, repeated and foreign columns in its errors") {
    retort::test::Tables t;
    CHECK(error_message<ArgumentError>([&] {
              insert(t.users).values({{"nope", 1}});
          }) ==
          "INSERT on table 'users' names unknown column 'nope' (columns: id, name, email, age)");
    CHECK(error_message<ArgumentError>([&] {
              insert(t.users).values({{"name", "a"}, {t.users.c("name"), "b"}});
          }) == "INSERT on table 'users' gives column 'name' twice");
    CHECK(error_message<ArgumentError>([&] {
              insert(t.users).values({{t.addresses.c("email"), "x"}});
          }) == "INSERT on table 'users' was given column 'email' of another table");
}

TEST_CASE("multi-row VALUES names parameters name_m0, name_m1, ...") {
    retort::test::Tables t;
    auto q = insert(t.users).multi_values(
        {{{"name", "a"}, {"age", 1}}, {{"age", 2}, {"name", "b"}}, {{"name", "c"}, {"age", 3}}});
    check_dialects(
        q,
        {"INSERT INTO users (name, age) VALUES (?, ?), (?, ?), (?, ?)", {"a", 1, "b", 2, "c", 3}},
        {"INSERT INTO users (name, age) VALUES ($1, $2), ($3, $4), ($5, $6)",
         {"a", 1, "b", 2, "c", 3}},
        {"INSERT INTO users (name, age) VALUES (?, ?), (?, ?), (?, ?)", {"a", 1, "b", 2, "c", 3}});
    CHECK(compile(q, sqlite_dialect()).parameter_names() ==
          std::vector<std::string>{"name_m0", "age_m0", "name_m1", "age_m1", "name_m2", "age_m2"});
    CHECK_FALSE(compile(q, sqlite_dialect()).form().is_single_row_insert());
    CHECK(compile(insert(t.users).values({{"name", "a"}}), sqlite_dialect())
              .form()
              .is_single_row_insert());
}

TEST_CASE("multi-row VALUES with rows naming different columns is an ArgumentError") {
    retort::test::Tables t;
    CHECK(error_message<ArgumentError>([&] {
              insert(t.users).multi_values({{{"name", "a"}, {"age", 1}}, {{"name", "b"}}});
          }) ==
          "multi_values(): row 2 names different columns than row 1; every row of a multi-row "
          "INSERT must give the same columns");
    CHECK(error_message<ArgumentError>([&] {
              insert(t.users).multi_values({{{"name", "a"}}, {{"email", "b"}}});
          }).starts_with("multi_values(): row 2 names different columns"));
    CHECK(error_message<ArgumentError>([&] { insert(t.users).multi_values({}); }) ==
          "multi_values() needs at least one row");
}

TEST_CASE("INSERT ... SELECT") {
    retort::test::Tables t;
    auto q = insert(t.users).from_select(
        {"name", t.users.c("age")},
        select(t.addresses.c("email"), t.addresses.c("id")).where(t.addresses.c("id") > 1));
    check_dialects(q,
                   {"INSERT INTO users (name, age) SELECT addresses.email, addresses.id FROM "
                    "addresses WHERE addresses.id > ?",
                    {1}},
                   {"INSERT INTO users (name, age) SELECT addresses.email, addresses.id FROM "
                    "addresses WHERE addresses.id > $1",
                    {1}},
                   {"INSERT INTO users (name, age) SELECT addresses.email, addresses.id FROM "
                    "addresses WHERE addresses.id > ?",
                    {1}});
    CHECK(error_message<ArgumentError>([&] {
              insert(t.users).from_select({"name", "age"}, select(t.addresses.c("email")));
          }) == "from_select(): 2 target columns but the SELECT returns 1");
    CHECK(error_message<ArgumentError>([&] {
              insert(t.users)
                  .values({{"name", "x"}})
                  .from_select({"name"}, select(t.addresses.c("email")));
          }) == "from_select() cannot be combined with values() or default_values()");
}

TEST_CASE("INSERT ... SELECT from the same table keeps the SELECT's own FROM") {
    retort::test::Tables t;
    auto q = insert(t.users).from_select({"name"},
                                         select(t.users.c("name")).where(t.users.c("id") == 1));
    check_sql(q, postgresql_dialect(),
              {"INSERT INTO users (name) SELECT users.name FROM users WHERE users.id = $1", {1}});
}

TEST_CASE("DEFAULT VALUES: `() VALUES ()` on MySQL") {
    retort::test::Tables t;
    check_dialects(insert(t.tags).default_values(), {"INSERT INTO tags DEFAULT VALUES"},
                   {"INSERT INTO tags DEFAULT VALUES"}, {"INSERT INTO tags () VALUES ()"});
    check_sql(insert(t.tags).default_values(), mariadb_dialect(),
              {"INSERT INTO tags () VALUES ()"});
    CHECK(error_message<ArgumentError>([&] {
              insert(t.tags).default_values().values({{"id", 1}});
          }) == "values() cannot be combined with from_select() or default_values()");
}

TEST_CASE("an INSERT without values or parameters takes every column as a named parameter") {
    retort::test::Tables t;
    auto q = insert(t.users);
    auto compiled = compile(q, postgresql_dialect());
    CHECK(compiled.sql() == "INSERT INTO users (id, name, email, age) VALUES ($1, $2, $3, $4)");
    CHECK(compiled.parameter_names(
              Parameters{{"id", 1}, {"name", "a"}, {"email", nullptr}, {"age", 2}}) ==
          std::vector<std::string>{"id", "name", "email", "age"});
    CHECK(error_message<CompileError>([&] { compiled.parameters(); }) ==
          "A value is required for bind parameter 'id'");
}

TEST_CASE("insert(table) with execution parameters takes exactly the columns they name") {
    retort::test::Tables t;
    Parameters p{{"age", 30}, {"name", "ed"}};
    check_dialects(insert(t.users), {"INSERT INTO users (name, age) VALUES (?, ?)", {"ed", 30}},
                   {"INSERT INTO users (name, age) VALUES ($1, $2)", {"ed", 30}},
                   {"INSERT INTO users (name, age) VALUES (?, ?)", {"ed", 30}}, p);
    Parameters other{{"email", "e@x"}, {"name", "al"}, {"unrelated", 5}};
    check_sql(insert(t.users), sqlite_dialect(),
              {"INSERT INTO users (name, email) VALUES (?, ?)", {"al", "e@x"}}, other);
}

TEST_CASE("RETURNING: SQLite and PostgreSQL yes, MariaDB on INSERT, MySQL refuses") {
    retort::test::Tables t;
    auto q = insert(t.users).values({{"name", "x"}}).returning(t.users.c("id"), t.users.c("name"));
    check_sql(q, sqlite_dialect(),
              {"INSERT INTO users (name) VALUES (?) RETURNING users.id, users.name", {"x"}});
    check_sql(q, postgresql_dialect(),
              {"INSERT INTO users (name) VALUES ($1) RETURNING users.id, users.name", {"x"}});
    check_sql(q, mariadb_dialect(),
              {"INSERT INTO users (name) VALUES (?) RETURNING users.id, users.name", {"x"}});
    auto message = error_message<CompileError>([&] { compile(q, mysql_dialect()); });
    CHECK(message ==
          "RETURNING on INSERT is not supported by the mysql dialect: fetch the rows with a SELECT "
          "in the same transaction");
    auto old_maria = make_mysql_dialect({.mariadb = true, .major = 10, .minor = 4, .patch = 0});
    CHECK(error_message<CompileError>([&] {
              compile(q, *old_maria);
          }).starts_with("RETURNING on INSERT is not supported by the mysql dialect"));
}

TEST_CASE("RETURNING a whole table, a label and an expression; result columns follow") {
    retort::test::Tables t;
    auto q = insert(t.tags)
                 .values({{"label", "x"}})
                 .returning(t.tags, t.tags.c("id").label("new_id"), t.tags.c("id") * 2);
    check_sql(q, postgresql_dialect(),
              {"INSERT INTO tags (label) VALUES ($1) RETURNING tags.id, tags.label, tags.id AS "
               "new_id, tags.id * $2",
               {"x", 2}});
    auto compiled = compile(q, sqlite_dialect());
    REQUIRE(compiled.result_columns().size() == 4);
    CHECK(compiled.result_columns()[0].name == "id");
    CHECK(compiled.result_columns()[1].name == "label");
    CHECK(compiled.result_columns()[2].name == "new_id");
    CHECK(compiled.result_columns()[3].name == "anon_4");
}

TEST_CASE("INSERT ... SELECT with RETURNING") {
    retort::test::Tables t;
    auto q =
        insert(t.tags).from_select({"label"}, select(t.users.c("name"))).returning(t.tags.c("id"));
    check_sql(q, postgresql_dialect(),
              {"INSERT INTO tags (label) SELECT users.name FROM users RETURNING tags.id"});
}

TEST_CASE("client-side defaults: values as parameters, expressions inline") {
    DefaultTables d;
    token_counter = 0;
    auto q = insert(d.events).values({{"note", "hello"}});
    check_sql(
        q, sqlite_dialect(),
        {"INSERT INTO events (kind, token, created, note) VALUES (?, ?, CURRENT_TIMESTAMP, ?)",
         {"click", "tok-1", "hello"}});
    check_sql(q, postgresql_dialect(),
              {"INSERT INTO events (kind, token, created, note) VALUES ($1, $2, now(), $3)",
               {"click", "tok-2", "hello"}});
    check_sql(q, mysql_dialect(),
              {"INSERT INTO events (kind, token, created, note) VALUES (?, ?, now(), ?)",
               {"click", "tok-3", "hello"}});
    CHECK(compile(q, postgresql_dialect()).parameter_names() ==
          std::vector<std::string>{"kind", "token", "note"});
}

TEST_CASE("a callable default runs once per execution of the same compiled statement") {
    DefaultTables d;
    token_counter = 0;
    auto compiled = compile(insert(d.events).values({{"kind", "view"}}), postgresql_dialect());
    CHECK(compiled.sql() == "INSERT INTO events (kind, token, created) VALUES ($1, $2, now())");
    CHECK(compiled.parameters() == std::vector<Value>{"view", "tok-1"});
    CHECK(compiled.parameters() == std::vector<Value>{"view", "tok-2"});
    CHECK(token_counter == 2);
}

TEST_CASE("a given value wins over the column's default") {
    DefaultTables d;
    token_counter = 0;
    auto q = insert(d.events).values({{"kind", "k"}, {"token", "mine"}, {"created", nullptr}});
    check_dialects(
        q, {"INSERT INTO events (kind, token, created) VALUES (?, ?, NULL)", {"k", "mine"}},
        {"INSERT INTO events (kind, token, created) VALUES ($1, $2, NULL)", {"k", "mine"}},
        {"INSERT INTO events (kind, token, created) VALUES (?, ?, NULL)", {"k", "mine"}});
    CHECK(token_counter == 0);
}

TEST_CASE("multi-row VALUES evaluates a callable default once per row") {
    DefaultTables d;
    token_counter = 0;
    auto q = insert(d.events).multi_values({{{"note", "a"}}, {{"note", "b"}}});
    check_sql(
        q, postgresql_dialect(),
        {"INSERT INTO events (kind, token, created, note) VALUES ($1, $2, now(), $3), ($4, $5, "
         "now(), $6)",
         {"click", "tok-1", "a", "click", "tok-2", "b"}});
    CHECK(compile(q, postgresql_dialect()).parameter_names() ==
          std::vector<std::string>{"kind", "token", "note_m0", "kind_m1", "token_m1", "note_m1"});
}

TEST_CASE("defaults also fill columns missing from the execution parameters") {
    DefaultTables d;
    token_counter = 0;
    Parameters p{{"note", "n"}};
    check_sql(
        insert(d.events), sqlite_dialect(),
        {"INSERT INTO events (kind, token, created, note) VALUES (?, ?, CURRENT_TIMESTAMP, ?)",
         {"click", "tok-1", "n"}},
        p);
}

TEST_CASE("a PostgreSQL sequence fills the key with nextval; other dialects leave it out") {
    DefaultTables d;
    auto q = insert(d.counters).values({{"n", 1}});
    check_dialects(q, {"INSERT INTO counters (n) VALUES (?)", {1}},
                   {"INSERT INTO counters (id, n) VALUES (nextval('counters_id_seq'), $1)", {1}},
                   {"INSERT INTO counters (n) VALUES (?)", {1}});
    auto given = insert(d.counters).values({{"id", 7}, {"n", 1}});
    check_sql(given, postgresql_dialect(),
              {"INSERT INTO counters (id, n) VALUES ($1, $2)", {7, 1}});
    Parameters p{{"n", 3}};
    check_sql(insert(d.counters), postgresql_dialect(),
              {"INSERT INTO counters (id, n) VALUES (nextval('counters_id_seq'), $1)", {3}}, p);
}

TEST_CASE("a sequence with an upper-case name is quoted inside nextval") {
    MetaData meta;
    Table t{meta, "t", Column{"id", Integer{}, primary_key(), Sequence{"Seq"}},
            Column{"x", Integer{}}};
    check_sql(insert(t).values({{"x", 1}}), postgresql_dialect(),
              {"INSERT INTO t (id, x) VALUES (nextval('\"Seq\"'), $1)", {1}});
}

TEST_CASE("prefix_with applies to one dialect or to all") {
    retort::test::Tables t;
    auto q = insert(t.tags).values({{"label", "x"}}).prefix_with("OR IGNORE", "sqlite");
    check_dialects(q, {"INSERT OR IGNORE INTO tags (label) VALUES (?)", {"x"}},
                   {"INSERT INTO tags (label) VALUES ($1)", {"x"}},
                   {"INSERT INTO tags (label) VALUES (?)", {"x"}});
    auto all = insert(t.tags).prefix_with("/* hint */").values({{"id", 1}});
    check_dialects(all, {"INSERT /* hint */ INTO tags (id) VALUES (?)", {1}},
                   {"INSERT /* hint */ INTO tags (id) VALUES ($1)", {1}},
                   {"INSERT /* hint */ INTO tags (id) VALUES (?)", {1}});
}

TEST_CASE("INSERT into a table in another schema and with quoted names") {
    MetaData meta;
    Table t{meta, "Log", TableSchema{"audit"}, Column{"id", Integer{}, primary_key()},
            Column{"group", String{20}}};
    check_dialects(insert(t).values({{"group", "u"}}),
                   {"INSERT INTO audit.\"Log\" (\"group\") VALUES (?)", {"u"}},
                   {"INSERT INTO audit.\"Log\" (\"group\") VALUES ($1)", {"u"}},
                   {"INSERT INTO audit.`Log` (`group`) VALUES (?)", {"u"}});
}

TEST_CASE("an Insert is immutable") {
    retort::test::Tables t;
    auto base = insert(t.tags);
    auto with_values = base.values({{"label", "a"}});
    CHECK(base.insert_node().rows.empty());
    CHECK(with_values.insert_node().rows.size() == 1);
    CHECK(render(with_values, sqlite_dialect()).sql == "INSERT INTO tags (label) VALUES (?)");
}
