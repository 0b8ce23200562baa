// Columns and FROM clauses: column lookup by name with clear errors, column identity in cache
// keys, and the join / alias builders shared by every FROM clause.
#include <retort/errors.hpp>
#include <retort/sql/from_clause.hpp>
#include <retort/sql/selectable.hpp>
#include <retort/sql/table.hpp>

namespace retort {

std::string_view referential_action_sql(ReferentialAction action) noexcept {
    switch (action) {
        case ReferentialAction::Cascade:
            return "CASCADE";
        case ReferentialAction::SetNull:
            return "SET NULL";
        case ReferentialAction::SetDefault:
            return "SET DEFAULT";
        case ReferentialAction::Restrict:
            return "RESTRICT";
        case ReferentialAction::NoAction:
            return "NO ACTION";
        case ReferentialAction::Unspecified:
            return "";
    }
    return "";
}

const ColumnNode* ColumnNode::base_column() const noexcept {
    const ColumnNode* c = this;
    while (c->proxied_ && c->proxied_->kind() == NodeKind::Column)
        c = static_cast<const ColumnNode*>(c->proxied_.get());
    return c;
}

void ColumnNode::attach(const FromClauseNode* parent, std::uint32_t position,
                        ExpressionPtr proxied) {
    // A column of a CTE (or of an alias of one) brings the CTE into any statement that uses it.
    if (parent) add_flags(parent->flags() & kHasCte);
    parent_ = parent;
    position_ = position;
    proxied_ = std::move(proxied);
}

void ColumnNode::gather(GatherContext& context) const {
    if (!parent_) {
        // A standalone column() is keyed by name and type, so rebuilding it hits the cache.
        context.key.add_kind(NodeKind::Column, 1u | (static_cast<std::uint32_t>(type().kind) << 8));
        context.key.add_string(name_);
    } else if (parent_->kind() == NodeKind::Table) {
        context.key.add_kind(NodeKind::Column);
        context.key.add_pointer(this);
    } else {
        context.key.add_kind(NodeKind::Column, 2u | (position_ << 8));
        parent_->gather(context);
    }
}

const ColumnNode* FromClauseNode::find_column(std::string_view name) const noexcept {
    for (const ColumnNode* c : columns_)
        if (c->name() == name) return c;
    return nullptr;
}

namespace {
std::string describe(const FromClauseNode& from) {
    switch (from.kind()) {
        case NodeKind::Table:
            return "Table '" + std::string(from.name()) + "'";
        case NodeKind::Alias:
            return "Alias '" + std::string(from.name()) + "'";
        case NodeKind::Cte:
            return "CTE '" + std::string(from.name()) + "'";
        case NodeKind::Subquery:
            return from.name().empty() ? std::string("anonymous subquery")
                                       : "Subquery '" + std::string(from.name()) + "'";
        case NodeKind::Join:
            return "Join";
        default:
            return "FROM clause";
    }
}

std::string column_list(const FromClauseNode& from) {
    std::string out;
    for (const ColumnNode* c : from.columns()) {
        if (!out.empty()) out += ", ";
        out += c->name();
    }
    return out;
}

const FromClauseNode& require(const FromClausePtr& node) {
    if (!node) throw ArgumentError("empty FROM clause handle");
    return *node;
}
}  // namespace

Column FromClause::c(std::string_view name) const {
    const auto& from = require(node_);
    const ColumnNode* found = nullptr;
    if (from.kind() == NodeKind::Join) {
        // Columns of a join are named "table.column" when the plain name is ambiguous.
        int matches = 0;
        auto dot = name.find('.');
        for (const ColumnNode* c : from.columns()) {
            if (dot != std::string_view::npos) {
                if (c->parent() && c->parent()->name() == name.substr(0, dot) &&
                    c->name() == name.substr(dot + 1)) {
                    found = c;
                    ++matches;
                }
            } else if (c->name() == name) {
                found = c;
                ++matches;
            }
        }
        if (matches > 1)
            throw ArgumentError("Join has more than one column named '" + std::string(name) +
                                "'; name it as 'table.column'");
    } else {
        found = from.find_column(name);
    }
    if (!found)
        throw ArgumentError(describe(from) + " has no column named '" + std::string(name) +
                            "' (columns: " + column_list(from) + ")");
    // Aliasing pointer: the column handle keeps its FROM clause alive.
    return Column(std::shared_ptr<const ColumnNode>(node_, found));
}

bool FromClause::has_column(std::string_view name) const noexcept {
    return node_ && node_->find_column(name) != nullptr;
}

std::vector<Column> FromClause::columns() const {
    const auto& from = require(node_);
    std::vector<Column> out;
    out.reserve(from.columns().size());
    for (const ColumnNode* c : from.columns())
        out.emplace_back(std::shared_ptr<const ColumnNode>(node_, c));
    return out;
}

namespace {
FromClause make_join(const FromClausePtr& left, const FromClause& right, const Expression& on,
                     JoinNode::Type type) {
    const auto& l = require(left);
    const auto& r = require(right.node());
    ExpressionPtr condition = on.empty() ? infer_join_condition(l, r) : on.node();
    return FromClause(std::make_shared<JoinNode>(left, right.node(), std::move(condition), type));
}
}  // namespace

FromClause FromClause::join(const FromClause& right, const Expression& onclause) const {
    return make_join(node_, right, onclause, JoinNode::Type::Inner);
}
FromClause FromClause::outerjoin(const FromClause& right, const Expression& onclause) const {
    return make_join(node_, right, onclause, JoinNode::Type::LeftOuter);
}
FromClause FromClause::full_outer_join(const FromClause& right, const Expression& onclause) const {
    return make_join(node_, right, onclause, JoinNode::Type::FullOuter);
}
FromClause FromClause::alias(std::string name) const {
    require(node_);
    if (name.empty()) throw ArgumentError("alias() needs a name");
    return FromClause(std::make_shared<AliasNode>(std::move(name), node_));
}

Column column(std::string name, SqlType type) {
    if (name.empty()) throw ArgumentError("column() needs a name");
    return Column(std::make_shared<ColumnNode>(std::move(name), std::move(type)));
}

ForeignKey::ForeignKey(const Column& target_column, ForeignKeyOptions o) : options(std::move(o)) {
    const FromClauseNode* parent = target_column.column_node().parent();
    if (!parent || parent->kind() != NodeKind::Table)
        throw ArgumentError("ForeignKey target column '" + target_column.name() +
                            "' does not belong to a table");
    target = static_cast<const TableNode*>(parent)->key() + "." + target_column.name();
}

}  // namespace retort
