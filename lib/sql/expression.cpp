// Expression's operators and builders: literals become typed, named bind parameters; negation,
// AND/OR flattening and NULL comparisons are normalised here so the compiler stays simple.
#include <retort/errors.hpp>
#include <retort/sql/column_node.hpp>
#include <retort/sql/expression.hpp>
#include <retort/sql/select.hpp>
#include <retort/sql/text.hpp>

namespace retort {

namespace {

const SqlType& null_type() {
    static const SqlType type;
    return type;
}

const ExpressionPtr& null_node() {
    static const ExpressionPtr node = std::make_shared<ConstantNode>(NodeKind::Null);
    return node;
}
const ExpressionPtr& true_node() {
    static const ExpressionPtr node = std::make_shared<ConstantNode>(NodeKind::True);
    return node;
}
const ExpressionPtr& false_node() {
    static const ExpressionPtr node = std::make_shared<ConstantNode>(NodeKind::False);
    return node;
}

SqlType type_for_value(const Value& value) {
    switch (value.kind()) {
        case ValueKind::Boolean:
            return Boolean{};
        case ValueKind::Integer:
            return Integer{};
        case ValueKind::Double:
            return Double{};
        case ValueKind::String:
            return String{};
        case ValueKind::Bytes:
            return LargeBinary{};
        case ValueKind::Date:
            return Date{};
        case ValueKind::Time:
            return Time{};
        case ValueKind::Timestamp:
            return DateTime{};
        case ValueKind::Interval:
            return Interval{};
        case ValueKind::Decimal:
            return Numeric{};
        case ValueKind::Uuid:
            return UUID{};
        case ValueKind::Json:
            return JSON{};
        case ValueKind::List:
            if (!value.list().empty()) return type_for_value(value.list().front());
            return SqlType{};
        case ValueKind::Null:
            return SqlType{};
    }
    return SqlType{};
}

/// The name SQLAlchemy gives a parameter compared with this expression: the column's name,
/// otherwise "param".
std::string name_hint(const ExpressionNode& node) {
    const ExpressionNode* n = &node;
    while (true) {
        switch (n->kind()) {
            case NodeKind::Column:
                return static_cast<const ColumnNode*>(n)->name();
            case NodeKind::Label:
                n = static_cast<const LabelNode*>(n)->element().get();
                continue;
            case NodeKind::Ordering:
                n = static_cast<const OrderingNode*>(n)->element().get();
                continue;
            case NodeKind::Collate:
                n = static_cast<const CollateNode*>(n)->element().get();
                continue;
            case NodeKind::Binary: {
                auto* b = static_cast<const BinaryNode*>(n);
                if (b->op() == Operator::Add || b->op() == Operator::Subtract ||
                    b->op() == Operator::Multiply || b->op() == Operator::Divide ||
                    b->op() == Operator::Modulo || b->op() == Operator::Concat) {
                    n = b->left().get();
                    continue;
                }
                return "param";
            }
            default:
                return "param";
        }
    }
}

bool is_untyped_anonymous_bind(const ExpressionNode& node) {
    if (node.kind() != NodeKind::BindParameter) return false;
    auto& b = static_cast<const BindParameterNode&>(node);
    return b.mode() == BindParameterNode::Mode::Literal && b.name().empty() && !b.expanding();
}

const ExpressionNode& require(const ExpressionPtr& node, const char* what) {
    if (!node) throw ArgumentError(std::string("empty expression used as ") + what);
    return *node;
}

/// The node of a non-empty expression (ArgumentError naming its role otherwise).
const ExpressionPtr& checked(const Expression& e, const char* what) {
    require(e.node(), what);
    return e.node();
}

ExpressionPtr make_bind(std::string hint, Value value, SqlType type, bool expanding = false) {
    return std::make_shared<BindParameterNode>(BindParameterNode::Mode::Literal, std::move(hint),
                                               std::move(value), true, std::move(type), expanding);
}

bool is_null_constant(const ExpressionNode& node) {
    return node.kind() == NodeKind::Null;
}

ExpressionPtr binary(Operator op, ExpressionPtr left, ExpressionPtr right, SqlType type) {
    return std::make_shared<BinaryNode>(op, std::move(left), std::move(right), std::move(type));
}

SqlType arithmetic_type(Operator op, const SqlType& left, const SqlType& right) {
    if (op == Operator::Concat) return String{};
    if (!left.is_null()) return left;
    return right;
}

Operator arithmetic_operator(Operator op, const SqlType& left, const SqlType& right) {
    // As in SQLAlchemy, + between strings means concatenation.
    if (op == Operator::Add && (left.is_string() || (left.is_null() && right.is_string())))
        return Operator::Concat;
    return op;
}

std::string escape_like(std::string_view text, char escape) {
    std::string out;
    out.reserve(text.size() + 4);
    for (char c : text) {
        if (c == '%' || c == '_' || c == escape) out.push_back(escape);
        out.push_back(c);
    }
    return out;
}

}  // namespace

Expression::Expression(std::nullptr_t) : node_(null_node()) {}

Expression::Expression(const TextClause& text)
    : node_(std::make_shared<TextExpressionNode>(text.node())) {}

const SqlType& Expression::type() const {
    return node_ ? node_->type() : null_type();
}

ExpressionPtr Expression::make_literal(Value value) {
    SqlType type = type_for_value(value);
    return make_bind({}, std::move(value), std::move(type));
}

ExpressionPtr Expression::bind_value(Value value) const {
    const auto& self = require(node_, "an operand");
    SqlType type = self.type().is_null() ? type_for_value(value) : self.type();
    return make_bind(name_hint(self), std::move(value), std::move(type));
}

ExpressionPtr Expression::coerce(const Expression& other) const {
    const auto& o = require(other.node_, "an operand");
    if (!node_ || !is_untyped_anonymous_bind(o)) return other.node_;
    auto& bind = static_cast<const BindParameterNode&>(o);
    SqlType type = node_->type().is_null() ? bind.type() : node_->type();
    return make_bind(name_hint(*node_), bind.value(), std::move(type));
}

Expression Expression::label(std::string name) const {
    if (name.empty()) throw ArgumentError("label() needs a non-empty name");
    return Expression(std::make_shared<LabelNode>(std::move(name), node_));
}

namespace {
Expression ordering(const ExpressionPtr& node, std::optional<OrderingNode::Direction> direction,
                    std::optional<OrderingNode::Nulls> nulls) {
    const auto& n = require(node, "an ORDER BY item");
    if (n.kind() == NodeKind::Ordering) {
        auto& o = static_cast<const OrderingNode&>(n);
        return Expression(std::make_shared<OrderingNode>(
            o.element(), direction.value_or(o.direction()), nulls.value_or(o.nulls())));
    }
    return Expression(std::make_shared<OrderingNode>(
        node, direction.value_or(OrderingNode::Direction::Unspecified),
        nulls.value_or(OrderingNode::Nulls::Unspecified)));
}
}  // namespace

Expression Expression::asc() const {
    return ordering(node_, OrderingNode::Direction::Ascending, {});
}
Expression Expression::desc() const {
    return ordering(node_, OrderingNode::Direction::Descending, {});
}
Expression Expression::nulls_first() const {
    return ordering(node_, {}, OrderingNode::Nulls::First);
}
Expression Expression::nulls_last() const {
    return ordering(node_, {}, OrderingNode::Nulls::Last);
}

Expression Expression::collate(std::string collation) const {
    if (collation.empty()) throw ArgumentError("collate() needs a collation name");
    return Expression(std::make_shared<CollateNode>(node_, std::move(collation)));
}

Expression Expression::cast(SqlType type) const {
    require(node_, "the operand of CAST");
    return Expression(std::make_shared<CastNode>(node_, std::move(type)));
}

Expression Expression::distinct() const {
    const auto& n = require(node_, "the operand of DISTINCT");
    return Expression(std::make_shared<UnaryNode>(Operator::Distinct, node_, n.type()));
}

namespace {
Expression like_expression(const Expression& self, Operator op, const Expression& pattern,
                           std::optional<char> escape) {
    require(self.node(), "the left side of LIKE");
    return Expression(std::make_shared<BinaryNode>(
        op, self.node(), self.coerce(pattern), SqlType{TypeKind::Boolean}, std::string{}, escape));
}
}  // namespace

Expression Expression::like(const Expression& pattern, std::optional<char> escape) const {
    return like_expression(*this, Operator::Like, pattern, escape);
}
Expression Expression::not_like(const Expression& pattern, std::optional<char> escape) const {
    return like_expression(*this, Operator::NotLike, pattern, escape);
}
Expression Expression::ilike(const Expression& pattern, std::optional<char> escape) const {
    return like_expression(*this, Operator::ILike, pattern, escape);
}
Expression Expression::not_ilike(const Expression& pattern, std::optional<char> escape) const {
    return like_expression(*this, Operator::NotILike, pattern, escape);
}
Expression Expression::startswith(std::string_view text, char escape) const {
    return like_expression(*this, Operator::Like,
                           Expression(bind_value(escape_like(text, escape) + "%")), escape);
}
Expression Expression::endswith(std::string_view text, char escape) const {
    return like_expression(*this, Operator::Like,
                           Expression(bind_value("%" + escape_like(text, escape))), escape);
}
Expression Expression::contains(std::string_view text, char escape) const {
    return like_expression(*this, Operator::Like,
                           Expression(bind_value("%" + escape_like(text, escape) + "%")), escape);
}

namespace {
Expression in_values(const Expression& self, std::vector<Value> values, bool negated) {
    const auto& left = require(self.node(), "the left side of IN");
    SqlType type = left.type();
    if (type.is_null() && !values.empty()) type = type_for_value(values.front());
    std::shared_ptr<const BindParameterNode> bind =
        std::make_shared<BindParameterNode>(BindParameterNode::Mode::Literal, name_hint(left),
                                            Value(std::move(values)), true, std::move(type), true);
    return Expression(std::make_shared<InNode>(self.node(), negated, std::move(bind)));
}
Expression in_select(const Expression& self, const Select& subquery, bool negated) {
    require(self.node(), "the left side of IN");
    return Expression(std::make_shared<InNode>(self.node(), negated, NodePtr(subquery.node())));
}
}  // namespace

Expression Expression::in_(std::vector<Value> values) const {
    return in_values(*this, std::move(values), false);
}
Expression Expression::in_(std::initializer_list<Value> values) const {
    return in_values(*this, std::vector<Value>(values), false);
}
Expression Expression::in_(const Select& subquery) const {
    return in_select(*this, subquery, false);
}
Expression Expression::not_in(std::vector<Value> values) const {
    return in_values(*this, std::move(values), true);
}
Expression Expression::not_in(std::initializer_list<Value> values) const {
    return in_values(*this, std::vector<Value>(values), true);
}
Expression Expression::not_in(const Select& subquery) const {
    return in_select(*this, subquery, true);
}

Expression Expression::in_expressions(std::vector<Expression> expressions) const {
    require(node_, "the left side of IN");
    if (expressions.empty())
        throw ArgumentError(
            "in_expressions() needs at least one expression; use in_({}) for an "
            "empty list of values");
    std::vector<ExpressionPtr> nodes;
    nodes.reserve(expressions.size());
    for (auto& e : expressions)
        nodes.push_back(coerce(e));
    return Expression(std::make_shared<InNode>(node_, false, std::move(nodes)));
}

Expression Expression::in_parameter(const Expression& expanding_bindparam) const {
    require(node_, "the left side of IN");
    const auto& p = require(expanding_bindparam.node(), "an IN parameter");
    if (p.kind() != NodeKind::BindParameter ||
        !static_cast<const BindParameterNode&>(p).expanding())
        throw ArgumentError("in_parameter() takes an expanding_bindparam(\"name\")");
    return Expression(std::make_shared<InNode>(
        node_, false,
        std::static_pointer_cast<const BindParameterNode>(expanding_bindparam.node())));
}

Expression Expression::between(const Expression& low, const Expression& high) const {
    require(node_, "the operand of BETWEEN");
    return Expression(std::make_shared<BetweenNode>(node_, coerce(low), coerce(high), false));
}
Expression Expression::not_between(const Expression& low, const Expression& high) const {
    require(node_, "the operand of BETWEEN");
    return Expression(std::make_shared<BetweenNode>(node_, coerce(low), coerce(high), true));
}

Expression Expression::is_null() const {
    require(node_, "the operand of IS NULL");
    return Expression(binary(Operator::Is, node_, null_node(), Boolean{}));
}
Expression Expression::is_not_null() const {
    require(node_, "the operand of IS NOT NULL");
    return Expression(binary(Operator::IsNot, node_, null_node(), Boolean{}));
}
Expression Expression::is_(const Expression& other) const {
    require(node_, "the operand of IS");
    return Expression(binary(Operator::Is, node_, coerce(other), Boolean{}));
}
Expression Expression::is_not(const Expression& other) const {
    require(node_, "the operand of IS NOT");
    return Expression(binary(Operator::IsNot, node_, coerce(other), Boolean{}));
}
Expression Expression::is_distinct_from(const Expression& other) const {
    require(node_, "the operand of IS DISTINCT FROM");
    return Expression(binary(Operator::IsDistinctFrom, node_, coerce(other), Boolean{}));
}
Expression Expression::is_not_distinct_from(const Expression& other) const {
    require(node_, "the operand of IS NOT DISTINCT FROM");
    return Expression(binary(Operator::IsNotDistinctFrom, node_, coerce(other), Boolean{}));
}
Expression Expression::concat(const Expression& other) const {
    require(node_, "the operand of concatenation");
    return Expression(binary(Operator::Concat, node_, coerce(other), String{}));
}
Expression Expression::op(std::string sql_operator, const Expression& other,
                          SqlType result_type) const {
    require(node_, "the left side of an operator");
    if (sql_operator.empty()) throw ArgumentError("op() needs an operator");
    if (result_type.is_null()) result_type = node_->type();
    return Expression(std::make_shared<BinaryNode>(
        Operator::Custom, node_, coerce(other), std::move(result_type), std::move(sql_operator)));
}

Expression Expression::over() const {
    return over(Window{});
}

Expression Expression::over(Window window) const {
    require(node_, "the function of OVER");
    std::vector<ExpressionPtr> partition, order;
    for (auto& e : window.partition_by)
        partition.push_back(checked(e, "PARTITION BY"));
    for (auto& e : window.order_by)
        order.push_back(checked(e, "ORDER BY"));
    return Expression(
        std::make_shared<OverNode>(node_, std::move(partition), std::move(order), window.frame));
}

Expression Expression::filter(const Expression& condition) const {
    const auto& n = require(node_, "the aggregate of FILTER");
    if (n.kind() != NodeKind::Function)
        throw ArgumentError("filter() applies to an aggregate function call, not to a " +
                            std::string(node_kind_name(n.kind())));
    auto& f = static_cast<const FunctionNode&>(n);
    return Expression(
        std::make_shared<FunctionNode>(f.name(), f.arguments(), f.type(), condition.node()));
}

Expression Tuple::in_(std::initializer_list<std::vector<Value>> rows) const {
    return in_(std::vector<std::vector<Value>>(rows));
}
Expression Tuple::not_in(std::initializer_list<std::vector<Value>> rows) const {
    return not_in(std::vector<std::vector<Value>>(rows));
}

namespace {
Expression tuple_in(const Expression& self, const std::vector<std::vector<Value>>& rows,
                    bool negated) {
    auto& tuple = static_cast<const TupleNode&>(*self.node());
    std::vector<Value> items;
    items.reserve(rows.size());
    for (const auto& row : rows) {
        if (row.size() != tuple.elements().size())
            throw ArgumentError("tuple IN: a row has " + std::to_string(row.size()) +
                                " values but the tuple has " +
                                std::to_string(tuple.elements().size()) + " elements");
        items.emplace_back(row);
    }
    std::shared_ptr<const BindParameterNode> bind = std::make_shared<BindParameterNode>(
        BindParameterNode::Mode::Literal, "param", Value(std::move(items)), true, SqlType{}, true);
    return Expression(std::make_shared<InNode>(self.node(), negated, std::move(bind)));
}
}  // namespace

Expression Tuple::in_(const std::vector<std::vector<Value>>& rows) const {
    return tuple_in(*this, rows, false);
}
Expression Tuple::not_in(const std::vector<std::vector<Value>>& rows) const {
    return tuple_in(*this, rows, true);
}

Tuple make_tuple_expression(std::vector<Expression> elements) {
    std::vector<ExpressionPtr> nodes;
    nodes.reserve(elements.size());
    for (auto& e : elements)
        nodes.push_back(checked(e, "a tuple element"));
    return Tuple(std::make_shared<TupleNode>(std::move(nodes)));
}

namespace detail {

Expression compare(Operator op, const Expression& left, const Expression& right) {
    const auto& l = require(left.node(), "the left side of a comparison");
    const auto& r = require(right.node(), "the right side of a comparison");
    if (op == Operator::Equal || op == Operator::NotEqual) {
        Operator is_op = op == Operator::Equal ? Operator::Is : Operator::IsNot;
        if (is_null_constant(r))
            return Expression(binary(is_op, left.node(), right.node(), Boolean{}));
        if (is_null_constant(l))
            return Expression(binary(is_op, right.node(), left.node(), Boolean{}));
    }
    return Expression(binary(op, right.coerce(left), left.coerce(right), Boolean{}));
}

Expression compare_value(Operator op, const Expression& left, Value right, bool value_on_left) {
    require(left.node(), "an operand of a comparison");
    if (right.is_null() && (op == Operator::Equal || op == Operator::NotEqual))
        return Expression(binary(op == Operator::Equal ? Operator::Is : Operator::IsNot,
                                 left.node(), null_node(), Boolean{}));
    ExpressionPtr bind = left.bind_value(std::move(right));
    if (value_on_left) return Expression(binary(op, std::move(bind), left.node(), Boolean{}));
    return Expression(binary(op, left.node(), std::move(bind), Boolean{}));
}

Expression arithmetic(Operator op, const Expression& left, const Expression& right) {
    require(left.node(), "the left side of an arithmetic operator");
    require(right.node(), "the right side of an arithmetic operator");
    ExpressionPtr l = right.coerce(left), r = left.coerce(right);
    op = arithmetic_operator(op, l->type(), r->type());
    SqlType type = arithmetic_type(op, l->type(), r->type());
    return Expression(binary(op, std::move(l), std::move(r), std::move(type)));
}

Expression arithmetic_value(Operator op, const Expression& left, Value right, bool value_on_left) {
    require(left.node(), "an operand of an arithmetic operator");
    ExpressionPtr bind = left.bind_value(std::move(right));
    op = arithmetic_operator(op, left.type(), bind->type());
    SqlType type = arithmetic_type(op, left.type(), bind->type());
    if (value_on_left) return Expression(binary(op, std::move(bind), left.node(), std::move(type)));
    return Expression(binary(op, left.node(), std::move(bind), std::move(type)));
}

}  // namespace detail

namespace detail {
Expression is_null(const Expression& a, bool negated) {
    return negated ? a.is_not_null() : a.is_null();
}
}  // namespace detail

Expression detail::unary_minus(const Expression& a) {
    const auto& n = require(a.node(), "the operand of unary minus");
    return Expression(std::make_shared<UnaryNode>(Operator::Negate, a.node(), n.type()));
}

namespace {
Expression boolean_list(Operator op, std::vector<Expression> clauses) {
    const NodeKind absorbing = op == Operator::And ? NodeKind::False : NodeKind::True;
    const NodeKind neutral = op == Operator::And ? NodeKind::True : NodeKind::False;
    std::vector<ExpressionPtr> flat;
    flat.reserve(clauses.size());
    for (auto& clause : clauses) {
        if (clause.empty()) continue;  // lets callers build conditions incrementally
        const auto& node = *clause.node();
        if (node.kind() == absorbing) return clause;
        if (node.kind() == neutral) continue;
        if (node.kind() == NodeKind::BooleanList &&
            static_cast<const BooleanListNode&>(node).op() == op) {
            for (const auto& inner : static_cast<const BooleanListNode&>(node).clauses())
                flat.push_back(inner);
        } else {
            flat.push_back(clause.node());
        }
    }
    if (flat.empty()) {
        // Every operand was neutral (or empty): the neutral constant, unless nothing was given.
        for (auto& clause : clauses)
            if (!clause.empty()) return clause;
        return Expression();
    }
    if (flat.size() == 1) return Expression(std::move(flat.front()));
    return Expression(std::make_shared<BooleanListNode>(op, std::move(flat)));
}
}  // namespace

Expression detail::logical(Operator op, const Expression& a, const Expression& b) {
    return boolean_list(op, {a, b});
}
Expression and_(std::vector<Expression> clauses) {
    return boolean_list(Operator::And, std::move(clauses));
}
Expression or_(std::vector<Expression> clauses) {
    return boolean_list(Operator::Or, std::move(clauses));
}

Expression detail::negate(const Expression& a) {
    const auto& n = require(a.node(), "the operand of NOT");
    switch (n.kind()) {
        case NodeKind::True:
            return Expression(false_node());
        case NodeKind::False:
            return Expression(true_node());
        case NodeKind::Binary: {
            auto& b = static_cast<const BinaryNode&>(n);
            Operator negated = negated_operator(b.op());
            if (negated != Operator::Custom)
                return Expression(std::make_shared<BinaryNode>(
                    negated, b.left(), b.right(), b.type(), b.custom_operator(), b.escape()));
            break;
        }
        case NodeKind::In: {
            auto& in = static_cast<const InNode&>(n);
            switch (in.source()) {
                case InNode::Source::ExpandingParameter:
                    return Expression(
                        std::make_shared<InNode>(in.left(), !in.negated(), in.parameter()));
                case InNode::Source::Subquery:
                    return Expression(
                        std::make_shared<InNode>(in.left(), !in.negated(), in.subquery()));
                case InNode::Source::Expressions:
                    return Expression(
                        std::make_shared<InNode>(in.left(), !in.negated(), in.expressions()));
            }
            break;
        }
        case NodeKind::Between: {
            auto& b = static_cast<const BetweenNode&>(n);
            return Expression(
                std::make_shared<BetweenNode>(b.element(), b.low(), b.high(), !b.negated()));
        }
        case NodeKind::Unary: {
            auto& u = static_cast<const UnaryNode&>(n);
            if (u.op() == Operator::Not) return Expression(u.operand());
            break;
        }
        default:
            break;
    }
    return Expression(
        std::make_shared<UnaryNode>(Operator::Not, a.node(), SqlType{TypeKind::Boolean}));
}

Expression not_(const Expression& clause) {
    return detail::negate(clause);
}

Expression bindparam(std::string name, SqlType type) {
    if (name.empty()) throw ArgumentError("bindparam() needs a name");
    return Expression(std::make_shared<BindParameterNode>(
        BindParameterNode::Mode::Named, std::move(name), Value{}, false, std::move(type), false));
}
Expression bindparam(std::string name, Value value, SqlType type) {
    if (name.empty()) throw ArgumentError("bindparam() needs a name");
    if (type.is_null()) type = type_for_value(value);
    return Expression(std::make_shared<BindParameterNode>(BindParameterNode::Mode::Named,
                                                          std::move(name), std::move(value), true,
                                                          std::move(type), false));
}
Expression expanding_bindparam(std::string name, SqlType type) {
    if (name.empty()) throw ArgumentError("expanding_bindparam() needs a name");
    return Expression(std::make_shared<BindParameterNode>(
        BindParameterNode::Mode::Named, std::move(name), Value{}, false, std::move(type), true));
}
Expression literal(Value value, SqlType type) {
    if (type.is_null()) type = type_for_value(value);
    return Expression(make_bind("param", std::move(value), std::move(type)));
}
Expression literal_column(std::string sql, SqlType type) {
    if (sql.empty()) throw ArgumentError("literal_column() needs SQL text");
    return Expression(std::make_shared<LiteralColumnNode>(std::move(sql), std::move(type)));
}
Expression null_() {
    return Expression(null_node());
}
Expression true_() {
    return Expression(true_node());
}
Expression false_() {
    return Expression(false_node());
}

Expression asc(const Expression& e) {
    return e.asc();
}
Expression desc(const Expression& e) {
    return e.desc();
}
Expression nulls_first(const Expression& e) {
    return e.nulls_first();
}
Expression nulls_last(const Expression& e) {
    return e.nulls_last();
}
Expression distinct(const Expression& e) {
    return e.distinct();
}
Expression cast(const Expression& e, SqlType type) {
    return e.cast(std::move(type));
}
Expression collate(const Expression& e, std::string collation) {
    return e.collate(std::move(collation));
}
Expression excluded(const Expression& column) {
    const auto& n = require(column.node(), "the argument of excluded()");
    if (n.kind() != NodeKind::Column)
        throw ArgumentError("excluded() takes a column of the inserted table, not a " +
                            std::string(node_kind_name(n.kind())));
    return Expression(std::make_shared<ExcludedNode>(column.node()));
}

Expression case_(std::vector<When> whens, Expression otherwise) {
    std::vector<CaseNode::When> nodes;
    nodes.reserve(whens.size());
    for (auto& w : whens)
        nodes.push_back(
            {checked(w.condition, "a CASE condition"), checked(w.result, "a CASE result")});
    return Expression(std::make_shared<CaseNode>(nullptr, std::move(nodes), otherwise.node()));
}

Expression case_(const Expression& value, std::vector<When> whens, Expression otherwise) {
    require(value.node(), "the value of CASE");
    std::vector<CaseNode::When> nodes;
    nodes.reserve(whens.size());
    for (auto& w : whens) {
        require(w.result.node(), "a CASE result");
        nodes.push_back({value.coerce(w.condition), w.result.node()});
    }
    return Expression(std::make_shared<CaseNode>(value.node(), std::move(nodes), otherwise.node()));
}

// --- functions

Expression FunctionFactory::call(std::string name, std::vector<Expression> arguments,
                                 SqlType return_type) const {
    std::vector<ExpressionPtr> nodes;
    nodes.reserve(arguments.size());
    for (auto& a : arguments)
        nodes.push_back(checked(a, "a function argument"));
    return Expression(
        std::make_shared<FunctionNode>(std::move(name), std::move(nodes), std::move(return_type)));
}
Expression FunctionFactory::call_typed(std::string name, std::vector<Expression> arguments) const {
    SqlType type = arguments.empty() ? SqlType{} : arguments.front().type();
    return call(std::move(name), std::move(arguments), std::move(type));
}
Expression FunctionFactory::count() const {
    return call("count", {literal_column("*")}, BigInteger{});
}
Expression FunctionFactory::count(const Expression& e) const {
    return call("count", {e}, BigInteger{});
}
Expression FunctionFactory::sum(const Expression& e) const {
    return call_typed("sum", {e});
}
Expression FunctionFactory::min(const Expression& e) const {
    return call_typed("min", {e});
}
Expression FunctionFactory::max(const Expression& e) const {
    return call_typed("max", {e});
}
Expression FunctionFactory::avg(const Expression& e) const {
    return call("avg", {e}, Numeric{});
}
Expression FunctionFactory::lower(const Expression& e) const {
    return call("lower", {e}, String{});
}
Expression FunctionFactory::upper(const Expression& e) const {
    return call("upper", {e}, String{});
}
Expression FunctionFactory::length(const Expression& e) const {
    return call("length", {e}, Integer{});
}
Expression FunctionFactory::abs(const Expression& e) const {
    return call_typed("abs", {e});
}
Expression FunctionFactory::now() const {
    return call("now", {}, DateTime{true});
}
Expression FunctionFactory::current_timestamp() const {
    return call("current_timestamp", {}, DateTime{true});
}
Expression FunctionFactory::current_date() const {
    return call("current_date", {}, Date{});
}
Expression FunctionFactory::current_time() const {
    return call("current_time", {}, Time{});
}
Expression FunctionFactory::row_number() const {
    return call("row_number", {}, BigInteger{});
}
Expression FunctionFactory::rank() const {
    return call("rank", {}, BigInteger{});
}
Expression FunctionFactory::dense_rank() const {
    return call("dense_rank", {}, BigInteger{});
}

}  // namespace retort
