// Table-level constraints and indexes: PRIMARY KEY, UNIQUE, CHECK, FOREIGN KEY and Index,
// given to a Table next to its columns, naming columns by their names.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <retort/sql/column_node.hpp>
#include <retort/sql/expression.hpp>

namespace retort {

class TableNode;

/// `PRIMARY KEY (a, b)`; an alternative to primary_key() on each column, and the way to name it.
struct PrimaryKeyConstraint {
    std::vector<std::string> columns{};
    std::string name{};
};

/// `[CONSTRAINT name] UNIQUE (a, b)`.
struct UniqueConstraint {
    std::vector<std::string> columns{};
    std::string name{};
};

/// `[CONSTRAINT name] CHECK (sql)`; the condition is raw SQL written by the schema author.
struct CheckConstraint {
    std::string sql{};
    std::string name{};
};

/// `[CONSTRAINT name] FOREIGN KEY (a, b) REFERENCES t (x, y) [ON DELETE ..] [ON UPDATE ..]`;
/// targets are "table.column" strings, one per local column.
struct ForeignKeyConstraint {
    std::vector<std::string> columns{};
    std::vector<std::string> targets{};
    ForeignKeyOptions options{};
};

/// The comment of a table (COMMENT ON TABLE / COMMENT=).
struct TableComment {
    std::string text{};
};

/// The schema (namespace) a table lives in: `Table{meta, "users", TableSchema{"app"}, ...}`.
struct TableSchema {
    std::string name{};
};

/// A dialect-specific table option, prefixed with the dialect name: `{"mysql_engine", "InnoDB"}`,
/// `{"mysql_charset", "utf8mb4"}`, `{"sqlite_autoincrement", "true"}`,
/// `{"sqlite_with_rowid", "false"}`. Options of other dialects are ignored.
struct TableOption {
    std::string key{};
    std::string value{};
};

/// An index: resolved form stored in the table.
struct IndexDefinition {
    std::string name{};
    const TableNode* table = nullptr;
    std::vector<ExpressionPtr> expressions;  ///< columns or expressions (functional index)
    bool unique = false;
    ExpressionPtr where{};  ///< partial index condition (PostgreSQL, SQLite)
};

struct IndexOptions {
    bool unique = false;
    /// A partial index condition, e.g. literal_column("deleted_at IS NULL").
    Expression where{};
};

/// `CREATE [UNIQUE] INDEX name ON table (columns) [WHERE ...]`, declared in a Table's
/// arguments with column names, or standalone with Index::on(name, {expressions}).
///
///     Table users{meta, "users", ..., Index{"ix_users_name", {"name"}, {.unique = true}}};
///     auto ix = Index::on("ix_lower_name", {func.lower(users.c("name"))});
class Index {
  public:
    Index(std::string name, std::vector<std::string> columns, IndexOptions options = {});
    /// A standalone index over expressions of one table (columns or functions of them).
    static Index on(std::string name, std::vector<Expression> expressions,
                    IndexOptions options = {});

    const std::string& name() const noexcept { return name_; }
    const std::vector<std::string>& column_names() const noexcept { return column_names_; }
    const IndexOptions& options() const noexcept { return options_; }
    /// The resolved definition (set for standalone indexes and after a Table adopted this one).
    const std::shared_ptr<const IndexDefinition>& definition() const noexcept {
        return definition_;
    }

  private:
    Index() = default;
    friend class TableBuilder;
    friend class Table;
    std::string name_{};
    std::vector<std::string> column_names_{};
    IndexOptions options_;
    std::shared_ptr<const IndexDefinition> definition_;
    std::shared_ptr<const void> keep_alive_;  // the table of a standalone index
};

}  // namespace retort
