// Parameter styles beyond the built-in dialects (`%s` with `%` doubled, `:name`), and
// to_literal_sql: every value inlined and escaped by the dialect, for debugging output only.
#include "tables.hpp"

using namespace retort;
using namespace std::chrono;
using retort::test::check_sql;
using retort::test::error_message;
using retort::test::SqlTables;

namespace {
const Dialect& format_dialect() {
    static const Dialect d{DialectCapabilities{.name = "format", .paramstyle = ParamStyle::Format}};
    return d;
}
const Dialect& named_dialect() {
    static const Dialect d{DialectCapabilities{.name = "named", .paramstyle = ParamStyle::Named}};
    return d;
}

/// A dialect of our own, as a database vendor would write one: a subclass overriding a hook.
class UpperBooleans final : public Dialect {
  public:
    UpperBooleans()
        : Dialect(DialectCapabilities{
              .name = "upper", .paramstyle = ParamStyle::Format, .native_boolean = true}) {}
    void render_boolean(bool value, Compiler& c) const override {
        c.append(value ? "TRUE" : "FALSE");
    }
};
}  // namespace

TEST_CASE("format paramstyle writes %s placeholders") {
    SqlTables t;
    check_sql(select(t.id).where(t.id == 5 && t.name.in_({"a", "b"})), format_dialect(),
              {"SELECT users.id FROM users WHERE users.id = %s AND users.name IN (%s, %s)",
               {5, "a", "b"}});
}

TEST_CASE("format paramstyle doubles % in modulo, literal columns, text() and ESCAPE") {
    SqlTables t;
    check_sql(select(t.id, literal_column("'100%'").label("p"))
                  .where(t.age % 3 == 1 && t.name.like("a%", '%')),
              format_dialect(),
              {"SELECT users.id, '100%%' AS p FROM users WHERE users.age %% %s = %s AND users.name "
               "LIKE %s ESCAPE '%%'",
               {3, 1, "a%"}});
    check_sql(text("SELECT * FROM t WHERE a LIKE '5%' AND b = :b").bindparams({{"b", 1}}),
              format_dialect(), {"SELECT * FROM t WHERE a LIKE '5%%' AND b = %s", {1}});
    check_sql(select(func("date_format", t.name, literal_column("'%Y'"))), format_dialect(),
              {"SELECT date_format(users.name, '%%Y') AS date_format_1 FROM users"});
}

TEST_CASE("format paramstyle doubles % inside quoted identifiers") {
    Table t = Table::standalone("stats", Column{"100%", Integer{}});
    auto q = select(t.c("100%")).where(t.c("100%") > 1);
    check_sql(q, format_dialect(),
              {"SELECT stats.\"100%%\" FROM stats WHERE stats.\"100%%\" > %s", {1}});
    check_sql(q, sqlite_dialect(),
              {"SELECT stats.\"100%\" FROM stats WHERE stats.\"100%\" > ?", {1}});
    CHECK(to_literal_sql(q, format_dialect()) ==
          "SELECT stats.\"100%\" FROM stats WHERE stats.\"100%\" > 1");
}

TEST_CASE("format paramstyle keeps % inside bound values untouched") {
    SqlTables t;
    check_sql(select(t.id).where(t.name.contains("50%")), format_dialect(),
              {"SELECT users.id FROM users WHERE users.name LIKE %s ESCAPE '/'", {"%50/%%"}});
}

TEST_CASE("format paramstyle repeats a reused named parameter") {
    SqlTables t;
    check_sql(
        select(t.id).where(t.id == bindparam("x") || t.age == bindparam("x")), format_dialect(),
        {"SELECT users.id FROM users WHERE users.id = %s OR users.age = %s", {7, 7}}, {{"x", 7}});
}

TEST_CASE("named paramstyle writes :name placeholders, once per name") {
    SqlTables t;
    check_sql(select(t.id).where(t.id == 5 && t.age > 1 && t.age < 9), named_dialect(),
              {"SELECT users.id FROM users WHERE users.id = :id_1 AND users.age > :age_1 AND "
               "users.age < :age_2",
               {5, 1, 9}});
    check_sql(
        select(t.id).where(t.id == bindparam("x") || t.age == bindparam("x")), named_dialect(),
        {"SELECT users.id FROM users WHERE users.id = :x OR users.age = :x", {7}}, {{"x", 7}});
    check_sql(text("SELECT :a, :b, :a").bindparams({{"a", 1}, {"b", 2}}), named_dialect(),
              {"SELECT :a, :b, :a", {1, 2}});
}

TEST_CASE("named paramstyle names expanded IN items and leaves % alone") {
    SqlTables t;
    check_sql(
        select(t.id, literal_column("'5%'").label("p")).where(t.id.in_({1, 2})), named_dialect(),
        {"SELECT users.id, '5%' AS p FROM users WHERE users.id IN (:id_1_1, :id_1_2)", {1, 2}});
}

TEST_CASE("a Dialect subclass overrides one hook and keeps the rest") {
    SqlTables t;
    UpperBooleans d;
    check_sql(select(t.id).where(or_(t.id == 1, true_())), d,
              {"SELECT users.id FROM users WHERE TRUE"});
    check_sql(select(t.id).where(t.id == 1 && t.name.like("x%")), d,
              {"SELECT users.id FROM users WHERE users.id = %s AND users.name LIKE %s", {1, "x%"}});
}

TEST_CASE("to_literal_sql inlines values in placeholder order") {
    SqlTables t;
    auto q = select(t.id).where(t.name == "ed" && t.age > 30 && t.id.in_({1, 2}));
    std::string expected =
        "SELECT users.id FROM users WHERE users.name = 'ed' AND users.age > 30 AND users.id IN "
        "(1, 2)";
    CHECK(to_literal_sql(q, sqlite_dialect()) == expected);
    CHECK(to_literal_sql(q, postgresql_dialect()) == expected);
    CHECK(to_literal_sql(q, mysql_dialect()) == expected);
    CHECK(compile(q, sqlite_dialect()).to_literal_sql() == expected);
}

TEST_CASE("to_literal_sql escapes quotes, and backslashes on MySQL") {
    SqlTables t;
    auto q = select(t.id).where(t.name == "O'Brien \\ x");
    CHECK(to_literal_sql(q, sqlite_dialect()) ==
          "SELECT users.id FROM users WHERE users.name = 'O''Brien \\ x'");
    CHECK(to_literal_sql(q, postgresql_dialect()) ==
          "SELECT users.id FROM users WHERE users.name = 'O''Brien \\ x'");
    CHECK(to_literal_sql(q, mysql_dialect()) ==
          "SELECT users.id FROM users WHERE users.name = 'O''Brien \\\\ x'");
}

TEST_CASE("to_literal_sql renders booleans, NULL, numbers and decimals per dialect") {
    SqlTables t;
    auto q =
        select(literal(true).label("a"), literal(false).label("b"), literal(nullptr).label("c"),
               literal(2.5).label("d"), literal(0.1).label("e"), literal(3.0).label("f"),
               literal(Decimal{"1.10"}).label("g"), literal(-42).label("h"));
    CHECK(to_literal_sql(q, sqlite_dialect()) ==
          "SELECT 1 AS a, 0 AS b, NULL AS c, 2.5 AS d, 0.1 AS e, 3.0 AS f, 1.10 AS g, -42 AS h");
    CHECK(to_literal_sql(q, postgresql_dialect()) ==
          "SELECT true AS a, false AS b, NULL AS c, 2.5 AS d, 0.1 AS e, 3.0 AS f, 1.10 AS g, -42 "
          "AS h");
    CHECK(to_literal_sql(q, mysql_dialect()) ==
          "SELECT 1 AS a, 0 AS b, NULL AS c, 2.5 AS d, 0.1 AS e, 3.0 AS f, 1.10 AS g, -42 AS h");
}

TEST_CASE("to_literal_sql renders bytes per dialect") {
    auto q = select(literal(Bytes{0xde, 0xad, 0x01}).label("b"));
    CHECK(to_literal_sql(q, sqlite_dialect()) == "SELECT X'dead01' AS b");
    CHECK(to_literal_sql(q, postgresql_dialect()) == "SELECT '\\xdead01'::bytea AS b");
    CHECK(to_literal_sql(q, mysql_dialect()) == "SELECT X'dead01' AS b");
}

TEST_CASE("to_literal_sql renders dates, times, timestamps, UUIDs, JSON and intervals") {
    auto q = select(literal(year_month_day{year{2024}, month{2}, day{9}}).label("d"),
                    literal(TimeOfDay{hours{1} + minutes{2} + microseconds{30}}).label("t"),
                    literal(Timestamp{sys_days{year{2024} / 1 / 31} + hours{12}}).label("ts"),
                    literal(Uuid::parse("12345678123456781234567812345678")).label("u"),
                    literal(Json{"{\"a\": \"b'c\"}"}).label("j"));
    CHECK(to_literal_sql(q, sqlite_dialect()) ==
          "SELECT '2024-02-09' AS d, '01:02:00.000030' AS t, '2024-01-31 12:00:00' AS ts, "
          "'12345678123456781234567812345678' AS u, '{\"a\": \"b''c\"}' AS j");
    CHECK(to_literal_sql(q, postgresql_dialect()) ==
          "SELECT '2024-02-09' AS d, '01:02:00.000030' AS t, '2024-01-31 12:00:00' AS ts, "
          "'12345678-1234-5678-1234-567812345678' AS u, '{\"a\": \"b''c\"}' AS j");
    CHECK(
        to_literal_sql(select(literal(IntervalValue{1, 2, 3}).label("i")), postgresql_dialect()) ==
        "SELECT '1 months 2 days 3 microseconds'::interval AS i");
    CHECK(to_literal_sql(select(literal(IntervalValue{seconds{2}}).label("i")), sqlite_dialect()) ==
          "SELECT 2000000 AS i");
    auto message = error_message<CompileError>([] {
        (void)to_literal_sql(select(literal(IntervalValue{1, 0, 0}).label("i")), sqlite_dialect());
    });
    CHECK(message.find("an interval with months cannot be stored by the sqlite dialect") !=
          std::string::npos);
}

TEST_CASE("to_literal_sql leaves question marks and dollar signs inside values alone") {
    SqlTables t;
    CHECK(to_literal_sql(select(t.id).where(t.name == "a?b" && t.age == 3), sqlite_dialect()) ==
          "SELECT users.id FROM users WHERE users.name = 'a?b' AND users.age = 3");
    CHECK(to_literal_sql(select(t.id).where(t.name == "$1" && t.age == 3 && t.id == 4),
                         postgresql_dialect()) ==
          "SELECT users.id FROM users WHERE users.name = '$1' AND users.age = 3 AND users.id = 4");
}

TEST_CASE("to_literal_sql of text() replaces only its parameters") {
    auto q =
        text("SELECT '?', x FROM t WHERE a = :a AND b = '$1' AND c = :a").bindparams({{"a", 1}});
    CHECK(to_literal_sql(q, sqlite_dialect()) ==
          "SELECT '?', x FROM t WHERE a = 1 AND b = '$1' AND c = 1");
    CHECK(to_literal_sql(q, postgresql_dialect()) ==
          "SELECT '?', x FROM t WHERE a = 1 AND b = '$1' AND c = 1");
}

TEST_CASE("to_literal_sql with a reused named parameter in the named style") {
    SqlTables t;
    auto q = select(t.id).where(t.id == bindparam("x") || t.age == bindparam("x"));
    CHECK(to_literal_sql(q, named_dialect(), {{"x", 7}}) ==
          "SELECT users.id FROM users WHERE users.id = 7 OR users.age = 7");
}

TEST_CASE("to_literal_sql of the format style shows single % signs") {
    SqlTables t;
    auto q = select(t.id, literal_column("'100%'").label("p"))
                 .where(t.age % 2 == 1 && t.name.like("x%", '%'));
    CHECK(
        to_literal_sql(q, format_dialect()) ==
        "SELECT users.id, '100%' AS p FROM users WHERE users.age % 2 = 1 AND users.name LIKE 'x%' "
        "ESCAPE '%'");
}

TEST_CASE("to_literal_sql expands empty IN lists and named parameters from execution values") {
    SqlTables t;
    auto q = select(t.id).where(t.id.in_parameter(expanding_bindparam("ids")) &&
                                t.age == bindparam("a"));
    CHECK(to_literal_sql(q, postgresql_dialect(), {{"ids", std::vector<Value>{}}, {"a", 5}}) ==
          "SELECT users.id FROM users WHERE users.id IN (NULL) AND (1 != 1) AND users.age = 5");
    CHECK(to_literal_sql(q, sqlite_dialect(), {{"ids", std::vector<Value>{1, 2}}, {"a", 5}}) ==
          "SELECT users.id FROM users WHERE users.id IN (1, 2) AND users.age = 5");
    CHECK(
        to_literal_sql(select(t.id).where(tuple_(t.id, t.name).in_({{1, "a"}})), mysql_dialect()) ==
        "SELECT users.id FROM users WHERE (users.id, users.name) IN ((1, 'a'))");
}
