// Derived FROM clauses: aliases (self-joins), subqueries, CTEs (recursive too), LATERAL
// subqueries and joins, each exposing proxy columns that refer back into what they wrap.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <retort/sql/from_clause.hpp>

namespace retort {

class Select;

/// `table AS name` (or any FROM clause renamed).
class AliasNode final : public FromClauseNode {
  public:
    AliasNode(std::string name, FromClausePtr element);
    std::string_view name() const noexcept override { return name_; }
    const FromClausePtr& element() const noexcept { return element_; }
    const TableNode* base_table() const noexcept override { return element_->base_table(); }
    void gather(GatherContext& context) const override;
    void accept_children(NodeVisitor& visitor) const override;

  private:
    std::string name_;
    FromClausePtr element_;
    std::vector<std::unique_ptr<ColumnNode>> owned_columns_;
};

/// `(SELECT ...) AS name` in a FROM list (kind Subquery), or a common table expression
/// `WITH name AS (SELECT ...)` (kind Cte). An empty name is given an anonymous one
/// (`anon_1`) when compiled.
class SubqueryNode final : public FromClauseNode {
  public:
    struct Options {
        bool lateral = false;
        bool recursive = false;
        /// Column names for the CTE (`WITH t(a, b) AS ...`); default: the select's names.
        std::vector<std::string> column_names;
        /// The CTE this one restates (a recursive CTE extended with union_all): references to
        /// the restated CTE render as references to this one.
        const SubqueryNode* restates = nullptr;
        std::shared_ptr<const SubqueryNode> restates_keep_alive;
    };

    SubqueryNode(NodeKind kind, std::string name, NodePtr select, Options options);
    std::string_view name() const noexcept override { return name_; }
    bool is_cte() const noexcept { return kind() == NodeKind::Cte; }
    const NodePtr& select() const noexcept { return select_; }
    const Options& options() const noexcept { return options_; }
    bool lateral() const noexcept { return options_.lateral; }
    bool recursive() const noexcept { return options_.recursive; }
    /// The original CTE when this restates one, otherwise this.
    const SubqueryNode* identity() const noexcept {
        return options_.restates ? options_.restates->identity() : this;
    }
    void gather(GatherContext& context) const override;
    void accept_children(NodeVisitor& visitor) const override;

  private:
    std::string name_;
    NodePtr select_;
    Options options_;
    std::vector<std::unique_ptr<ColumnNode>> owned_columns_;
};

/// `left [LEFT OUTER | FULL OUTER] JOIN right ON onclause`.
class JoinNode final : public FromClauseNode {
  public:
    enum class Type : std::uint8_t { Inner, LeftOuter, FullOuter };
    JoinNode(FromClausePtr left, FromClausePtr right, ExpressionPtr onclause, Type type);
    std::string_view name() const noexcept override { return {}; }
    const FromClausePtr& left() const noexcept { return left_; }
    const FromClausePtr& right() const noexcept { return right_; }
    const ExpressionPtr& onclause() const noexcept { return onclause_; }
    Type join_type() const noexcept { return type_; }
    bool covers(const FromClauseNode* other) const noexcept override;
    void gather(GatherContext& context) const override;
    void accept_children(NodeVisitor& visitor) const override;

  private:
    FromClausePtr left_, right_;
    ExpressionPtr onclause_;
    Type type_;
};

/// The FROM clauses an expression tree refers to through its columns, in order of first use,
/// without descending into subqueries (their FROM clauses are their own).
void collect_from_clauses(const Node& node, std::vector<const FromClauseNode*>& out);
/// Same, as shared pointers that keep the clauses alive (for builders).
void collect_from_clauses(const ExpressionPtr& node, std::vector<FromClausePtr>& out);

/// Infers `left.x = right.y [AND ...]` from the single foreign key between two FROM clauses;
/// ArgumentError when there is none or more than one.
ExpressionPtr infer_join_condition(const FromClauseNode& left, const FromClauseNode& right);

/// A CTE handle: a FromClause that can be extended into a recursive CTE.
///
///     auto parts = select(p.c("sub"), p.c("part")).where(p.c("part") == "x").cte("parts", true);
///     auto pa = p.alias("pa");
///     parts = parts.union_all(select(pa.c("sub"), pa.c("part"))
///                                 .where(pa.c("part") == parts.c("sub")));
class Cte : public FromClause {
  public:
    explicit Cte(std::shared_ptr<const SubqueryNode> node);
    /// This CTE's body UNION ALL `recursive_part`, under the same name.
    Cte union_all(const Select& recursive_part) const;
    Cte union_(const Select& recursive_part) const;
    const SubqueryNode& cte_node() const noexcept { return *cte_; }

  private:
    Cte compound(NodeKind, int op, const Select& part) const;
    std::shared_ptr<const SubqueryNode> cte_;
};

}  // namespace retort
