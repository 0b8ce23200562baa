// CompiledForm: the cacheable result of compiling a statement shape (SQL text, ordered
// parameter slots, result columns); CompiledStatement: that form plus one statement's values.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <retort/compiler/dialect.hpp>
#include <retort/sql/parameters.hpp>

namespace retort {

/// Where a parameter's value comes from at execution.
enum class SlotSource : std::uint8_t {
    Literal,        ///< a value carried in the statement (by gather position)
    Named,          ///< an execution parameter by name (bindparam, text(), DML columns)
    ColumnDefault,  ///< a column's client-side default (value or callable)
    ColumnOnUpdate  ///< a column's client-side onupdate value
};

/// One positional parameter of the compiled SQL.
struct ParameterSlot {
    std::string name{};  ///< `id_1`, a bindparam's name, or a column's name
    SqlType type;
    SlotSource source = SlotSource::Literal;
    bool expanding = false;
    bool negated_in = false;        ///< expanding only: NOT IN (for the empty-list form)
    std::uint32_t tuple_arity = 0;  ///< expanding only: items per tuple (0 = scalar IN)
    /// Literal: gather position of the bind. Named: position of a default value, or npos.
    std::uint32_t bind_index = npos;
    const ColumnNode* column = nullptr;  ///< ColumnDefault / ColumnOnUpdate
    std::uint32_t row = 0;               ///< multi-row VALUES: the row this slot belongs to

    static constexpr std::uint32_t npos = 0xffffffffu;
};

/// A placeholder's location in the SQL text and the slot it renders.
struct PlaceholderSite {
    std::uint32_t offset;
    std::uint32_t length;
    std::uint32_t slot;
};

/// A column of the result rows (SELECT list or RETURNING).
struct ResultColumn {
    std::string name{};
    SqlType type;
    const ColumnNode* column = nullptr;  ///< the table column it reads, when known
};

/// What kind of statement was compiled, for the engine.
enum class StatementKind : std::uint8_t { Select, Insert, Update, Delete, Text, Ddl, Other };

/// The final text and values for one execution. Safe to move: views point into the compiled
/// form or into this object's heap storage.
struct BoundStatement {
    const std::string* form_sql = nullptr;  ///< the form's text, when nothing was expanded
    std::string expanded_sql{};               ///< the text with expanding IN lists expanded
    bool expanded = false;
    std::vector<const Value*> parameters{};  ///< positional, in placeholder order
    std::vector<std::string_view> parameter_names{};
    std::vector<const SqlType*> parameter_types{};
    std::vector<Value> owned_values{};      ///< computed defaults (`parameters` points here)
    std::deque<std::string> owned_names;  ///< names of expanded items (`id_1_1`, ...)

    std::string_view sql() const noexcept {
        return expanded ? std::string_view(expanded_sql) : std::string_view(*form_sql);
    }
};

/// The compiled form of one statement shape for one dialect. Immutable and shareable; the
/// compiled cache stores these.
class CompiledForm {
  public:
    const std::string& sql() const noexcept { return sql_; }
    const std::vector<ParameterSlot>& slots() const noexcept { return slots_; }
    const std::vector<PlaceholderSite>& sites() const noexcept { return sites_; }
    const std::vector<ResultColumn>& result_columns() const noexcept { return result_columns_; }
    const Dialect& dialect() const noexcept { return *dialect_; }
    StatementKind statement_kind() const noexcept { return kind_; }
    bool has_expanding() const noexcept { return has_expanding_; }
    bool returns_rows() const noexcept {
        return !result_columns_.empty() || kind_ == StatementKind::Text;
    }
    /// The table of an INSERT (for inserted primary keys), else nullptr.
    const TableNode* insert_table() const noexcept { return insert_table_; }
    /// INSERT ... VALUES with one row per execution (batchable into multi-row VALUES).
    bool is_single_row_insert() const noexcept { return single_row_insert_; }
    /// The VALUES tuple of a single-row INSERT, as [begin, end) offsets into sql() (for batching).
    std::pair<std::uint32_t, std::uint32_t> values_tuple() const noexcept { return values_tuple_; }
    /// A RETURNING the engine added to learn the inserted key (its rows are not the user's).
    bool implicit_returning() const noexcept { return implicit_returning_; }
    /// The columns came from the execution parameters' keys (DML without values).
    bool shaped_by_parameters() const noexcept { return shaped_by_parameters_; }

    /// Fills `out` for one execution: `binds` are the statement's bind nodes in gather order,
    /// `parameters` the execution parameters (may be null). Throws CompileError naming a
    /// missing parameter.
    void bind(const BindParameterNode* const* binds, std::size_t bind_count,
              const Parameters* parameters, BoundStatement& out) const;

  private:
    friend class Compiler;
    std::string sql_{};
    std::vector<ParameterSlot> slots_{};
    std::vector<PlaceholderSite> sites_{};
    std::vector<ResultColumn> result_columns_{};
    const Dialect* dialect_ = nullptr;
    StatementKind kind_ = StatementKind::Other;
    bool has_expanding_ = false;
    bool single_row_insert_ = false;
    bool implicit_returning_ = false;
    bool shaped_by_parameters_ = false;
    std::pair<std::uint32_t, std::uint32_t> values_tuple_{0, 0};
    const TableNode* insert_table_ = nullptr;
    NodePtr keep_alive_;  // the statement the form was compiled from: its schema objects stay
                          // alive, so pointer identities in cache keys stay unique
};

/// A compiled statement: the form plus the values of the statement it was compiled from.
///
///     auto c = compile(select(users.c("id")).where(users.c("id") == 5), postgresql_dialect());
///     c.sql();         // "SELECT users.id FROM users WHERE users.id = $1"
///     c.parameters();  // {5}
class CompiledStatement {
  public:
    CompiledStatement(std::shared_ptr<const CompiledForm> form, NodePtr statement,
                      std::vector<const BindParameterNode*> binds);

    const CompiledForm& form() const noexcept { return *form_; }
    const std::shared_ptr<const CompiledForm>& form_ptr() const noexcept { return form_; }

    /// The SQL text to execute, with expanding IN lists expanded for this statement's values
    /// (and `parameters`, for named expanding parameters).
    std::string sql(const Parameters& parameters = {}) const;
    /// The positional parameter values in placeholder order.
    std::vector<Value> parameters(const Parameters& parameters = {}) const;
    /// The names of the positional parameters in placeholder order.
    std::vector<std::string> parameter_names(const Parameters& parameters = {}) const;
    /// The SQL with every parameter inlined as a literal escaped by the dialect — for logs and
    /// debugging only, never for execution.
    std::string to_literal_sql(const Parameters& parameters = {}) const;
    const std::vector<ResultColumn>& result_columns() const noexcept {
        return form_->result_columns();
    }
    BoundStatement bind(const Parameters* parameters = nullptr) const;

  private:
    std::shared_ptr<const CompiledForm> form_;
    NodePtr statement_;
    std::vector<const BindParameterNode*> binds_{};
};

}  // namespace retort
