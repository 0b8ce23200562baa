// Functions, labels, CASE, CAST, window functions, FILTER, COLLATE, ordering with NULLS
// FIRST / LAST, DISTINCT, concatenation and user-written operators.
#include "tables.hpp"

using namespace retort;
using retort::test::check_dialects;
using retort::test::check_sql;
using retort::test::error_message;
using retort::test::SqlTables;

TEST_CASE("count() is count(*) and gets the anonymous label count_1") {
    SqlTables t;
    check_dialects(
        select(func.count()).select_from(t.users), {"SELECT count(*) AS count_1 FROM users"},
        {"SELECT count(*) AS count_1 FROM users"}, {"SELECT count(*) AS count_1 FROM users"});
    CHECK(func.count().type().kind == TypeKind::BigInteger);
}

TEST_CASE("aggregates are labelled by name and numbered per name") {
    SqlTables t;
    std::string sql =
        "SELECT count(users.id) AS count_1, count(users.name) AS count_2, max(users.age) AS max_1, "
        "min(users.age) AS min_1, sum(users.age) AS sum_1, avg(users.age) AS avg_1 FROM users";
    check_dialects(select(func.count(t.id), func.count(t.name), func.max(t.age), func.min(t.age),
                          func.sum(t.age), func.avg(t.age)),
                   {sql}, {sql}, {sql});
    CHECK(func.sum(t.age).type().kind == TypeKind::Integer);
    CHECK(func.avg(t.age).type().kind == TypeKind::Numeric);
}

TEST_CASE("coalesce, lower, upper, length and abs") {
    SqlTables t;
    check_dialects(
        select(func.coalesce(t.email, "none", t.name), func.lower(t.name), func.upper(t.name),
               func.length(t.name), func.abs(t.age - 40)),
        {"SELECT coalesce(users.email, ?, users.name) AS coalesce_1, lower(users.name) AS "
         "lower_1, upper(users.name) AS upper_1, length(users.name) AS length_1, abs(users.age - "
         "?) AS abs_1 FROM users",
         {"none", 40}},
        {"SELECT coalesce(users.email, $1, users.name) AS coalesce_1, lower(users.name) AS "
         "lower_1, upper(users.name) AS upper_1, length(users.name) AS length_1, abs(users.age - "
         "$2) AS abs_1 FROM users",
         {"none", 40}},
        {"SELECT coalesce(users.email, ?, users.name) AS coalesce_1, lower(users.name) AS "
         "lower_1, upper(users.name) AS upper_1, length(users.name) AS length_1, abs(users.age - "
         "?) AS abs_1 FROM users",
         {"none", 40}});
    CHECK(func.coalesce(t.email, "x").type() == t.email.type());
}

TEST_CASE("now() is CURRENT_TIMESTAMP on SQLite; SQL keyword functions have no parentheses") {
    check_dialects(
        select(func.now(), func.current_timestamp(), func.current_date(), func.current_time()),
        {"SELECT CURRENT_TIMESTAMP AS now_1, CURRENT_TIMESTAMP AS current_timestamp_1, "
         "CURRENT_DATE AS current_date_1, CURRENT_TIME AS current_time_1"},
        {"SELECT now() AS now_1, CURRENT_TIMESTAMP AS current_timestamp_1, CURRENT_DATE AS "
         "current_date_1, CURRENT_TIME AS current_time_1"},
        {"SELECT now() AS now_1, CURRENT_TIMESTAMP AS current_timestamp_1, CURRENT_DATE AS "
         "current_date_1, CURRENT_TIME AS current_time_1"});
}

TEST_CASE("a generic function by name, with values bound as parameters") {
    SqlTables t;
    check_dialects(
        select(func("julianday", t.name, 5), func("random")),
        {"SELECT julianday(users.name, ?) AS julianday_1, random() AS random_1 FROM users", {5}},
        {"SELECT julianday(users.name, $1) AS julianday_1, random() AS random_1 FROM "
         "users",
         {5}},
        {"SELECT julianday(users.name, ?) AS julianday_1, random() AS random_1 FROM users", {5}});
    Expression typed = func.call("my_len", {t.name}, Integer{});
    CHECK(typed.type().kind == TypeKind::Integer);
    check_dialects(select(t.id).where(typed > 3),
                   {"SELECT users.id FROM users WHERE my_len(users.name) > ?", {3}},
                   {"SELECT users.id FROM users WHERE my_len(users.name) > $1", {3}},
                   {"SELECT users.id FROM users WHERE my_len(users.name) > ?", {3}});
}

TEST_CASE("functions in WHERE, GROUP BY and HAVING") {
    SqlTables t;
    check_dialects(
        select(t.name, func.count(t.id))
            .where(func.lower(t.name) == "ed")
            .group_by(t.name)
            .having(func.count(t.id) > 1),
        {"SELECT users.name, count(users.id) AS count_1 FROM users WHERE lower(users.name) "
         "= ? GROUP BY users.name HAVING count(users.id) > ?",
         {"ed", 1}},
        {"SELECT users.name, count(users.id) AS count_1 FROM users WHERE lower(users.name) "
         "= $1 GROUP BY users.name HAVING count(users.id) > $2",
         {"ed", 1}},
        {"SELECT users.name, count(users.id) AS count_1 FROM users WHERE lower(users.name) "
         "= ? GROUP BY users.name HAVING count(users.id) > ?",
         {"ed", 1}});
}

TEST_CASE("labels render AS and are quoted when needed") {
    SqlTables t;
    check_dialects(select(func.count(t.id).label("n"), t.name.label("user name"),
                          t.age.label("Age"), t.email.label("order")),
                   {"SELECT count(users.id) AS n, users.name AS \"user name\", users.age AS "
                    "\"Age\", users.email AS \"order\" FROM users"},
                   {"SELECT count(users.id) AS n, users.name AS \"user name\", users.age AS "
                    "\"Age\", users.email AS \"order\" FROM users"},
                   {"SELECT count(users.id) AS n, users.name AS `user name`, users.age AS `Age`, "
                    "users.email AS `order` FROM users"});
    auto message = error_message<ArgumentError>([&] { (void)t.id.label(""); });
    CHECK(message.find("label() needs a non-empty name") != std::string::npos);
}

TEST_CASE("unnamed expressions get anon_N labels in select order") {
    SqlTables t;
    check_dialects(select(t.id + 1, t.age * 2, case_({{t.age > 1, 1}}), t.name),
                   {"SELECT users.id + ? AS anon_1, users.age * ? AS anon_2, CASE WHEN users.age > "
                    "? THEN ? END AS anon_3, users.name FROM users",
                    {1, 2, 1, 1}},
                   {"SELECT users.id + $1 AS anon_1, users.age * $2 AS anon_2, CASE WHEN users.age "
                    "> $3 THEN $4 END AS anon_3, users.name FROM users",
                    {1, 2, 1, 1}},
                   {"SELECT users.id + ? AS anon_1, users.age * ? AS anon_2, CASE WHEN users.age > "
                    "? THEN ? END AS anon_3, users.name FROM users",
                    {1, 2, 1, 1}});
    auto compiled = compile(select(t.id + 1, func.max(t.age), t.name), sqlite_dialect());
    REQUIRE(compiled.result_columns().size() == 3);
    CHECK(compiled.result_columns()[0].name == "anon_1");
    CHECK(compiled.result_columns()[1].name == "max_1");
    CHECK(compiled.result_columns()[2].name == "name");
}

TEST_CASE("a label used in ORDER BY renders as its name") {
    SqlTables t;
    auto n = func.count(t.id).label("n");
    check_dialects(
        select(t.name, n).group_by(t.name).order_by(n.desc()),
        {"SELECT users.name, count(users.id) AS n FROM users GROUP BY users.name ORDER BY "
         "n DESC"},
        {"SELECT users.name, count(users.id) AS n FROM users GROUP BY users.name ORDER BY "
         "n DESC"},
        {"SELECT users.name, count(users.id) AS n FROM users GROUP BY users.name ORDER BY "
         "n DESC"});
}

TEST_CASE("a label inside an expression stands for its expression") {
    SqlTables t;
    auto total = (t.age * 2).label("double_age");
    check_dialects(select(t.id).where(total > 10),
                   {"SELECT users.id FROM users WHERE users.age * ? > ?", {2, 10}},
                   {"SELECT users.id FROM users WHERE users.age * $1 > $2", {2, 10}},
                   {"SELECT users.id FROM users WHERE users.age * ? > ?", {2, 10}});
}

TEST_CASE("DISTINCT on one expression and on the whole SELECT") {
    SqlTables t;
    check_dialects(select(func.count(t.name.distinct())),
                   {"SELECT count(DISTINCT users.name) AS count_1 FROM users"},
                   {"SELECT count(DISTINCT users.name) AS count_1 FROM users"},
                   {"SELECT count(DISTINCT users.name) AS count_1 FROM users"});
    check_dialects(select(t.name).distinct(), {"SELECT DISTINCT users.name FROM users"},
                   {"SELECT DISTINCT users.name FROM users"},
                   {"SELECT DISTINCT users.name FROM users"});
    check_dialects(select(func.count(distinct(t.age + 1))),
                   {"SELECT count(DISTINCT users.age + ?) AS count_1 FROM users", {1}},
                   {"SELECT count(DISTINCT users.age + $1) AS count_1 FROM users", {1}},
                   {"SELECT count(DISTINCT users.age + ?) AS count_1 FROM users", {1}});
}

TEST_CASE("searched CASE with ELSE") {
    SqlTables t;
    auto c = case_({{t.age < 18, "minor"}, {t.age < 65, "adult"}}, "senior");
    check_dialects(select(c.label("bracket")),
                   {"SELECT CASE WHEN users.age < ? THEN ? WHEN users.age < ? THEN ? ELSE ? END AS "
                    "bracket FROM users",
                    {18, "minor", 65, "adult", "senior"}},
                   {"SELECT CASE WHEN users.age < $1 THEN $2 WHEN users.age < $3 THEN $4 ELSE $5 "
                    "END AS bracket FROM users",
                    {18, "minor", 65, "adult", "senior"}},
                   {"SELECT CASE WHEN users.age < ? THEN ? WHEN users.age < ? THEN ? ELSE ? END AS "
                    "bracket FROM users",
                    {18, "minor", 65, "adult", "senior"}});
}

TEST_CASE("simple CASE compares one value, typed like it") {
    SqlTables t;
    auto c = case_(t.name, {{"a", 1}, {"b", 2}}, t.age);
    check_dialects(
        select(c),
        {"SELECT CASE users.name WHEN ? THEN ? WHEN ? THEN ? ELSE users.age END AS anon_1 "
         "FROM users",
         {"a", 1, "b", 2}},
        {"SELECT CASE users.name WHEN $1 THEN $2 WHEN $3 THEN $4 ELSE users.age END AS "
         "anon_1 FROM users",
         {"a", 1, "b", 2}},
        {"SELECT CASE users.name WHEN ? THEN ? WHEN ? THEN ? ELSE users.age END AS anon_1 "
         "FROM users",
         {"a", 1, "b", 2}});
    auto slots = retort::test::slots_of(select(c));
    CHECK(slots[0].name == "name_1");
    CHECK(slots[0].type == SqlType(String{50}));
}

TEST_CASE("CASE in WHERE and inside arithmetic needs no parentheses") {
    SqlTables t;
    t.check_where(case_({{t.age > 1, t.age}}, 0) + 1 > 5,
                  "CASE WHEN users.age > ? THEN users.age ELSE ? END + ? > ?", {1, 0, 1, 5});
}

TEST_CASE("CAST to generic types per dialect") {
    SqlTables t;
    check_dialects(
        select(cast(t.age, String{10}).label("a"), cast(t.name, Integer{}).label("b"),
               cast(t.age, Numeric{10, 2}).label("c"), cast(t.name, DateTime{}).label("d"),
               cast(t.name, Date{}).label("e")),
        {"SELECT CAST(users.age AS VARCHAR(10)) AS a, CAST(users.name AS INTEGER) AS b, "
         "CAST(users.age AS NUMERIC(10, 2)) AS c, CAST(users.name AS DATETIME) AS d, "
         "CAST(users.name AS DATE) AS e FROM users"},
        {"SELECT CAST(users.age AS VARCHAR(10)) AS a, CAST(users.name AS INTEGER) AS b, "
         "CAST(users.age AS NUMERIC(10, 2)) AS c, CAST(users.name AS TIMESTAMP WITHOUT TIME ZONE) "
         "AS d, CAST(users.name AS DATE) AS e FROM users"},
        {"SELECT CAST(users.age AS CHAR(10)) AS a, CAST(users.name AS SIGNED INTEGER) AS b, "
         "CAST(users.age AS DECIMAL(10, 2)) AS c, CAST(users.name AS DATETIME(6)) AS d, "
         "CAST(users.name AS DATE) AS e FROM users"});
}

TEST_CASE("MySQL CAST uses the few type names CAST accepts") {
    SqlTables t;
    check_dialects(
        select(cast(t.age, Numeric{}).label("a"), cast(t.age, Float{}).label("b"),
               cast(t.age, Boolean{}).label("c"), cast(t.name, Text{}).label("d"),
               cast(t.name, BigInteger{}).label("e"), cast(t.name, LargeBinary{}).label("f")),
        {"SELECT CAST(users.age AS NUMERIC) AS a, CAST(users.age AS FLOAT) AS b, CAST(users.age "
         "AS BOOLEAN) AS c, CAST(users.name AS TEXT) AS d, CAST(users.name AS BIGINT) AS e, "
         "CAST(users.name AS BLOB) AS f FROM users"},
        {"SELECT CAST(users.age AS NUMERIC) AS a, CAST(users.age AS FLOAT) AS b, CAST(users.age "
         "AS BOOLEAN) AS c, CAST(users.name AS TEXT) AS d, CAST(users.name AS BIGINT) AS e, "
         "CAST(users.name AS BYTEA) AS f FROM users"},
        {"SELECT CAST(users.age AS DECIMAL(65, 30)) AS a, CAST(users.age AS DOUBLE) AS b, "
         "CAST(users.age AS SIGNED INTEGER) AS c, CAST(users.name AS CHAR) AS d, CAST(users.name "
         "AS SIGNED INTEGER) AS e, CAST(users.name AS BINARY) AS f FROM users"});
}

TEST_CASE("a CAST is typed as its target and types the values compared with it") {
    SqlTables t;
    auto c = cast(t.name, Integer{});
    CHECK(c.type().kind == TypeKind::Integer);
    t.check_where(c > 5, "CAST(users.name AS INTEGER) > ?", "CAST(users.name AS INTEGER) > $1",
                  "CAST(users.name AS SIGNED INTEGER) > ?", {5});
    auto slots = retort::test::slots_of(select(t.id).where(c > 5));
    CHECK(slots[0].type.kind == TypeKind::Integer);
}

TEST_CASE("window functions with PARTITION BY and ORDER BY") {
    SqlTables t;
    std::string sql =
        "SELECT users.name, row_number() OVER (PARTITION BY users.name ORDER BY users.age DESC) AS "
        "rn, rank() OVER (ORDER BY users.age) AS anon_1, dense_rank() OVER (PARTITION BY "
        "users.email, users.name) AS anon_2 FROM users";
    check_dialects(select(t.name,
                          func.row_number()
                              .over({.partition_by = {t.name}, .order_by = {t.age.desc()}})
                              .label("rn"),
                          func.rank().over({.order_by = {t.age}}),
                          func.dense_rank().over({.partition_by = {t.email, t.name}})),
                   {sql}, {sql}, {sql});
}

TEST_CASE("window frames: ROWS and RANGE with every kind of bound") {
    SqlTables t;
    auto rows = func.sum(t.age).over(
        {.order_by = {t.id},
         .frame = WindowFrame{WindowFrame::Unit::Rows, FrameBound::preceding(2),
                              FrameBound::current_row()}});
    auto range = func.sum(t.age).over(
        {.frame = WindowFrame{WindowFrame::Unit::Range, FrameBound::unbounded_preceding(),
                              FrameBound::unbounded_following()}});
    auto ahead = func.avg(t.age).over(
        {.partition_by = {t.name},
         .frame = WindowFrame{WindowFrame::Unit::Rows, FrameBound::current_row(),
                              FrameBound::following(3)}});
    std::string sql =
        "SELECT sum(users.age) OVER (ORDER BY users.id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) "
        "AS anon_1, sum(users.age) OVER (RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED "
        "FOLLOWING) AS anon_2, avg(users.age) OVER (PARTITION BY users.name ROWS BETWEEN CURRENT "
        "ROW AND 3 FOLLOWING) AS anon_3 FROM users";
    check_dialects(select(rows, range, ahead), {sql}, {sql}, {sql});
}

TEST_CASE("an empty window is OVER ()") {
    SqlTables t;
    check_dialects(select(t.name, func.count().over().label("total")),
                   {"SELECT users.name, count(*) OVER () AS total FROM users"},
                   {"SELECT users.name, count(*) OVER () AS total FROM users"},
                   {"SELECT users.name, count(*) OVER () AS total FROM users"});
}

TEST_CASE("window functions are refused by MySQL before 8.0") {
    SqlTables t;
    auto old = make_mysql_dialect({.mariadb = false, .major = 5, .minor = 7});
    auto message =
        error_message<CompileError>([&] { (void)compile(select(func.row_number().over()), *old); });
    CHECK(message == "window functions (OVER) is not supported by the mysql dialect");
}

TEST_CASE("FILTER (WHERE ...) on PostgreSQL and SQLite; a CompileError on MySQL") {
    SqlTables t;
    auto q = select(func.count(t.id).filter(t.age > 18).label("adults"));
    check_sql(q, sqlite_dialect(),
              {"SELECT count(users.id) FILTER (WHERE users.age > ?) AS adults FROM users", {18}});
    check_sql(q, postgresql_dialect(),
              {"SELECT count(users.id) FILTER (WHERE users.age > $1) AS adults FROM users", {18}});
    auto message = error_message<CompileError>([&] { (void)compile(q, mysql_dialect()); });
    CHECK(
        message.find("FILTER (WHERE ...) on an aggregate is not supported by the mysql dialect") !=
        std::string::npos);
    CHECK(message.find("CASE WHEN") != std::string::npos);
    message = error_message<ArgumentError>([&] { (void)t.age.filter(t.age > 1); });
    CHECK(message.find("filter() applies to an aggregate function call") != std::string::npos);
}

TEST_CASE("FILTER combined with OVER") {
    SqlTables t;
    check_sql(
        select(func.count(t.id).filter(t.age > 1).over({.partition_by = {t.name}})),
        postgresql_dialect(),
        {"SELECT count(users.id) FILTER (WHERE users.age > $1) OVER (PARTITION BY users.name) "
         "AS anon_1 FROM users",
         {1}});
}

TEST_CASE("ASC / DESC with NULLS FIRST / LAST, emulated on MySQL with IS NULL") {
    SqlTables t;
    check_dialects(
        select(t.id).order_by(t.name.desc().nulls_first(), t.age.asc().nulls_last()),
        {"SELECT users.id FROM users ORDER BY users.name DESC NULLS FIRST, users.age ASC NULLS "
         "LAST"},
        {"SELECT users.id FROM users ORDER BY users.name DESC NULLS FIRST, users.age ASC NULLS "
         "LAST"},
        {"SELECT users.id FROM users ORDER BY users.name IS NULL DESC, users.name DESC, users.age "
         "IS NULL, users.age ASC"});
}

TEST_CASE("NULLS placements MySQL already sorts by need no extra term") {
    SqlTables t;
    check_dialects(
        select(t.id).order_by(t.name.asc().nulls_first(), t.age.desc().nulls_last(),
                              nulls_first(t.email)),
        {"SELECT users.id FROM users ORDER BY users.name ASC NULLS FIRST, users.age DESC "
         "NULLS LAST, users.email NULLS FIRST"},
        {"SELECT users.id FROM users ORDER BY users.name ASC NULLS FIRST, users.age DESC "
         "NULLS LAST, users.email NULLS FIRST"},
        {"SELECT users.id FROM users ORDER BY users.name ASC, users.age DESC, "
         "users.email"});
    check_dialects(select(t.id).order_by(nulls_last(t.age)),
                   {"SELECT users.id FROM users ORDER BY users.age NULLS LAST"},
                   {"SELECT users.id FROM users ORDER BY users.age NULLS LAST"},
                   {"SELECT users.id FROM users ORDER BY users.age IS NULL, users.age"});
}

TEST_CASE("asc() and desc() in ORDER BY, and a later direction replacing an earlier one") {
    SqlTables t;
    check_dialects(select(t.id).order_by(asc(t.name), desc(t.age + 1), t.email.asc().desc()),
                   {"SELECT users.id FROM users ORDER BY users.name ASC, users.age + ? DESC, "
                    "users.email DESC",
                    {1}},
                   {"SELECT users.id FROM users ORDER BY users.name ASC, users.age + $1 DESC, "
                    "users.email DESC",
                    {1}},
                   {"SELECT users.id FROM users ORDER BY users.name ASC, users.age + ? DESC, "
                    "users.email DESC",
                    {1}});
}

TEST_CASE("COLLATE: PostgreSQL quotes the collation as an identifier") {
    SqlTables t;
    t.check_where(t.name.collate("C") == "x", "users.name COLLATE C = ?",
                  "users.name COLLATE \"C\" = $1", "users.name COLLATE C = ?", {"x"});
    check_dialects(select(t.id).order_by(collate(t.name, "nocase")),
                   {"SELECT users.id FROM users ORDER BY users.name COLLATE nocase"},
                   {"SELECT users.id FROM users ORDER BY users.name COLLATE nocase"},
                   {"SELECT users.id FROM users ORDER BY users.name COLLATE nocase"});
    auto message = error_message<ArgumentError>([&] { (void)t.name.collate(""); });
    CHECK(message.find("collation") != std::string::npos);
}

TEST_CASE("COLLATE binds tightest: a compound operand is parenthesized") {
    SqlTables t;
    check_dialects(select((t.name + t.email).collate("utf8mb4_bin")),
                   {"SELECT (users.name || users.email) COLLATE utf8mb4_bin AS anon_1 FROM users"},
                   {"SELECT (users.name || users.email) COLLATE utf8mb4_bin AS anon_1 FROM users"},
                   {"SELECT (concat(users.name, users.email)) COLLATE utf8mb4_bin AS anon_1 FROM "
                    "users"});
}

TEST_CASE("concat(): || with parentheses by precedence, MySQL concat() flattened") {
    SqlTables t;
    check_dialects(select(t.name.concat(", ").concat(t.email)),
                   {"SELECT users.name || ? || users.email AS anon_1 FROM users", {", "}},
                   {"SELECT users.name || $1 || users.email AS anon_1 FROM users", {", "}},
                   {"SELECT concat(users.name, ?, users.email) AS anon_1 FROM users", {", "}});
    t.check_where(t.name.concat(t.email) == "ab", "users.name || users.email = ?",
                  "users.name || users.email = $1", "concat(users.name, users.email) = ?", {"ab"});
}

TEST_CASE("a user-written operator is rendered verbatim, its operands bound as usual") {
    SqlTables t;
    t.check_where(t.name.op("~", "^a"), "users.name ~ ?", {"^a"});
    t.check_where(t.name.op("REGEXP", "^a") && t.id > 1, "(users.name REGEXP ?) AND users.id > ?",
                  {"^a", 1});
    auto slots = retort::test::slots_of(select(t.id).where(t.name.op("~", "x")));
    CHECK(slots[0].name == "name_1");
}

TEST_CASE("a user-written operator used as an operand is parenthesized") {
    SqlTables t;
    // Its precedence is unknown: `a XOR b = 1` would mean `a XOR (b = 1)` on MySQL.
    t.check_where(t.age.op("XOR", 1) == 1, "(users.age XOR ?) = ?", {1, 1});
    t.check_where(t.name.op("@>", "x") == true_(), "(users.name @> ?) = 1",
                  "(users.name @> $1) = true", "(users.name @> ?) = 1", {"x"});
    check_dialects(select(t.age.op("&", 4) + 1),
                   {"SELECT (users.age & ?) + ? AS anon_1 FROM users", {4, 1}},
                   {"SELECT (users.age & $1) + $2 AS anon_1 FROM users", {4, 1}},
                   {"SELECT (users.age & ?) + ? AS anon_1 FROM users", {4, 1}});
}

TEST_CASE("a user-written operator parenthesizes looser operands") {
    SqlTables t;
    t.check_where((t.id == 1).op("OR", t.age + 1 > 2), "(users.id = ?) OR (users.age + ? > ?)",
                  {1, 1, 2});
    check_dialects(select(t.age.op("<<", t.id + 1)),
                   {"SELECT users.age << users.id + ? AS anon_1 FROM users", {1}},
                   {"SELECT users.age << users.id + $1 AS anon_1 FROM users", {1}},
                   {"SELECT users.age << users.id + ? AS anon_1 FROM users", {1}});
    auto message = error_message<ArgumentError>([&] { (void)t.age.op("", 1); });
    CHECK(message.find("op() needs an operator") != std::string::npos);
}

TEST_CASE("unicode strings are parameters and unicode labels are quoted") {
    SqlTables t;
    check_dialects(select(t.name.label("naïve")).where(t.name == "Zoë ✓"),
                   {"SELECT users.name AS \"naïve\" FROM users WHERE users.name = ?", {"Zoë ✓"}},
                   {"SELECT users.name AS \"naïve\" FROM users WHERE users.name = $1", {"Zoë ✓"}},
                   {"SELECT users.name AS `naïve` FROM users WHERE users.name = ?", {"Zoë ✓"}});
}

TEST_CASE("literal(), literal_column(), null_() and bindparam()") {
    SqlTables t;
    check_dialects(select(literal("x").label("a"), literal_column("1 + 1").label("b"),
                          null_().label("c"), bindparam("p", 7).label("d")),
                   {"SELECT ? AS a, 1 + 1 AS b, NULL AS c, ? AS d", {"x", 7}},
                   {"SELECT $1 AS a, 1 + 1 AS b, NULL AS c, $2 AS d", {"x", 7}},
                   {"SELECT ? AS a, 1 + 1 AS b, NULL AS c, ? AS d", {"x", 7}});
    // A bindparam's default gives way to an execution parameter.
    check_dialects(select(bindparam("p", 7).label("d")), {"SELECT ? AS d", {8}},
                   {"SELECT $1 AS d", {8}}, {"SELECT ? AS d", {8}}, {{"p", 8}});
}

TEST_CASE("a named bindparam used twice: one $n on PostgreSQL, the value repeated for ?") {
    SqlTables t;
    check_sql(
        select(t.id).where(t.id == bindparam("x") || t.age == bindparam("x")), sqlite_dialect(),
        {"SELECT users.id FROM users WHERE users.id = ? OR users.age = ?", {7, 7}}, {{"x", 7}});
    check_sql(
        select(t.id).where(t.id == bindparam("x") || t.age == bindparam("x")), mysql_dialect(),
        {"SELECT users.id FROM users WHERE users.id = ? OR users.age = ?", {7, 7}}, {{"x", 7}});
    check_sql(
        select(t.id).where(t.id == bindparam("x") || t.age == bindparam("x")), postgresql_dialect(),
        {"SELECT users.id FROM users WHERE users.id = $1 OR users.age = $1", {7}}, {{"x", 7}});
}

TEST_CASE("a bindparam without a value is a CompileError naming it") {
    SqlTables t;
    auto compiled = compile(select(t.id).where(t.id == bindparam("user_id")), sqlite_dialect());
    CHECK(compiled.sql() == "SELECT users.id FROM users WHERE users.id = ?");
    auto message = error_message<CompileError>([&] { (void)compiled.parameters(); });
    CHECK(message == "A value is required for bind parameter 'user_id'");
    CHECK(compiled.parameters({{"user_id", 3}}) == std::vector<Value>{3});
    message = error_message<ArgumentError>([] { (void)bindparam(""); });
    CHECK(message.find("bindparam() needs a name") != std::string::npos);
}
