// Select: the SELECT statement builder (columns, FROM inference, joins, WHERE, GROUP BY,
// HAVING, ORDER BY, LIMIT/OFFSET, DISTINCT, FOR UPDATE) and what a SELECT can become.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <retort/sql/selectable.hpp>

namespace retort {

class CompoundSelect;

/// Row locking: `FOR UPDATE [OF ...] [NOWAIT | SKIP LOCKED]`, or FOR SHARE variants.
struct ForUpdate {
    enum class Mode : std::uint8_t { Update, Share, NoKeyUpdate, KeyShare };
    Mode mode = Mode::Update;
    bool nowait = false;
    bool skip_locked = false;
    std::vector<FromClause> of{};
};

/// The node of a SELECT.
class SelectNode final : public Node {
  public:
    SelectNode() : Node(NodeKind::Select) {}

    enum class Correlation : std::uint8_t { Auto, None, Explicit, Except };

    std::vector<ExpressionPtr> columns{};
    std::vector<FromClausePtr> froms{};  ///< explicit (select_from / join); more are inferred
    ExpressionPtr where;
    ExpressionPtr having;
    std::vector<ExpressionPtr> group_by{};
    std::vector<ExpressionPtr> order_by{};
    ExpressionPtr limit;
    ExpressionPtr offset;
    bool distinct = false;
    std::vector<ExpressionPtr> distinct_on{};  ///< PostgreSQL DISTINCT ON (...)
    std::optional<ForUpdate> for_update{};
    Correlation correlation = Correlation::Auto;
    std::vector<FromClausePtr> correlate{};

    void gather(GatherContext& context) const override;
    void accept_children(NodeVisitor& visitor) const override;
    /// Recomputes the subtree flags after a builder changed the fields.
    void refresh_flags();
    /// Adds a new child's flags.
    void add_child_flags(std::uint32_t flags) noexcept { add_flags(flags); }
};

/// The name a SELECT list item is known by, and whether it must be rendered with `AS name`
/// (labels, anonymous labels such as `count_1`, and renamed duplicates in subqueries).
struct SelectColumnLabel {
    std::string name{};
    bool needs_as = false;
};
/// Labels of a SELECT's columns; with `deduplicate`, repeated names get `_1` suffixes.
std::vector<SelectColumnLabel> select_column_labels(const SelectNode& select, bool deduplicate);

/// The names a SELECT exports as columns of a subquery built from it, in order; unnamed
/// expressions get the anonymous labels the compiler renders (`count_1`, `anon_1`).
std::vector<std::pair<std::string, ExpressionPtr>> exported_columns(const Node& selectable);

/// One argument of select(): an expression, or a FROM clause meaning all of its columns.
class SelectItem {
  public:
    SelectItem(const FromClause& from);  // NOLINT: implicit
    template <class T>
    requires std::constructible_from<Expression, T> &&
        (!std::is_base_of_v<FromClause, std::remove_cvref_t<T>>)SelectItem(T&& expression)
        : expression_(Expression(std::forward<T>(expression))) {}  // NOLINT

    void append_to(std::vector<ExpressionPtr>& columns) const;
    /// The FROM clause given in place of an expression (all of its columns), or null.
    const FromClausePtr& from() const noexcept { return from_; }

  private:
    Expression expression_;
    FromClausePtr from_;
};

/// A SELECT statement. Immutable: each builder call returns a new Select sharing the
/// unchanged parts.
///
///     auto q = select(users.c("id"), users.c("name"))
///                  .where(users.c("age") > 18)
///                  .order_by(users.c("name").desc())
///                  .limit(10);
class Select {
  public:
    Select();
    explicit Select(std::vector<SelectItem> items);
    explicit Select(std::shared_ptr<const SelectNode> node)
        : node_(std::const_pointer_cast<SelectNode>(std::move(node))) {}

    const SelectNode& select_node() const noexcept { return *node_; }
    std::shared_ptr<const SelectNode> node() const noexcept { return node_; }

    Select add_columns(std::vector<SelectItem> items) const&;
    Select add_columns(std::vector<SelectItem> items) &&;
    /// Adds explicit FROM clauses (tables, joins, subqueries) besides those inferred from
    /// the columns.
    Select select_from(const FromClause& from) const&;
    Select select_from(const FromClause& from) &&;
    /// Joins `target` to the leftmost FROM (the last explicit one, else the first inferred).
    Select join(const FromClause& target, const Expression& onclause = {}) const&;
    Select join(const FromClause& target, const Expression& onclause = {}) &&;
    Select outerjoin(const FromClause& target, const Expression& onclause = {}) const&;
    Select outerjoin(const FromClause& target, const Expression& onclause = {}) &&;
    Select full_join(const FromClause& target, const Expression& onclause = {}) const&;
    Select full_join(const FromClause& target, const Expression& onclause = {}) &&;
    /// Explicit left side: `join_from(users, addresses)`.
    Select join_from(const FromClause& left, const FromClause& right,
                     const Expression& onclause = {}) const&;
    /// WHERE; called again, the conditions are ANDed.
    Select where(const Expression& condition) const&;
    Select where(const Expression& condition) &&;
    template <class... E>
    Select group_by(const E&... expressions) const& {
        return Select(*this).group_by_list({Expression(expressions)...});
    }
    template <class... E>
    Select group_by(const E&... expressions) && {
        return std::move(*this).group_by_list({Expression(expressions)...});
    }
    Select group_by_list(std::vector<Expression> expressions) &&;
    Select having(const Expression& condition) const&;
    Select having(const Expression& condition) &&;
    template <class... E>
    Select order_by(const E&... expressions) const& {
        return Select(*this).order_by_list({Expression(expressions)...});
    }
    template <class... E>
    Select order_by(const E&... expressions) && {
        return std::move(*this).order_by_list({Expression(expressions)...});
    }
    Select order_by_list(std::vector<Expression> expressions) &&;
    /// LIMIT as a bound parameter (a value, or bindparam("n") for a value at execution).
    Select limit(const Expression& count) const&;
    Select limit(const Expression& count) &&;
    Select offset(const Expression& count) const&;
    Select offset(const Expression& count) &&;
    Select distinct() const&;
    Select distinct() &&;
    /// PostgreSQL `DISTINCT ON (...)`; a CompileError on other dialects.
    Select distinct_on(std::vector<Expression> expressions) const&;
    Select with_for_update(ForUpdate options = {}) const&;
    Select with_for_update(ForUpdate options = {}) &&;
    /// Correlate only these FROM clauses with the enclosing statement.
    Select correlate(std::vector<FromClause> froms) const&;
    /// Correlate every enclosing FROM clause except these.
    Select correlate_except(std::vector<FromClause> froms) const&;
    /// Never correlate (the subquery keeps all its FROM clauses).
    Select no_correlate() const&;

    /// `(SELECT ...) AS name` for use in a FROM list; empty name: anonymous (`anon_1`).
    FromClause subquery(std::string name = {}) const;
    /// `LATERAL (SELECT ...) AS name`.
    FromClause lateral(std::string name = {}) const;
    /// `WITH name AS (SELECT ...)`; recursive adds WITH RECURSIVE.
    Cte cte(std::string name, bool recursive = false,
            std::vector<std::string> column_names = {}) const;
    /// `(SELECT ...)` as a value (one column, at most one row).
    Expression scalar_subquery() const;
    /// `EXISTS (SELECT ...)`.
    Expression exists() const;

    /// Building blocks of select(...): append without an intermediate vector.
    void reserve_columns(std::size_t n) { own().columns.reserve(n); }
    template <class Item>
    void append_column(const Item& item) {
        if constexpr (std::is_base_of_v<Expression, Item>) {
            auto& n = own();
            if (item.empty()) SelectItem(item).append_to(n.columns);  // reports the error
            n.columns.push_back(item.node());
            n.add_child_flags(n.columns.back()->flags());
        } else {
            append_item(SelectItem(item));
        }
    }
    /// Appends the columns of a FROM clause (or an expression); a join also becomes a FROM.
    void append_item(const SelectItem& item);

  private:
    /// The node to modify: this handle's own, copied first when anyone else shares it.
    SelectNode& own();
    std::shared_ptr<SelectNode> node_;
    friend class CompoundSelect;
};

/// SELECT with the given columns or tables.
///
///     select(users)                       // every column of users
///     select(users.c("id"), func.count())
template <class... Items>
Select select(const Items&... items) {
    Select s;
    s.reserve_columns(sizeof...(Items));
    (s.append_column(items), ...);
    return s;
}
Select select(std::vector<SelectItem> items);

/// `EXISTS (SELECT ...)`.
Expression exists(const Select& select);

/// The node of `a UNION b`, `a UNION ALL b`, INTERSECT [ALL], EXCEPT [ALL], with an optional
/// ORDER BY / LIMIT / OFFSET applying to the whole.
class CompoundSelectNode final : public Node {
  public:
    enum class Operation : std::uint8_t {
        Union,
        UnionAll,
        Intersect,
        IntersectAll,
        Except,
        ExceptAll
    };
    CompoundSelectNode(Operation operation, std::vector<NodePtr> selects);

    Operation operation;
    std::vector<NodePtr> selects{};
    std::vector<ExpressionPtr> order_by{};
    ExpressionPtr limit;
    ExpressionPtr offset;

    void gather(GatherContext& context) const override;
    void accept_children(NodeVisitor& visitor) const override;
};

std::string_view compound_operation_sql(CompoundSelectNode::Operation operation) noexcept;

/// A compound SELECT (UNION, INTERSECT, EXCEPT).
///
///     auto q = union_all(select(a.c("x")),
///     select(b.c("x"))).order_by(literal_column("x")).limit(5);
class CompoundSelect {
  public:
    explicit CompoundSelect(std::shared_ptr<const CompoundSelectNode> node)
        : node_(std::move(node)) {}
    const CompoundSelectNode& compound_node() const noexcept { return *node_; }
    std::shared_ptr<const CompoundSelectNode> node() const noexcept { return node_; }

    template <class... E>
    CompoundSelect order_by(const E&... expressions) const {
        return order_by_list({Expression(expressions)...});
    }
    CompoundSelect order_by_list(std::vector<Expression> expressions) const;
    CompoundSelect limit(const Expression& count) const;
    CompoundSelect offset(const Expression& count) const;
    FromClause subquery(std::string name = {}) const;
    Cte cte(std::string name, std::vector<std::string> column_names = {}) const;

  private:
    std::shared_ptr<const CompoundSelectNode> node_;
};

/// Anything that can be a member of a compound select.
class SelectableStatement {
  public:
    SelectableStatement(const Select& s) : node_(s.node()) {}          // NOLINT: implicit
    SelectableStatement(const CompoundSelect& s) : node_(s.node()) {}  // NOLINT: implicit
    const NodePtr& node() const noexcept { return node_; }

  private:
    NodePtr node_;
};

CompoundSelect union_(std::vector<SelectableStatement> selects);
CompoundSelect union_all(std::vector<SelectableStatement> selects);
CompoundSelect intersect(std::vector<SelectableStatement> selects);
CompoundSelect intersect_all(std::vector<SelectableStatement> selects);
CompoundSelect except_(std::vector<SelectableStatement> selects);
CompoundSelect except_all(std::vector<SelectableStatement> selects);
template <class... S>
CompoundSelect union_(const SelectableStatement& a, const S&... rest) {
    return union_(std::vector<SelectableStatement>{a, SelectableStatement(rest)...});
}
template <class... S>
CompoundSelect union_all(const SelectableStatement& a, const S&... rest) {
    return union_all(std::vector<SelectableStatement>{a, SelectableStatement(rest)...});
}
template <class... S>
CompoundSelect intersect(const SelectableStatement& a, const S&... rest) {
    return intersect(std::vector<SelectableStatement>{a, SelectableStatement(rest)...});
}
template <class... S>
CompoundSelect intersect_all(const SelectableStatement& a, const S&... rest) {
    return intersect_all(std::vector<SelectableStatement>{a, SelectableStatement(rest)...});
}
template <class... S>
CompoundSelect except_(const SelectableStatement& a, const S&... rest) {
    return except_(std::vector<SelectableStatement>{a, SelectableStatement(rest)...});
}
template <class... S>
CompoundSelect except_all(const SelectableStatement& a, const S&... rest) {
    return except_all(std::vector<SelectableStatement>{a, SelectableStatement(rest)...});
}

}  // namespace retort
