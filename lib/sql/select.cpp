// SELECT and compound SELECT: copy-on-write builders, the names a SELECT exports to subqueries,
// and the conversions of a SELECT into subqueries, CTEs, scalar values and EXISTS.
#include <retort/errors.hpp>
#include <retort/sql/select.hpp>
#include <retort/sql/text.hpp>

#include "dml_clauses.hpp"

#include <unordered_map>

namespace retort {

namespace {
std::uint32_t flags_of(const std::vector<ExpressionPtr>& items) {
    std::uint32_t flags = 0;
    for (const auto& item : items)
        flags |= item->flags();
    return flags;
}
void gather_list(const std::vector<ExpressionPtr>& items, GatherContext& context) {
    for (const auto& item : items)
        item->gather(context);
}
void visit_list(const std::vector<ExpressionPtr>& items, NodeVisitor& visitor) {
    for (const auto& item : items)
        visitor.visit(*item);
}
const ExpressionPtr& checked(const Expression& e, const char* what) {
    if (e.empty()) throw ArgumentError(std::string("empty expression given to ") + what);
    return e.node();
}
/// LIMIT/OFFSET values become Integer parameters named `param`, as SQLAlchemy names them.
ExpressionPtr count_parameter(const Expression& e, const char* what) {
    const auto& node = checked(e, what);
    if (node->kind() == NodeKind::BindParameter) {
        auto& b = static_cast<const BindParameterNode&>(*node);
        if (b.mode() == BindParameterNode::Mode::Literal && b.name().empty())
            return std::make_shared<BindParameterNode>(BindParameterNode::Mode::Literal, "param",
                                                       b.value(), true, Integer{}, false);
    }
    return node;
}
}  // namespace

void SelectNode::refresh_flags() {
    std::uint32_t flags =
        flags_of(columns) | flags_of(group_by) | flags_of(order_by) | flags_of(distinct_on);
    for (const auto& f : froms)
        flags |= f->flags();
    for (const auto* e : {&where, &having, &limit, &offset})
        if (*e) flags |= (*e)->flags();
    add_flags(flags);
}

void SelectNode::gather(GatherContext& context) const {
    context.key.add_kind(
        NodeKind::Select,
        (distinct ? 1u : 0u) | (where ? 2u : 0u) | (having ? 4u : 0u) | (limit ? 8u : 0u) |
            (offset ? 16u : 0u) | (static_cast<std::uint32_t>(correlation) << 5) |
            (for_update
                 ? 0x100u | (static_cast<std::uint32_t>(for_update->mode) << 9) |
                       (for_update->nowait ? 0x800u : 0u) | (for_update->skip_locked ? 0x1000u : 0u)
                 : 0u));
    context.key.add((std::uint64_t(columns.size()) << 48) | (std::uint64_t(froms.size()) << 36) |
                    (std::uint64_t(group_by.size()) << 24) |
                    (std::uint64_t(order_by.size()) << 12) | distinct_on.size());
    gather_list(columns, context);
    for (const auto& f : froms)
        f->gather(context);
    if (where) where->gather(context);
    gather_list(group_by, context);
    if (having) having->gather(context);
    gather_list(order_by, context);
    if (limit) limit->gather(context);
    if (offset) offset->gather(context);
    gather_list(distinct_on, context);
    if (for_update) {
        context.key.add(for_update->of.size());
        for (const auto& f : for_update->of)
            f.node()->gather(context);
    }
    if (!correlate.empty()) {
        context.key.add(correlate.size());
        for (const auto& f : correlate)
            f->gather(context);
    }
}

void SelectNode::accept_children(NodeVisitor& visitor) const {
    visit_list(columns, visitor);
    for (const auto& f : froms)
        visitor.visit(*f);
    if (where) visitor.visit(*where);
    visit_list(group_by, visitor);
    if (having) visitor.visit(*having);
    visit_list(order_by, visitor);
    if (limit) visitor.visit(*limit);
    if (offset) visitor.visit(*offset);
    visit_list(distinct_on, visitor);
}

std::vector<std::pair<std::string, ExpressionPtr>> exported_columns(const Node& selectable) {
    std::vector<std::pair<std::string, ExpressionPtr>> out;
    switch (selectable.kind()) {
        case NodeKind::Select: {
            auto& s = static_cast<const SelectNode&>(selectable);
            auto labels = select_column_labels(s, true);
            for (std::size_t i = 0; i < s.columns.size(); ++i)
                out.emplace_back(std::move(labels[i].name), s.columns[i]);
            break;
        }
        case NodeKind::CompoundSelect: {
            auto& c = static_cast<const CompoundSelectNode&>(selectable);
            return exported_columns(*c.selects.front());
        }
        case NodeKind::TextClause: {
            auto& t = static_cast<const TextClauseNode&>(selectable);
            if (t.result_columns().empty())
                throw ArgumentError(
                    "a text() used as a subquery needs .columns(...) declaring its "
                    "result columns");
            for (const auto& c : t.result_columns())
                out.emplace_back(c.name, std::make_shared<ColumnNode>(c.name, c.type));
            break;
        }
        default:
            throw ArgumentError("a " + std::string(node_kind_name(selectable.kind())) +
                                " cannot be used as a subquery");
    }
    return out;
}

std::vector<SelectColumnLabel> select_column_labels(const SelectNode& select, bool deduplicate) {
    std::vector<SelectColumnLabel> out;
    out.reserve(select.columns.size());
    std::unordered_map<std::string, int> counters;  // anon_1, count_1, ... as SQLAlchemy numbers
    for (const auto& column : select.columns) {
        switch (column->kind()) {
            case NodeKind::Column:
                out.push_back({static_cast<const ColumnNode&>(*column).name(), false});
                break;
            case NodeKind::Label:
                out.push_back({static_cast<const LabelNode&>(*column).name(), true});
                break;
            case NodeKind::LiteralColumn:
                // literal_column("x") is named by its text, as a column is.
                out.push_back({static_cast<const LiteralColumnNode&>(*column).text(), false});
                break;
            default: {
                std::string base = column->kind() == NodeKind::Function
                                       ? static_cast<const FunctionNode&>(*column).name()
                                       : "anon";
                for (auto& ch : base)
                    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
                int n = ++counters[base];
                out.push_back({base + "_" + std::to_string(n), true});
            }
        }
    }
    if (deduplicate) {
        // Two columns of the same name in a subquery would make `sub.c(name)` ambiguous; the
        // later ones get `_1`, `_2` suffixes.
        for (std::size_t i = 1; i < out.size(); ++i) {
            int suffix = 0;
            auto taken = [&](const std::string& name, std::size_t upto) {
                for (std::size_t j = 0; j < upto; ++j)
                    if (out[j].name == name) return true;
                return false;
            };
            if (!taken(out[i].name, i)) continue;
            std::string base = out[i].name, candidate;
            do {
                candidate = base + "_" + std::to_string(++suffix);
            } while (taken(candidate, out.size()));
            out[i].name = std::move(candidate);
            out[i].needs_as = true;
        }
    }
    return out;
}

SelectItem::SelectItem(const FromClause& from) : from_(from.node()) {
    if (!from_) throw ArgumentError("empty FROM clause given to select()");
}

void SelectItem::append_to(std::vector<ExpressionPtr>& columns) const {
    if (from_) {
        for (const ColumnNode* c : from_->columns())
            columns.emplace_back(from_, c);
    } else {
        columns.push_back(checked(expression_, "select()"));
    }
}

namespace {
/// Adds an item's columns; a join given whole is also an explicit FROM (its columns belong to
/// its tables, so FROM inference alone would list them apart, without the ON condition).
void add_item(SelectNode& n, const SelectItem& item) {
    item.append_to(n.columns);
    const FromClausePtr& from = item.from();
    if (!from || from->kind() != NodeKind::Join) return;
    for (const auto& f : n.froms)
        if (f == from) return;
    n.froms.push_back(from);
}
}  // namespace

Select::Select() : node_(std::make_shared<SelectNode>()) {}

Select::Select(std::vector<SelectItem> items) : node_(std::make_shared<SelectNode>()) {
    for (const auto& item : items)
        add_item(*node_, item);
    node_->refresh_flags();
}

void Select::append_item(const SelectItem& item) {
    auto& n = own();
    const std::size_t first = n.columns.size();
    add_item(n, item);
    for (std::size_t i = first; i < n.columns.size(); ++i)
        n.add_child_flags(n.columns[i]->flags());
    if (item.from()) n.add_child_flags(item.from()->flags());
}

Select select(std::vector<SelectItem> items) {
    return Select(std::move(items));
}

SelectNode& Select::own() {
    if (node_.use_count() != 1) node_ = std::make_shared<SelectNode>(*node_);
    return *node_;
}

Select Select::add_columns(std::vector<SelectItem> items) const& {
    return Select(*this).add_columns(std::move(items));
}
Select Select::add_columns(std::vector<SelectItem> items) && {
    auto& n = own();
    for (const auto& item : items)
        add_item(n, item);
    n.refresh_flags();
    return std::move(*this);
}

Select Select::select_from(const FromClause& from) const& {
    return Select(*this).select_from(from);
}
Select Select::select_from(const FromClause& from) && {
    if (from.empty()) throw ArgumentError("empty FROM clause given to select_from()");
    auto& n = own();
    n.froms.push_back(from.node());
    n.refresh_flags();
    return std::move(*this);
}

namespace {
Select join_impl(Select self, const FromClause& target, const Expression& onclause,
                 JoinNode::Type type, SelectNode& n) {
    if (target.empty()) throw ArgumentError("empty FROM clause given to join()");
    FromClausePtr left;
    bool replace_explicit = !n.froms.empty();
    if (replace_explicit) {
        left = n.froms.back();
    } else {
        std::vector<FromClausePtr> inferred;
        for (const auto& c : n.columns)
            collect_from_clauses(c, inferred);
        if (n.where) collect_from_clauses(n.where, inferred);
        if (inferred.empty())
            throw ArgumentError(
                "join(): the SELECT has no FROM clause to join from; use "
                "select_from() or join_from()");
        left = inferred.front();
    }
    ExpressionPtr condition =
        onclause.empty() ? infer_join_condition(*left, *target.node()) : onclause.node();
    auto join = std::make_shared<JoinNode>(left, target.node(), std::move(condition), type);
    if (replace_explicit)
        n.froms.back() = std::move(join);
    else
        n.froms.push_back(std::move(join));
    n.refresh_flags();
    return self;
}
}  // namespace

Select Select::join(const FromClause& target, const Expression& onclause) const& {
    return Select(*this).join(target, onclause);
}
Select Select::join(const FromClause& target, const Expression& onclause) && {
    auto& n = own();
    return join_impl(std::move(*this), target, onclause, JoinNode::Type::Inner, n);
}
Select Select::outerjoin(const FromClause& target, const Expression& onclause) const& {
    return Select(*this).outerjoin(target, onclause);
}
Select Select::outerjoin(const FromClause& target, const Expression& onclause) && {
    auto& n = own();
    return join_impl(std::move(*this), target, onclause, JoinNode::Type::LeftOuter, n);
}
Select Select::full_join(const FromClause& target, const Expression& onclause) const& {
    return Select(*this).full_join(target, onclause);
}
Select Select::full_join(const FromClause& target, const Expression& onclause) && {
    auto& n = own();
    return join_impl(std::move(*this), target, onclause, JoinNode::Type::FullOuter, n);
}
Select Select::join_from(const FromClause& left, const FromClause& right,
                         const Expression& onclause) const& {
    return Select(*this).select_from(left.join(right, onclause));
}

Select Select::where(const Expression& condition) const& {
    return Select(*this).where(condition);
}
Select Select::where(const Expression& condition) && {
    if (condition.empty()) return std::move(*this);
    auto& n = own();
    n.where = detail::and_where(n.where, condition);
    n.add_child_flags(condition.node()->flags());
    return std::move(*this);
}

Select Select::group_by_list(std::vector<Expression> expressions) && {
    auto& n = own();
    for (auto& e : expressions)
        n.group_by.push_back(checked(e, "group_by()"));
    n.refresh_flags();
    return std::move(*this);
}

Select Select::having(const Expression& condition) const& {
    return Select(*this).having(condition);
}
Select Select::having(const Expression& condition) && {
    if (condition.empty()) return std::move(*this);
    auto& n = own();
    n.having = n.having ? (Expression(n.having) && condition).node() : condition.node();
    n.refresh_flags();
    return std::move(*this);
}

Select Select::order_by_list(std::vector<Expression> expressions) && {
    auto& n = own();
    for (auto& e : expressions)
        n.order_by.push_back(checked(e, "order_by()"));
    n.refresh_flags();
    return std::move(*this);
}

Select Select::limit(const Expression& count) const& {
    return Select(*this).limit(count);
}
Select Select::limit(const Expression& count) && {
    auto& n = own();
    n.limit = count_parameter(count, "limit()");
    n.add_child_flags(n.limit->flags());
    return std::move(*this);
}
Select Select::offset(const Expression& count) const& {
    return Select(*this).offset(count);
}
Select Select::offset(const Expression& count) && {
    auto& n = own();
    n.offset = count_parameter(count, "offset()");
    n.refresh_flags();
    return std::move(*this);
}
Select Select::distinct() const& {
    return Select(*this).distinct();
}
Select Select::distinct() && {
    own().distinct = true;
    return std::move(*this);
}
Select Select::distinct_on(std::vector<Expression> expressions) const& {
    Select copy(*this);
    auto& n = copy.own();
    n.distinct = true;
    for (auto& e : expressions)
        n.distinct_on.push_back(checked(e, "distinct_on()"));
    n.refresh_flags();
    return copy;
}
Select Select::with_for_update(ForUpdate options) const& {
    return Select(*this).with_for_update(std::move(options));
}
Select Select::with_for_update(ForUpdate options) && {
    if (options.nowait && options.skip_locked)
        throw ArgumentError("with_for_update(): nowait and skip_locked cannot be combined");
    own().for_update = std::move(options);
    return std::move(*this);
}
Select Select::correlate(std::vector<FromClause> froms) const& {
    Select copy(*this);
    auto& n = copy.own();
    n.correlation = SelectNode::Correlation::Explicit;
    for (auto& f : froms)
        n.correlate.push_back(f.node());
    return copy;
}
Select Select::correlate_except(std::vector<FromClause> froms) const& {
    Select copy(*this);
    auto& n = copy.own();
    n.correlation = SelectNode::Correlation::Except;
    for (auto& f : froms)
        n.correlate.push_back(f.node());
    return copy;
}
Select Select::no_correlate() const& {
    Select copy(*this);
    copy.own().correlation = SelectNode::Correlation::None;
    return copy;
}

FromClause Select::subquery(std::string name) const {
    return FromClause(std::make_shared<SubqueryNode>(NodeKind::Subquery, std::move(name), node_,
                                                     SubqueryNode::Options{}));
}
FromClause Select::lateral(std::string name) const {
    SubqueryNode::Options options;
    options.lateral = true;
    return FromClause(std::make_shared<SubqueryNode>(NodeKind::Subquery, std::move(name), node_,
                                                     std::move(options)));
}
Cte Select::cte(std::string name, bool recursive, std::vector<std::string> column_names) const {
    SubqueryNode::Options options;
    options.recursive = recursive;
    options.column_names = std::move(column_names);
    return Cte(
        std::make_shared<SubqueryNode>(NodeKind::Cte, std::move(name), node_, std::move(options)));
}
Expression Select::scalar_subquery() const {
    if (node_->columns.size() != 1)
        throw ArgumentError(
            "scalar_subquery() needs a SELECT of exactly one column, this one has " +
            std::to_string(node_->columns.size()));
    return Expression(std::make_shared<SubqueryExpressionNode>(NodeKind::ScalarSelect, node_,
                                                               node_->columns.front()->type()));
}
Expression Select::exists() const {
    return Expression(std::make_shared<SubqueryExpressionNode>(NodeKind::Exists, node_,
                                                               SqlType{TypeKind::Boolean}));
}
Expression exists(const Select& select) {
    return select.exists();
}

// --- compound selects

CompoundSelectNode::CompoundSelectNode(Operation op, std::vector<NodePtr> members)
    : Node(NodeKind::CompoundSelect), operation(op), selects(std::move(members)) {
    if (selects.size() < 2)
        throw ArgumentError(
            "a compound SELECT (UNION, INTERSECT, EXCEPT) needs at least two SELECTs");
    std::size_t width = exported_columns(*selects.front()).size();
    std::uint32_t flags = 0;
    for (const auto& s : selects) {
        flags |= s->flags();
        std::size_t n = exported_columns(*s).size();
        if (n != width)
            throw ArgumentError("all SELECTs of a " + std::string(compound_operation_sql(op)) +
                                " must have the same number of columns (" + std::to_string(width) +
                                " and " + std::to_string(n) + ")");
    }
    add_flags(flags);
}

void CompoundSelectNode::gather(GatherContext& context) const {
    context.key.add_kind(NodeKind::CompoundSelect,
                         (static_cast<std::uint32_t>(operation) << 24) |
                             (static_cast<std::uint32_t>(selects.size()) << 8) | (limit ? 1u : 0u) |
                             (offset ? 2u : 0u));
    context.key.add(order_by.size());
    for (const auto& s : selects)
        s->gather(context);
    gather_list(order_by, context);
    if (limit) limit->gather(context);
    if (offset) offset->gather(context);
}

void CompoundSelectNode::accept_children(NodeVisitor& visitor) const {
    for (const auto& s : selects)
        visitor.visit(*s);
    visit_list(order_by, visitor);
    if (limit) visitor.visit(*limit);
    if (offset) visitor.visit(*offset);
}

std::string_view compound_operation_sql(CompoundSelectNode::Operation operation) noexcept {
    switch (operation) {
        case CompoundSelectNode::Operation::Union:
            return "UNION";
        case CompoundSelectNode::Operation::UnionAll:
            return "UNION ALL";
        case CompoundSelectNode::Operation::Intersect:
            return "INTERSECT";
        case CompoundSelectNode::Operation::IntersectAll:
            return "INTERSECT ALL";
        case CompoundSelectNode::Operation::Except:
            return "EXCEPT";
        case CompoundSelectNode::Operation::ExceptAll:
            return "EXCEPT ALL";
    }
    return "UNION";
}

namespace {
CompoundSelect make_compound(CompoundSelectNode::Operation op,
                             std::vector<SelectableStatement> selects) {
    std::vector<NodePtr> nodes;
    nodes.reserve(selects.size());
    for (auto& s : selects)
        nodes.push_back(s.node());
    return CompoundSelect(std::make_shared<CompoundSelectNode>(op, std::move(nodes)));
}
std::shared_ptr<CompoundSelectNode> copy_compound(const CompoundSelectNode& node) {
    return std::make_shared<CompoundSelectNode>(node);
}
}  // namespace

CompoundSelect union_(std::vector<SelectableStatement> s) {
    return make_compound(CompoundSelectNode::Operation::Union, std::move(s));
}
CompoundSelect union_all(std::vector<SelectableStatement> s) {
    return make_compound(CompoundSelectNode::Operation::UnionAll, std::move(s));
}
CompoundSelect intersect(std::vector<SelectableStatement> s) {
    return make_compound(CompoundSelectNode::Operation::Intersect, std::move(s));
}
CompoundSelect intersect_all(std::vector<SelectableStatement> s) {
    return make_compound(CompoundSelectNode::Operation::IntersectAll, std::move(s));
}
CompoundSelect except_(std::vector<SelectableStatement> s) {
    return make_compound(CompoundSelectNode::Operation::Except, std::move(s));
}
CompoundSelect except_all(std::vector<SelectableStatement> s) {
    return make_compound(CompoundSelectNode::Operation::ExceptAll, std::move(s));
}

CompoundSelect CompoundSelect::order_by_list(std::vector<Expression> expressions) const {
    auto n = copy_compound(*node_);
    for (auto& e : expressions)
        n->order_by.push_back(checked(e, "order_by()"));
    return CompoundSelect(std::move(n));
}
CompoundSelect CompoundSelect::limit(const Expression& count) const {
    auto n = copy_compound(*node_);
    n->limit = count_parameter(count, "limit()");
    return CompoundSelect(std::move(n));
}
CompoundSelect CompoundSelect::offset(const Expression& count) const {
    auto n = copy_compound(*node_);
    n->offset = count_parameter(count, "offset()");
    return CompoundSelect(std::move(n));
}
FromClause CompoundSelect::subquery(std::string name) const {
    return FromClause(std::make_shared<SubqueryNode>(NodeKind::Subquery, std::move(name), node_,
                                                     SubqueryNode::Options{}));
}
Cte CompoundSelect::cte(std::string name, std::vector<std::string> column_names) const {
    SubqueryNode::Options options;
    options.column_names = std::move(column_names);
    return Cte(
        std::make_shared<SubqueryNode>(NodeKind::Cte, std::move(name), node_, std::move(options)));
}

}  // namespace retort
