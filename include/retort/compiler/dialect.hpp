// Dialect: what a database accepts — capability flags kept as data, identifier quoting, and
// the rendering of each node kind, with standard SQL as the default that dialects override.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include <retort/sql/statement.hpp>

namespace retort {

class Compiler;

/// How placeholders are written.
enum class ParamStyle : std::uint8_t {
    Qmark,    ///< `?` (SQLite, MySQL)
    Numeric,  ///< `$1`, `$2` (PostgreSQL)
    Format,   ///< `%s` (a literal `%` is doubled)
    Named,    ///< `:name`
};

/// How a dialect spells an upsert.
enum class UpsertStyle : std::uint8_t { OnConflict, OnDuplicateKey };

/// Capability flags of a dialect, as data. The generic compiler consults them; a construct a
/// dialect lacks is a CompileError naming the construct and the dialect.
struct DialectCapabilities {
    std::string_view name;  ///< "sqlite", "postgresql", "mysql", "mariadb"
    ParamStyle paramstyle = ParamStyle::Qmark;
    char quote_open = '"';
    char quote_close = '"';
    std::size_t max_identifier_length = 0;  ///< 0: unlimited
    bool native_boolean = false;            ///< TRUE/FALSE literals rather than 1/0
    bool native_ilike = false;
    bool native_is_distinct_from = false;
    bool insert_returning = false;
    bool update_returning = false;
    bool delete_returning = false;
    bool multi_row_values = true;
    bool for_update = false;
    bool for_update_nowait = false;
    bool for_update_skip_locked = false;
    bool for_update_of = false;
    bool for_share = false;
    bool full_outer_join = true;
    bool lateral = false;
    bool intersect_except = true;
    bool intersect_except_all = true;
    bool distinct_on = false;
    bool nulls_ordering = false;  ///< native NULLS FIRST / LAST
    bool window_functions = true;
    bool common_table_expressions = true;  ///< WITH ... SELECT
    bool recursive_cte = true;
    bool cte_before_update_delete = true;  ///< WITH ... UPDATE / DELETE
    bool cte_before_insert = true;         ///< WITH ... INSERT ... VALUES
    bool aggregate_filter = false;         ///< FILTER (WHERE ...)
    bool update_from = false;              ///< UPDATE ... FROM
    bool multi_table_update = false;       ///< UPDATE a, b SET ...
    bool delete_using = false;             ///< DELETE ... USING (or MySQL's multi-table form)
    bool sequences = false;
    bool partial_indexes = false;
    bool identity_columns = false;
    bool native_enum = false;  ///< a named type (PostgreSQL) or inline ENUM(...) (MySQL)
    bool native_uuid = false;
    bool native_interval = false;
    bool comments = false;  ///< table and column comments in DDL
    bool create_index_if_not_exists = true;
    bool tuple_in = true;                        ///< (a, b) IN ((1, 2), ...)
    bool parenthesized_compound_members = true;  ///< (SELECT ... LIMIT 1) UNION ...
    bool offset_without_limit = true;            ///< OFFSET alone is valid
    /// Otherwise OFFSET goes with this LIMIT, the dialect's "no limit" value.
    std::string_view unbounded_limit = "-1";
    bool upsert = true;
    UpsertStyle upsert_style = UpsertStyle::OnConflict;
    bool upsert_where = true;               ///< DO UPDATE ... WHERE
    bool upsert_target_constraint = false;  ///< ON CONFLICT ON CONSTRAINT name
    /// The engine learns inserted keys through RETURNING rather than a last-insert id.
    bool implicit_returning = false;
    /// executemany of a single-row INSERT is faster as multi-row VALUES batches than as a loop.
    bool batch_insert_values = false;
    /// True when `lowercase_word` is reserved and must be quoted.
    bool (*is_reserved_word)(std::string_view lowercase_word) noexcept = nullptr;
};

/// A SQL dialect. The base class renders standard SQL; a database's dialect overrides what
/// differs. Dialects are immutable and shared between threads.
class Dialect {
  public:
    explicit Dialect(DialectCapabilities capabilities);
    virtual ~Dialect();
    Dialect(const Dialect&) = delete;
    Dialect& operator=(const Dialect&) = delete;

    const DialectCapabilities& capabilities() const noexcept { return caps_; }
    std::string_view name() const noexcept { return caps_.name; }
    /// A small number identifying this dialect instance (per-dialect caches use it).
    std::uint32_t id() const noexcept { return id_; }

    // --- identifiers
    /// SQLAlchemy's rule: quote reserved words, names with characters outside [a-z0-9_$],
    /// names starting with a digit or `$`, and names that are not all lower case.
    bool requires_quotes(std::string_view name) const;
    /// Appends `name`, quoted and escaped when needed; `cache` (optional) remembers the answer
    /// per dialect on a schema object.
    void append_identifier(std::string& out, std::string_view name,
                           std::atomic<std::uint32_t>* cache = nullptr) const;
    /// Appends `name` always quoted, with embedded quote characters doubled.
    void append_quoted(std::string& out, std::string_view name) const;

    // --- literals (DDL defaults, debugging output; never used for execution)
    /// Appends `value` as a SQL literal escaped for this dialect.
    virtual void append_literal(std::string& out, const Value& value) const;
    /// Appends a string literal with quotes doubled (and backslashes escaped where needed).
    virtual void append_string_literal(std::string& out, std::string_view text) const;

    // --- placeholders
    /// Appends the placeholder for positional parameter `number` (1-based) named `name`.
    void append_placeholder(std::string& out, std::size_t number, std::string_view name) const;
    /// The text that replaces an expanding IN list with no items (a false condition).
    virtual std::string_view empty_in_list(bool negated, std::size_t tuple_arity,
                                           std::string& scratch) const;

    // --- types
    /// The type name in DDL (`VARCHAR(50)`, `TIMESTAMP WITH TIME ZONE`), for a column when
    /// given (a CompileError when this dialect cannot store the type).
    virtual void append_type(std::string& out, const SqlType& type,
                             const ColumnNode* column = nullptr) const;
    /// The type name inside CAST(x AS ...).
    virtual void append_cast_type(std::string& out, const SqlType& type) const;

    // --- statements
    virtual void visit_select(const SelectNode& node, Compiler& c) const;
    virtual void visit_compound_select(const CompoundSelectNode& node, Compiler& c) const;
    virtual void visit_insert(const InsertNode& node, Compiler& c) const;
    virtual void visit_update(const UpdateNode& node, Compiler& c) const;
    virtual void visit_delete(const DeleteNode& node, Compiler& c) const;
    virtual void visit_text(const TextClauseNode& node, Compiler& c) const;
    virtual void visit_create_table(const TableDdlNode& node, Compiler& c) const;
    virtual void visit_drop_table(const TableDdlNode& node, Compiler& c) const;
    virtual void visit_create_index(const IndexDdlNode& node, Compiler& c) const;
    virtual void visit_drop_index(const IndexDdlNode& node, Compiler& c) const;
    virtual void visit_create_sequence(const SchemaObjectDdlNode& node, Compiler& c) const;
    virtual void visit_drop_sequence(const SchemaObjectDdlNode& node, Compiler& c) const;
    virtual void visit_create_enum_type(const SchemaObjectDdlNode& node, Compiler& c) const;
    virtual void visit_drop_enum_type(const SchemaObjectDdlNode& node, Compiler& c) const;

    // --- expressions
    virtual void visit_column(const ColumnNode& node, Compiler& c) const;
    virtual void visit_bind_parameter(const BindParameterNode& node, Compiler& c) const;
    virtual void visit_literal_column(const LiteralColumnNode& node, Compiler& c) const;
    virtual void visit_constant(const ConstantNode& node, Compiler& c) const;
    virtual void visit_binary(const BinaryNode& node, Compiler& c) const;
    virtual void visit_unary(const UnaryNode& node, Compiler& c) const;
    virtual void visit_boolean_list(const BooleanListNode& node, Compiler& c) const;
    virtual void visit_grouping(const GroupingNode& node, Compiler& c) const;
    virtual void visit_tuple(const TupleNode& node, Compiler& c) const;
    virtual void visit_in(const InNode& node, Compiler& c) const;
    virtual void visit_between(const BetweenNode& node, Compiler& c) const;
    virtual void visit_case(const CaseNode& node, Compiler& c) const;
    virtual void visit_cast(const CastNode& node, Compiler& c) const;
    virtual void visit_function(const FunctionNode& node, Compiler& c) const;
    virtual void visit_label(const LabelNode& node, Compiler& c) const;
    virtual void visit_over(const OverNode& node, Compiler& c) const;
    virtual void visit_collate(const CollateNode& node, Compiler& c) const;
    virtual void visit_subquery_expression(const SubqueryExpressionNode& node, Compiler& c) const;
    virtual void visit_excluded(const ExcludedNode& node, Compiler& c) const;
    virtual void visit_ordering(const OrderingNode& node, Compiler& c) const;
    virtual void visit_text_expression(const TextExpressionNode& node, Compiler& c) const;

    // --- FROM clauses
    virtual void visit_table(const TableNode& node, Compiler& c) const;
    virtual void visit_alias(const AliasNode& node, Compiler& c) const;
    virtual void visit_subquery(const SubqueryNode& node, Compiler& c) const;
    virtual void visit_join(const JoinNode& node, Compiler& c) const;

    // --- pieces dialects commonly override
    /// LIMIT / OFFSET (either may be null).
    virtual void render_limit_offset(const ExpressionPtr& limit, const ExpressionPtr& offset,
                                     Compiler& c) const;
    virtual void render_for_update(const ForUpdate& options, Compiler& c) const;
    /// `a ILIKE b`.
    virtual void render_ilike(const BinaryNode& node, Compiler& c) const;
    /// `a || b`.
    virtual void render_concat(const BinaryNode& node, Compiler& c) const;
    /// `a IS [NOT] DISTINCT FROM b`.
    virtual void render_is_distinct_from(const BinaryNode& node, Compiler& c) const;
    /// TRUE / FALSE (or 1 / 0).
    virtual void render_boolean(bool value, Compiler& c) const;
    /// The name of a function, for functions a dialect spells differently (now() on SQLite).
    /// Returns true when it rendered the whole call itself.
    virtual bool render_function_special(const FunctionNode& node, Compiler& c) const;
    /// RETURNING ... (the flag check happens before).
    virtual void render_returning(const std::vector<ExpressionPtr>& columns, Compiler& c) const;
    /// The upsert clause after VALUES.
    virtual void render_on_conflict(const InsertNode& node, Compiler& c) const;
    /// One column definition inside CREATE TABLE.
    virtual void render_column_definition(const TableNode& table, const ColumnNode& column,
                                          Compiler& c) const;
    /// The value after DEFAULT in a column definition: values and raw SQL as they are, SQL
    /// expressions parenthesized where the dialect's grammar requires it.
    virtual void render_server_default(const ExpressionNode& value, Compiler& c) const;
    /// One item of CREATE INDEX (...): a column as it is, an expression parenthesized where the
    /// dialect's grammar requires it.
    virtual void render_index_expression(const ExpressionNode& expression, Compiler& c) const;
    /// The collation name after COLLATE in a column definition.
    virtual void append_collation(std::string& out, std::string_view collation) const;
    /// Whether the primary key is declared on its column (SQLite's INTEGER PRIMARY KEY
    /// AUTOINCREMENT) rather than as a table constraint.
    virtual bool primary_key_inline(const TableNode& table) const;
    /// Table options after the closing parenthesis of CREATE TABLE.
    virtual void render_table_options(const TableNode& table, Compiler& c) const;
    /// `x ASC NULLS FIRST` and friends (emulated where NULLS FIRST/LAST is missing).
    virtual void render_ordering_nulls(const OrderingNode& node, Compiler& c) const;
    /// DEFAULT VALUES insert.
    virtual void render_default_values(const InsertNode& node, Compiler& c) const;
    /// The extra tables of UPDATE ... FROM.
    virtual void render_update_from(const UpdateNode& node,
                                    const std::vector<const FromClauseNode*>& extra,
                                    Compiler& c) const;
    /// The extra tables of DELETE ... USING.
    virtual void render_delete_using(const DeleteNode& node,
                                     const std::vector<const FromClauseNode*>& extra,
                                     Compiler& c) const;

    /// Throws CompileError "<construct> is not supported by the <dialect> dialect[: hint]".
    [[noreturn]] void unsupported(std::string_view construct, std::string_view hint = {}) const;

  private:
    DialectCapabilities caps_;
    std::uint32_t id_;
};

/// The most recently compiled dialects are looked up by id in per-object caches; ids above this
/// bound still work, just without those caches.
inline constexpr std::uint32_t kMaxCachedDialects = 16;

}  // namespace retort
