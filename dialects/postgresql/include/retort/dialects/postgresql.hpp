// The PostgreSQL dialect: `$n` parameters, native booleans, ILIKE, IS DISTINCT FROM, SERIAL and
// identity columns, named enum types, ON CONFLICT [ON CONSTRAINT] upserts, DISTINCT ON, LATERAL.
#pragma once

#include <retort/compiler/dialect.hpp>

namespace retort {

/// The PostgreSQL dialect (PostgreSQL 10 or later).
///
///     auto c = compile(select(users).where(users.c("id") == 1), postgresql_dialect());
///     // SELECT users.id, ... FROM users WHERE users.id = $1
const Dialect& postgresql_dialect();

class PostgresqlDialect final : public Dialect {
  public:
    PostgresqlDialect();

    void append_literal(std::string& out, const Value& value) const override;
    std::string_view empty_in_list(bool negated, std::size_t tuple_arity,
                                   std::string& scratch) const override;
    void append_type(std::string& out, const SqlType& type,
                     const ColumnNode* column) const override;
    void render_for_update(const ForUpdate& options, Compiler& c) const override;
    void visit_collate(const CollateNode& node, Compiler& c) const override;
    void append_collation(std::string& out, std::string_view collation) const override;
    void render_column_definition(const TableNode& table, const ColumnNode& column,
                                  Compiler& c) const override;
    void visit_create_table(const TableDdlNode& node, Compiler& c) const override;
};

}  // namespace retort
