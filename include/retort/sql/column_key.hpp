// ColumnKey and column assignments: how INSERT VALUES, UPDATE SET and upserts name the
// columns of their table (by name or by Column) and the values they give them.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <retort/sql/select.hpp>
#include <retort/sql/table.hpp>

namespace retort {

/// Names a column of the statement's table by name or by Column handle.
struct ColumnKey {
    std::string name;
    std::shared_ptr<const ColumnNode> column;
    ColumnKey(const char* n) : name(n) {}                                   // NOLINT: implicit
    ColumnKey(std::string n) : name(std::move(n)) {}                        // NOLINT: implicit
    ColumnKey(std::string_view n) : name(n) {}                              // NOLINT: implicit
    ColumnKey(const Column& c) : name(c.name()), column(c.column_ptr()) {}  // NOLINT: implicit
};

/// One `column = value` pair of VALUES or SET.
using ColumnAssignment = std::pair<ColumnKey, Expression>;
using ColumnAssignments = std::vector<ColumnAssignment>;

/// Resolved `column = value`.
struct ColumnValue {
    const ColumnNode* column;
    ExpressionPtr value;
};

/// The column of `table` a key names; ArgumentError naming the statement, table and name when
/// there is none.
const ColumnNode* resolve_column(const TableNode& table, const ColumnKey& key,
                                 std::string_view statement);
/// Resolves `column = value` pairs; a column named twice is an ArgumentError.
std::vector<ColumnValue> resolve_assignments(const TableNode& table, const ColumnAssignments& pairs,
                                             std::string_view statement);
/// Adds to the cache key which of `table`'s columns the execution parameters name (for DML
/// that takes its columns from them).
void gather_parameter_columns(const TableNode& table, GatherContext& context);

/// A statement's text prefix for one dialect (`INSERT IGNORE`, `INSERT OR REPLACE`), or for all
/// when the dialect is empty.
struct StatementPrefix {
    std::string text;
    std::string dialect;
};

}  // namespace retort
