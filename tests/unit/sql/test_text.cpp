// text(): `:name` parameters converted to each dialect's placeholders, literal colons, casts and
// quoted strings left alone, malformed names, bindparams(), and text() as a subquery.
#include "tables.hpp"

using namespace retort;
using retort::test::check_dialects;
using retort::test::check_sql;
using retort::test::error_message;
using retort::test::SqlTables;

TEST_CASE("text() converts :name to each dialect's placeholder") {
    auto q = text("SELECT * FROM users WHERE id = :id AND name = :name")
                 .bindparams({{"id", 5}, {"name", "ed"}});
    check_dialects(q, {"SELECT * FROM users WHERE id = ? AND name = ?", {5, "ed"}},
                   {"SELECT * FROM users WHERE id = $1 AND name = $2", {5, "ed"}},
                   {"SELECT * FROM users WHERE id = ? AND name = ?", {5, "ed"}});
    CHECK(compile(q, sqlite_dialect()).parameter_names() == std::vector<std::string>{"id", "name"});
}

TEST_CASE("text() parameters come from execution parameters when not bound") {
    auto q = text("SELECT * FROM users WHERE id = :id");
    check_dialects(q, {"SELECT * FROM users WHERE id = ?", {9}},
                   {"SELECT * FROM users WHERE id = $1", {9}},
                   {"SELECT * FROM users WHERE id = ?", {9}}, {{"id", 9}});
    // An execution parameter overrides a bound value.
    check_sql(q.bindparams({{"id", 1}}), sqlite_dialect(),
              {"SELECT * FROM users WHERE id = ?", {2}}, {{"id", 2}});
}

TEST_CASE("the same name twice: PostgreSQL reuses $1, ? repeats the value") {
    auto q =
        text("SELECT * FROM t WHERE a = :v OR b = :v OR c = :w").bindparams({{"v", 1}, {"w", 2}});
    check_dialects(q, {"SELECT * FROM t WHERE a = ? OR b = ? OR c = ?", {1, 1, 2}},
                   {"SELECT * FROM t WHERE a = $1 OR b = $1 OR c = $2", {1, 2}},
                   {"SELECT * FROM t WHERE a = ? OR b = ? OR c = ?", {1, 1, 2}});
}

TEST_CASE("\\: is a literal colon and :: a PostgreSQL cast") {
    auto q =
        text("SELECT x::text, a\\:b FROM t WHERE ts > :ts::timestamp").bindparams({{"ts", "2024"}});
    check_dialects(q, {"SELECT x::text, a:b FROM t WHERE ts > ?::timestamp", {"2024"}},
                   {"SELECT x::text, a:b FROM t WHERE ts > $1::timestamp", {"2024"}},
                   {"SELECT x::text, a:b FROM t WHERE ts > ?::timestamp", {"2024"}});
}

TEST_CASE("colons inside quoted strings and identifiers, and in times, are not parameters") {
    auto q = text("SELECT '12:30', 'it''s :x', \"c:d\", x FROM t WHERE a = :a AND t = 12:30")
                 .bindparams({{"a", 1}});
    check_dialects(
        q, {"SELECT '12:30', 'it''s :x', \"c:d\", x FROM t WHERE a = ? AND t = 12:30", {1}},
        {"SELECT '12:30', 'it''s :x', \"c:d\", x FROM t WHERE a = $1 AND t = 12:30", {1}},
        {"SELECT '12:30', 'it''s :x', \"c:d\", x FROM t WHERE a = ? AND t = 12:30", {1}});
    CHECK(q.text_node().parameter_names() == std::vector<std::string>{"a"});
}

TEST_CASE("parameter names take letters, digits and underscores") {
    auto q = text("SELECT x FROM t WHERE a=:a_1 AND b=:_b AND c=:Cc9")
                 .bindparams({{"a_1", 1}, {"_b", 2}, {"Cc9", 3}});
    check_dialects(q, {"SELECT x FROM t WHERE a=? AND b=? AND c=?", {1, 2, 3}},
                   {"SELECT x FROM t WHERE a=$1 AND b=$2 AND c=$3", {1, 2, 3}},
                   {"SELECT x FROM t WHERE a=? AND b=? AND c=?", {1, 2, 3}});
    CHECK(q.text_node().parameter_names() == std::vector<std::string>{"a_1", "_b", "Cc9"});
}

TEST_CASE("a malformed parameter such as :1 is an ArgumentError with its offset") {
    auto message = error_message<ArgumentError>([] { (void)text("SELECT * FROM t WHERE a = :1"); });
    CHECK(message.find("malformed bound parameter ':1'") != std::string::npos);
    CHECK(message.find("at offset 26") != std::string::npos);
    CHECK(message.find("\\:") != std::string::npos);
    message = error_message<ArgumentError>([] { (void)text("SELECT :2abc"); });
    CHECK(message.find("':2abc' at offset 7") != std::string::npos);
}

TEST_CASE("bindparams() with an unknown name is an ArgumentError listing the known ones") {
    auto q = text("SELECT * FROM t WHERE a = :a AND b = :b");
    auto message = error_message<ArgumentError>([&] { (void)q.bindparams({{"c", 1}}); });
    CHECK(message.find("doesn't define a bound parameter named 'c'") != std::string::npos);
    CHECK(message.find("(parameters: a, b)") != std::string::npos);
    message = error_message<ArgumentError>([] { (void)text("SELECT 1").bindparams({{"x", 1}}); });
    CHECK(message.find("(parameters: none)") != std::string::npos);
}

TEST_CASE("a text() parameter without a value is a CompileError at compile time") {
    auto compiled = compile(text("SELECT * FROM t WHERE x = :x AND y = :y").bindparams({{"y", 2}}),
                            postgresql_dialect());
    CHECK(compiled.sql() == "SELECT * FROM t WHERE x = $1 AND y = $2");
    auto message = error_message<CompileError>([&] { (void)compiled.parameters(); });
    CHECK(message == "A value is required for bind parameter 'x'");
    CHECK(compiled.parameters({{"x", 1}}) == std::vector<Value>{1, 2});
}

TEST_CASE("bindparams() returns a new text(); the original keeps no values") {
    auto original = text("SELECT :a");
    auto bound = original.bindparams({{"a", 1}});
    CHECK(compile(bound, sqlite_dialect()).parameters() == std::vector<Value>{1});
    error_message<CompileError>([&] { (void)compile(original, sqlite_dialect()).parameters(); });
    // A typed parameter keeps its type.
    auto typed = original.bindparam_type("a", Integer{}).bindparams({{"a", 3}});
    auto slots = compile(typed, sqlite_dialect()).form().slots();
    REQUIRE(slots.size() == 1);
    CHECK(slots[0].type.kind == TypeKind::Integer);
    CHECK(slots[0].name == "a");
}

TEST_CASE("text() with declared columns used as a subquery in a select") {
    auto sub = text("SELECT id, name FROM users WHERE id > :min")
                   .columns({{"id", Integer{}}, {"name", String{}}})
                   .bindparams({{"min", 3}})
                   .subquery("u");
    check_dialects(
        select(sub.c("name")).where(sub.c("id") < 10),
        {"SELECT u.name FROM (SELECT id, name FROM users WHERE id > ?) AS u WHERE u.id < ?",
         {3, 10}},
        {"SELECT u.name FROM (SELECT id, name FROM users WHERE id > $1) AS u WHERE u.id < $2",
         {3, 10}},
        {"SELECT u.name FROM (SELECT id, name FROM users WHERE id > ?) AS u WHERE u.id < ?",
         {3, 10}});
}

TEST_CASE("an unnamed text() subquery is anon_1, and needs declared columns") {
    auto sub = text("SELECT id FROM users").columns({{"id", Integer{}}}).subquery();
    check_dialects(select(sub.c("id")), {"SELECT anon_1.id FROM (SELECT id FROM users) AS anon_1"},
                   {"SELECT anon_1.id FROM (SELECT id FROM users) AS anon_1"},
                   {"SELECT anon_1.id FROM (SELECT id FROM users) AS anon_1"});
    auto message =
        error_message<ArgumentError>([] { (void)text("SELECT id FROM users").subquery("s"); });
    CHECK(message.find(".columns(") != std::string::npos);
    auto c =
        compile(text("SELECT id, name FROM users").columns({{"id", Integer{}}, {"name", Text{}}}),
                sqlite_dialect());
    REQUIRE(c.result_columns().size() == 2);
    CHECK(c.result_columns()[1].name == "name");
    CHECK(c.result_columns()[1].type.kind == TypeKind::Text);
}

TEST_CASE("text() as a condition inside an expression is parenthesized among operators") {
    SqlTables t;
    t.check_where(Expression(text("name = :n").bindparams({{"n", "x"}})), "name = ?", {"x"});
    t.check_where(Expression(text("a = 1 OR b = 2")) && t.id == 3,
                  "(a = 1 OR b = 2) AND users.id = ?", {3});
    t.check_where(!Expression(text("a = 1")), "NOT (a = 1)");
}

TEST_CASE("text() parameters interleave with expression parameters in order") {
    SqlTables t;
    t.check_where(
        t.age > 1 && Expression(text("lower(name) = :n").bindparams({{"n", "x"}})) && t.id < 9,
        "users.age > ? AND (lower(name) = ?) AND users.id < ?", {1, "x", 9});
}

TEST_CASE("an empty text() is an ArgumentError") {
    auto message = error_message<ArgumentError>([] { (void)text(""); });
    CHECK(message.find("text() needs SQL") != std::string::npos);
}
