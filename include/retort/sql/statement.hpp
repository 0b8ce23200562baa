// Statement: a type-erased handle to any executable statement (SELECT, compound SELECT,
// INSERT, UPDATE, DELETE, text(), DDL), which the compiler and the engine accept.
#pragma once

#include <memory>

#include <retort/sql/ddl.hpp>
#include <retort/sql/delete.hpp>
#include <retort/sql/insert.hpp>
#include <retort/sql/text.hpp>
#include <retort/sql/update.hpp>

namespace retort {

/// Any statement.
///
///     Statement s = select(users.c("id"));
///     auto compiled = compile(s, sqlite_dialect());
class Statement {
  public:
    Statement(const Select& s) : node_(s.node()) {}          // NOLINT: implicit
    Statement(const CompoundSelect& s) : node_(s.node()) {}  // NOLINT: implicit
    Statement(const Insert& s) : node_(s.node()) {}          // NOLINT: implicit
    Statement(const Update& s) : node_(s.node()) {}          // NOLINT: implicit
    Statement(const Delete& s) : node_(s.node()) {}          // NOLINT: implicit
    Statement(const TextClause& s) : node_(s.node()) {}      // NOLINT: implicit
    Statement(const DdlStatement& s) : node_(s.node()) {}    // NOLINT: implicit
    explicit Statement(NodePtr node) : node_(std::move(node)) {}

    const NodePtr& node() const noexcept { return node_; }
    NodeKind kind() const noexcept { return node_->kind(); }
    /// SELECT, compound SELECT, or a text() with declared columns: returns rows.
    bool is_select() const noexcept {
        return kind() == NodeKind::Select || kind() == NodeKind::CompoundSelect;
    }

  private:
    NodePtr node_;
};

}  // namespace retort
