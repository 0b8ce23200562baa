// MySQL's and MariaDB's rendering: feature flags by flavor and version, ON DUPLICATE KEY UPDATE
// for the portable upsert (refusing what it cannot express), NULLS FIRST/LAST emulation, and
// MySQL's type, cast and literal spellings.
#include <retort/compiler/compiler.hpp>
#include <retort/compiler/reserved_words.hpp>
#include <retort/dialects/mysql.hpp>
#include <retort/errors.hpp>

#include <algorithm>

namespace retort {

namespace {
bool at_least(const MySqlDialectOptions& o, int major, int minor, int patch = 0) {
    if (o.major != major) return o.major > major;
    if (o.minor != minor) return o.minor > minor;
    return o.patch >= patch;
}

DialectCapabilities mysql_capabilities(const MySqlDialectOptions& o) {
    const bool maria = o.mariadb;
    DialectCapabilities caps;
    caps.name = "mysql";
    caps.paramstyle = ParamStyle::Qmark;
    caps.quote_open = caps.quote_close = '`';
    caps.max_identifier_length = 64;
    caps.native_boolean = false;
    caps.native_ilike = false;
    caps.native_is_distinct_from = false;
    caps.insert_returning = maria && at_least(o, 10, 5);
    caps.update_returning = false;
    caps.delete_returning = maria && at_least(o, 10, 0, 5);
    caps.multi_row_values = true;
    caps.for_update = true;
    caps.for_update_nowait = maria ? at_least(o, 10, 3) : at_least(o, 8, 0, 1);
    caps.for_update_skip_locked = maria ? at_least(o, 10, 6) : at_least(o, 8, 0, 1);
    caps.for_update_of = !maria && at_least(o, 8, 0, 1);
    caps.for_share = true;
    caps.full_outer_join = false;
    caps.lateral = !maria && at_least(o, 8, 0, 14);
    caps.intersect_except = maria ? at_least(o, 10, 3) : at_least(o, 8, 0, 31);
    caps.intersect_except_all = maria ? at_least(o, 10, 5) : at_least(o, 8, 0, 31);
    caps.distinct_on = false;
    caps.nulls_ordering = false;  // emulated with `x IS NULL` ordering terms
    caps.window_functions = maria ? at_least(o, 10, 2) : at_least(o, 8, 0);
    caps.common_table_expressions = maria ? at_least(o, 10, 2) : at_least(o, 8, 0);
    caps.recursive_cte = caps.common_table_expressions;
    // MySQL 8 allows WITH before UPDATE and DELETE; MariaDB only before SELECT. Neither allows
    // it before INSERT (INSERT ... WITH ... SELECT is the form both take).
    caps.cte_before_update_delete = !maria && at_least(o, 8, 0);
    caps.cte_before_insert = false;
    caps.aggregate_filter = false;
    caps.update_from = false;
    caps.multi_table_update = true;
    caps.delete_using = true;
    caps.sequences = false;
    caps.partial_indexes = false;
    caps.identity_columns = false;
    caps.native_enum = true;
    caps.native_uuid = false;
    caps.native_interval = false;
    caps.comments = true;
    caps.create_index_if_not_exists = maria;
    caps.tuple_in = true;
    caps.parenthesized_compound_members = true;
    caps.offset_without_limit = false;
    caps.unbounded_limit = "18446744073709551615";  // MySQL has no OFFSET without LIMIT; its manual
                                                    // suggests the largest unsigned value.
    caps.upsert = true;
    caps.upsert_style = UpsertStyle::OnDuplicateKey;
    caps.upsert_where = false;
    caps.upsert_target_constraint = false;
    caps.batch_insert_values = true;
    caps.is_reserved_word =
        maria ? &compiler::is_mariadb_reserved_word : &compiler::is_mysql_reserved_word;
    return caps;
}

const ColumnNode* as_column(const ExpressionNode& e) {
    return e.kind() == NodeKind::Column ? static_cast<const ColumnNode*>(&e) : nullptr;
}

void collect_concat_operands(const ExpressionNode& node, std::vector<const ExpressionNode*>& out) {
    if (node.kind() == NodeKind::Binary &&
        static_cast<const BinaryNode&>(node).op() == Operator::Concat) {
        auto& b = static_cast<const BinaryNode&>(node);
        collect_concat_operands(*b.left(), out);
        collect_concat_operands(*b.right(), out);
    } else {
        out.push_back(&node);
    }
}

std::string column_list(const std::vector<const ColumnNode*>& columns) {
    std::string out = "(";
    for (std::size_t i = 0; i < columns.size(); ++i)
        out += (i ? ", " : "") + columns[i]->name();
    return out + ")";
}

/// Compiler::dialect_state() bit: ON DUPLICATE KEY UPDATE refers to the proposed row as `new.c`.
constexpr std::uint32_t kRowAliasState = 1u;

bool same_columns(std::vector<const ColumnNode*> a, std::vector<const ColumnNode*> b) {
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    return a == b;
}
}  // namespace

MySqlDialect::MySqlDialect(MySqlDialectOptions options)
    : Dialect(mysql_capabilities(options)), options_(options) {}

bool MySqlDialect::uses_row_alias() const noexcept {
    return !options_.mariadb && at_least(options_, 8, 0, 19);
}

const Dialect& mysql_dialect() {
    // 8.0.18: the 8.0 feature set (NOWAIT, SKIP LOCKED, OF, LATERAL) with upserts still spelled
    // VALUES(c), which 8.0.20 deprecates in favour of the 8.0.19 row alias.
    static const MySqlDialect dialect(MySqlDialectOptions{false, 8, 0, 18});
    return dialect;
}

const Dialect& mariadb_dialect() {
    static const MySqlDialect dialect(MySqlDialectOptions{true, 10, 11, 0});
    return dialect;
}

std::shared_ptr<const MySqlDialect> make_mysql_dialect(MySqlDialectOptions options) {
    return std::make_shared<const MySqlDialect>(options);
}

void MySqlDialect::append_string_literal(std::string& out, std::string_view text) const {
    // With MySQL's default sql_mode a backslash escapes inside strings, so it is doubled too.
    out.push_back('\'');
    for (char c : text) {
        if (c == '\'' || c == '\\') out.push_back(c);
        out.push_back(c);
    }
    out.push_back('\'');
}

std::string_view MySqlDialect::empty_in_list(bool negated, std::size_t tuple_arity,
                                             std::string& scratch) const {
    if (tuple_arity == 0) return negated ? "NULL) OR (1 = 1" : "NULL) AND (1 != 1";
    std::string nulls = "(";
    for (std::size_t i = 0; i < tuple_arity; ++i)
        nulls += i ? ", NULL" : "NULL";
    scratch = nulls + ")" + (negated ? ") OR (1 = 1" : ") AND (1 != 1");
    return scratch;
}

void MySqlDialect::append_type(std::string& out, const SqlType& type,
                               const ColumnNode* column) const {
    switch (type.kind) {
        case TypeKind::Boolean:
            out += "BOOL";
            return;
        case TypeKind::Double:
            out += "DOUBLE";
            return;
        case TypeKind::String:
            if (!type.length)
                throw CompileError("VARCHAR requires a length on the mysql dialect (column '" +
                                   (column ? column->name() : std::string("?")) +
                                   "'): use String{n} or Text");
            out += "VARCHAR(" + std::to_string(type.length) + ")";
            return;
        // LONGTEXT / LONGBLOB: TEXT and BLOB stop at 64 KiB, which PostgreSQL and SQLite do not.
        case TypeKind::Text:
            out += "LONGTEXT";
            return;
        case TypeKind::LargeBinary:
            out += type.length ? "VARBINARY(" + std::to_string(type.length) + ")"
                               : std::string("LONGBLOB");
            return;
        // Microsecond precision, as the other databases keep.
        case TypeKind::DateTime:
            out += "DATETIME(6)";
            return;
        case TypeKind::Time:
            out += "TIME(6)";
            return;
        case TypeKind::Numeric:
            // An unconstrained NUMERIC would be DECIMAL(10, 0) on MySQL and lose the fraction.
            if (!type.precision) {
                out += "NUMERIC(65, 30)";
                return;
            }
            break;
        case TypeKind::Enum: {
            out += "ENUM(";
            if (type.enumeration)
                for (std::size_t i = 0; i < type.enumeration->labels.size(); ++i) {
                    if (i) out += ", ";
                    append_string_literal(out, type.enumeration->labels[i]);
                }
            out += ")";
            return;
        }
        default:
            break;
    }
    Dialect::append_type(out, type, column);
}

void MySqlDialect::append_cast_type(std::string& out, const SqlType& type) const {
    // CAST accepts only a few type names on MySQL.
    switch (type.kind) {
        case TypeKind::Integer:
        case TypeKind::SmallInteger:
        case TypeKind::BigInteger:
        case TypeKind::Boolean:
            out += "SIGNED INTEGER";
            return;
        case TypeKind::String:
        case TypeKind::Text:
        case TypeKind::Enum:
            out += type.length ? "CHAR(" + std::to_string(type.length) + ")" : std::string("CHAR");
            return;
        case TypeKind::Numeric:
            out += type.precision ? "DECIMAL(" + std::to_string(type.precision) + ", " +
                                        std::to_string(type.scale) + ")"
                                  : std::string("DECIMAL(65, 30)");
            return;
        case TypeKind::Float:
        case TypeKind::Double:
            out += "DOUBLE";
            return;
        case TypeKind::LargeBinary:
            out += "BINARY";
            return;
        case TypeKind::UUID:
            out += "CHAR(32)";
            return;
        default:
            append_type(out, type, nullptr);
    }
}

void MySqlDialect::render_for_update(const ForUpdate& f, Compiler& c) const {
    if (f.mode == ForUpdate::Mode::Share && options_.mariadb) {
        if (!f.of.empty() || f.nowait || f.skip_locked)
            unsupported("LOCK IN SHARE MODE with OF, NOWAIT or SKIP LOCKED");
        c.append(" LOCK IN SHARE MODE");
        return;
    }
    Dialect::render_for_update(f, c);
}

void MySqlDialect::render_concat(const BinaryNode& node, Compiler& c) const {
    // `||` means OR on MySQL; concat() takes any number of arguments.
    std::vector<const ExpressionNode*> operands;
    collect_concat_operands(node, operands);
    c.append("concat(");
    for (std::size_t i = 0; i < operands.size(); ++i) {
        if (i) c.append(", ");
        c.process(*operands[i]);
    }
    c.append(')');
}

void MySqlDialect::render_is_distinct_from(const BinaryNode& node, Compiler& c) const {
    // <=> is MySQL's NULL-safe equality.
    bool negate = node.op() == Operator::IsDistinctFrom;
    if (negate) c.append("NOT (");
    c.process_operand(*node.left(), Operator::Equal, false);
    c.append(" <=> ");
    c.process_operand(*node.right(), Operator::Equal, true);
    if (negate) c.append(')');
}

void MySqlDialect::render_ordering_nulls(const OrderingNode& node, Compiler& c) const {
    // MySQL sorts NULL first ascending and last descending; other placements take an extra
    // `x IS NULL` term in front.
    const bool descending = node.direction() == OrderingNode::Direction::Descending;
    const auto nulls = node.nulls();
    const bool needs_term = (nulls == OrderingNode::Nulls::Last && !descending) ||
                            (nulls == OrderingNode::Nulls::First && descending);
    if (needs_term) {
        c.process_operand(*node.element(), Operator::Is, false);
        c.append(descending ? " IS NULL DESC, " : " IS NULL, ");
    }
    if (node.element()->kind() == NodeKind::Label)
        c.append_identifier(static_cast<const LabelNode&>(*node.element()).name());
    else
        c.process(*node.element());
    if (node.direction() == OrderingNode::Direction::Ascending) c.append(" ASC");
    if (descending) c.append(" DESC");
}

void MySqlDialect::render_default_values(const InsertNode&, Compiler& c) const {
    c.append(" () VALUES ()");
}

void MySqlDialect::render_on_conflict(const InsertNode& node, Compiler& c) const {
    // INSERT ... SELECT has no VALUES row to alias: excluded() stays VALUES(c) there.
    const bool row_alias = uses_row_alias() && !node.from_select;
    auto render_set = [&](const std::vector<ColumnValue>& set) {
        if (row_alias) c.append(" AS new");
        c.append(" ON DUPLICATE KEY UPDATE ");
        const std::uint32_t saved = c.dialect_state();
        c.set_dialect_state(row_alias ? saved | kRowAliasState : saved & ~kRowAliasState);
        for (std::size_t i = 0; i < set.size(); ++i) {
            if (i) c.append(", ");
            c.append_identifier(set[i].column->name(), &set[i].column->quote_cache());
            c.append(" = ");
            c.column_value(*set[i].column, *set[i].value, 0, false);
        }
        c.set_dialect_state(saved);
    };
    if (!node.on_duplicate_key_update.empty()) {
        if (node.on_conflict)
            throw CompileError(
                "an INSERT cannot have both on_conflict() and on_duplicate_key_update()");
        render_set(node.on_duplicate_key_update);
        return;
    }
    if (!node.on_conflict) return;
    const OnConflict& oc = *node.on_conflict;
    const TableNode& table = *node.table;
    if (oc.where)
        unsupported("ON CONFLICT DO UPDATE ... WHERE", "ON DUPLICATE KEY UPDATE has no condition");
    if (oc.target_where) unsupported("ON CONFLICT on a partial index (index_where)");

    // The unique keys of the table; ON DUPLICATE KEY UPDATE fires on any of them.
    struct Key {
        std::string description;
        std::vector<const ColumnNode*> columns;
    };
    std::vector<Key> keys;
    if (!table.primary_key().empty())
        keys.push_back({"PRIMARY KEY " + column_list(table.primary_key()), table.primary_key()});
    for (const auto& u : table.unique_constraints())
        keys.push_back({(u.name.empty() ? std::string("UNIQUE ") : "UNIQUE " + u.name + " ") +
                            column_list(u.columns),
                        u.columns});
    for (const auto& index : table.indexes()) {
        if (!index->unique || index->where) continue;
        std::vector<const ColumnNode*> cols;
        for (const auto& e : index->expressions)
            if (auto* col = as_column(*e)) cols.push_back(col);
        if (cols.size() == index->expressions.size())
            keys.push_back({"UNIQUE INDEX " + index->name + " " + column_list(cols), cols});
    }

    std::vector<const ColumnNode*> target = oc.target_columns;
    if (!oc.constraint_name.empty()) {
        bool found = false;
        if (oc.constraint_name == table.primary_key_name()) {
            target = table.primary_key();
            found = true;
        }
        for (const auto& u : table.unique_constraints())
            if (!found && u.name == oc.constraint_name) {
                target = u.columns;
                found = true;
            }
        if (!found)
            unsupported("ON CONFLICT ON CONSTRAINT " + oc.constraint_name,
                        "table '" + table.key() + "' declares no unique constraint of that name");
    }

    if (!target.empty()) {
        const Key* matched = nullptr;
        for (const auto& k : keys)
            if (same_columns(k.columns, target)) matched = &k;
        if (!matched)
            unsupported("ON CONFLICT " + column_list(target),
                        "no unique key of table '" + table.key() + "' has exactly these columns");
        // Another unique key could also fire, unless it contains the auto-increment column and
        // the INSERT leaves that column to the database.
        const ColumnNode* autoinc = table.autoincrement_column();
        bool autoinc_given = false;
        if (autoinc) {
            if (!node.rows.empty()) {
                for (const auto& v : node.rows.front())
                    autoinc_given = autoinc_given || v.column == autoinc;
            } else if (node.from_select) {
                for (const auto* col : node.from_select_columns)
                    autoinc_given = autoinc_given || col == autoinc;
            } else if (c.options().parameters) {
                autoinc_given = c.options().parameters->contains(autoinc->name());
            }
        }
        for (const auto& k : keys) {
            if (&k == matched || same_columns(k.columns, target)) continue;
            bool harmless =
                autoinc && !autoinc_given &&
                std::find(k.columns.begin(), k.columns.end(), autoinc) != k.columns.end();
            if (!harmless)
                unsupported("ON CONFLICT " + column_list(target),
                            "ON DUPLICATE KEY UPDATE would also fire on " + k.description +
                                " of table '" + table.key() +
                                "'; use on_duplicate_key_update() to accept that");
        }
    }

    if (oc.action == OnConflict::Action::Nothing) {
        // A no-op assignment ignores exactly the duplicate-key conflict; INSERT IGNORE would also
        // turn other errors (truncation, foreign keys, NOT NULL) into warnings.
        const ColumnNode* first = !target.empty()                ? target.front()
                                  : !table.primary_key().empty() ? table.primary_key().front()
                                                                 : table.columns().front();
        c.append(" ON DUPLICATE KEY UPDATE ");
        c.append_identifier(first->name(), &first->quote_cache());
        c.append(" = ");
        c.append_identifier(first->name(), &first->quote_cache());
        return;
    }
    render_set(oc.set);
}

void MySqlDialect::visit_excluded(const ExcludedNode& node, Compiler& c) const {
    auto& column = static_cast<const ColumnNode&>(*node.column());
    if (c.dialect_state() & kRowAliasState) {
        c.append("new.");
        c.append_identifier(column.name(), &column.quote_cache());
    } else {
        c.append("VALUES(");
        c.append_identifier(column.name(), &column.quote_cache());
        c.append(')');
    }
}

void MySqlDialect::render_update_from(const UpdateNode&,
                                      const std::vector<const FromClauseNode*>& extra,
                                      Compiler& c) const {
    // Multi-table UPDATE: the extra tables follow the target, before SET.
    for (const auto* f : extra) {
        c.append(", ");
        c.process(*f);
    }
}

void MySqlDialect::render_delete_using(const DeleteNode& node,
                                       const std::vector<const FromClauseNode*>& extra,
                                       Compiler& c) const {
    // MySQL's form: DELETE FROM t USING t, other WHERE ...
    c.append(" USING ");
    visit_table(*node.table, c);
    for (const auto* f : extra) {
        c.append(", ");
        c.process(*f);
    }
}

void MySqlDialect::render_column_definition(const TableNode& table, const ColumnNode& column,
                                            Compiler& c) const {
    Dialect::render_column_definition(table, column, c);
    if (&column == table.autoincrement_column()) {
        if (column.schema().is_nullable()) c.append(" NOT NULL");
        c.append(" AUTO_INCREMENT");
    }
    if (!column.schema().comment.empty()) {
        c.append(" COMMENT ");
        append_string_literal(c.buffer(), column.schema().comment);
    }
}

void MySqlDialect::render_server_default(const ExpressionNode& value, Compiler& c) const {
    // A literal, raw SQL, or CURRENT_TIMESTAMP and its synonyms stand bare; any other expression
    // must be parenthesized (MySQL 8.0.13 and later, MariaDB 10.2 and later).
    bool bare = false;
    switch (value.kind()) {
        case NodeKind::BindParameter:
        case NodeKind::Null:
        case NodeKind::True:
        case NodeKind::False:
        case NodeKind::LiteralColumn:
        case NodeKind::TextExpression:
            bare = true;
            break;
        case NodeKind::Function: {
            auto& f = static_cast<const FunctionNode&>(value);
            std::string name = f.name();
            for (auto& ch : name)
                if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
            bare = f.arguments().empty() && (name == "now" || name == "current_timestamp" ||
                                             name == "localtime" || name == "localtimestamp");
            break;
        }
        default:
            break;
    }
    if (!bare) c.append('(');
    c.process(value);
    if (!bare) c.append(')');
}

void MySqlDialect::render_index_expression(const ExpressionNode& expression, Compiler& c) const {
    // A functional key part is written in parentheses: `CREATE INDEX ix ON t ((lower(a)))`.
    if (expression.kind() == NodeKind::Column) {
        c.process(expression);
        return;
    }
    c.append('(');
    c.process(expression);
    c.append(')');
}

void MySqlDialect::render_table_options(const TableNode& table, Compiler& c) const {
    if (auto engine = table.option("mysql_engine"); !engine.empty()) {
        c.append(" ENGINE=");
        c.append(engine);
    }
    if (auto charset = table.option("mysql_charset"); !charset.empty()) {
        c.append(" DEFAULT CHARSET=");
        c.append(charset);
    }
    if (auto collate = table.option("mysql_collate"); !collate.empty()) {
        c.append(" COLLATE=");
        c.append(collate);
    }
    if (!table.comment().empty()) {
        c.append(" COMMENT=");
        append_string_literal(c.buffer(), table.comment());
    }
}

void MySqlDialect::visit_drop_index(const IndexDdlNode& node, Compiler& c) const {
    c.append("DROP INDEX ");
    if (node.if_clause) {
        if (!options_.mariadb) unsupported("DROP INDEX IF EXISTS");
        c.append("IF EXISTS ");
    }
    c.append_identifier(node.index->name);
    c.append(" ON ");
    visit_table(*node.table, c);
}

}  // namespace retort
