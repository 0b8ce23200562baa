// The MySQL / MariaDB dialect: `?` parameters, backtick quoting, concat(), <=>, ON DUPLICATE KEY
// UPDATE upserts (VALUES(c) or the MySQL 8.0.19 row alias), multi-table UPDATE and DELETE.
#pragma once

#include <memory>

#include <retort/compiler/dialect.hpp>

namespace retort {

/// Which server and version the SQL is for; features and spellings follow from them.
struct MySqlDialectOptions {
    bool mariadb = false;
    int major = 8;
    int minor = 0;
    int patch = 0;
};

class MySqlDialect final : public Dialect {
  public:
    explicit MySqlDialect(MySqlDialectOptions options);

    const MySqlDialectOptions& options() const noexcept { return options_; }
    bool is_mariadb() const noexcept { return options_.mariadb; }
    /// MySQL 8.0.19 and later spell the proposed row `new.c` (`INSERT ... AS new`), not
    /// `VALUES(c)`.
    bool uses_row_alias() const noexcept;

    void append_string_literal(std::string& out, std::string_view text) const override;
    std::string_view empty_in_list(bool negated, std::size_t tuple_arity,
                                   std::string& scratch) const override;
    void append_type(std::string& out, const SqlType& type,
                     const ColumnNode* column) const override;
    void append_cast_type(std::string& out, const SqlType& type) const override;
    void render_for_update(const ForUpdate& options, Compiler& c) const override;
    void render_concat(const BinaryNode& node, Compiler& c) const override;
    void render_is_distinct_from(const BinaryNode& node, Compiler& c) const override;
    void render_ordering_nulls(const OrderingNode& node, Compiler& c) const override;
    void render_default_values(const InsertNode& node, Compiler& c) const override;
    void render_on_conflict(const InsertNode& node, Compiler& c) const override;
    void visit_excluded(const ExcludedNode& node, Compiler& c) const override;
    void render_update_from(const UpdateNode& node, const std::vector<const FromClauseNode*>& extra,
                            Compiler& c) const override;
    void render_delete_using(const DeleteNode& node,
                             const std::vector<const FromClauseNode*>& extra,
                             Compiler& c) const override;
    void render_column_definition(const TableNode& table, const ColumnNode& column,
                                  Compiler& c) const override;
    void render_server_default(const ExpressionNode& value, Compiler& c) const override;
    void render_index_expression(const ExpressionNode& expression, Compiler& c) const override;
    void render_table_options(const TableNode& table, Compiler& c) const override;
    void visit_drop_index(const IndexDdlNode& node, Compiler& c) const override;

  private:
    MySqlDialectOptions options_;
};

/// MySQL 8.0 as of 8.0.18: NOWAIT / SKIP LOCKED / OF and LATERAL, upserts with VALUES(c) (the
/// 8.0.19 row alias needs make_mysql_dialect() with that version).
const Dialect& mysql_dialect();
/// MariaDB 10.11 (RETURNING on INSERT and DELETE, VALUES(c) in upserts).
const Dialect& mariadb_dialect();
/// A dialect for a given server flavor and version (the engine builds it from the server's
/// version string).
///
///     auto mysql8 = make_mysql_dialect({.mariadb = false, .major = 8, .minor = 0, .patch = 36});
std::shared_ptr<const MySqlDialect> make_mysql_dialect(MySqlDialectOptions options);

}  // namespace retort
