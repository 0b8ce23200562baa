// UPDATE construction: SET pairs in the order given, WHERE conditions ANDed, RETURNING and
// explicit extra tables for UPDATE ... FROM.
#include <retort/errors.hpp>
#include <retort/sql/update.hpp>

#include "dml_clauses.hpp"

namespace retort {

namespace {
const TableNode& require_table(const Table& table) {
    if (table.empty()) throw ArgumentError("update() needs a table");
    return table.table_node();
}
}  // namespace

UpdateNode::UpdateNode(std::shared_ptr<const TableNode> t)
    : Node(NodeKind::Update), table(std::move(t)) {}

void UpdateNode::refresh_flags() {
    std::uint32_t flags = where ? where->flags() : 0u;
    for (const auto& v : set)
        flags |= v.value->flags();
    for (const auto& r : returning)
        flags |= r->flags();
    for (const auto& f : froms)
        flags |= f->flags();
    add_flags(flags);
}

void UpdateNode::gather(GatherContext& context) const {
    context.key.add_kind(NodeKind::Update,
                         (where ? 1u : 0u) | (static_cast<std::uint32_t>(set.size()) << 8));
    context.key.add_pointer(table.get());
    if (set.empty()) gather_parameter_columns(*table, context);
    for (const auto& v : set) {
        context.key.add_pointer(v.column);
        v.value->gather(context);
    }
    if (where) where->gather(context);
    context.key.add((std::uint64_t(returning.size()) << 32) | froms.size());
    for (const auto& r : returning)
        r->gather(context);
    for (const auto& f : froms)
        f->gather(context);
}

void UpdateNode::accept_children(NodeVisitor& visitor) const {
    for (const auto& v : set)
        visitor.visit(*v.value);
    if (where) visitor.visit(*where);
    for (const auto& r : returning)
        visitor.visit(*r);
    for (const auto& f : froms)
        visitor.visit(*f);
}

Update::Update(const Table& table)
    : node_(std::make_shared<UpdateNode>(
          std::shared_ptr<const TableNode>(table.table_ptr(), &require_table(table)))) {}

Update update(const Table& table) {
    return Update(table);
}

Update Update::values(ColumnAssignments set) const {
    auto n = std::make_shared<UpdateNode>(*node_);
    n->set = resolve_assignments(*n->table, set, "UPDATE");
    n->refresh_flags();
    return Update(std::move(n));
}

Update Update::where(const Expression& condition) const {
    if (condition.empty()) return *this;
    auto n = std::make_shared<UpdateNode>(*node_);
    n->where = detail::and_where(n->where, condition);
    n->refresh_flags();
    return Update(std::move(n));
}

Update Update::returning_list(std::vector<SelectItem> items) const {
    auto n = std::make_shared<UpdateNode>(*node_);
    n->returning = detail::returning_columns(items);
    n->refresh_flags();
    return Update(std::move(n));
}

Update Update::from(const FromClause& from) const {
    auto n = std::make_shared<UpdateNode>(*node_);
    detail::append_from(n->froms, from, "Update::from");
    n->refresh_flags();
    return Update(std::move(n));
}

}  // namespace retort
