// Expression: the value handle users build SQL expressions with (operators, LIKE, IN, CASE,
// CAST, functions, window functions). Every C++ literal in an expression becomes a bound parameter.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include <retort/sql/expression_nodes.hpp>

namespace retort {

class Expression;
class Select;
class TextClause;

/// True for C++ types that become a bound parameter when used in an expression.
template <class T>
concept ValueLike =
    std::constructible_from<Value, T> && !std::is_base_of_v<Expression, std::remove_cvref_t<T>> &&
    !std::is_same_v<std::remove_cvref_t<T>, std::nullptr_t>;

/// A handle to an immutable expression node. Cheap to copy; operators build new nodes.
///
///     Expression adult = users.c("age") >= 18 && users.c("name").like("a%");
class Expression {
  public:
    Expression() = default;
    Expression(ExpressionPtr node) : node_(std::move(node)) {}  // NOLINT: implicit
    /// A C++ value becomes an anonymous bound parameter.
    template <ValueLike T>
    Expression(T&& value) : node_(make_literal(Value(std::forward<T>(value)))) {}  // NOLINT
    /// nullptr is SQL NULL.
    Expression(std::nullptr_t);          // NOLINT: implicit
    Expression(const TextClause& text);  // NOLINT: text() used as a condition

    const ExpressionPtr& node() const noexcept { return node_; }
    bool empty() const noexcept { return node_ == nullptr; }
    const SqlType& type() const;

    // --- naming and ordering
    /// `expr AS name`.
    Expression label(std::string name) const;
    Expression asc() const;
    Expression desc() const;
    Expression nulls_first() const;
    Expression nulls_last() const;
    Expression collate(std::string collation) const;
    Expression cast(SqlType type) const;
    /// `DISTINCT expr`, as in `func.count(users.c("name").distinct())`.
    Expression distinct() const;

    // --- comparisons and predicates (values become bound parameters typed like this side)
    Expression like(const Expression& pattern, std::optional<char> escape = std::nullopt) const;
    Expression not_like(const Expression& pattern, std::optional<char> escape = std::nullopt) const;
    /// Case-insensitive LIKE: ILIKE on PostgreSQL, lower(x) LIKE lower(y) elsewhere.
    Expression ilike(const Expression& pattern, std::optional<char> escape = std::nullopt) const;
    Expression not_ilike(const Expression& pattern,
                         std::optional<char> escape = std::nullopt) const;
    /// LIKE 'text%' with `%`, `_` and the escape character in `text` escaped (autoescape).
    Expression startswith(std::string_view text, char escape = '/') const;
    Expression endswith(std::string_view text, char escape = '/') const;
    Expression contains(std::string_view text, char escape = '/') const;
    /// `x IN (...)` with a list of values: one compiled form for any length, expanded at
    /// execution; an empty list renders a false condition.
    Expression in_(std::vector<Value> values) const;
    Expression in_(std::initializer_list<Value> values) const;
    /// `x IN (SELECT ...)`.
    Expression in_(const Select& subquery) const;
    /// `x IN (a, b, c)` with expressions (columns, functions) instead of values.
    Expression in_expressions(std::vector<Expression> expressions) const;
    /// `x IN (:name)` with an expanding named parameter whose list comes at execution.
    Expression in_parameter(const Expression& expanding_bindparam) const;
    Expression not_in(std::vector<Value> values) const;
    Expression not_in(std::initializer_list<Value> values) const;
    Expression not_in(const Select& subquery) const;
    Expression between(const Expression& low, const Expression& high) const;
    Expression not_between(const Expression& low, const Expression& high) const;
    Expression is_null() const;
    Expression is_not_null() const;
    Expression is_(const Expression& other) const;
    Expression is_not(const Expression& other) const;
    Expression is_distinct_from(const Expression& other) const;
    Expression is_not_distinct_from(const Expression& other) const;
    /// String concatenation: `||`, or concat() on MySQL.
    Expression concat(const Expression& other) const;
    /// A user-written binary operator rendered verbatim, e.g. `op("@>", other)`.
    Expression op(std::string sql_operator, const Expression& other,
                  SqlType result_type = {}) const;

    /// `function OVER (...)`.
    struct Window {
        std::vector<Expression> partition_by{};
        std::vector<Expression> order_by{};
        std::optional<WindowFrame> frame{};
    };
    Expression over(Window window) const;
    /// `function OVER ()`.
    Expression over() const;
    /// `aggregate FILTER (WHERE condition)` (PostgreSQL and SQLite).
    Expression filter(const Expression& condition) const;

    /// Binds a value as a parameter typed and named after this expression (used by the
    /// operators; rarely needed directly).
    ExpressionPtr bind_value(Value value) const;
    /// Returns `other` as a node; an untyped anonymous parameter takes this side's type and
    /// name hint.
    ExpressionPtr coerce(const Expression& other) const;

  protected:
    static ExpressionPtr make_literal(Value value);
    ExpressionPtr node_;
};

/// `(a, b)`: a row value; `tuple_(a, b).in_({{1, "x"}, {2, "y"}})`.
class Tuple : public Expression {
  public:
    explicit Tuple(ExpressionPtr node) : Expression(std::move(node)) {}
    using Expression::in_;
    using Expression::not_in;
    Expression in_(std::initializer_list<std::vector<Value>> rows) const;
    Expression in_(const std::vector<std::vector<Value>>& rows) const;
    Expression not_in(std::initializer_list<std::vector<Value>> rows) const;
    Expression not_in(const std::vector<std::vector<Value>>& rows) const;
};

// --- operators: either side may be a C++ value, which becomes a bound parameter
namespace detail {
Expression compare(Operator op, const Expression& left, const Expression& right);
Expression arithmetic(Operator op, const Expression& left, const Expression& right);
Expression compare_value(Operator op, const Expression& left, Value right, bool value_on_left);
Expression arithmetic_value(Operator op, const Expression& left, Value right, bool value_on_left);
}  // namespace detail

/// True for Expression and the handles derived from it (Column, Tuple). Operators require
/// one side to be exactly such a type, so they never hijack comparisons of other types.
template <class T>
concept ExpressionHandle = std::is_base_of_v<Expression, std::remove_cvref_t<T>>;

#define RETORT_BINARY_OPERATOR(symbol, operation, kind)                                        \
    template <ExpressionHandle A, ExpressionHandle B>                                          \
    Expression operator symbol(const A& a, const B& b) {                                       \
        return detail::kind(Operator::operation, a, b);                                        \
    }                                                                                          \
    template <ExpressionHandle A, ValueLike T>                                                 \
    Expression operator symbol(const A& a, T&& b) {                                            \
        return detail::kind##_value(Operator::operation, a, Value(std::forward<T>(b)), false); \
    }                                                                                          \
    template <ValueLike T, ExpressionHandle B>                                                 \
    Expression operator symbol(T&& a, const B& b) {                                            \
        return detail::kind##_value(Operator::operation, b, Value(std::forward<T>(a)), true);  \
    }

RETORT_BINARY_OPERATOR(==, Equal, compare)
RETORT_BINARY_OPERATOR(!=, NotEqual, compare)
RETORT_BINARY_OPERATOR(<, Less, compare)
RETORT_BINARY_OPERATOR(<=, LessEqual, compare)
RETORT_BINARY_OPERATOR(>, Greater, compare)
RETORT_BINARY_OPERATOR(>=, GreaterEqual, compare)
RETORT_BINARY_OPERATOR(+, Add, arithmetic)
RETORT_BINARY_OPERATOR(-, Subtract, arithmetic)
RETORT_BINARY_OPERATOR(*, Multiply, arithmetic)
RETORT_BINARY_OPERATOR(/, Divide, arithmetic)
RETORT_BINARY_OPERATOR(%, Modulo, arithmetic)
#undef RETORT_BINARY_OPERATOR

namespace detail {
Expression is_null(const Expression& a, bool negated);
Expression negate(const Expression& a);
Expression logical(Operator op, const Expression& a, const Expression& b);
Expression unary_minus(const Expression& a);
}  // namespace detail

/// `x == nullptr` is `x IS NULL`; `x != nullptr` is `x IS NOT NULL`.
template <ExpressionHandle A>
Expression operator==(const A& a, std::nullptr_t) {
    return detail::is_null(a, false);
}
template <ExpressionHandle A>
Expression operator!=(const A& a, std::nullptr_t) {
    return detail::is_null(a, true);
}
template <ExpressionHandle A>
Expression operator-(const A& a) {
    return detail::unary_minus(a);
}

/// `a AND b`; nested ANDs flatten, TRUE operands drop out, a FALSE operand wins.
template <ExpressionHandle A, ExpressionHandle B>
Expression operator&&(const A& a, const B& b) {
    return detail::logical(Operator::And, a, b);
}
/// `a OR b`; nested ORs flatten.
template <ExpressionHandle A, ExpressionHandle B>
Expression operator||(const A& a, const B& b) {
    return detail::logical(Operator::Or, a, b);
}
/// Negation: `=` becomes `!=`, IN becomes NOT IN, LIKE becomes NOT LIKE, otherwise NOT (...).
template <ExpressionHandle A>
Expression operator!(const A& a) {
    return detail::negate(a);
}

// --- free functions in SQLAlchemy's spelling
Expression and_(std::vector<Expression> clauses);
Expression or_(std::vector<Expression> clauses);
template <class... E>
Expression and_(const Expression& first, const E&... rest) {
    return and_(std::vector<Expression>{first, Expression(rest)...});
}
template <class... E>
Expression or_(const Expression& first, const E&... rest) {
    return or_(std::vector<Expression>{first, Expression(rest)...});
}
Expression not_(const Expression& clause);

/// A named parameter whose value is given at execution: `bindparam("id")`.
Expression bindparam(std::string name, SqlType type = {});
/// A named parameter with a default value that execution parameters may override.
Expression bindparam(std::string name, Value value, SqlType type = {});
/// A named expanding parameter for IN: `x.in_parameter(expanding_bindparam("ids"))`.
Expression expanding_bindparam(std::string name, SqlType type = {});
/// A value that always becomes a bound parameter, with an optional type.
Expression literal(Value value, SqlType type = {});
/// Raw SQL written on purpose, rendered verbatim: `literal_column("1")`.
Expression literal_column(std::string sql, SqlType type = {});
Expression null_();
Expression true_();
Expression false_();

Expression asc(const Expression& e);
Expression desc(const Expression& e);
Expression nulls_first(const Expression& e);
Expression nulls_last(const Expression& e);
Expression distinct(const Expression& e);
Expression cast(const Expression& e, SqlType type);
Expression collate(const Expression& e, std::string collation);
Expression excluded(const Expression& column);

Tuple make_tuple_expression(std::vector<Expression> elements);
/// `(a, b, ...)` as a row value.
template <class... E>
Tuple tuple_(const Expression& first, const E&... rest) {
    return make_tuple_expression(std::vector<Expression>{first, Expression(rest)...});
}

/// One WHEN of a CASE: `{condition, result}` (or `{value, result}` in the simple form).
struct When {
    Expression condition;
    Expression result;
};
/// `CASE WHEN c1 THEN r1 ... ELSE e END`.
Expression case_(std::vector<When> whens, Expression otherwise = {});
/// `CASE value WHEN v1 THEN r1 ... ELSE e END`.
Expression case_(const Expression& value, std::vector<When> whens, Expression otherwise = {});

/// The function namespace: `func("name", args...)` for any function, plus typed shortcuts.
///
///     select(func.count(), func.max(users.c("age")), func("julianday", users.c("born")))
struct FunctionFactory {
    template <class... A>
    Expression operator()(std::string name, const A&... args) const {
        return call(std::move(name), std::vector<Expression>{Expression(args)...});
    }
    /// A function with an explicit return type.
    Expression call(std::string name, std::vector<Expression> arguments,
                    SqlType return_type = {}) const;

    Expression count() const;  ///< count(*)
    Expression count(const Expression& e) const;
    Expression sum(const Expression& e) const;
    Expression min(const Expression& e) const;
    Expression max(const Expression& e) const;
    Expression avg(const Expression& e) const;
    template <class... A>
    Expression coalesce(const Expression& first, const A&... rest) const {
        return call_typed("coalesce", std::vector<Expression>{first, Expression(rest)...});
    }
    Expression lower(const Expression& e) const;
    Expression upper(const Expression& e) const;
    Expression length(const Expression& e) const;
    Expression abs(const Expression& e) const;
    Expression now() const;
    Expression current_timestamp() const;
    Expression current_date() const;
    Expression current_time() const;
    Expression row_number() const;
    Expression rank() const;
    Expression dense_rank() const;

  private:
    /// A function whose type is that of its first argument.
    Expression call_typed(std::string name, std::vector<Expression> arguments) const;
};
inline constexpr FunctionFactory func{};

}  // namespace retort
