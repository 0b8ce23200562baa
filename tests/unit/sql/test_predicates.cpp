// Predicates: IN (lists, empty lists, subqueries, expressions, expanding and tuple forms),
// BETWEEN, LIKE / ILIKE with ESCAPE, startswith / endswith / contains, IS DISTINCT FROM, EXISTS.
#include "tables.hpp"

using namespace retort;
using retort::test::check_dialects;
using retort::test::error_message;
using retort::test::SqlTables;

TEST_CASE("IN with a list of values expands to one placeholder per value") {
    SqlTables t;
    t.check_where(t.id.in_({1, 2, 3}), "users.id IN (?, ?, ?)", {1, 2, 3});
    t.check_where(t.name.in_({"a"}), "users.name IN (?)", {"a"});
    t.check_where(t.id.in_({5}) && t.age == 3, "users.id IN (?) AND users.age = ?", {5, 3});
}

TEST_CASE("IN lists of any length share one compiled form") {
    SqlTables t;
    auto two = compile(select(t.id).where(t.id.in_({1, 2})), postgresql_dialect());
    auto five = compile(select(t.id).where(t.id.in_({1, 2, 3, 4, 5})), postgresql_dialect());
    CHECK(two.form().sql() ==
          "SELECT users.id FROM users WHERE users.id IN (__[POSTCOMPILE_id_1])");
    CHECK(five.form().sql() == two.form().sql());
    GatherContext a, b;
    gather(select(t.id).where(t.id.in_({1, 2})), a);
    gather(select(t.id).where(t.id.in_({1, 2, 3, 4, 5})), b);
    CHECK(a.key == b.key);
    CHECK(five.sql() == "SELECT users.id FROM users WHERE users.id IN ($1, $2, $3, $4, $5)");
    CHECK(five.parameter_names() ==
          std::vector<std::string>{"id_1_1", "id_1_2", "id_1_3", "id_1_4", "id_1_5"});
}

TEST_CASE("placeholders after an expanded IN list are numbered on") {
    SqlTables t;
    t.check_where(t.age > 1 && t.id.in_({7, 8, 9}) && t.name == "x",
                  "users.age > ? AND users.id IN (?, ?, ?) AND users.name = ?", {1, 7, 8, 9, "x"});
}

TEST_CASE("an empty IN list renders SQLAlchemy's false condition per dialect") {
    SqlTables t;
    t.check_where(t.id.in_(std::vector<Value>{}),
                  "users.id IN (SELECT 1 FROM (SELECT 1) WHERE 1!=1)",
                  "users.id IN (NULL) AND (1 != 1)", "users.id IN (NULL) AND (1 != 1)");
    // Inside a larger condition the form keeps its meaning.
    t.check_where(t.id.in_(std::vector<Value>{}) || t.age == 1,
                  "users.id IN (SELECT 1 FROM (SELECT 1) WHERE 1!=1) OR users.age = ?",
                  "users.id IN (NULL) AND (1 != 1) OR users.age = $1",
                  "users.id IN (NULL) AND (1 != 1) OR users.age = ?", {1});
}

TEST_CASE("an empty NOT IN list renders a true condition per dialect") {
    SqlTables t;
    t.check_where(t.id.not_in(std::vector<Value>{}),
                  "(users.id NOT IN (SELECT 1 FROM (SELECT 1) WHERE 1!=1))",
                  "(users.id NOT IN (NULL) OR (1 = 1))", "(users.id NOT IN (NULL) OR (1 = 1))");
    t.check_where(t.id.not_in(std::vector<Value>{}) && t.age == 1,
                  "(users.id NOT IN (SELECT 1 FROM (SELECT 1) WHERE 1!=1)) AND users.age = ?",
                  "(users.id NOT IN (NULL) OR (1 = 1)) AND users.age = $1",
                  "(users.id NOT IN (NULL) OR (1 = 1)) AND users.age = ?", {1});
}

TEST_CASE("NOT IN with values, and negating IN") {
    SqlTables t;
    t.check_where(t.id.not_in({1, 2}), "(users.id NOT IN (?, ?))", {1, 2});
    t.check_where(!t.id.in_({1, 2}), "(users.id NOT IN (?, ?))", {1, 2});
    t.check_where(!t.id.not_in({1, 2}), "users.id IN (?, ?)", {1, 2});
    t.check_where(!!t.id.in_({3}), "users.id IN (?)", {3});
}

TEST_CASE("IN with NULL among the values binds NULL") {
    SqlTables t;
    t.check_where(t.email.in_({"a", nullptr}), "users.email IN (?, ?)", {"a", nullptr});
}

TEST_CASE("IN with a subquery of another table") {
    SqlTables t;
    auto buyers = select(t.orders.c("user_id")).where(t.orders.c("amount") > 100);
    t.check_where(t.id.in_(buyers),
                  "users.id IN (SELECT orders.user_id FROM orders WHERE orders.amount > ?)", {100});
    t.check_where(t.id.not_in(buyers),
                  "users.id NOT IN (SELECT orders.user_id FROM orders WHERE orders.amount > ?)",
                  {100});
    t.check_where(!t.id.in_(buyers),
                  "users.id NOT IN (SELECT orders.user_id FROM orders WHERE orders.amount > ?)",
                  {100});
}

TEST_CASE("IN with a subquery of the same table keeps its FROM (no auto-correlation)") {
    SqlTables t;
    auto oldest = select(func.max(t.id)).group_by(t.name);
    t.check_where(t.id.in_(oldest),
                  "users.id IN (SELECT max(users.id) AS max_1 FROM users GROUP BY users.name)");
}

TEST_CASE("IN with a list of expressions") {
    SqlTables t;
    t.check_where(t.id.in_expressions({t.age, 3, func.abs(t.age)}),
                  "users.id IN (users.age, ?, abs(users.age))", {3});
    t.check_where(!t.id.in_expressions({t.age}), "users.id NOT IN (users.age)");
    auto message = error_message<ArgumentError>([&] { (void)t.id.in_expressions({}); });
    CHECK(message.find("at least one expression") != std::string::npos);
}

TEST_CASE("an expanding bindparam takes its list at execution") {
    SqlTables t;
    auto cond = t.id.in_parameter(expanding_bindparam("ids"));
    t.check_where(cond, "users.id IN (?, ?, ?)", "users.id IN ($1, $2, $3)",
                  "users.id IN (?, ?, ?)", {4, 5, 6}, {{"ids", std::vector<Value>{4, 5, 6}}});
    t.check_where(cond, "users.id IN (SELECT 1 FROM (SELECT 1) WHERE 1!=1)",
                  "users.id IN (NULL) AND (1 != 1)", "users.id IN (NULL) AND (1 != 1)", {},
                  {{"ids", std::vector<Value>{}}});
    t.check_where(!cond && t.age == 2, "(users.id NOT IN (?)) AND users.age = ?",
                  "(users.id NOT IN ($1)) AND users.age = $2",
                  "(users.id NOT IN (?)) AND users.age = ?", {9, 2},
                  {{"ids", std::vector<Value>{9}}});
    auto names = compile(select(t.id).where(cond), sqlite_dialect())
                     .parameter_names({{"ids", std::vector<Value>{4, 5}}});
    CHECK(names == std::vector<std::string>{"ids_1", "ids_2"});
}

TEST_CASE("an expanding bindparam without a list is a CompileError") {
    SqlTables t;
    auto compiled = compile(select(t.id).where(t.id.in_parameter(expanding_bindparam("ids"))),
                            sqlite_dialect());
    auto message = error_message<CompileError>([&] { (void)compiled.parameters(); });
    CHECK(message == "A value is required for bind parameter 'ids'");
    message = error_message<CompileError>([&] { (void)compiled.parameters({{"ids", 5}}); });
    CHECK(message.find("expanding parameter 'ids' needs a list of values") != std::string::npos);
    message = error_message<ArgumentError>([&] { (void)t.id.in_parameter(bindparam("ids")); });
    CHECK(message.find("expanding_bindparam") != std::string::npos);
}

TEST_CASE("tuple IN with rows of values") {
    SqlTables t;
    t.check_where(tuple_(t.id, t.name).in_({{1, "a"}, {2, "b"}}),
                  "(users.id, users.name) IN ((?, ?), (?, ?))", {1, "a", 2, "b"});
    t.check_where(tuple_(t.id, t.name).not_in({{1, "a"}}),
                  "((users.id, users.name) NOT IN ((?, ?)))", {1, "a"});
}

TEST_CASE("empty tuple IN and NOT IN lists") {
    SqlTables t;
    std::vector<std::vector<Value>> none;
    t.check_where(tuple_(t.id, t.name).in_(none),
                  "(users.id, users.name) IN (SELECT 1, 1 FROM (SELECT 1, 1) WHERE 1!=1)",
                  "(users.id, users.name) IN ((NULL, NULL)) AND (1 != 1)",
                  "(users.id, users.name) IN ((NULL, NULL)) AND (1 != 1)");
    t.check_where(tuple_(t.id, t.name).not_in(none),
                  "((users.id, users.name) NOT IN (SELECT 1, 1 FROM (SELECT 1, 1) WHERE 1!=1))",
                  "((users.id, users.name) NOT IN ((NULL, NULL)) OR (1 = 1))",
                  "((users.id, users.name) NOT IN ((NULL, NULL)) OR (1 = 1))");
}

TEST_CASE("a tuple IN row of the wrong width is an ArgumentError") {
    SqlTables t;
    auto message = error_message<ArgumentError>([&] {
        (void)tuple_(t.id, t.name).in_({{1, "a", 3}});
    });
    CHECK(message.find("a row has 3 values but the tuple has 2 elements") != std::string::npos);
}

TEST_CASE("a tuple compared with a tuple") {
    SqlTables t;
    t.check_where(tuple_(t.id, t.age) == tuple_(1, 2), "(users.id, users.age) = (?, ?)", {1, 2});
}

TEST_CASE("BETWEEN and NOT BETWEEN") {
    SqlTables t;
    t.check_where(t.age.between(18, 65), "users.age BETWEEN ? AND ?", {18, 65});
    t.check_where(t.age.not_between(18, 65), "users.age NOT BETWEEN ? AND ?", {18, 65});
    t.check_where(!t.age.between(18, 65), "users.age NOT BETWEEN ? AND ?", {18, 65});
    t.check_where(!t.age.not_between(1, 2), "users.age BETWEEN ? AND ?", {1, 2});
    t.check_where(t.age.between(t.id, t.id + 10), "users.age BETWEEN users.id AND users.id + ?",
                  {10});
    auto slots = retort::test::slots_of(select(t.id).where(t.age.between(1, 2)));
    CHECK(slots[0].name == "age_1");
    CHECK(slots[1].name == "age_2");
}

TEST_CASE("BETWEEN inside AND needs no parentheses") {
    SqlTables t;
    t.check_where(t.age.between(1, 2) && t.id.between(3, 4),
                  "users.age BETWEEN ? AND ? AND users.id BETWEEN ? AND ?", {1, 2, 3, 4});
    t.check_where(t.age.between(1, 2) || t.id == 5, "users.age BETWEEN ? AND ? OR users.id = ?",
                  {1, 2, 5});
}

TEST_CASE("LIKE and NOT LIKE, with and without ESCAPE") {
    SqlTables t;
    t.check_where(t.name.like("a%"), "users.name LIKE ?", {"a%"});
    t.check_where(t.name.not_like("a%"), "users.name NOT LIKE ?", {"a%"});
    t.check_where(!t.name.like("a%"), "users.name NOT LIKE ?", {"a%"});
    t.check_where(t.name.like("a!%%", '!'), "users.name LIKE ? ESCAPE '!'", {"a!%%"});
    t.check_where(!t.name.like("a\\%", '\\'), "users.name NOT LIKE ? ESCAPE '\\'", {"a\\%"});
    t.check_where(t.name.like(t.email), "users.name LIKE users.email");
}

TEST_CASE("a quote as the LIKE escape character is doubled") {
    SqlTables t;
    t.check_where(t.name.like("a'%", '\''), "users.name LIKE ? ESCAPE ''''", {"a'%"});
}

TEST_CASE("ILIKE is native on PostgreSQL and lower() LIKE lower() elsewhere") {
    SqlTables t;
    t.check_where(t.name.ilike("A%"), "lower(users.name) LIKE lower(?)", "users.name ILIKE $1",
                  "lower(users.name) LIKE lower(?)", {"A%"});
    t.check_where(t.name.not_ilike("A%"), "lower(users.name) NOT LIKE lower(?)",
                  "users.name NOT ILIKE $1", "lower(users.name) NOT LIKE lower(?)", {"A%"});
    t.check_where(!t.name.ilike("A%"), "lower(users.name) NOT LIKE lower(?)",
                  "users.name NOT ILIKE $1", "lower(users.name) NOT LIKE lower(?)", {"A%"});
    t.check_where(t.name.ilike("A!%", '!'), "lower(users.name) LIKE lower(?) ESCAPE '!'",
                  "users.name ILIKE $1 ESCAPE '!'", "lower(users.name) LIKE lower(?) ESCAPE '!'",
                  {"A!%"});
}

TEST_CASE("startswith / endswith / contains put the wildcards in the bound value") {
    SqlTables t;
    t.check_where(t.name.startswith("ab"), "users.name LIKE ? ESCAPE '/'", {"ab%"});
    t.check_where(t.name.endswith("ab"), "users.name LIKE ? ESCAPE '/'", {"%ab"});
    t.check_where(t.name.contains("ab"), "users.name LIKE ? ESCAPE '/'", {"%ab%"});
    auto slots = retort::test::slots_of(select(t.id).where(t.name.contains("x")));
    CHECK(slots[0].name == "name_1");
}

TEST_CASE("startswith / endswith / contains escape %, _ and the escape character") {
    SqlTables t;
    t.check_where(t.name.startswith("50%_a/b"), "users.name LIKE ? ESCAPE '/'", {"50/%/_a//b%"});
    t.check_where(t.name.contains("100%"), "users.name LIKE ? ESCAPE '/'", {"%100/%%"});
    t.check_where(t.name.endswith("a_b", '^'), "users.name LIKE ? ESCAPE '^'", {"%a^_b"});
    t.check_where(!t.name.contains("_"), "users.name NOT LIKE ? ESCAPE '/'", {"%/_%"});
}

TEST_CASE("IS DISTINCT FROM: native on PostgreSQL, IS NOT on SQLite, NOT <=> on MySQL") {
    SqlTables t;
    t.check_where(t.email.is_distinct_from("x"), "users.email IS NOT ?",
                  "users.email IS DISTINCT FROM $1", "NOT (users.email <=> ?)", {"x"});
    t.check_where(t.email.is_not_distinct_from("x"), "users.email IS ?",
                  "users.email IS NOT DISTINCT FROM $1", "users.email <=> ?", {"x"});
    t.check_where(!t.email.is_distinct_from(t.name), "users.email IS users.name",
                  "users.email IS NOT DISTINCT FROM users.name", "users.email <=> users.name");
    t.check_where(!t.email.is_not_distinct_from("x"), "users.email IS NOT ?",
                  "users.email IS DISTINCT FROM $1", "NOT (users.email <=> ?)", {"x"});
}

TEST_CASE("IS DISTINCT FROM inside AND / OR keeps its meaning") {
    SqlTables t;
    t.check_where(t.email.is_distinct_from("x") && t.id == 1,
                  "users.email IS NOT ? AND users.id = ?",
                  "users.email IS DISTINCT FROM $1 AND users.id = $2",
                  "NOT (users.email <=> ?) AND users.id = ?", {"x", 1});
    t.check_where((t.id + 1).is_distinct_from(t.age), "users.id + ? IS NOT users.age",
                  "users.id + $1 IS DISTINCT FROM users.age", "NOT (users.id + ? <=> users.age)",
                  {1});
}

TEST_CASE("EXISTS, NOT EXISTS and double negation of EXISTS") {
    SqlTables t;
    auto has_orders = exists(select(t.orders.c("id")).where(t.orders.c("user_id") == t.id));
    const char* sub = "(SELECT orders.id FROM orders WHERE orders.user_id = users.id)";
    t.check_where(has_orders, std::string("EXISTS ") + sub);
    t.check_where(!has_orders, std::string("NOT EXISTS ") + sub);
    t.check_where(!!has_orders, std::string("EXISTS ") + sub);
    t.check_where(select(t.orders.c("id")).where(t.orders.c("amount") > 5).exists() && t.age > 1,
                  "EXISTS (SELECT orders.id FROM orders WHERE orders.amount > ?) AND users.age > ?",
                  {5, 1});
}

TEST_CASE("EXISTS of the same table is not correlated away") {
    SqlTables t;
    t.check_where(exists(select(t.age).where(t.age > 100)),
                  "EXISTS (SELECT users.age FROM users WHERE users.age > ?)", {100});
}
