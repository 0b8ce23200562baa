// FromClause: anything that can stand in a FROM list (table, alias, subquery, CTE, join), and
// Column, the handle to one of its columns reachable by name.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <retort/sql/column_node.hpp>
#include <retort/sql/expression.hpp>

namespace retort {

class TableNode;

/// Base of the FROM clause nodes. Holds the columns it exposes, in order.
class FromClauseNode : public Node {
  public:
    using Node::Node;

    const std::vector<const ColumnNode*>& columns() const noexcept { return columns_; }
    /// The column named `name`, or nullptr.
    const ColumnNode* find_column(std::string_view name) const noexcept;
    /// The name used to qualify columns (table or alias name); empty for a join.
    virtual std::string_view name() const noexcept = 0;
    /// Cache for the per-dialect "needs quoting" answer of name().
    std::atomic<std::uint32_t>& name_quote_cache() const noexcept { return name_quote_cache_; }
    /// The table this clause finally reads (itself, or the table an alias renames); nullptr
    /// for subqueries and joins. Used to infer join conditions through aliases.
    virtual const TableNode* base_table() const noexcept { return nullptr; }
    /// True when `other` is this clause or is contained in it (a table inside a join).
    virtual bool covers(const FromClauseNode* other) const noexcept { return other == this; }

  protected:
    std::vector<const ColumnNode*> columns_;

  private:
    mutable std::atomic<std::uint32_t> name_quote_cache_{0};
};

using FromClausePtr = std::shared_ptr<const FromClauseNode>;

/// A handle to one column. Keeps its table (or alias, subquery) alive.
///
///     Column name = users.c("name");
///     Column standalone{"x", Integer{}};  // unattached: renders as `x`
class Column : public Expression {
  public:
    explicit Column(std::shared_ptr<const ColumnNode> node)
        : Expression(std::move(node)) {}

    /// A column definition for a Table, with options such as primary_key() or not_null().
    template <class... Options>
    Column(std::string name, SqlType type, Options&&... options)
        : Column(define(std::move(name), std::move(type), [&](ColumnSchema& schema) {
              (apply_option(schema, std::forward<Options>(options)), ...);
          })) {}

    const ColumnNode& column_node() const noexcept {
        return static_cast<const ColumnNode&>(*node_);
    }
    std::shared_ptr<const ColumnNode> column_ptr() const noexcept {
        return std::static_pointer_cast<const ColumnNode>(node_);
    }
    const std::string& name() const noexcept { return column_node().name(); }

  private:
    template <class F>
    static std::shared_ptr<const ColumnNode> define(std::string name, SqlType type, F&& apply) {
        ColumnSchema schema;
        apply(schema);
        return std::make_shared<ColumnNode>(std::move(name), std::move(type), std::move(schema));
    }
    template <class Option>
    static void apply_option(ColumnSchema& schema, Option&& option) {
        option.apply(schema);
    }
};

/// An unattached column for ad-hoc statements: `column("x")` renders as `x`.
Column column(std::string name, SqlType type = {});

// --- column options
struct PrimaryKeyOption {
    void apply(ColumnSchema& s) const { s.primary_key = true; }
};
struct NullableOption {
    bool nullable;
    void apply(ColumnSchema& s) const { s.nullable = nullable; }
};
struct UniqueOption {
    void apply(ColumnSchema& s) const { s.unique = true; }
};
struct IndexOption {
    void apply(ColumnSchema& s) const { s.index = true; }
};
struct AutoincrementOption {
    bool on;
    void apply(ColumnSchema& s) const {
        s.autoincrement = on ? Autoincrement::Yes : Autoincrement::No;
    }
};
struct IdentityOption {
    IdentityOptions options;
    void apply(ColumnSchema& s) const { s.identity = options; }
};
struct DefaultOption {
    ColumnDefault value;
    bool onupdate = false;
    void apply(ColumnSchema& s) const {
        if (onupdate)
            s.onupdate = value;
        else
            s.default_value = value;
    }
};
struct ServerDefaultOption {
    ExpressionPtr expression;
    void apply(ColumnSchema& s) const { s.server_default = expression; }
};
struct CommentOption {
    std::string text;
    void apply(ColumnSchema& s) const { s.comment = text; }
};
struct CollationOption {
    std::string name;
    void apply(ColumnSchema& s) const { s.collation = name; }
};
struct SequenceOption {
    SequenceDefinition sequence;
    void apply(ColumnSchema& s) const { s.sequence = sequence; }
};

/// `PRIMARY KEY`; several columns with it form a composite key.
inline PrimaryKeyOption primary_key() {
    return {};
}
/// `NOT NULL`.
inline NullableOption not_null() {
    return {false};
}
/// Explicit nullability (a primary key column is NOT NULL unless told otherwise).
inline NullableOption nullable(bool value = true) {
    return {value};
}
/// A single-column UNIQUE constraint.
inline UniqueOption unique() {
    return {};
}
/// A single-column index (ix_<table>_<column>).
inline IndexOption index() {
    return {};
}
/// Whether an integer primary key is filled by the database (SERIAL / AUTO_INCREMENT / rowid).
inline AutoincrementOption autoincrement(bool on = true) {
    return {on};
}
/// `GENERATED {ALWAYS | BY DEFAULT} AS IDENTITY` (PostgreSQL); AUTO_INCREMENT on MySQL.
inline IdentityOption identity(IdentityOptions options = {}) {
    return {options};
}
/// A client-side default used at INSERT when no value is given.
inline DefaultOption default_value(Value value) {
    return {ColumnDefault{ColumnDefault::Kind::Value, std::move(value), {}, {}}};
}
/// A client-side default computed per inserted row.
///
///     Column{"token", String{36}, default_value([] { return Value(new_token()); })}
template <class F>
requires std::is_invocable_r_v<Value, F> DefaultOption default_value(F callable) {
    return {ColumnDefault{ColumnDefault::Kind::Callable, {}, std::function<Value()>(callable), {}}};
}
/// A SQL expression rendered into the INSERT when no value is given (e.g. func.now()).
inline DefaultOption default_expression(const Expression& e) {
    return {ColumnDefault{ColumnDefault::Kind::Expression, {}, {}, e.node()}};
}
/// A client-side value used at UPDATE when the statement does not set this column.
inline DefaultOption onupdate(Value value) {
    return {ColumnDefault{ColumnDefault::Kind::Value, std::move(value), {}, {}}, true};
}
template <class F>
requires std::is_invocable_r_v<Value, F> DefaultOption onupdate(F callable) {
    return {ColumnDefault{ColumnDefault::Kind::Callable, {}, std::function<Value()>(callable), {}},
            true};
}
inline DefaultOption onupdate_expression(const Expression& e) {
    return {ColumnDefault{ColumnDefault::Kind::Expression, {}, {}, e.node()}, true};
}
/// `DEFAULT ...` in DDL: a value (rendered as an escaped literal, DDL has no parameters) or a
/// SQL expression such as `literal_column("CURRENT_TIMESTAMP")` or `func.now()`.
inline ServerDefaultOption server_default(const Expression& e) {
    return {e.node()};
}
inline CommentOption comment(std::string text) {
    return {std::move(text)};
}
inline CollationOption collation(std::string name) {
    return {std::move(name)};
}

/// A foreign key to "table.column" (or "schema.table.column").
///
///     Column{"user_id", Integer{}, ForeignKey{"users.id", {.on_delete =
///     ReferentialAction::Cascade}}}
struct ForeignKey {
    std::string target;
    ForeignKeyOptions options{};
    ForeignKey(std::string t, ForeignKeyOptions o = {})
        : target(std::move(t)), options(std::move(o)) {}
    ForeignKey(const Column& target_column, ForeignKeyOptions o = {});
    void apply(ColumnSchema& s) const { s.foreign_keys.push_back({target, options}); }
};

/// A PostgreSQL sequence feeding this column (nextval in INSERT); ignored elsewhere.
struct Sequence {
    SequenceDefinition definition;
    explicit Sequence(std::string name, std::optional<std::int64_t> start = std::nullopt,
                      std::optional<std::int64_t> increment = std::nullopt)
        : definition{std::move(name), start, increment, {}} {}
    void apply(ColumnSchema& s) const { s.sequence = definition; }
};

/// A handle to any FROM clause.
class FromClause {
  public:
    FromClause() = default;
    explicit FromClause(FromClausePtr node) : node_(std::move(node)) {}

    const FromClausePtr& node() const noexcept { return node_; }
    bool empty() const noexcept { return node_ == nullptr; }

    /// The column named `name`; throws ArgumentError naming this clause and the name.
    Column c(std::string_view name) const;
    /// Whether a column of that name exists.
    bool has_column(std::string_view name) const noexcept;
    /// All columns in order.
    std::vector<Column> columns() const;

    /// `this JOIN right ON onclause`; without onclause the condition is inferred from the one
    /// foreign key between the two (ArgumentError when there is none or more than one).
    FromClause join(const FromClause& right, const Expression& onclause = {}) const;
    FromClause outerjoin(const FromClause& right, const Expression& onclause = {}) const;
    FromClause full_outer_join(const FromClause& right, const Expression& onclause = {}) const;
    /// `this AS name`, for self-joins: `auto manager = employees.alias("manager");`.
    FromClause alias(std::string name) const;

  protected:
    FromClausePtr node_;
};

}  // namespace retort
