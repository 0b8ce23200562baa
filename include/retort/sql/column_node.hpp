// ColumnNode: a column of a table, of an alias or of a subquery, with its schema definition
// (type, nullability, keys, defaults, foreign keys, comment) when it belongs to a table.
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <retort/sql/expression_nodes.hpp>

namespace retort {

class FromClauseNode;

/// Referential actions for ON DELETE / ON UPDATE.
enum class ReferentialAction : std::uint8_t {
    Unspecified,
    Cascade,
    SetNull,
    SetDefault,
    Restrict,
    NoAction
};
std::string_view referential_action_sql(ReferentialAction action) noexcept;

/// Options of a foreign key, on a column or a table-level ForeignKeyConstraint.
struct ForeignKeyOptions {
    std::string name{};  ///< constraint name; empty lets the database choose
    ReferentialAction on_delete = ReferentialAction::Unspecified;
    ReferentialAction on_update = ReferentialAction::Unspecified;
};

/// A column-level foreign key: the referenced column as "table.column" or
/// "schema.table.column", resolved through the MetaData when used (so tables may be declared
/// in any order).
struct ForeignKeyDefinition {
    std::string target{};  ///< "table.column" or "schema.table.column"
    ForeignKeyOptions options;
};

/// A client-side default evaluated at INSERT (or UPDATE, for onupdate) when the statement gives
/// no value: a fixed value, a callable evaluated per row, or a SQL expression rendered inline.
struct ColumnDefault {
    enum class Kind : std::uint8_t { Value, Callable, Expression };
    Kind kind = Kind::Value;
    Value value;
    std::function<Value()> callable;
    ExpressionPtr expression{};
};

/// Identity column options (GENERATED {ALWAYS | BY DEFAULT} AS IDENTITY).
struct IdentityOptions {
    bool always = false;
    std::optional<std::int64_t> start{};
    std::optional<std::int64_t> increment{};
};

/// A PostgreSQL sequence (ignored by dialects without sequences, as SQLAlchemy does).
struct SequenceDefinition {
    std::string name{};
    std::optional<std::int64_t> start{};
    std::optional<std::int64_t> increment{};
    std::string schema{};
};

/// Whether an integer primary key is filled by the database.
enum class Autoincrement : std::uint8_t { Auto, Yes, No };

/// The schema part of a column: everything DDL and INSERT defaults need.
struct ColumnSchema {
    std::optional<bool> nullable;  ///< unset: NULL allowed unless primary key
    bool primary_key = false;
    bool unique = false;
    bool index = false;
    Autoincrement autoincrement = Autoincrement::Auto;
    std::optional<IdentityOptions> identity;
    std::optional<ColumnDefault> default_value;
    std::optional<ColumnDefault> onupdate;
    ExpressionPtr server_default{};
    std::string comment{};
    std::vector<ForeignKeyDefinition> foreign_keys;
    std::optional<SequenceDefinition> sequence;
    std::string collation{};

    bool is_nullable() const noexcept { return nullable.value_or(!primary_key); }
};

/// A column. Belongs to a FromClauseNode (table, alias, subquery, CTE) or stands alone
/// (`column("x")`, rendered unqualified). Columns of derived FROM clauses proxy an expression
/// of the inner statement.
class ColumnNode final : public ExpressionNode {
  public:
    ColumnNode(std::string name, SqlType type, ColumnSchema schema = {})
        : ExpressionNode(NodeKind::Column, std::move(type)),
          name_(std::move(name)),
          schema_(std::move(schema)) {}

    const std::string& name() const noexcept { return name_; }
    const FromClauseNode* parent() const noexcept { return parent_; }
    std::uint32_t position() const noexcept { return position_; }
    const ColumnSchema& schema() const noexcept { return schema_; }
    /// For a column of an alias or subquery: the inner expression it stands for.
    const ExpressionPtr& proxied() const noexcept { return proxied_; }
    /// Follows proxies down to the table column this one finally stands for (or itself).
    const ColumnNode* base_column() const noexcept;

    void gather(GatherContext& context) const override;

    /// Cached per-dialect answer to "does this name need quoting": bit 2*d set when dialect d
    /// has computed it, bit 2*d+1 its answer. Keeps reserved-word lookups off the hot path.
    std::atomic<std::uint32_t>& quote_cache() const noexcept { return quote_cache_; }

    // Construction by the owning FROM clause.
    void attach(const FromClauseNode* parent, std::uint32_t position, ExpressionPtr proxied);
    ColumnSchema& mutable_schema() noexcept { return schema_; }

  private:
    std::string name_{};
    const FromClauseNode* parent_ = nullptr;
    std::uint32_t position_ = 0;
    ExpressionPtr proxied_{};
    ColumnSchema schema_;
    mutable std::atomic<std::uint32_t> quote_cache_{0};
};

}  // namespace retort
