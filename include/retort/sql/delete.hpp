// DELETE: WHERE, RETURNING, and DELETE ... USING (PostgreSQL) or multi-table DELETE (MySQL)
// when other tables are involved.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <retort/sql/column_key.hpp>

namespace retort {

class DeleteNode final : public Node {
  public:
    explicit DeleteNode(std::shared_ptr<const TableNode> table);

    std::shared_ptr<const TableNode> table;
    ExpressionPtr where;
    std::vector<ExpressionPtr> returning;
    /// Extra tables (DELETE ... USING on PostgreSQL, multi-table DELETE on MySQL).
    std::vector<FromClausePtr> froms;

    void gather(GatherContext& context) const override;
    void accept_children(NodeVisitor& visitor) const override;
    void refresh_flags();
};

/// A DELETE statement.
///
///     delete_(users).where(users.c("id") == 5).returning(users.c("name"))
class Delete {
  public:
    explicit Delete(const Table& table);
    explicit Delete(std::shared_ptr<const DeleteNode> node) : node_(std::move(node)) {}

    Delete where(const Expression& condition) const;
    template <class... Items>
    Delete returning(const Items&... items) const {
        return returning_list({SelectItem(items)...});
    }
    Delete returning_list(std::vector<SelectItem> items) const;
    /// Adds a table to DELETE ... USING explicitly.
    Delete using_(const FromClause& from) const;

    const DeleteNode& delete_node() const noexcept { return *node_; }
    std::shared_ptr<const DeleteNode> node() const noexcept { return node_; }

  private:
    std::shared_ptr<const DeleteNode> node_;
};

Delete delete_(const Table& table);

}  // namespace retort
