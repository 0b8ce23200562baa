// The node types of SQL expressions: columns, bound parameters, operators, functions, CASE,
// CAST, labels, window functions and the rest. Users build them through Expression's API.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <retort/sql/node.hpp>
#include <retort/sql/operators.hpp>
#include <retort/sql/types.hpp>
#include <retort/sql/value.hpp>

namespace retort {

class FromClauseNode;

/// Base of every node that has a value (and so a type).
class ExpressionNode : public Node {
  public:
    ExpressionNode(NodeKind kind, SqlType type, std::uint32_t flags = 0)
        : Node(kind, flags), type_(std::move(type)) {}
    const SqlType& type() const noexcept { return type_; }

  private:
    SqlType type_;
};

using ExpressionPtr = std::shared_ptr<const ExpressionNode>;

/// A bound parameter: a value supplied with the statement, or a named slot whose value comes
/// at execution (`bindparam("x")`). Its name hint (often the column it is compared with) names
/// the slot in the compiled statement (`id_1`).
class BindParameterNode final : public ExpressionNode {
  public:
    enum class Mode : std::uint8_t {
        Literal,  ///< anonymous, value carried in the tree
        Named,    ///< named by the user; value from execution parameters (or a default)
    };

    BindParameterNode(Mode mode, std::string name, Value value, bool has_value, SqlType type,
                      bool expanding)
        : ExpressionNode(NodeKind::BindParameter, std::move(type),
                         expanding ? std::uint32_t{kHasExpandingBind} : 0u),
          mode_(mode),
          expanding_(expanding),
          has_value_(has_value),
          name_(std::move(name)),
          value_(std::move(value)) {}

    Mode mode() const noexcept { return mode_; }
    bool is_named() const noexcept { return mode_ == Mode::Named; }
    /// An expanding parameter takes a list and renders one placeholder per item (IN lists).
    bool expanding() const noexcept { return expanding_; }
    bool has_value() const noexcept { return has_value_; }
    /// The user's name for a named parameter, the name hint for an anonymous one.
    const std::string& name() const noexcept { return name_; }
    const Value& value() const noexcept { return value_; }

    void gather(GatherContext& context) const override;

  private:
    Mode mode_;
    bool expanding_;
    bool has_value_;
    std::string name_{};
    Value value_;
};

/// Raw SQL written on purpose by the user: literal_column("x"), a server default, a
/// function-like keyword. Rendered verbatim; never built from a value.
class LiteralColumnNode final : public ExpressionNode {
  public:
    LiteralColumnNode(std::string text, SqlType type)
        : ExpressionNode(NodeKind::LiteralColumn, std::move(type)), text_(std::move(text)) {}
    const std::string& text() const noexcept { return text_; }
    void gather(GatherContext& context) const override;

  private:
    std::string text_{};
};

/// NULL, TRUE and FALSE constants.
class ConstantNode final : public ExpressionNode {
  public:
    explicit ConstantNode(NodeKind kind)
        : ExpressionNode(kind, kind == NodeKind::Null ? SqlType{} : SqlType{TypeKind::Boolean}) {}
    void gather(GatherContext& context) const override;
};

/// `left op right`, including comparisons, arithmetic, LIKE with its ESCAPE, IS [NOT],
/// IS [NOT] DISTINCT FROM and user-written operators.
class BinaryNode final : public ExpressionNode {
  public:
    BinaryNode(Operator op, ExpressionPtr left, ExpressionPtr right, SqlType type,
               std::string custom_operator = {}, std::optional<char> escape = std::nullopt)
        : ExpressionNode(NodeKind::Binary, std::move(type), left->flags() | right->flags()),
          op_(op),
          escape_(escape),
          left_(std::move(left)),
          right_(std::move(right)),
          custom_operator_(std::move(custom_operator)) {}

    Operator op() const noexcept { return op_; }
    const ExpressionPtr& left() const noexcept { return left_; }
    const ExpressionPtr& right() const noexcept { return right_; }
    const std::string& custom_operator() const noexcept { return custom_operator_; }
    const std::optional<char>& escape() const noexcept { return escape_; }
    void gather(GatherContext& context) const override;
    void accept_children(NodeVisitor& visitor) const override;

  private:
    Operator op_;
    std::optional<char> escape_{};
    ExpressionPtr left_, right_;
    std::string custom_operator_{};
};

/// `NOT x`, `-x`, `DISTINCT x`.
class UnaryNode final : public ExpressionNode {
  public:
    UnaryNode(Operator op, ExpressionPtr operand, SqlType type)
        : ExpressionNode(NodeKind::Unary, std::move(type), operand->flags()),
          op_(op),
          operand_(std::move(operand)) {}
    Operator op() const noexcept { return op_; }
    const ExpressionPtr& operand() const noexcept { return operand_; }
    void gather(GatherContext& context) const override;
    void accept_children(NodeVisitor& visitor) const override;

  private:
    Operator op_;
    ExpressionPtr operand_;
};

/// `a AND b AND c` or `a OR b OR c`, flattened.
class BooleanListNode final : public ExpressionNode {
  public:
    BooleanListNode(Operator op, std::vector<ExpressionPtr> clauses);
    Operator op() const noexcept { return op_; }
    const std::vector<ExpressionPtr>& clauses() const noexcept { return clauses_; }
    void gather(GatherContext& context) const override;
    void accept_children(NodeVisitor& visitor) const override;

  private:
    Operator op_;
    std::vector<ExpressionPtr> clauses_{};
};

/// Explicit parentheses around an expression.
class GroupingNode final : public ExpressionNode {
  public:
    explicit GroupingNode(ExpressionPtr element)
        : ExpressionNode(NodeKind::Grouping, element->type(), element->flags()),
          element_(std::move(element)) {}
    const ExpressionPtr& element() const noexcept { return element_; }
    void gather(GatherContext& context) const override;
    void accept_children(NodeVisitor& visitor) const override;

  private:
    ExpressionPtr element_;
};

/// `(a, b, c)`: a row value, used with IN and comparisons.
class TupleNode final : public ExpressionNode {
  public:
    explicit TupleNode(std::vector<ExpressionPtr> elements);
    const std::vector<ExpressionPtr>& elements() const noexcept { return elements_; }
    void gather(GatherContext& context) const override;
    void accept_children(NodeVisitor& visitor) const override;

  private:
    std::vector<ExpressionPtr> elements_{};
};

/// `x [NOT] IN (...)` with an expanding parameter (a list of values of any length, one compiled
/// form), a subquery, or a list of expressions.
class InNode final : public ExpressionNode {
  public:
    enum class Source : std::uint8_t { ExpandingParameter, Subquery, Expressions };

    InNode(ExpressionPtr left, bool negated, std::shared_ptr<const BindParameterNode> parameter);
    InNode(ExpressionPtr left, bool negated, NodePtr subquery);
    InNode(ExpressionPtr left, bool negated, std::vector<ExpressionPtr> expressions);

    const ExpressionPtr& left() const noexcept { return left_; }
    bool negated() const noexcept { return negated_; }
    Source source() const noexcept { return source_; }
    const std::shared_ptr<const BindParameterNode>& parameter() const noexcept {
        return parameter_;
    }
    const NodePtr& subquery() const noexcept { return subquery_; }
    const std::vector<ExpressionPtr>& expressions() const noexcept { return expressions_; }
    void gather(GatherContext& context) const override;
    void accept_children(NodeVisitor& visitor) const override;

  private:
    ExpressionPtr left_;
    bool negated_;
    Source source_;
    std::shared_ptr<const BindParameterNode> parameter_;
    NodePtr subquery_;
    std::vector<ExpressionPtr> expressions_{};
};

/// `x [NOT] BETWEEN low AND high`.
class BetweenNode final : public ExpressionNode {
  public:
    BetweenNode(ExpressionPtr element, ExpressionPtr low, ExpressionPtr high, bool negated);
    const ExpressionPtr& element() const noexcept { return element_; }
    const ExpressionPtr& low() const noexcept { return low_; }
    const ExpressionPtr& high() const noexcept { return high_; }
    bool negated() const noexcept { return negated_; }
    void gather(GatherContext& context) const override;
    void accept_children(NodeVisitor& visitor) const override;

  private:
    ExpressionPtr element_, low_, high_;
    bool negated_;
};

/// `CASE [value] WHEN ... THEN ... [ELSE ...] END`.
class CaseNode final : public ExpressionNode {
  public:
    struct When {
        ExpressionPtr condition;
        ExpressionPtr result;
    };
    CaseNode(ExpressionPtr value, std::vector<When> whens, ExpressionPtr otherwise);
    const ExpressionPtr& value() const noexcept { return value_; }
    const std::vector<When>& whens() const noexcept { return whens_; }
    const ExpressionPtr& otherwise() const noexcept { return else_; }
    void gather(GatherContext& context) const override;
    void accept_children(NodeVisitor& visitor) const override;

  private:
    ExpressionPtr value_;
    std::vector<When> whens_{};
    ExpressionPtr else_;
};

/// `CAST(x AS type)`.
class CastNode final : public ExpressionNode {
  public:
    CastNode(ExpressionPtr element, SqlType target)
        : ExpressionNode(NodeKind::Cast, target, element->flags()), element_(std::move(element)) {}
    const ExpressionPtr& element() const noexcept { return element_; }
    void gather(GatherContext& context) const override;
    void accept_children(NodeVisitor& visitor) const override;

  private:
    ExpressionPtr element_;
};

/// A function call `name(args)`; `count()` without arguments renders `count(*)`. Optional
/// `FILTER (WHERE ...)` for aggregates.
class FunctionNode final : public ExpressionNode {
  public:
    FunctionNode(std::string name, std::vector<ExpressionPtr> arguments, SqlType type,
                 ExpressionPtr filter = nullptr);
    const std::string& name() const noexcept { return name_; }
    const std::vector<ExpressionPtr>& arguments() const noexcept { return arguments_; }
    const ExpressionPtr& filter() const noexcept { return filter_; }
    void gather(GatherContext& context) const override;
    void accept_children(NodeVisitor& visitor) const override;

  private:
    std::string name_{};
    std::vector<ExpressionPtr> arguments_{};
    ExpressionPtr filter_;
};

/// `expr AS name`.
class LabelNode final : public ExpressionNode {
  public:
    LabelNode(std::string name, ExpressionPtr element)
        : ExpressionNode(NodeKind::Label, element->type(), element->flags()),
          name_(std::move(name)),
          element_(std::move(element)) {}
    const std::string& name() const noexcept { return name_; }
    const ExpressionPtr& element() const noexcept { return element_; }
    void gather(GatherContext& context) const override;
    void accept_children(NodeVisitor& visitor) const override;

  private:
    std::string name_{};
    ExpressionPtr element_;
};

/// A window frame bound: UNBOUNDED PRECEDING, n PRECEDING, CURRENT ROW, n FOLLOWING,
/// UNBOUNDED FOLLOWING. Offsets are integers rendered in the SQL (they are part of the shape).
struct FrameBound {
    enum class Kind : std::uint8_t {
        UnboundedPreceding,
        Preceding,
        CurrentRow,
        Following,
        UnboundedFollowing
    };
    Kind kind = Kind::CurrentRow;
    std::int64_t offset = 0;

    static FrameBound unbounded_preceding() { return {Kind::UnboundedPreceding, 0}; }
    static FrameBound preceding(std::int64_t n) { return {Kind::Preceding, n}; }
    static FrameBound current_row() { return {Kind::CurrentRow, 0}; }
    static FrameBound following(std::int64_t n) { return {Kind::Following, n}; }
    static FrameBound unbounded_following() { return {Kind::UnboundedFollowing, 0}; }
};

/// `ROWS BETWEEN start AND end` or `RANGE BETWEEN start AND end`.
struct WindowFrame {
    enum class Unit : std::uint8_t { Rows, Range };
    Unit unit = Unit::Rows;
    FrameBound start;
    FrameBound end;
};

/// `function OVER (PARTITION BY ... ORDER BY ... frame)`.
class OverNode final : public ExpressionNode {
  public:
    OverNode(ExpressionPtr function, std::vector<ExpressionPtr> partition_by,
             std::vector<ExpressionPtr> order_by, std::optional<WindowFrame> frame);
    const ExpressionPtr& function() const noexcept { return function_; }
    const std::vector<ExpressionPtr>& partition_by() const noexcept { return partition_by_; }
    const std::vector<ExpressionPtr>& order_by() const noexcept { return order_by_; }
    const std::optional<WindowFrame>& frame() const noexcept { return frame_; }
    void gather(GatherContext& context) const override;
    void accept_children(NodeVisitor& visitor) const override;

  private:
    ExpressionPtr function_;
    std::vector<ExpressionPtr> partition_by_{};
    std::vector<ExpressionPtr> order_by_{};
    std::optional<WindowFrame> frame_{};
};

/// `x COLLATE name`.
class CollateNode final : public ExpressionNode {
  public:
    CollateNode(ExpressionPtr element, std::string collation)
        : ExpressionNode(NodeKind::Collate, element->type(), element->flags()),
          element_(std::move(element)),
          collation_(std::move(collation)) {}
    const ExpressionPtr& element() const noexcept { return element_; }
    const std::string& collation() const noexcept { return collation_; }
    void gather(GatherContext& context) const override;
    void accept_children(NodeVisitor& visitor) const override;

  private:
    ExpressionPtr element_;
    std::string collation_{};
};

/// A SELECT used as a value: `(SELECT max(x) FROM t)`, or `EXISTS (SELECT ...)` when the kind
/// is Exists. Correlates automatically with the enclosing statement.
class SubqueryExpressionNode final : public ExpressionNode {
  public:
    SubqueryExpressionNode(NodeKind kind, NodePtr select, SqlType type)
        : ExpressionNode(kind, std::move(type), select->flags()), select_(std::move(select)) {}
    const NodePtr& select() const noexcept { return select_; }
    void gather(GatherContext& context) const override;
    void accept_children(NodeVisitor& visitor) const override;

  private:
    NodePtr select_;
};

/// The row proposed for insertion in an upsert: `excluded.c` on PostgreSQL and SQLite,
/// `VALUES(c)` or `new.c` on MySQL.
class ExcludedNode final : public ExpressionNode {
  public:
    explicit ExcludedNode(ExpressionPtr column)
        : ExpressionNode(NodeKind::Excluded, column->type()), column_(std::move(column)) {}
    const ExpressionPtr& column() const noexcept { return column_; }
    void gather(GatherContext& context) const override;
    void accept_children(NodeVisitor& visitor) const override;

  private:
    ExpressionPtr column_;
};

/// `x ASC|DESC [NULLS FIRST|LAST]` in ORDER BY.
class OrderingNode final : public ExpressionNode {
  public:
    enum class Direction : std::uint8_t { Unspecified, Ascending, Descending };
    enum class Nulls : std::uint8_t { Unspecified, First, Last };
    OrderingNode(ExpressionPtr element, Direction direction, Nulls nulls)
        : ExpressionNode(NodeKind::Ordering, element->type(), element->flags()),
          element_(std::move(element)),
          direction_(direction),
          nulls_(nulls) {}
    const ExpressionPtr& element() const noexcept { return element_; }
    Direction direction() const noexcept { return direction_; }
    Nulls nulls() const noexcept { return nulls_; }
    void gather(GatherContext& context) const override;
    void accept_children(NodeVisitor& visitor) const override;

  private:
    ExpressionPtr element_;
    Direction direction_;
    Nulls nulls_;
};

/// A text() clause used as a boolean or value expression, e.g. in a WHERE.
class TextExpressionNode final : public ExpressionNode {
  public:
    explicit TextExpressionNode(NodePtr text)
        : ExpressionNode(NodeKind::TextExpression, SqlType{TypeKind::Boolean}, text->flags()),
          text_(std::move(text)) {}
    const NodePtr& text() const noexcept { return text_; }
    void gather(GatherContext& context) const override;
    void accept_children(NodeVisitor& visitor) const override;

  private:
    NodePtr text_;
};

/// Base for user-defined expression nodes rendered by a compile hook. Subclasses add their
/// fields and describe them in gather() (the default adds only the kind and the children).
///
///     struct Greatest : CustomExpressionNode {
///         Greatest(ExpressionPtr a, ExpressionPtr b)
///             : CustomExpressionNode(kGreatestKind, Integer{}, {a, b}) {}
///     };
class CustomExpressionNode : public ExpressionNode {
  public:
    CustomExpressionNode(NodeKind kind, SqlType type, std::vector<ExpressionPtr> children = {});
    const std::vector<ExpressionPtr>& children() const noexcept { return children_; }
    void gather(GatherContext& context) const override;
    void accept_children(NodeVisitor& visitor) const override;

  private:
    std::vector<ExpressionPtr> children_{};
};

}  // namespace retort
