// UPDATE: SET values or expressions, WHERE, RETURNING, and UPDATE ... FROM (PostgreSQL,
// SQLite) or multi-table UPDATE (MySQL) when other tables are involved.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <retort/sql/column_key.hpp>

namespace retort {

class UpdateNode final : public Node {
  public:
    explicit UpdateNode(std::shared_ptr<const TableNode> table);

    std::shared_ptr<const TableNode> table;
    /// SET pairs in the order given. Empty: from the execution parameters' keys.
    std::vector<ColumnValue> set;
    ExpressionPtr where;
    std::vector<ExpressionPtr> returning;
    /// Extra tables (UPDATE ... FROM on PostgreSQL and SQLite, multi-table UPDATE on MySQL);
    /// more are inferred from the WHERE clause.
    std::vector<FromClausePtr> froms;

    void gather(GatherContext& context) const override;
    void accept_children(NodeVisitor& visitor) const override;
    void refresh_flags();
};

/// An UPDATE statement.
///
///     update(users).values({{"age", users.c("age") + 1}}).where(users.c("id") == 5)
class Update {
  public:
    explicit Update(const Table& table);
    explicit Update(std::shared_ptr<const UpdateNode> node) : node_(std::move(node)) {}

    Update values(ColumnAssignments set) const;
    Update where(const Expression& condition) const;
    template <class... Items>
    Update returning(const Items&... items) const {
        return returning_list({SelectItem(items)...});
    }
    Update returning_list(std::vector<SelectItem> items) const;
    /// Adds a table to UPDATE ... FROM / multi-table UPDATE explicitly.
    Update from(const FromClause& from) const;

    const UpdateNode& update_node() const noexcept { return *node_; }
    std::shared_ptr<const UpdateNode> node() const noexcept { return node_; }

  private:
    std::shared_ptr<const UpdateNode> node_;
};

Update update(const Table& table);

}  // namespace retort
