// Resolution of the column names used by INSERT, UPDATE and upserts, with errors that name the
// statement, the table and the unknown name.
#include <retort/errors.hpp>
#include <retort/sql/column_key.hpp>
#include <retort/sql/parameters.hpp>

namespace retort {

const ColumnNode* resolve_column(const TableNode& table, const ColumnKey& key,
                                 std::string_view statement) {
    if (key.column) {
        const ColumnNode* base = key.column->base_column();
        if (base->parent() == &table) return base;
        throw ArgumentError(std::string(statement) + " on table '" + table.key() +
                            "' was given column '" + key.name + "' of another table");
    }
    if (const ColumnNode* c = table.find_column(key.name)) return c;
    std::string known;
    for (const ColumnNode* c : table.columns())
        known += (known.empty() ? "" : ", ") + c->name();
    throw ArgumentError(std::string(statement) + " on table '" + table.key() +
                        "' names unknown column '" + key.name + "' (columns: " + known + ")");
}

std::vector<ColumnValue> resolve_assignments(const TableNode& table, const ColumnAssignments& pairs,
                                             std::string_view statement) {
    std::vector<ColumnValue> out;
    out.reserve(pairs.size());
    for (const auto& [key, value] : pairs) {
        const ColumnNode* c = resolve_column(table, key, statement);
        for (const auto& existing : out)
            if (existing.column == c)
                throw ArgumentError(std::string(statement) + " on table '" + table.key() +
                                    "' gives column '" + c->name() + "' twice");
        if (value.empty())
            throw ArgumentError(std::string(statement) + " on table '" + table.key() +
                                "' gives column '" + c->name() + "' an empty expression");
        out.push_back({c, value.node()});
    }
    return out;
}

void gather_parameter_columns(const TableNode& table, GatherContext& context) {
    std::uint64_t bits = 0;
    std::size_t i = 0;
    for (const ColumnNode* c : table.columns()) {
        if (!context.parameters || context.parameters->contains(c->name()))
            bits |= std::uint64_t{1} << (i % 64);
        if (++i % 64 == 0) {
            context.key.add(bits);
            bits = 0;
        }
    }
    context.key.add(bits);
    // Parameters naming no column (WHERE bindparams of an UPDATE) are part of the shape too.
    if (context.parameters) context.key.add(context.parameters->size());
}

}  // namespace retort
