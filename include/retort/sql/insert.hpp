// INSERT: values, multi-row values, INSERT ... SELECT, DEFAULT VALUES, RETURNING and the
// portable upsert (ON CONFLICT / ON DUPLICATE KEY UPDATE).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <retort/sql/column_key.hpp>

namespace retort {

/// The portable upsert clause.
struct OnConflict {
    enum class Action : std::uint8_t { Nothing, Update };
    std::vector<const ColumnNode*> target_columns;
    std::string constraint_name;  ///< ON CONFLICT ON CONSTRAINT name (PostgreSQL)
    ExpressionPtr target_where;   ///< partial unique index predicate
    Action action = Action::Nothing;
    std::vector<ColumnValue> set;
    ExpressionPtr where;
};

class InsertNode final : public Node {
  public:
    explicit InsertNode(std::shared_ptr<const TableNode> table);

    std::shared_ptr<const TableNode> table;
    /// Rows of VALUES. Empty: the columns come from the execution parameters' keys.
    std::vector<std::vector<ColumnValue>> rows;
    bool multi_row = false;
    NodePtr from_select;
    std::vector<const ColumnNode*> from_select_columns;
    bool default_values = false;
    std::vector<ExpressionPtr> returning;
    std::optional<OnConflict> on_conflict;
    /// MySQL's own spelling, for what the portable clause cannot say.
    std::vector<ColumnValue> on_duplicate_key_update;
    std::vector<StatementPrefix> prefixes;

    void gather(GatherContext& context) const override;
    void accept_children(NodeVisitor& visitor) const override;
    void refresh_flags();
};

class Insert;

/// The ON CONFLICT clause under construction; finish it with do_nothing() or do_update().
class OnConflictClause {
  public:
    /// `ON CONFLICT (...) DO NOTHING`; a no-op ON DUPLICATE KEY UPDATE on MySQL.
    Insert do_nothing() const;
    /// `ON CONFLICT (...) DO UPDATE SET ... [WHERE ...]`; ON DUPLICATE KEY UPDATE on MySQL.
    /// Values may be excluded(column) for the proposed row's value.
    Insert do_update(ColumnAssignments set, const Expression& where = {}) const;

  private:
    friend class Insert;
    OnConflictClause(std::shared_ptr<const InsertNode> node, OnConflict conflict)
        : node_(std::move(node)), conflict_(std::move(conflict)) {}
    std::shared_ptr<const InsertNode> node_;
    OnConflict conflict_;
};

/// An INSERT statement.
///
///     insert(users).values({{"name", "ed"}, {"age", 30}}).returning(users.c("id"))
///     insert(users)   // columns from the execution parameters (executemany)
class Insert {
  public:
    explicit Insert(const Table& table);
    explicit Insert(std::shared_ptr<const InsertNode> node) : node_(std::move(node)) {}

    Insert values(ColumnAssignments row) const;
    /// Several rows in one statement (multi-row VALUES); every row names the same columns.
    Insert multi_values(std::vector<ColumnAssignments> rows) const;
    /// `INSERT INTO t (columns) SELECT ...`.
    Insert from_select(std::vector<ColumnKey> columns, const SelectableStatement& select) const;
    /// `INSERT INTO t DEFAULT VALUES` (`() VALUES ()` on MySQL).
    Insert default_values() const;
    template <class... Items>
    Insert returning(const Items&... items) const {
        return returning_list({SelectItem(items)...});
    }
    Insert returning_list(std::vector<SelectItem> items) const;
    /// Starts an upsert on a conflict over these columns (empty: any conflict, for DO NOTHING,
    /// or the primary key for DO UPDATE), optionally on a partial unique index.
    OnConflictClause on_conflict(std::vector<ColumnKey> target = {},
                                 const Expression& index_where = {}) const;
    /// Starts an upsert on the named constraint (PostgreSQL ON CONFLICT ON CONSTRAINT).
    OnConflictClause on_conflict_constraint(std::string constraint_name) const;
    /// MySQL's `ON DUPLICATE KEY UPDATE ...` spelled directly; a CompileError elsewhere.
    Insert on_duplicate_key_update(ColumnAssignments set) const;
    /// A prefix after INSERT (`IGNORE`, `OR REPLACE`) for one dialect or all.
    Insert prefix_with(std::string text, std::string dialect = {}) const;

    const InsertNode& insert_node() const noexcept { return *node_; }
    std::shared_ptr<const InsertNode> node() const noexcept { return node_; }

  private:
    std::shared_ptr<const InsertNode> node_;
};

Insert insert(const Table& table);

}  // namespace retort
