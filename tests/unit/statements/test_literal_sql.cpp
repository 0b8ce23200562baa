// to_literal_sql(): the debugging rendering of statements with every parameter inlined as a
// literal escaped for the dialect (never used for execution).
#include "fixtures.hpp"

using namespace retort;
using retort::test::error_message;

TEST_CASE("to_literal_sql inlines values, quoting and escaping strings per dialect") {
    retort::test::Tables t;
    auto q = select(t.users.c("id"))
                 .where(t.users.c("name") == "O'Brien")
                 .where(t.users.c("email") == "back\\slash")
                 .where(t.users.c("age") > 5)
                 .limit(3);
    CHECK(
        to_literal_sql(q, sqlite_dialect()) ==
        "SELECT users.id FROM users WHERE users.name = 'O''Brien' AND users.email = 'back\\slash' "
        "AND users.age > 5 LIMIT 3");
    CHECK(
        to_literal_sql(q, postgresql_dialect()) ==
        "SELECT users.id FROM users WHERE users.name = 'O''Brien' AND users.email = 'back\\slash' "
        "AND users.age > 5 LIMIT 3");
    CHECK(to_literal_sql(q, mysql_dialect()) ==
          "SELECT users.id FROM users WHERE users.name = 'O''Brien' AND users.email = "
          "'back\\\\slash' AND users.age > 5 LIMIT 3");
}

TEST_CASE("to_literal_sql renders booleans, NULL, doubles, dates, timestamps and bytes") {
    retort::test::Tables t;
    using namespace std::chrono;
    auto q = select(t.users.c("id"))
                 .where(t.users.c("name").in_(
                     {true, false, nullptr, 2.5, Value(sys_days{2024y / 2 / 29}),
                      Value(Timestamp{sys_days{2024y / 1 / 31} + 12h + 30min + 5s}),
                      Value(Bytes{0x0a, 0xff})}));
    CHECK(to_literal_sql(q, sqlite_dialect()) ==
          "SELECT users.id FROM users WHERE users.name IN (1, 0, NULL, 2.5, '2024-02-29', "
          "'2024-01-31 12:30:05', X'0aff')");
    CHECK(to_literal_sql(q, postgresql_dialect()) ==
          "SELECT users.id FROM users WHERE users.name IN (true, false, NULL, 2.5, '2024-02-29', "
          "'2024-01-31 12:30:05', '\\x0aff'::bytea)");
    CHECK(to_literal_sql(q, mysql_dialect()) ==
          "SELECT users.id FROM users WHERE users.name IN (1, 0, NULL, 2.5, '2024-02-29', "
          "'2024-01-31 12:30:05', X'0aff')");
}

TEST_CASE("to_literal_sql of DML with defaults, named parameters and a reused $n") {
    retort::test::Tables t;
    auto n = bindparam("n");
    auto q = update(t.users)
                 .values({{"age", n}, {"name", "a?b"}})
                 .where(t.users.c("id") == n || t.users.c("email") == "$1");
    Parameters p{{"n", 4}};
    CHECK(to_literal_sql(q, postgresql_dialect(), p) ==
          "UPDATE users SET age = 4, name = 'a?b' WHERE users.id = 4 OR users.email = '$1'");
    CHECK(to_literal_sql(q, sqlite_dialect(), p) ==
          "UPDATE users SET age = 4, name = 'a?b' WHERE users.id = 4 OR users.email = '$1'");
    CHECK(error_message<CompileError>([&] { to_literal_sql(q, sqlite_dialect()); }) ==
          "A value is required for bind parameter 'n'");
}

TEST_CASE("to_literal_sql leaves placeholders-like text inside quoted SQL alone") {
    retort::test::Tables t;
    auto q = select(literal_column("'what?'").label("q"), t.users.c("id"))
                 .where(t.users.c("id") == 3)
                 .where(t.users.c("name") != literal_column("'$1'"));
    CHECK(to_literal_sql(q, sqlite_dialect()) ==
          "SELECT 'what?' AS q, users.id FROM users WHERE users.id = 3 AND users.name != '$1'");
    CHECK(to_literal_sql(q, postgresql_dialect()) ==
          "SELECT 'what?' AS q, users.id FROM users WHERE users.id = 3 AND users.name != '$1'");
}

TEST_CASE("to_literal_sql of an upsert and of a multi-row INSERT") {
    retort::test::Tables t;
    auto up = insert(t.tags)
                  .values({{"id", 1}, {"label", "it's"}})
                  .on_conflict({"id"})
                  .do_update({{"label", excluded(t.tags.c("label"))}});
    CHECK(to_literal_sql(up, postgresql_dialect()) ==
          "INSERT INTO tags (id, label) VALUES (1, 'it''s') ON CONFLICT (id) DO UPDATE SET label = "
          "excluded.label");
    CHECK(to_literal_sql(up, mysql_dialect()) ==
          "INSERT INTO tags (id, label) VALUES (1, 'it''s') ON DUPLICATE KEY UPDATE label = "
          "VALUES(label)");
    auto many = insert(t.tags).multi_values({{{"id", 1}}, {{"id", 2}}, {{"id", 3}}});
    CHECK(to_literal_sql(many, postgresql_dialect()) ==
          "INSERT INTO tags (id) VALUES (1), (2), (3)");
}

TEST_CASE("CompiledStatement::to_literal_sql with an expanding named list") {
    retort::test::Tables t;
    auto compiled = compile(
        select(t.users.c("id")).where(t.users.c("id").in_parameter(expanding_bindparam("ids"))),
        postgresql_dialect());
    CHECK(compiled.to_literal_sql(Parameters{{"ids", std::vector<Value>{7, 8}}}) ==
          "SELECT users.id FROM users WHERE users.id IN (7, 8)");
    CHECK(compiled.to_literal_sql(Parameters{{"ids", std::vector<Value>{}}}) ==
          "SELECT users.id FROM users WHERE users.id IN (NULL) AND (1 != 1)");
}
