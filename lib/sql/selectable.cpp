// Aliases, subqueries, CTEs and joins: proxy columns that point into what they wrap, their
// structural cache keys, and join-condition inference from foreign keys.
#include <retort/errors.hpp>
#include <retort/sql/select.hpp>
#include <retort/sql/selectable.hpp>
#include <retort/sql/table.hpp>

namespace retort {

AliasNode::AliasNode(std::string name, FromClausePtr element)
    : FromClauseNode(NodeKind::Alias, element->flags()),
      name_(std::move(name)),
      element_(std::move(element)) {
    std::uint32_t position = 0;
    for (const ColumnNode* c : element_->columns()) {
        auto proxy = std::make_unique<ColumnNode>(c->name(), c->type(), c->schema());
        proxy->attach(this, position++, ExpressionPtr(element_, c));
        columns_.push_back(proxy.get());
        owned_columns_.push_back(std::move(proxy));
    }
}

void AliasNode::gather(GatherContext& context) const {
    auto [ordinal, first] = context.derived_ordinal(this);
    context.key.add_kind(NodeKind::Alias, ordinal);
    if (!first) return;
    context.key.add_string(name_);
    element_->gather(context);
}

void AliasNode::accept_children(NodeVisitor& visitor) const {
    visitor.visit(*element_);
}

SubqueryNode::SubqueryNode(NodeKind kind, std::string name, NodePtr select, Options options)
    : FromClauseNode(kind, select->flags() | (kind == NodeKind::Cte ? std::uint32_t{kHasCte} : 0u)),
      name_(std::move(name)),
      select_(std::move(select)),
      options_(std::move(options)) {
    if (kind == NodeKind::Cte && name_.empty()) throw ArgumentError("a CTE needs a name");
    auto exported = exported_columns(*select_);
    if (!options_.column_names.empty() && options_.column_names.size() != exported.size())
        throw ArgumentError("CTE '" + name_ + "' names " +
                            std::to_string(options_.column_names.size()) +
                            " columns but its SELECT returns " + std::to_string(exported.size()));
    std::uint32_t position = 0;
    for (auto& [column_name, expression] : exported) {
        const std::string& n =
            options_.column_names.empty() ? column_name : options_.column_names[position];
        auto proxy = std::make_unique<ColumnNode>(n, expression->type());
        proxy->attach(this, position++, expression);
        columns_.push_back(proxy.get());
        owned_columns_.push_back(std::move(proxy));
    }
}

void SubqueryNode::gather(GatherContext& context) const {
    const SubqueryNode* identity_node = identity();
    auto [ordinal, first] = context.derived_ordinal(identity_node);
    context.key.add_kind(kind(), ordinal);
    if (!first && identity_node == this) return;
    if (identity_node != this) {
        // A restated CTE: its body is what this node holds; gather it once.
        auto [own_ordinal, own_first] = context.derived_ordinal(this);
        context.key.add(own_ordinal);
        if (!own_first) return;
    }
    context.key.add((options_.lateral ? 1u : 0u) | (options_.recursive ? 2u : 0u) |
                    (options_.column_names.size() << 2));
    context.key.add_string(name_);
    for (const auto& n : options_.column_names)
        context.key.add_string(n);
    select_->gather(context);
}

void SubqueryNode::accept_children(NodeVisitor& visitor) const {
    visitor.visit(*select_);
}

JoinNode::JoinNode(FromClausePtr left, FromClausePtr right, ExpressionPtr onclause, Type type)
    : FromClauseNode(NodeKind::Join,
                     left->flags() | right->flags() | (onclause ? onclause->flags() : 0u)),
      left_(std::move(left)),
      right_(std::move(right)),
      onclause_(std::move(onclause)),
      type_(type) {
    if (!onclause_) throw ArgumentError("a join needs an ON condition");
    columns_ = left_->columns();
    columns_.insert(columns_.end(), right_->columns().begin(), right_->columns().end());
}

bool JoinNode::covers(const FromClauseNode* other) const noexcept {
    return other == this || left_->covers(other) || right_->covers(other);
}

void JoinNode::gather(GatherContext& context) const {
    context.key.add_kind(NodeKind::Join, static_cast<std::uint32_t>(type_));
    left_->gather(context);
    right_->gather(context);
    onclause_->gather(context);
}

void JoinNode::accept_children(NodeVisitor& visitor) const {
    visitor.visit(*left_);
    visitor.visit(*right_);
    visitor.visit(*onclause_);
}

namespace {

/// The FROM clauses a join condition may refer to: the clause itself, or the members of a join.
void leaves(const FromClauseNode& from, std::vector<const FromClauseNode*>& out) {
    if (from.kind() == NodeKind::Join) {
        auto& j = static_cast<const JoinNode&>(from);
        leaves(*j.left(), out);
        leaves(*j.right(), out);
    } else {
        out.push_back(&from);
    }
}

/// The column of `from` that stands for `table_column` (itself for the table, the proxy for an
/// alias of it).
const ColumnNode* column_in(const FromClauseNode& from, const ColumnNode* table_column) {
    if (from.kind() == NodeKind::Table) return table_column;
    return from.columns().at(table_column->position());
}

bool references(const ForeignKeyReference& fk, const TableNode& target) {
    return fk.target_table == target.key() || fk.target_table == target.table_name();
}

std::string display_name(const FromClauseNode& from) {
    if (from.kind() == NodeKind::Join) return "join";
    return std::string(from.name());
}

struct Candidate {
    const FromClauseNode* referencing;
    const FromClauseNode* referenced;
    const ForeignKeyReference* fk;
};

/// Foreign keys of `referencing`'s table that point at `referenced`'s table.
void scan(const std::vector<const FromClauseNode*>& referencing_side,
          const std::vector<const FromClauseNode*>& referenced_side, std::vector<Candidate>& out) {
    for (const FromClauseNode* a : referencing_side) {
        const TableNode* at = a->base_table();
        if (!at) continue;
        for (const auto& fk : at->foreign_keys())
            for (const FromClauseNode* b : referenced_side) {
                const TableNode* bt = b->base_table();
                if (bt && references(fk, *bt)) out.push_back({a, b, &fk});
            }
    }
}

}  // namespace

ExpressionPtr infer_join_condition(const FromClauseNode& left, const FromClauseNode& right) {
    std::vector<const FromClauseNode*> left_leaves, right_leaves;
    leaves(left, left_leaves);
    leaves(right, right_leaves);
    // As SQLAlchemy does: first foreign keys of the right side pointing left, then the reverse;
    // when the left side is a join, its rightmost member (the table joined last) is tried first,
    // so that a chain a JOIN b JOIN c relates c to b.
    std::vector<Candidate> candidates;
    if (left.kind() == NodeKind::Join) {
        std::vector<const FromClauseNode*> last;
        leaves(*static_cast<const JoinNode&>(left).right(), last);
        scan(right_leaves, last, candidates);
        if (candidates.empty()) scan(last, right_leaves, candidates);
    }
    if (candidates.empty()) scan(right_leaves, left_leaves, candidates);
    if (candidates.empty()) scan(left_leaves, right_leaves, candidates);
    if (candidates.empty())
        throw ArgumentError("Can't find any foreign key relationships between '" +
                            display_name(left) + "' and '" + display_name(right) +
                            "'; give the join an explicit ON condition");
    if (candidates.size() > 1)
        throw ArgumentError("Can't determine join between '" + display_name(left) + "' and '" +
                            display_name(right) +
                            "'; tables have more than one foreign key constraint relationship "
                            "between them. Please specify the 'onclause' of this join explicitly.");
    const Candidate& c = candidates.front();
    const TableNode* referencing_table = c.referencing->base_table();
    auto targets = referencing_table->resolve(*c.fk);
    std::vector<Expression> conditions;
    for (std::size_t i = 0; i < targets.size(); ++i) {
        const ColumnNode* referenced = column_in(*c.referenced, targets[i]);
        const ColumnNode* referencing = column_in(*c.referencing, c.fk->columns[i]);
        // Non-owning pointers: the join holds both sides alive.
        Expression lhs(ExpressionPtr(std::shared_ptr<const void>(), referenced));
        Expression rhs(ExpressionPtr(std::shared_ptr<const void>(), referencing));
        // The referenced side first, whichever side of the join it is on, as SQLAlchemy renders it.
        conditions.push_back(detail::compare(Operator::Equal, lhs, rhs));
    }
    return and_(std::move(conditions)).node();
}

Cte::Cte(std::shared_ptr<const SubqueryNode> node) : FromClause(node), cte_(std::move(node)) {}

Cte Cte::compound(NodeKind, int op, const Select& part) const {
    auto operation = static_cast<CompoundSelectNode::Operation>(op);
    auto body = std::make_shared<CompoundSelectNode>(
        operation, std::vector<NodePtr>{cte_->select(), part.node()});
    SubqueryNode::Options options = cte_->options();
    options.restates = cte_.get();
    options.restates_keep_alive = cte_;
    return Cte(std::make_shared<SubqueryNode>(NodeKind::Cte, std::string(cte_->name()),
                                              std::move(body), std::move(options)));
}

Cte Cte::union_all(const Select& recursive_part) const {
    return compound(NodeKind::Cte, static_cast<int>(CompoundSelectNode::Operation::UnionAll),
                    recursive_part);
}
Cte Cte::union_(const Select& recursive_part) const {
    return compound(NodeKind::Cte, static_cast<int>(CompoundSelectNode::Operation::Union),
                    recursive_part);
}

}  // namespace retort

namespace retort {

namespace {
template <class Emit>
struct FromCollector final : NodeVisitor {
    Emit emit;
    explicit FromCollector(Emit e) : emit(std::move(e)) {}
    void visit(const Node& node) override {
        switch (node.kind()) {
            case NodeKind::Column: {
                auto& c = static_cast<const ColumnNode&>(node);
                if (c.parent()) emit(c);
                return;
            }
            case NodeKind::ScalarSelect:
            case NodeKind::Exists:
            case NodeKind::Select:
            case NodeKind::CompoundSelect:
            case NodeKind::TextClause:
                return;  // a subquery's FROM clauses are its own
            case NodeKind::In: {
                auto& in = static_cast<const InNode&>(node);
                visit(*in.left());
                if (in.source() == InNode::Source::Expressions)
                    for (const auto& e : in.expressions())
                        visit(*e);
                return;
            }
            default:
                node.accept_children(*this);
        }
    }
};
}  // namespace

void collect_from_clauses(const Node& node, std::vector<const FromClauseNode*>& out) {
    auto emit = [&out](const ColumnNode& c) {
        const FromClauseNode* parent = c.parent();
        for (const FromClauseNode* existing : out)
            if (existing == parent) return;
        out.push_back(parent);
    };
    FromCollector<decltype(emit)> collector(emit);
    collector.visit(node);
}

void collect_from_clauses(const ExpressionPtr& node, std::vector<FromClausePtr>& out) {
    // Columns are reached through plain references; the aliasing pointer below shares the
    // ownership of `node`, whose subtree holds every column (and so its FROM clause) alive.
    auto emit = [&out, &node](const ColumnNode& c) {
        const FromClauseNode* parent = c.parent();
        for (const auto& existing : out)
            if (existing.get() == parent) return;
        out.emplace_back(node, parent);
    };
    FromCollector<decltype(emit)> collector(emit);
    collector.visit(*node);
}

}  // namespace retort
