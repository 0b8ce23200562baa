// The SQLite dialect: `?` parameters, 1/0 booleans, lower() LIKE lower() for ILIKE, LIMIT -1 for
// OFFSET alone, INTEGER PRIMARY KEY as the autoincrement column, ON CONFLICT upserts.
#pragma once

#include <retort/compiler/dialect.hpp>

namespace retort {

/// The SQLite dialect (SQLite 3.35 or later: RETURNING, UPDATE ... FROM, NULLS FIRST).
///
///     auto c = compile(select(users).where(users.c("id") == 1), sqlite_dialect());
const Dialect& sqlite_dialect();

class SqliteDialect final : public Dialect {
  public:
    SqliteDialect();

    void append_type(std::string& out, const SqlType& type,
                     const ColumnNode* column) const override;
    void render_is_distinct_from(const BinaryNode& node, Compiler& c) const override;
    bool render_function_special(const FunctionNode& node, Compiler& c) const override;
    void render_column_definition(const TableNode& table, const ColumnNode& column,
                                  Compiler& c) const override;
    void render_server_default(const ExpressionNode& value, Compiler& c) const override;
    void render_on_conflict(const InsertNode& node, Compiler& c) const override;
    bool primary_key_inline(const TableNode& table) const override;
    void render_table_options(const TableNode& table, Compiler& c) const override;
};

}  // namespace retort
