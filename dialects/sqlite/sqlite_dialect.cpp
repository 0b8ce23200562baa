// SQLite's rendering: what differs from standard SQL (types, OFFSET without LIMIT, IS / IS NOT
// for distinctness, CURRENT_TIMESTAMP for now(), rowid primary keys).
#include <retort/compiler/compiler.hpp>
#include <retort/compiler/reserved_words.hpp>
#include <retort/dialects/sqlite.hpp>

namespace retort {

namespace {
DialectCapabilities sqlite_capabilities() {
    DialectCapabilities caps;
    caps.name = "sqlite";
    caps.paramstyle = ParamStyle::Qmark;
    caps.quote_open = caps.quote_close = '"';
    caps.native_boolean = false;
    caps.native_ilike = false;
    caps.native_is_distinct_from = false;
    caps.insert_returning = caps.update_returning = caps.delete_returning = true;
    caps.multi_row_values = true;
    caps.for_update = false;
    caps.full_outer_join = true;
    caps.lateral = false;
    caps.intersect_except = true;
    caps.intersect_except_all = false;
    caps.distinct_on = false;
    caps.nulls_ordering = true;
    caps.window_functions = true;
    caps.recursive_cte = true;
    caps.aggregate_filter = true;
    caps.update_from = true;
    caps.multi_table_update = false;
    caps.delete_using = false;
    caps.sequences = false;
    caps.partial_indexes = true;
    caps.identity_columns = false;
    caps.native_enum = false;
    caps.native_uuid = false;
    caps.native_interval = false;
    caps.comments = false;
    caps.create_index_if_not_exists = true;
    caps.tuple_in = true;
    caps.parenthesized_compound_members = false;
    caps.offset_without_limit = false;
    caps.unbounded_limit = "-1";  // SQLite has no OFFSET without LIMIT; -1 means no limit.
    caps.upsert = true;
    caps.upsert_style = UpsertStyle::OnConflict;
    caps.upsert_where = true;
    caps.upsert_target_constraint = false;
    caps.is_reserved_word = &compiler::is_sqlite_reserved_word;
    return caps;
}

bool autoincrement_keyword(const TableNode& table) {
    return table.option("sqlite_autoincrement") == "true";
}
}  // namespace

SqliteDialect::SqliteDialect() : Dialect(sqlite_capabilities()) {}

const Dialect& sqlite_dialect() {
    static const SqliteDialect dialect;
    return dialect;
}

void SqliteDialect::append_type(std::string& out, const SqlType& type,
                                const ColumnNode* column) const {
    switch (type.kind) {
        case TypeKind::DateTime:
            out += "DATETIME";
            return;
        case TypeKind::Time:
            out += "TIME";
            return;
        case TypeKind::Double:
            out += "DOUBLE";
            return;
        default:
            Dialect::append_type(out, type, column);
    }
}

void SqliteDialect::render_is_distinct_from(const BinaryNode& node, Compiler& c) const {
    // SQLite's IS / IS NOT compare NULLs as values: exactly IS [NOT] DISTINCT FROM.
    c.process_operand(*node.left(), node.op(), false);
    c.append(node.op() == Operator::IsDistinctFrom ? " IS NOT " : " IS ");
    c.process_operand(*node.right(), node.op(), true);
}

bool SqliteDialect::render_function_special(const FunctionNode& node, Compiler& c) const {
    if (node.name() == "now" && node.arguments().empty()) {
        c.append("CURRENT_TIMESTAMP");
        return true;
    }
    return false;
}

void SqliteDialect::render_column_definition(const TableNode& table, const ColumnNode& column,
                                             Compiler& c) const {
    if (&column != table.autoincrement_column()) {
        Dialect::render_column_definition(table, column, c);
        return;
    }
    // Only a column declared exactly INTEGER becomes the rowid alias that SQLite fills itself.
    c.append_identifier(column.name(), &column.quote_cache());
    c.append(" INTEGER NOT NULL");
    if (autoincrement_keyword(table)) c.append(" PRIMARY KEY AUTOINCREMENT");
}

void SqliteDialect::render_server_default(const ExpressionNode& value, Compiler& c) const {
    // SQLite's DEFAULT takes a literal or a parenthesized expression (as SQLAlchemy renders it).
    switch (value.kind()) {
        case NodeKind::BindParameter:
        case NodeKind::Null:
        case NodeKind::True:
        case NodeKind::False:
        case NodeKind::LiteralColumn:
        case NodeKind::TextExpression:
            c.process(value);
            break;
        default:
            c.append('(');
            c.process(value);
            c.append(')');
    }
}

namespace {
/// Whether the SQL of `source` ends with its FROM list, where SQLite would read a following
/// `ON CONFLICT` as the ON of a join.
bool ends_with_from_list(const Node& source) {
    if (source.kind() == NodeKind::CompoundSelect) {
        auto& compound = static_cast<const CompoundSelectNode&>(source);
        if (!compound.order_by.empty() || compound.limit || compound.offset) return false;
        return ends_with_from_list(*compound.selects.back());
    }
    if (source.kind() != NodeKind::Select) return false;
    auto& s = static_cast<const SelectNode&>(source);
    return !s.where && s.group_by.empty() && !s.having && s.order_by.empty() && !s.limit &&
           !s.offset && !s.for_update;
}
}  // namespace

void SqliteDialect::render_on_conflict(const InsertNode& node, Compiler& c) const {
    // SQLite's documented workaround for INSERT ... SELECT with an upsert: give the SELECT a
    // WHERE clause, so that ON CONFLICT cannot be parsed as a join's ON.
    if (node.on_conflict && node.from_select && ends_with_from_list(*node.from_select))
        c.append(" WHERE 1");
    Dialect::render_on_conflict(node, c);
}

bool SqliteDialect::primary_key_inline(const TableNode& table) const {
    return autoincrement_keyword(table) && table.autoincrement_column();
}

void SqliteDialect::render_table_options(const TableNode& table, Compiler& c) const {
    if (table.option("sqlite_with_rowid") == "false") c.append(" WITHOUT ROWID");
}

}  // namespace retort
