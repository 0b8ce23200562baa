// DELETE construction: WHERE conditions ANDed, RETURNING, and explicit extra tables for
// DELETE ... USING.
#include <retort/errors.hpp>
#include <retort/sql/delete.hpp>

#include "dml_clauses.hpp"

namespace retort {

namespace {
const TableNode& require_table(const Table& table) {
    if (table.empty()) throw ArgumentError("delete_() needs a table");
    return table.table_node();
}
}  // namespace

DeleteNode::DeleteNode(std::shared_ptr<const TableNode> t)
    : Node(NodeKind::Delete), table(std::move(t)) {}

void DeleteNode::refresh_flags() {
    std::uint32_t flags = where ? where->flags() : 0u;
    for (const auto& r : returning)
        flags |= r->flags();
    for (const auto& f : froms)
        flags |= f->flags();
    add_flags(flags);
}

void DeleteNode::gather(GatherContext& context) const {
    context.key.add_kind(NodeKind::Delete, where ? 1u : 0u);
    context.key.add_pointer(table.get());
    if (where) where->gather(context);
    context.key.add((std::uint64_t(returning.size()) << 32) | froms.size());
    for (const auto& r : returning)
        r->gather(context);
    for (const auto& f : froms)
        f->gather(context);
}

void DeleteNode::accept_children(NodeVisitor& visitor) const {
    if (where) visitor.visit(*where);
    for (const auto& r : returning)
        visitor.visit(*r);
    for (const auto& f : froms)
        visitor.visit(*f);
}

Delete::Delete(const Table& table)
    : node_(std::make_shared<DeleteNode>(
          std::shared_ptr<const TableNode>(table.table_ptr(), &require_table(table)))) {}

Delete delete_(const Table& table) {
    return Delete(table);
}

Delete Delete::where(const Expression& condition) const {
    if (condition.empty()) return *this;
    auto n = std::make_shared<DeleteNode>(*node_);
    n->where = detail::and_where(n->where, condition);
    n->refresh_flags();
    return Delete(std::move(n));
}

Delete Delete::returning_list(std::vector<SelectItem> items) const {
    auto n = std::make_shared<DeleteNode>(*node_);
    n->returning = detail::returning_columns(items);
    n->refresh_flags();
    return Delete(std::move(n));
}

Delete Delete::using_(const FromClause& from) const {
    auto n = std::make_shared<DeleteNode>(*node_);
    detail::append_from(n->froms, from, "Delete::using_");
    n->refresh_flags();
    return Delete(std::move(n));
}

}  // namespace retort
