// Compiler: the state of one compilation (the appending SQL buffer, parameter slots, names,
// correlation and CTE bookkeeping) and the dispatch from node kinds to dialect renderers and hooks.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <retort/compiler/compiled_statement.hpp>

namespace retort {

/// Options of one compilation.
struct CompileOptions {
    /// Execution parameters: an INSERT or UPDATE without values takes its columns from their
    /// keys; named expanding parameters take their lists from them.
    const Parameters* parameters = nullptr;
    /// Append `RETURNING <autoincrement column>` to single-row INSERTs that return nothing, so
    /// the engine learns the new primary key on databases without a last-insert id (PostgreSQL).
    bool implicit_returning = false;
};

/// Renders one statement for one dialect. Dialect visitors and compile hooks receive it and
/// append to its buffer; nothing builds a string per node.
class Compiler {
  public:
    Compiler(const Dialect& dialect, const GatherContext& gathered, CompileOptions options);

    /// Compiles a statement into a form (the entry point used by compile()).
    std::shared_ptr<CompiledForm> compile_statement(const NodePtr& statement);

    const Dialect& dialect() const noexcept { return dialect_; }
    const DialectCapabilities& capabilities() const noexcept { return dialect_.capabilities(); }
    std::string& buffer() noexcept { return sql_; }
    void append(std::string_view text) { sql_.append(text); }
    void append(char ch) { sql_.push_back(ch); }
    void append_identifier(std::string_view name, std::atomic<std::uint32_t>* cache = nullptr) {
        dialect_.append_identifier(sql_, name, cache);
    }
    void append_integer(std::int64_t value);

    /// Renders any node: a registered hook for its kind wins, otherwise the dialect's visitor.
    void process(const Node& node);
    /// Renders the node as the dialect does, ignoring hooks (for hooks that wrap the default).
    void process_default(const Node& node);
    /// Renders an expression in a position governed by `parent` (parenthesized if it binds
    /// more loosely than the parent operator requires).
    void process_operand(const ExpressionNode& child, Operator parent, bool right_side);
    /// Renders a comma-separated list.
    void process_list(const std::vector<ExpressionPtr>& items, std::string_view separator = ", ");

    /// Appends a placeholder for a bind parameter. `name_hint` and `type_hint` come from the
    /// context (the column of an INSERT value) when the bind has none of its own.
    /// Returns the slot index (or npos when rendered as a literal).
    std::uint32_t placeholder(const BindParameterNode& bind, std::string_view name_hint = {},
                              const SqlType* type_hint = nullptr);
    /// Appends the value of an INSERT or SET column: an anonymous parameter is named after the
    /// column (`name`, or `name_m1` for row 1 of a multi-row VALUES) and typed like it; any
    /// other expression renders as usual.
    void column_value(const ColumnNode& column, const ExpressionNode& value, std::uint32_t row,
                      bool multi_row);
    /// Appends a placeholder for a value the engine computes (column defaults).
    void default_placeholder(const ColumnNode& column, SlotSource source, std::uint32_t row);
    /// Appends a placeholder for an execution parameter named `name` (DML without values).
    void named_placeholder(std::string_view name, const SqlType& type);

    /// The column context for binds rendered next (INSERT VALUES, UPDATE SET).
    struct BindContext {
        const ColumnNode* column = nullptr;
    };
    BindContext& bind_context() noexcept { return bind_context_; }

    /// Renders a SELECT statement as a top-level statement, subquery, or member of a compound.
    enum class SelectRole : std::uint8_t {
        TopLevel,
        FromSubquery,
        LateralSubquery,
        ScalarSubquery,
        CompoundMember,
        CteBody,
        InsertSource
    };
    SelectRole select_role() const noexcept { return role_; }
    /// Runs `render` with a new role; restores the old one after.
    template <class F>
    void with_role(SelectRole role, F&& render) {
        SelectRole saved = role_;
        role_ = role;
        render();
        role_ = saved;
    }

    /// The FROM clauses of the SELECTs enclosing the one being rendered (for correlation).
    std::vector<std::vector<const FromClauseNode*>>& enclosing_froms() noexcept {
        return enclosing_froms_;
    }
    /// Computes the FROM list of a SELECT: explicit FROMs, plus the tables its columns and WHERE
    /// refer to, minus those covered by a join and those correlated with an enclosing query.
    std::vector<const FromClauseNode*> select_froms(const SelectNode& select);

    /// The name a FROM clause renders with: its own, or an anonymous `anon_N`.
    std::string_view from_name(const FromClauseNode& from);
    /// A unique label for an unnamed expression in a SELECT list.
    std::string anonymous_label(std::string_view base);

    /// Result columns are recorded while rendering the top-level SELECT list or RETURNING.
    bool recording_result_columns() const noexcept { return record_results_; }
    void add_result_column(ResultColumn column);
    void set_recording_result_columns(bool on) noexcept { record_results_ = on; }

    /// When true, columns render without their table name (compound ORDER BY, DDL, SET).
    bool unqualified_columns() const noexcept { return unqualified_columns_; }
    void set_unqualified_columns(bool on) noexcept { unqualified_columns_ = on; }

    /// Bits a dialect defines for itself, to pass a decision from a clause to the nodes rendered
    /// inside it (MySQL: whether the upsert's proposed row is spelled through a row alias).
    std::uint32_t dialect_state() const noexcept { return dialect_state_; }
    void set_dialect_state(std::uint32_t bits) noexcept { dialect_state_ = bits; }

    /// When true, bind parameters render as literals (DDL, which takes no parameters).
    bool literal_binds() const noexcept { return literal_binds_; }
    void set_literal_binds(bool on) noexcept { literal_binds_ = on; }

    /// CTEs of the statement in dependency order (collected before rendering the body).
    const std::vector<const SubqueryNode*>& ctes() const noexcept { return ctes_; }
    /// Renders `WITH [RECURSIVE] a AS (...), b AS (...) ` for the statement's CTEs, once.
    void render_with_clause();
    /// Whether `cte` is rendered in the WITH clause (references then render its name only).
    bool is_rendered_cte(const SubqueryNode& cte) const;

    const CompileOptions& options() const noexcept { return options_; }
    CompiledForm& form() noexcept { return *form_; }

    /// A slot of the form being built (dialects adjust expanding slots).
    ParameterSlot& slot(std::uint32_t index) { return form_->slots_[index]; }
    /// Marks the statement as an INSERT of one VALUES row (the engine may batch such rows).
    void mark_single_row_insert(std::uint32_t tuple_begin, std::uint32_t tuple_end) {
        form_->single_row_insert_ = true;
        form_->values_tuple_ = {tuple_begin, tuple_end};
    }
    void mark_implicit_returning() { form_->implicit_returning_ = true; }
    void mark_shaped_by_parameters() { form_->shaped_by_parameters_ = true; }

    /// The bind node's position in the gather walk.
    std::uint32_t bind_index(const BindParameterNode& bind) const;

  private:
    /// Adds a slot; a slot reusable by name (a named parameter) shares its `$n` / `:name` with an
    /// earlier slot of the same name.
    std::uint32_t add_slot(ParameterSlot slot, bool reusable_by_name);
    void collect_from_clauses_of(const SelectNode& select, std::vector<const FromClauseNode*>& out);
    void emit_site(std::uint32_t slot_index);
    void collect_ctes(const Node& node, std::vector<const Node*>& visiting);
    std::string unique_name(std::string_view base);

    const Dialect& dialect_;
    const GatherContext& gathered_;
    CompileOptions options_;
    std::shared_ptr<CompiledForm> form_;
    std::string& sql_;
    SelectRole role_ = SelectRole::TopLevel;
    BindContext bind_context_;
    bool record_results_ = false;
    bool literal_binds_ = false;
    bool unqualified_columns_ = false;
    std::uint32_t dialect_state_ = 0;
    bool with_rendered_ = false;
    std::vector<std::vector<const FromClauseNode*>> enclosing_froms_;
    std::vector<const SubqueryNode*> ctes_;
    std::vector<std::pair<const FromClauseNode*, std::string>> anonymous_froms_;
    // Few distinct bases per statement: a flat list beats a hash map's allocations.
    std::vector<std::pair<std::string, std::uint32_t>> name_counters_;
    std::vector<std::pair<std::string, std::uint32_t>> named_slots_;  // $n / :name reuse
};

/// Compiles a statement for a dialect (uncached).
///
///     auto c = compile(select(users.c("name")).where(users.c("id") == 5), sqlite_dialect());
///     // c.sql() == "SELECT users.name FROM users WHERE users.id = ?", c.parameters() == {5}
CompiledStatement compile(const Statement& statement, const Dialect& dialect,
                          CompileOptions options = {});

/// The statement's SQL with parameters inlined as literals, for logs and debugging only.
std::string to_literal_sql(const Statement& statement, const Dialect& dialect,
                           const Parameters& parameters = {});

/// Computes the structural cache key and gathers the bind nodes of a statement.
void gather(const Statement& statement, GatherContext& context,
            const Parameters* parameters = nullptr);

}  // namespace retort
