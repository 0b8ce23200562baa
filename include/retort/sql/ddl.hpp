// DDL statements: CREATE/DROP TABLE, CREATE/DROP INDEX, and the PostgreSQL-only CREATE/DROP
// SEQUENCE and enum types. Literals in DDL are rendered inline, escaped (DDL takes no parameters).
#pragma once

#include <memory>
#include <string>

#include <retort/sql/metadata.hpp>

namespace retort {

/// Node of CREATE TABLE [IF NOT EXISTS] and DROP TABLE [IF EXISTS].
class TableDdlNode final : public Node {
  public:
    TableDdlNode(NodeKind kind, std::shared_ptr<const TableNode> table, bool if_exists_clause)
        : Node(kind), table(std::move(table)), if_clause(if_exists_clause) {}
    std::shared_ptr<const TableNode> table;
    bool if_clause;  ///< IF NOT EXISTS for CREATE, IF EXISTS for DROP
    void gather(GatherContext& context) const override;
};

/// Node of CREATE [UNIQUE] INDEX and DROP INDEX.
class IndexDdlNode final : public Node {
  public:
    IndexDdlNode(NodeKind kind, std::shared_ptr<const IndexDefinition> index,
                 std::shared_ptr<const TableNode> table, bool if_clause)
        : Node(kind), index(std::move(index)), table(std::move(table)), if_clause(if_clause) {}
    std::shared_ptr<const IndexDefinition> index;
    std::shared_ptr<const TableNode> table;
    bool if_clause;
    void gather(GatherContext& context) const override;
};

/// Node of CREATE/DROP SEQUENCE and CREATE/DROP TYPE ... AS ENUM (PostgreSQL).
class SchemaObjectDdlNode final : public Node {
  public:
    SchemaObjectDdlNode(NodeKind kind, SequenceDefinition sequence,
                        std::shared_ptr<const EnumDefinition> enumeration, bool if_clause)
        : Node(kind),
          sequence(std::move(sequence)),
          enumeration(std::move(enumeration)),
          if_clause(if_clause) {}
    SequenceDefinition sequence;
    std::shared_ptr<const EnumDefinition> enumeration;
    bool if_clause;
    void gather(GatherContext& context) const override;
};

/// A DDL statement handle.
class DdlStatement {
  public:
    explicit DdlStatement(NodePtr node) : node_(std::move(node)) {}
    const NodePtr& node() const noexcept { return node_; }

  private:
    NodePtr node_;
};

/// `CREATE TABLE [IF NOT EXISTS] t (...)` with every column and table constraint.
DdlStatement create_table(const Table& table, bool if_not_exists = false);
/// `DROP TABLE [IF EXISTS] t`.
DdlStatement drop_table(const Table& table, bool if_exists = false);
/// `CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON t (...) [WHERE ...]`.
DdlStatement create_index(const Index& index, bool if_not_exists = false);
/// `DROP INDEX [IF EXISTS] name` (`DROP INDEX name ON t` on MySQL).
DdlStatement drop_index(const Index& index, bool if_exists = false);
/// `CREATE SEQUENCE name [INCREMENT BY n] [START WITH n]` (PostgreSQL).
DdlStatement create_sequence(const Sequence& sequence, bool if_not_exists = false);
DdlStatement drop_sequence(const Sequence& sequence, bool if_exists = false);
/// `CREATE TYPE name AS ENUM (...)` (PostgreSQL; other dialects need no separate type).
DdlStatement create_enum_type(const Enum& type);
DdlStatement drop_enum_type(const Enum& type, bool if_exists = false);

}  // namespace retort
