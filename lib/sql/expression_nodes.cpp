// Constructors and gather walks of the expression nodes: each adds its shape to the cache key
// (kind, operator, names; never a bound value) and its bind parameters to the bind list.
#include <retort/errors.hpp>
#include <retort/sql/expression_nodes.hpp>

namespace retort {

namespace {
std::uint32_t flags_of(const std::vector<ExpressionPtr>& items) {
    std::uint32_t flags = 0;
    for (const auto& item : items)
        if (item) flags |= item->flags();
    return flags;
}
void gather_list(const std::vector<ExpressionPtr>& items, GatherContext& context) {
    for (const auto& item : items)
        item->gather(context);
}
std::uint32_t type_token(const SqlType& type) {
    return static_cast<std::uint32_t>(type.kind) | (type.timezone ? 0x100u : 0u);
}
}  // namespace

void BindParameterNode::gather(GatherContext& context) const {
    context.key.add_kind(NodeKind::BindParameter,
                         (static_cast<std::uint32_t>(mode_) << 24) | (expanding_ ? 1u << 20 : 0u) |
                             (has_value_ ? 1u << 21 : 0u) | type_token(type()));
    if (!name_.empty()) context.key.add_string(name_);
    context.add_bind(this);
}

void LiteralColumnNode::gather(GatherContext& context) const {
    context.key.add_kind(NodeKind::LiteralColumn, type_token(type()));
    context.key.add_string(text_);
}

void ConstantNode::gather(GatherContext& context) const {
    context.key.add_kind(kind());
}

void BinaryNode::gather(GatherContext& context) const {
    context.key.add_kind(NodeKind::Binary, (static_cast<std::uint32_t>(op_) << 8) |
                                               static_cast<std::uint8_t>(escape_.value_or(0)));
    if (op_ == Operator::Custom) context.key.add_string(custom_operator_);
    left_->gather(context);
    right_->gather(context);
}

void UnaryNode::gather(GatherContext& context) const {
    context.key.add_kind(NodeKind::Unary, static_cast<std::uint32_t>(op_));
    operand_->gather(context);
}

BooleanListNode::BooleanListNode(Operator op, std::vector<ExpressionPtr> clauses)
    : ExpressionNode(NodeKind::BooleanList, SqlType{TypeKind::Boolean}, flags_of(clauses)),
      op_(op),
      clauses_(std::move(clauses)) {}

void BooleanListNode::gather(GatherContext& context) const {
    context.key.add_kind(NodeKind::BooleanList, (static_cast<std::uint32_t>(op_) << 24) |
                                                    static_cast<std::uint32_t>(clauses_.size()));
    gather_list(clauses_, context);
}

void GroupingNode::gather(GatherContext& context) const {
    context.key.add_kind(NodeKind::Grouping);
    element_->gather(context);
}

TupleNode::TupleNode(std::vector<ExpressionPtr> elements)
    : ExpressionNode(NodeKind::Tuple, SqlType{}, flags_of(elements)),
      elements_(std::move(elements)) {}

void TupleNode::gather(GatherContext& context) const {
    context.key.add_kind(NodeKind::Tuple, static_cast<std::uint32_t>(elements_.size()));
    gather_list(elements_, context);
}

InNode::InNode(ExpressionPtr left, bool negated, std::shared_ptr<const BindParameterNode> parameter)
    : ExpressionNode(NodeKind::In, SqlType{TypeKind::Boolean}, left->flags() | parameter->flags()),
      left_(std::move(left)),
      negated_(negated),
      source_(Source::ExpandingParameter),
      parameter_(std::move(parameter)) {}

InNode::InNode(ExpressionPtr left, bool negated, NodePtr subquery)
    : ExpressionNode(NodeKind::In, SqlType{TypeKind::Boolean}, left->flags() | subquery->flags()),
      left_(std::move(left)),
      negated_(negated),
      source_(Source::Subquery),
      subquery_(std::move(subquery)) {}

InNode::InNode(ExpressionPtr left, bool negated, std::vector<ExpressionPtr> expressions)
    : ExpressionNode(NodeKind::In, SqlType{TypeKind::Boolean},
                     left->flags() | flags_of(expressions)),
      left_(std::move(left)),
      negated_(negated),
      source_(Source::Expressions),
      expressions_(std::move(expressions)) {}

void InNode::gather(GatherContext& context) const {
    context.key.add_kind(NodeKind::In, (negated_ ? 0x100u : 0u) |
                                           static_cast<std::uint32_t>(source_) |
                                           (static_cast<std::uint32_t>(expressions_.size()) << 9));
    left_->gather(context);
    switch (source_) {
        case Source::ExpandingParameter:
            parameter_->gather(context);
            break;
        case Source::Subquery:
            subquery_->gather(context);
            break;
        case Source::Expressions:
            gather_list(expressions_, context);
            break;
    }
}

BetweenNode::BetweenNode(ExpressionPtr element, ExpressionPtr low, ExpressionPtr high, bool negated)
    : ExpressionNode(NodeKind::Between, SqlType{TypeKind::Boolean},
                     element->flags() | low->flags() | high->flags()),
      element_(std::move(element)),
      low_(std::move(low)),
      high_(std::move(high)),
      negated_(negated) {}

void BetweenNode::gather(GatherContext& context) const {
    context.key.add_kind(NodeKind::Between, negated_ ? 1u : 0u);
    element_->gather(context);
    low_->gather(context);
    high_->gather(context);
}

namespace {
SqlType case_type(const std::vector<CaseNode::When>& whens, const ExpressionPtr& otherwise) {
    for (const auto& w : whens)
        if (!w.result->type().is_null()) return w.result->type();
    return otherwise ? otherwise->type() : SqlType{};
}
std::uint32_t case_flags(const ExpressionPtr& value, const std::vector<CaseNode::When>& whens,
                         const ExpressionPtr& otherwise) {
    std::uint32_t flags = (value ? value->flags() : 0) | (otherwise ? otherwise->flags() : 0);
    for (const auto& w : whens)
        flags |= w.condition->flags() | w.result->flags();
    return flags;
}
}  // namespace

CaseNode::CaseNode(ExpressionPtr value, std::vector<When> whens, ExpressionPtr otherwise)
    : ExpressionNode(NodeKind::Case, case_type(whens, otherwise),
                     case_flags(value, whens, otherwise)),
      value_(std::move(value)),
      whens_(std::move(whens)),
      else_(std::move(otherwise)) {
    if (whens_.empty()) throw ArgumentError("case_() needs at least one WHEN");
}

void CaseNode::gather(GatherContext& context) const {
    context.key.add_kind(NodeKind::Case, (value_ ? 1u : 0u) | (else_ ? 2u : 0u) |
                                             (static_cast<std::uint32_t>(whens_.size()) << 2));
    if (value_) value_->gather(context);
    for (const auto& w : whens_) {
        w.condition->gather(context);
        w.result->gather(context);
    }
    if (else_) else_->gather(context);
}

void CastNode::gather(GatherContext& context) const {
    const SqlType& t = type();
    context.key.add_kind(NodeKind::Cast, type_token(t));
    context.key.add((std::uint64_t(std::uint32_t(t.length)) << 32) |
                    (std::uint32_t(t.precision) << 16) | std::uint32_t(t.scale));
    if (t.enumeration) context.key.add_string(t.enumeration->name);
    element_->gather(context);
}

FunctionNode::FunctionNode(std::string name, std::vector<ExpressionPtr> arguments, SqlType type,
                           ExpressionPtr filter)
    : ExpressionNode(NodeKind::Function, std::move(type),
                     flags_of(arguments) | (filter ? filter->flags() : 0)),
      name_(std::move(name)),
      arguments_(std::move(arguments)),
      filter_(std::move(filter)) {
    if (name_.empty()) throw ArgumentError("a function needs a name");
}

void FunctionNode::gather(GatherContext& context) const {
    context.key.add_kind(NodeKind::Function, (static_cast<std::uint32_t>(arguments_.size()) << 12) |
                                                 (filter_ ? 0x800u : 0u) | type_token(type()));
    context.key.add_string(name_);
    gather_list(arguments_, context);
    if (filter_) filter_->gather(context);
}

void LabelNode::gather(GatherContext& context) const {
    context.key.add_kind(NodeKind::Label);
    context.key.add_string(name_);
    element_->gather(context);
}

OverNode::OverNode(ExpressionPtr function, std::vector<ExpressionPtr> partition_by,
                   std::vector<ExpressionPtr> order_by, std::optional<WindowFrame> frame)
    : ExpressionNode(NodeKind::Over, function->type(),
                     function->flags() | flags_of(partition_by) | flags_of(order_by)),
      function_(std::move(function)),
      partition_by_(std::move(partition_by)),
      order_by_(std::move(order_by)),
      frame_(frame) {}

void OverNode::gather(GatherContext& context) const {
    context.key.add_kind(NodeKind::Over, (static_cast<std::uint32_t>(partition_by_.size()) << 16) |
                                             static_cast<std::uint32_t>(order_by_.size()));
    if (frame_) {
        context.key.add((std::uint64_t(frame_->unit) << 56) |
                        (std::uint64_t(frame_->start.kind) << 48) |
                        (std::uint64_t(frame_->end.kind) << 40) | 1);
        context.key.add(static_cast<std::uint64_t>(frame_->start.offset));
        context.key.add(static_cast<std::uint64_t>(frame_->end.offset));
    } else {
        context.key.add(0);
    }
    function_->gather(context);
    gather_list(partition_by_, context);
    gather_list(order_by_, context);
}

void CollateNode::gather(GatherContext& context) const {
    context.key.add_kind(NodeKind::Collate);
    context.key.add_string(collation_);
    element_->gather(context);
}

void SubqueryExpressionNode::gather(GatherContext& context) const {
    context.key.add_kind(kind(), type_token(type()));
    select_->gather(context);
}

void ExcludedNode::gather(GatherContext& context) const {
    context.key.add_kind(NodeKind::Excluded);
    column_->gather(context);
}

void OrderingNode::gather(GatherContext& context) const {
    context.key.add_kind(NodeKind::Ordering, (static_cast<std::uint32_t>(direction_) << 4) |
                                                 static_cast<std::uint32_t>(nulls_));
    element_->gather(context);
}

void TextExpressionNode::gather(GatherContext& context) const {
    context.key.add_kind(NodeKind::TextExpression);
    text_->gather(context);
}

CustomExpressionNode::CustomExpressionNode(NodeKind kind, SqlType type,
                                           std::vector<ExpressionPtr> children)
    : ExpressionNode(kind, std::move(type), flags_of(children) | kHasCustomNode),
      children_(std::move(children)) {}

void CustomExpressionNode::gather(GatherContext& context) const {
    context.key.add_kind(kind(), static_cast<std::uint32_t>(children_.size()));
    gather_list(children_, context);
}

}  // namespace retort

// --- child traversal
namespace retort {

namespace {
void visit_all(const std::vector<ExpressionPtr>& items, NodeVisitor& visitor) {
    for (const auto& item : items)
        visitor.visit(*item);
}
}  // namespace

void BinaryNode::accept_children(NodeVisitor& visitor) const {
    visitor.visit(*left_);
    visitor.visit(*right_);
}
void UnaryNode::accept_children(NodeVisitor& visitor) const {
    visitor.visit(*operand_);
}
void BooleanListNode::accept_children(NodeVisitor& visitor) const {
    visit_all(clauses_, visitor);
}
void GroupingNode::accept_children(NodeVisitor& visitor) const {
    visitor.visit(*element_);
}
void TupleNode::accept_children(NodeVisitor& visitor) const {
    visit_all(elements_, visitor);
}
void InNode::accept_children(NodeVisitor& visitor) const {
    visitor.visit(*left_);
    switch (source_) {
        case Source::ExpandingParameter:
            visitor.visit(*parameter_);
            break;
        case Source::Subquery:
            visitor.visit(*subquery_);
            break;
        case Source::Expressions:
            visit_all(expressions_, visitor);
            break;
    }
}
void BetweenNode::accept_children(NodeVisitor& visitor) const {
    visitor.visit(*element_);
    visitor.visit(*low_);
    visitor.visit(*high_);
}
void CaseNode::accept_children(NodeVisitor& visitor) const {
    if (value_) visitor.visit(*value_);
    for (const auto& w : whens_) {
        visitor.visit(*w.condition);
        visitor.visit(*w.result);
    }
    if (else_) visitor.visit(*else_);
}
void CastNode::accept_children(NodeVisitor& visitor) const {
    visitor.visit(*element_);
}
void FunctionNode::accept_children(NodeVisitor& visitor) const {
    visit_all(arguments_, visitor);
    if (filter_) visitor.visit(*filter_);
}
void LabelNode::accept_children(NodeVisitor& visitor) const {
    visitor.visit(*element_);
}
void OverNode::accept_children(NodeVisitor& visitor) const {
    visitor.visit(*function_);
    visit_all(partition_by_, visitor);
    visit_all(order_by_, visitor);
}
void CollateNode::accept_children(NodeVisitor& visitor) const {
    visitor.visit(*element_);
}
void SubqueryExpressionNode::accept_children(NodeVisitor& visitor) const {
    visitor.visit(*select_);
}
void ExcludedNode::accept_children(NodeVisitor& visitor) const {
    visitor.visit(*column_);
}
void OrderingNode::accept_children(NodeVisitor& visitor) const {
    visitor.visit(*element_);
}
void TextExpressionNode::accept_children(NodeVisitor& visitor) const {
    visitor.visit(*text_);
}
void CustomExpressionNode::accept_children(NodeVisitor& visitor) const {
    visit_all(children_, visitor);
}

}  // namespace retort
