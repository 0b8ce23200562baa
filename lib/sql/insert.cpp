// INSERT construction: values in table-column order, multi-row values with matching columns,
// INSERT ... SELECT, RETURNING and the portable upsert clause.
#include <retort/errors.hpp>
#include <retort/sql/insert.hpp>

#include "dml_clauses.hpp"

#include <algorithm>

namespace retort {

namespace {
void gather_values(const std::vector<ColumnValue>& values, GatherContext& context) {
    context.key.add(values.size());
    for (const auto& v : values) {
        context.key.add_pointer(v.column);
        v.value->gather(context);
    }
}
std::uint32_t flags_of(const std::vector<ColumnValue>& values) {
    std::uint32_t flags = 0;
    for (const auto& v : values)
        flags |= v.value->flags();
    return flags;
}
const TableNode& require_table(const Table& table) {
    if (table.empty()) throw ArgumentError("insert() needs a table");
    return table.table_node();
}
}  // namespace

InsertNode::InsertNode(std::shared_ptr<const TableNode> t)
    : Node(NodeKind::Insert), table(std::move(t)) {}

void InsertNode::refresh_flags() {
    std::uint32_t flags = from_select ? from_select->flags() : 0u;
    for (const auto& row : rows)
        flags |= flags_of(row);
    for (const auto& r : returning)
        flags |= r->flags();
    if (on_conflict) {
        flags |= flags_of(on_conflict->set);
        if (on_conflict->where) flags |= on_conflict->where->flags();
    }
    flags |= flags_of(on_duplicate_key_update);
    add_flags(flags);
}

void InsertNode::gather(GatherContext& context) const {
    context.key.add_kind(NodeKind::Insert, (multi_row ? 1u : 0u) | (default_values ? 2u : 0u) |
                                               (from_select ? 4u : 0u) | (on_conflict ? 8u : 0u) |
                                               (static_cast<std::uint32_t>(rows.size()) << 8));
    context.key.add_pointer(table.get());
    if (rows.empty() && !from_select && !default_values) gather_parameter_columns(*table, context);
    for (const auto& row : rows)
        gather_values(row, context);
    if (from_select) {
        context.key.add(from_select_columns.size());
        for (const auto* c : from_select_columns)
            context.key.add_pointer(c);
        from_select->gather(context);
    }
    context.key.add(returning.size());
    for (const auto& r : returning)
        r->gather(context);
    if (on_conflict) {
        const auto& oc = *on_conflict;
        context.key.add((static_cast<std::uint64_t>(oc.action) << 32) | oc.target_columns.size());
        for (const auto* c : oc.target_columns)
            context.key.add_pointer(c);
        context.key.add_string(oc.constraint_name);
        context.key.add((oc.target_where ? 1u : 0u) | (oc.where ? 2u : 0u));
        if (oc.target_where) oc.target_where->gather(context);
        gather_values(oc.set, context);
        if (oc.where) oc.where->gather(context);
    }
    gather_values(on_duplicate_key_update, context);
    context.key.add(prefixes.size());
    for (const auto& p : prefixes) {
        context.key.add_string(p.text);
        context.key.add_string(p.dialect);
    }
}

void InsertNode::accept_children(NodeVisitor& visitor) const {
    for (const auto& row : rows)
        for (const auto& v : row)
            visitor.visit(*v.value);
    if (from_select) visitor.visit(*from_select);
    for (const auto& r : returning)
        visitor.visit(*r);
    if (on_conflict) {
        if (on_conflict->target_where) visitor.visit(*on_conflict->target_where);
        for (const auto& v : on_conflict->set)
            visitor.visit(*v.value);
        if (on_conflict->where) visitor.visit(*on_conflict->where);
    }
    for (const auto& v : on_duplicate_key_update)
        visitor.visit(*v.value);
}

Insert::Insert(const Table& table)
    : node_(std::make_shared<InsertNode>(
          std::shared_ptr<const TableNode>(table.table_ptr(), &require_table(table)))) {}

Insert insert(const Table& table) {
    return Insert(table);
}

namespace {
std::shared_ptr<InsertNode> copy(const InsertNode& n) {
    return std::make_shared<InsertNode>(n);
}

/// VALUES render in table-column order, whatever order the user gave.
std::vector<ColumnValue> ordered_row(const TableNode& table, const ColumnAssignments& row) {
    auto values = resolve_assignments(table, row, "INSERT");
    std::sort(values.begin(), values.end(), [](const ColumnValue& a, const ColumnValue& b) {
        return a.column->position() < b.column->position();
    });
    return values;
}
}  // namespace

Insert Insert::values(ColumnAssignments row) const {
    auto n = copy(*node_);
    if (n->from_select || n->default_values)
        throw ArgumentError("values() cannot be combined with from_select() or default_values()");
    n->rows = {ordered_row(*n->table, row)};
    n->multi_row = false;
    n->refresh_flags();
    return Insert(std::move(n));
}

Insert Insert::multi_values(std::vector<ColumnAssignments> rows) const {
    auto n = copy(*node_);
    if (rows.empty()) throw ArgumentError("multi_values() needs at least one row");
    if (n->from_select || n->default_values)
        throw ArgumentError(
            "multi_values() cannot be combined with from_select() or default_values()");
    n->rows.clear();
    n->rows.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        auto resolved = ordered_row(*n->table, rows[i]);
        if (i > 0) {
            const auto& first = n->rows.front();
            bool same = resolved.size() == first.size();
            for (std::size_t k = 0; same && k < first.size(); ++k)
                same = resolved[k].column == first[k].column;
            if (!same)
                throw ArgumentError("multi_values(): row " + std::to_string(i + 1) +
                                    " names different columns than row 1; every row of a "
                                    "multi-row INSERT must give the same columns");
        }
        n->rows.push_back(std::move(resolved));
    }
    n->multi_row = true;
    n->refresh_flags();
    return Insert(std::move(n));
}

Insert Insert::from_select(std::vector<ColumnKey> columns,
                           const SelectableStatement& select) const {
    auto n = copy(*node_);
    if (!n->rows.empty() || n->default_values)
        throw ArgumentError("from_select() cannot be combined with values() or default_values()");
    n->from_select_columns.clear();
    for (const auto& key : columns)
        n->from_select_columns.push_back(resolve_column(*n->table, key, "INSERT"));
    std::size_t width = exported_columns(*select.node()).size();
    if (width != columns.size())
        throw ArgumentError("from_select(): " + std::to_string(columns.size()) +
                            " target columns but the SELECT returns " + std::to_string(width));
    n->from_select = select.node();
    n->refresh_flags();
    return Insert(std::move(n));
}

Insert Insert::default_values() const {
    auto n = copy(*node_);
    if (!n->rows.empty() || n->from_select)
        throw ArgumentError("default_values() cannot be combined with values() or from_select()");
    n->default_values = true;
    return Insert(std::move(n));
}

Insert Insert::returning_list(std::vector<SelectItem> items) const {
    auto n = copy(*node_);
    n->returning = detail::returning_columns(items);
    n->refresh_flags();
    return Insert(std::move(n));
}

OnConflictClause Insert::on_conflict(std::vector<ColumnKey> target,
                                     const Expression& index_where) const {
    OnConflict conflict;
    for (const auto& key : target)
        conflict.target_columns.push_back(resolve_column(*node_->table, key, "ON CONFLICT"));
    conflict.target_where = index_where.node();
    return OnConflictClause(node_, std::move(conflict));
}

OnConflictClause Insert::on_conflict_constraint(std::string constraint_name) const {
    if (constraint_name.empty())
        throw ArgumentError("on_conflict_constraint() needs a constraint name");
    OnConflict conflict;
    conflict.constraint_name = std::move(constraint_name);
    return OnConflictClause(node_, std::move(conflict));
}

Insert OnConflictClause::do_nothing() const {
    auto n = copy(*node_);
    OnConflict conflict = conflict_;
    conflict.action = OnConflict::Action::Nothing;
    n->on_conflict = std::move(conflict);
    n->refresh_flags();
    return Insert(std::move(n));
}

Insert OnConflictClause::do_update(ColumnAssignments set, const Expression& where) const {
    auto n = copy(*node_);
    OnConflict conflict = conflict_;
    conflict.action = OnConflict::Action::Update;
    if (set.empty()) throw ArgumentError("do_update() needs at least one column to set");
    conflict.set = resolve_assignments(*n->table, set, "ON CONFLICT DO UPDATE");
    conflict.where = where.node();
    if (conflict.target_columns.empty() && conflict.constraint_name.empty()) {
        // DO UPDATE needs a conflict target; the primary key is the natural one.
        if (n->table->primary_key().empty())
            throw ArgumentError("on_conflict().do_update() needs a conflict target: table '" +
                                n->table->key() + "' has no primary key");
        conflict.target_columns = n->table->primary_key();
    }
    n->on_conflict = std::move(conflict);
    n->refresh_flags();
    return Insert(std::move(n));
}

Insert Insert::on_duplicate_key_update(ColumnAssignments set) const {
    auto n = copy(*node_);
    if (set.empty()) throw ArgumentError("on_duplicate_key_update() needs at least one column");
    n->on_duplicate_key_update = resolve_assignments(*n->table, set, "ON DUPLICATE KEY UPDATE");
    n->refresh_flags();
    return Insert(std::move(n));
}

Insert Insert::prefix_with(std::string text, std::string dialect) const {
    if (text.empty()) throw ArgumentError("prefix_with() needs text");
    auto n = copy(*node_);
    n->prefixes.push_back({std::move(text), std::move(dialect)});
    return Insert(std::move(n));
}

}  // namespace retort
