// Comparison, arithmetic and boolean operators: values on either side, as few parentheses as
// the grammar needs, AND/OR flattening with TRUE/FALSE simplification, and negation rules.
#include "tables.hpp"

using namespace retort;
using retort::test::check_dialects;
using retort::test::SqlTables;

TEST_CASE("the six comparison operators with a value on the right") {
    SqlTables t;
    t.check_where(t.id == 1, "users.id = ?", {1});
    t.check_where(t.id != 1, "users.id != ?", {1});
    t.check_where(t.id < 1, "users.id < ?", {1});
    t.check_where(t.id <= 1, "users.id <= ?", {1});
    t.check_where(t.id > 1, "users.id > ?", {1});
    t.check_where(t.id >= 1, "users.id >= ?", {1});
}

TEST_CASE("a value on the left of a comparison stays on the left") {
    SqlTables t;
    t.check_where(5 == t.id, "? = users.id", {5});
    t.check_where(5 < t.id, "? < users.id", {5});
    t.check_where("bob" != t.name, "? != users.name", {"bob"});
    // Still named and typed after the column.
    auto slots = retort::test::slots_of(select(t.id).where(5 < t.age));
    REQUIRE(slots.size() == 1);
    CHECK(slots[0].name == "age_1");
    CHECK(slots[0].type.kind == TypeKind::Integer);
}

TEST_CASE("column against column comparisons take no parameters") {
    SqlTables t;
    t.check_where(t.id == t.age, "users.id = users.age");
    t.check_where(t.age >= t.id, "users.age >= users.id");
    check_dialects(select(t.users.c("id")).where(t.orders.c("user_id") == t.id),
                   {"SELECT users.id FROM users, orders WHERE orders.user_id = users.id"},
                   {"SELECT users.id FROM users, orders WHERE orders.user_id = users.id"},
                   {"SELECT users.id FROM users, orders WHERE orders.user_id = users.id"});
}

TEST_CASE("arithmetic operators with values on either side") {
    SqlTables t;
    check_dialects(select(t.age + 1, t.age - 2, t.age * 3, t.age / 4, t.age % 5),
                   {"SELECT users.age + ? AS anon_1, users.age - ? AS anon_2, users.age * ? AS "
                    "anon_3, users.age / ? AS anon_4, users.age % ? AS anon_5 FROM users",
                    {1, 2, 3, 4, 5}},
                   {"SELECT users.age + $1 AS anon_1, users.age - $2 AS anon_2, users.age * $3 AS "
                    "anon_3, users.age / $4 AS anon_4, users.age % $5 AS anon_5 FROM users",
                    {1, 2, 3, 4, 5}},
                   {"SELECT users.age + ? AS anon_1, users.age - ? AS anon_2, users.age * ? AS "
                    "anon_3, users.age / ? AS anon_4, users.age % ? AS anon_5 FROM users",
                    {1, 2, 3, 4, 5}});
    check_dialects(
        select(100 - t.age, 2 * t.age),
        {"SELECT ? - users.age AS anon_1, ? * users.age AS anon_2 FROM users", {100, 2}},
        {"SELECT $1 - users.age AS anon_1, $2 * users.age AS anon_2 FROM users", {100, 2}},
        {"SELECT ? - users.age AS anon_1, ? * users.age AS anon_2 FROM users", {100, 2}});
}

TEST_CASE("arithmetic inside a comparison needs no parentheses") {
    SqlTables t;
    t.check_where(t.age + 1 > t.id * 2, "users.age + ? > users.id * ?", {1, 2});
    t.check_where(t.age % 2 == 0, "users.age % ? = ?", {2, 0});
    t.check_where(t.id > t.age - 1, "users.id > users.age - ?", {1});
}

TEST_CASE("+ between strings is concatenation: || or MySQL's concat()") {
    SqlTables t;
    check_dialects(
        select(t.name + " <" + t.email + ">"),
        {"SELECT users.name || ? || users.email || ? AS anon_1 FROM users", {" <", ">"}},
        {"SELECT users.name || $1 || users.email || $2 AS anon_1 FROM users", {" <", ">"}},
        {"SELECT concat(users.name, ?, users.email, ?) AS anon_1 FROM users", {" <", ">"}});
    check_dialects(select("Dr. " + t.name),
                   {"SELECT ? || users.name AS anon_1 FROM users", {"Dr. "}},
                   {"SELECT $1 || users.name AS anon_1 FROM users", {"Dr. "}},
                   {"SELECT concat(?, users.name) AS anon_1 FROM users", {"Dr. "}});
}

TEST_CASE("a left-associative chain needs no parentheses; the same operator on the right does") {
    SqlTables t;
    check_dialects(select(t.id - t.age - 3),
                   {"SELECT users.id - users.age - ? AS anon_1 FROM users", {3}},
                   {"SELECT users.id - users.age - $1 AS anon_1 FROM users", {3}},
                   {"SELECT users.id - users.age - ? AS anon_1 FROM users", {3}});
    check_dialects(select(t.id - (t.age - 3)),
                   {"SELECT users.id - (users.age - ?) AS anon_1 FROM users", {3}},
                   {"SELECT users.id - (users.age - $1) AS anon_1 FROM users", {3}},
                   {"SELECT users.id - (users.age - ?) AS anon_1 FROM users", {3}});
    check_dialects(select(t.id / (t.age / 2)),
                   {"SELECT users.id / (users.age / ?) AS anon_1 FROM users", {2}},
                   {"SELECT users.id / (users.age / $1) AS anon_1 FROM users", {2}},
                   {"SELECT users.id / (users.age / ?) AS anon_1 FROM users", {2}});
    check_dialects(select(t.id - (t.age + 3)),
                   {"SELECT users.id - (users.age + ?) AS anon_1 FROM users", {3}},
                   {"SELECT users.id - (users.age + $1) AS anon_1 FROM users", {3}},
                   {"SELECT users.id - (users.age + ?) AS anon_1 FROM users", {3}});
}

TEST_CASE("associative operators drop parentheses on the right; tighter ones never need them") {
    SqlTables t;
    check_dialects(
        select(t.id + (t.age + 3), t.id * (t.age * 2), t.id + t.age * 2),
        {"SELECT users.id + users.age + ? AS anon_1, users.id * users.age * ? AS anon_2, "
         "users.id + users.age * ? AS anon_3 FROM users",
         {3, 2, 2}},
        {"SELECT users.id + users.age + $1 AS anon_1, users.id * users.age * $2 AS "
         "anon_2, users.id + users.age * $3 AS anon_3 FROM users",
         {3, 2, 2}},
        {"SELECT users.id + users.age + ? AS anon_1, users.id * users.age * ? AS anon_2, "
         "users.id + users.age * ? AS anon_3 FROM users",
         {3, 2, 2}});
}

TEST_CASE("looser operators inside tighter ones are parenthesized on either side") {
    SqlTables t;
    check_dialects(select((t.id + 1) * 2, t.id * (t.age - 1), (t.id - 1) % 3),
                   {"SELECT (users.id + ?) * ? AS anon_1, users.id * (users.age - ?) AS anon_2, "
                    "(users.id - ?) % ? AS anon_3 FROM users",
                    {1, 2, 1, 1, 3}},
                   {"SELECT (users.id + $1) * $2 AS anon_1, users.id * (users.age - $3) AS anon_2, "
                    "(users.id - $4) % $5 AS anon_3 FROM users",
                    {1, 2, 1, 1, 3}},
                   {"SELECT (users.id + ?) * ? AS anon_1, users.id * (users.age - ?) AS anon_2, "
                    "(users.id - ?) % ? AS anon_3 FROM users",
                    {1, 2, 1, 1, 3}});
}

TEST_CASE("comparisons are never chained: a comparison operand is parenthesized") {
    SqlTables t;
    t.check_where((t.id == 1) == (t.age == 2), "(users.id = ?) = (users.age = ?)", {1, 2});
    t.check_where((t.id > 1) != (t.age < 2), "(users.id > ?) != (users.age < ?)", {1, 2});
    t.check_where((t.id == 1) == true_(), "(users.id = ?) = 1", "(users.id = $1) = true",
                  "(users.id = ?) = 1", {1});
}

TEST_CASE("AND inside OR needs no parentheses; OR inside AND does") {
    SqlTables t;
    t.check_where(t.id == 1 || (t.id == 2 && t.age > 3),
                  "users.id = ? OR users.id = ? AND users.age > ?", {1, 2, 3});
    t.check_where((t.id == 1 || t.id == 2) && t.age > 3,
                  "(users.id = ? OR users.id = ?) AND users.age > ?", {1, 2, 3});
    t.check_where(t.age > 3 && (t.id == 1 || t.id == 2),
                  "users.age > ? AND (users.id = ? OR users.id = ?)", {3, 1, 2});
}

TEST_CASE("deeply nested AND / OR renders one pair of parentheses per level that needs it") {
    SqlTables t;
    auto e = t.id == 1 ||
             (t.id == 2 && (t.age == 3 || (t.age == 4 && (t.name == "a" || t.name == "b"))));
    t.check_where(e,
                  "users.id = ? OR users.id = ? AND (users.age = ? OR users.age = ? AND "
                  "(users.name = ? OR users.name = ?))",
                  {1, 2, 3, 4, "a", "b"});
}

TEST_CASE("nested ANDs and ORs flatten into one list") {
    SqlTables t;
    t.check_where(t.id == 1 && t.age == 2 && t.name == "x",
                  "users.id = ? AND users.age = ? AND users.name = ?", {1, 2, "x"});
    t.check_where(and_(and_(t.id == 1, t.age == 2), and_(t.name == "x", t.email == "y")),
                  "users.id = ? AND users.age = ? AND users.name = ? AND users.email = ?",
                  {1, 2, "x", "y"});
    t.check_where(or_(t.id == 1, or_(t.id == 2, t.id == 3)),
                  "users.id = ? OR users.id = ? OR users.id = ?", {1, 2, 3});
    // An OR inside an AND list stays one element of it.
    t.check_where(and_(t.id == 1, or_(t.age == 2, t.age == 3), t.name == "x"),
                  "users.id = ? AND (users.age = ? OR users.age = ?) AND users.name = ?",
                  {1, 2, 3, "x"});
}

TEST_CASE("TRUE drops out of AND and FALSE out of OR") {
    SqlTables t;
    t.check_where(and_(t.id == 1, true_(), t.age == 2), "users.id = ? AND users.age = ?", {1, 2});
    t.check_where(or_(false_(), t.id == 1), "users.id = ?", {1});
    t.check_where(true_() && t.id == 1, "users.id = ?", {1});
}

TEST_CASE("FALSE wins in AND and TRUE wins in OR") {
    SqlTables t;
    t.check_where(and_(t.id == 1, false_(), t.age == 2), "0", "false", "0");
    t.check_where(or_(t.id == 1, true_()), "1", "true", "1");
    t.check_where(and_(true_(), true_()), "1", "true", "1");
    t.check_where(or_(false_(), false_()), "0", "false", "0");
}

TEST_CASE("and_ of nothing is empty and leaves the WHERE out") {
    SqlTables t;
    Expression none = and_(std::vector<Expression>{});
    CHECK(none.empty());
    check_dialects(select(t.id).where(none), {"SELECT users.id FROM users"},
                   {"SELECT users.id FROM users"}, {"SELECT users.id FROM users"});
    // Empty expressions in a list are skipped, so conditions can be built up incrementally.
    Expression cond;
    cond = and_(cond, t.id == 1);
    cond = and_(cond, t.age > 2);
    t.check_where(cond, "users.id = ? AND users.age > ?", {1, 2});
}

TEST_CASE("where() called twice ANDs the conditions") {
    SqlTables t;
    check_dialects(
        select(t.id).where(t.id > 1).where(t.age < 2 || t.age > 5),
        {"SELECT users.id FROM users WHERE users.id > ? AND (users.age < ? OR users.age > ?)",
         {1, 2, 5}},
        {"SELECT users.id FROM users WHERE users.id > $1 AND (users.age < $2 OR "
         "users.age > $3)",
         {1, 2, 5}},
        {"SELECT users.id FROM users WHERE users.id > ? AND (users.age < ? OR users.age > ?)",
         {1, 2, 5}});
}

TEST_CASE("negating a comparison flips its operator") {
    SqlTables t;
    t.check_where(!(t.id == 1), "users.id != ?", {1});
    t.check_where(!(t.id != 1), "users.id = ?", {1});
    t.check_where(!(t.id < 1), "users.id >= ?", {1});
    t.check_where(!(t.id <= 1), "users.id > ?", {1});
    t.check_where(!(t.id > 1), "users.id <= ?", {1});
    t.check_where(not_(t.id >= 1), "users.id < ?", {1});
}

TEST_CASE("negating AND / OR wraps it in NOT (...)") {
    SqlTables t;
    t.check_where(!(t.id == 1 && t.age == 2), "NOT (users.id = ? AND users.age = ?)", {1, 2});
    t.check_where(not_(t.id == 1 || t.age == 2), "NOT (users.id = ? OR users.age = ?)", {1, 2});
    t.check_where(!(t.name == "x") && !(t.age == 3 || t.age == 4),
                  "users.name != ? AND NOT (users.age = ? OR users.age = ?)", {"x", 3, 4});
}

TEST_CASE("double negation cancels out") {
    SqlTables t;
    t.check_where(!!(t.id == 1), "users.id = ?", {1});
    t.check_where(!!(t.id == 1 && t.age == 2), "users.id = ? AND users.age = ?", {1, 2});
    t.check_where(not_(not_(t.id == 1 || t.age == 2)), "users.id = ? OR users.age = ?", {1, 2});
    t.check_where(!true_(), "0", "false", "0");
    t.check_where(!false_(), "1", "true", "1");
}

TEST_CASE("NOT of a boolean column or a function is a plain NOT") {
    Table flags = Table::standalone("flags", Column{"id", Integer{}}, Column{"active", Boolean{}});
    check_dialects(select(flags.c("id")).where(!flags.c("active")),
                   {"SELECT flags.id FROM flags WHERE NOT flags.active"},
                   {"SELECT flags.id FROM flags WHERE NOT flags.active"},
                   {"SELECT flags.id FROM flags WHERE NOT flags.active"});
    check_dialects(select(flags.c("id")).where(!func("is_ok", flags.c("id"))),
                   {"SELECT flags.id FROM flags WHERE NOT is_ok(flags.id)"},
                   {"SELECT flags.id FROM flags WHERE NOT is_ok(flags.id)"},
                   {"SELECT flags.id FROM flags WHERE NOT is_ok(flags.id)"});
    check_dialects(select(flags.c("id")).where(flags.c("active") == true),
                   {"SELECT flags.id FROM flags WHERE flags.active = ?", {true}},
                   {"SELECT flags.id FROM flags WHERE flags.active = $1", {true}},
                   {"SELECT flags.id FROM flags WHERE flags.active = ?", {true}});
}

TEST_CASE("== nullptr is IS NULL and != nullptr is IS NOT NULL") {
    SqlTables t;
    t.check_where(t.email == nullptr, "users.email IS NULL");
    t.check_where(t.email != nullptr, "users.email IS NOT NULL");
    t.check_where(t.email == null_(), "users.email IS NULL");
    t.check_where(null_() == t.email, "users.email IS NULL");
    t.check_where(t.email != null_(), "users.email IS NOT NULL");
    t.check_where(t.age == std::optional<int>{}, "users.age IS NULL");
    t.check_where(t.age == std::optional<int>{3}, "users.age = ?", {3});
    t.check_where(t.email.is_null(), "users.email IS NULL");
    t.check_where(t.email.is_not_null(), "users.email IS NOT NULL");
    t.check_where(!(t.email == nullptr), "users.email IS NOT NULL");
    t.check_where(!t.email.is_not_null(), "users.email IS NULL");
}

TEST_CASE("is_ and is_not compare with IS / IS NOT") {
    Table flags = Table::standalone("flags", Column{"id", Integer{}}, Column{"active", Boolean{}});
    check_dialects(select(flags.c("id")).where(flags.c("active").is_(true_())),
                   {"SELECT flags.id FROM flags WHERE flags.active IS 1"},
                   {"SELECT flags.id FROM flags WHERE flags.active IS true"},
                   {"SELECT flags.id FROM flags WHERE flags.active IS 1"});
    check_dialects(select(flags.c("id")).where(flags.c("active").is_not(null_())),
                   {"SELECT flags.id FROM flags WHERE flags.active IS NOT NULL"},
                   {"SELECT flags.id FROM flags WHERE flags.active IS NOT NULL"},
                   {"SELECT flags.id FROM flags WHERE flags.active IS NOT NULL"});
}

TEST_CASE("unary minus binds tighter than everything and parenthesizes compound operands") {
    SqlTables t;
    check_dialects(select(-t.id, -(t.id + 1), t.age - -t.id, -(-t.id)),
                   {"SELECT -users.id AS anon_1, -(users.id + ?) AS anon_2, users.age - -users.id "
                    "AS anon_3, -(-users.id) AS anon_4 FROM users",
                    {1}},
                   {"SELECT -users.id AS anon_1, -(users.id + $1) AS anon_2, users.age - -users.id "
                    "AS anon_3, -(-users.id) AS anon_4 FROM users",
                    {1}},
                   {"SELECT -users.id AS anon_1, -(users.id + ?) AS anon_2, users.age - -users.id "
                    "AS anon_3, -(-users.id) AS anon_4 FROM users",
                    {1}});
    t.check_where(-t.age < 0, "-users.age < ?", {0});
}

TEST_CASE("parameters are named after their column, numbered per name") {
    SqlTables t;
    auto q = select(t.id)
                 .where(t.id == 1 || t.id == 2 || (t.age > 3 && t.name == "x"))
                 .where(literal(9) == 9);
    auto names = compile(q, sqlite_dialect()).parameter_names();
    CHECK(names ==
          std::vector<std::string>{"id_1", "id_2", "age_1", "name_1", "param_1", "param_2"});
}

TEST_CASE("one expression used twice repeats its value; $n is reused on PostgreSQL") {
    SqlTables t;
    Expression adult = t.age >= 18;
    check_dialects(
        select(t.id).where(adult || (adult && t.id == 1)),
        {"SELECT users.id FROM users WHERE users.age >= ? OR users.age >= ? AND users.id = ?",
         {18, 18, 1}},
        {"SELECT users.id FROM users WHERE users.age >= $1 OR users.age >= $1 AND users.id = $2",
         {18, 1}},
        {"SELECT users.id FROM users WHERE users.age >= ? OR users.age >= ? AND users.id = ?",
         {18, 18, 1}});
}

TEST_CASE("an empty expression used as an operand is an ArgumentError") {
    SqlTables t;
    Expression empty;
    auto message = retort::test::error_message<ArgumentError>([&] { (void)(t.id == empty); });
    CHECK(message.find("empty expression") != std::string::npos);
    CHECK(message.find("comparison") != std::string::npos);
    message = retort::test::error_message<ArgumentError>([&] { (void)(!empty); });
    CHECK(message.find("NOT") != std::string::npos);
}
