// Table: a named table of a MetaData with its columns, keys, constraints, indexes and comment.
// Tables are schema objects: built once, shared by every statement that uses them.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <retort/sql/constraints.hpp>
#include <retort/sql/from_clause.hpp>

namespace retort {

class MetaData;
class MetaDataImpl;

/// A foreign key constraint in resolved form: local columns and "table.column" targets.
struct ForeignKeyReference {
    std::string name;
    std::vector<const ColumnNode*> columns;
    std::vector<std::string> targets;  ///< "table.column" or "schema.table.column"
    ForeignKeyOptions options;
    /// Referenced table key ("table" or "schema.table") and column names, parsed from targets.
    std::string target_table;
    std::vector<std::string> target_columns;
};

struct UniqueConstraintDefinition {
    std::string name;
    std::vector<const ColumnNode*> columns;
};

struct CheckConstraintDefinition {
    std::string name;
    std::string sql;
};

/// The node of a table.
class TableNode final : public FromClauseNode {
  public:
    TableNode(std::string name, std::string schema);

    std::string_view name() const noexcept override { return name_; }
    const std::string& table_name() const noexcept { return name_; }
    const std::string& schema() const noexcept { return schema_; }
    /// "schema.name" or "name": the key in its MetaData.
    std::string key() const;
    const TableNode* base_table() const noexcept override { return this; }

    const std::vector<const ColumnNode*>& primary_key() const noexcept { return primary_key_; }
    const std::string& primary_key_name() const noexcept { return primary_key_name_; }
    const std::vector<ForeignKeyReference>& foreign_keys() const noexcept { return foreign_keys_; }
    const std::vector<UniqueConstraintDefinition>& unique_constraints() const noexcept {
        return unique_constraints_;
    }
    const std::vector<CheckConstraintDefinition>& check_constraints() const noexcept {
        return check_constraints_;
    }
    const std::vector<std::shared_ptr<const IndexDefinition>>& indexes() const noexcept {
        return indexes_;
    }
    const std::string& comment() const noexcept { return comment_; }
    /// The value of a dialect option ("mysql_engine"), or empty.
    std::string_view option(std::string_view key) const noexcept;
    const std::vector<TableOption>& options() const noexcept { return options_; }
    /// The integer primary key column filled by the database (SERIAL, AUTO_INCREMENT, rowid),
    /// or nullptr (SQLAlchemy's rule: a single integer primary key without a client default,
    /// unless autoincrement(false)).
    const ColumnNode* autoincrement_column() const noexcept { return autoincrement_column_; }
    /// The MetaData this table belongs to (nullptr when it was destroyed).
    std::shared_ptr<const MetaDataImpl> metadata() const { return metadata_.lock(); }

    /// Resolves a foreign key's target columns through the MetaData; throws ArgumentError
    /// when the referenced table or column does not exist.
    std::vector<const ColumnNode*> resolve(const ForeignKeyReference& fk) const;

    void gather(GatherContext& context) const override;

  private:
    friend class TableBuilder;
    std::string name_;
    std::string schema_;
    std::vector<std::unique_ptr<ColumnNode>> owned_columns_;
    std::vector<const ColumnNode*> primary_key_;
    std::string primary_key_name_;
    std::vector<ForeignKeyReference> foreign_keys_;
    std::vector<UniqueConstraintDefinition> unique_constraints_;
    std::vector<CheckConstraintDefinition> check_constraints_;
    std::vector<std::shared_ptr<const IndexDefinition>> indexes_;
    std::vector<TableOption> options_;
    std::string comment_;
    const ColumnNode* autoincrement_column_ = nullptr;
    std::weak_ptr<const MetaDataImpl> metadata_;
};

/// Collects a table's arguments and builds its node; used by Table's constructor.
class TableBuilder {
  public:
    TableBuilder(std::string name);
    void add(const Column& column);
    void add(PrimaryKeyConstraint constraint);
    void add(UniqueConstraint constraint);
    void add(CheckConstraint constraint);
    void add(ForeignKeyConstraint constraint);
    void add(Index index);
    void add(TableComment comment);
    void add(TableSchema schema);
    void add(TableOption option);
    /// Validates (unknown column names, duplicate columns) and registers with the MetaData.
    std::shared_ptr<const TableNode> finish(const MetaData* metadata);

  private:
    std::shared_ptr<TableNode> node_;
    std::vector<PrimaryKeyConstraint> primary_keys_;
    std::vector<UniqueConstraint> uniques_;
    std::vector<ForeignKeyConstraint> foreign_keys_;
    std::vector<Index> indexes_;
};

/// A table of a MetaData.
///
///     MetaData meta;
///     Table users{meta, "users",
///                 Column{"id", Integer{}, primary_key()},
///                 Column{"name", String{50}, not_null()},
///                 UniqueConstraint{{"name"}, "uq_users_name"}};
class Table : public FromClause {
  public:
    template <class... Args>
    Table(MetaData& metadata, std::string name, Args&&... args)
        : Table(build(&metadata, std::move(name), std::forward<Args>(args)...)) {}
    /// A table outside any MetaData (foreign keys to it cannot be resolved by name).
    template <class... Args>
    static Table standalone(std::string name, Args&&... args) {
        return Table(build(nullptr, std::move(name), std::forward<Args>(args)...));
    }
    explicit Table(std::shared_ptr<const TableNode> node);

    const TableNode& table_node() const noexcept { return *table_; }
    const std::shared_ptr<const TableNode>& table_ptr() const noexcept { return table_; }
    const std::string& name() const noexcept { return table_->table_name(); }
    const std::string& schema() const noexcept { return table_->schema(); }
    std::vector<Column> primary_key() const;
    /// The table's indexes as standalone Index objects (for CreateIndex / DropIndex).
    std::vector<Index> indexes() const;
    /// The index called `name`; ArgumentError when there is none.
    Index index(std::string_view name) const;

  private:
    template <class... Args>
    static std::shared_ptr<const TableNode> build(const MetaData* metadata, std::string name,
                                                  Args&&... args) {
        TableBuilder builder(std::move(name));
        (builder.add(std::forward<Args>(args)), ...);
        return builder.finish(metadata);
    }
    std::shared_ptr<const TableNode> table_;
};

/// An ad-hoc table for statements without a MetaData: `table("t", column("a"), column("b"))`.
template <class... Columns>
Table table(std::string name, const Columns&... columns) {
    return Table::standalone(std::move(name), columns...);
}

}  // namespace retort
