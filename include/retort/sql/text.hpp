// text(): a SQL statement written by hand with `:name` parameters, converted to each dialect's
// parameter style; with typed result columns it also works as a subquery.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <retort/sql/select.hpp>

namespace retort {

/// The node of a text() statement: the text cut into literal pieces and parameter names.
class TextClauseNode final : public Node {
  public:
    struct Piece {
        std::string text;       ///< literal SQL before the parameter (with `\:` unescaped)
        std::string parameter;  ///< parameter name; empty for the final piece
    };
    struct ResultColumn {
        std::string name;
        SqlType type;
    };

    explicit TextClauseNode(std::string sql);

    const std::string& sql() const noexcept { return sql_; }
    const std::vector<Piece>& pieces() const noexcept { return pieces_; }
    /// Parameter names in first-appearance order, each once.
    const std::vector<std::string>& parameter_names() const noexcept { return names_; }
    /// The bind node of each name (same order as parameter_names()).
    const std::vector<std::shared_ptr<const BindParameterNode>>& binds() const noexcept {
        return binds_;
    }
    const std::vector<ResultColumn>& result_columns() const noexcept { return columns_; }

    void gather(GatherContext& context) const override;
    void accept_children(NodeVisitor& visitor) const override;

  private:
    friend class TextClause;
    std::string sql_;
    std::vector<Piece> pieces_;
    std::vector<std::string> names_;
    std::vector<std::shared_ptr<const BindParameterNode>> binds_;
    std::vector<ResultColumn> columns_;
};

/// A textual statement.
///
///     auto q = text("SELECT name FROM users WHERE id = :id AND note <> 'a\\:b'")
///                  .bindparams({{"id", 5}});
///     auto sub = text("SELECT id, name FROM users")
///                    .columns({{"id", Integer{}}, {"name", String{}}})
///                    .subquery("u");
class TextClause {
  public:
    explicit TextClause(std::string sql);
    explicit TextClause(std::shared_ptr<const TextClauseNode> node) : node_(std::move(node)) {}

    /// Gives values to parameters; an unknown name is an ArgumentError.
    TextClause bindparams(std::vector<std::pair<std::string, Value>> values) const;
    /// Declares a parameter's type without a value.
    TextClause bindparam_type(const std::string& name, SqlType type) const;
    /// Declares the result columns, so the text can be used as a subquery or CTE.
    TextClause columns(std::vector<TextClauseNode::ResultColumn> columns) const;
    FromClause subquery(std::string name = {}) const;
    Cte cte(std::string name) const;

    const TextClauseNode& text_node() const noexcept { return *node_; }
    std::shared_ptr<const TextClauseNode> node() const noexcept { return node_; }

  private:
    std::shared_ptr<const TextClauseNode> node_;
};

/// text("SELECT ... WHERE id = :id"); `\:` is a literal colon, `::` (a PostgreSQL cast) is
/// left alone. A `:` followed by a digit is a malformed parameter (ArgumentError).
TextClause text(std::string sql);

}  // namespace retort
