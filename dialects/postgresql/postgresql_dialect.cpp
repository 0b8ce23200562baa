// PostgreSQL's rendering: what differs from standard SQL (types, SERIAL and identity columns,
// row-locking modes, quoted collations, COMMENT ON statements, bytea and interval literals).
#include <retort/compiler/compiler.hpp>
#include <retort/compiler/reserved_words.hpp>
#include <retort/dialects/postgresql.hpp>
#include <retort/errors.hpp>

namespace retort {

namespace {
DialectCapabilities postgresql_capabilities() {
    DialectCapabilities caps;
    caps.name = "postgresql";
    caps.paramstyle = ParamStyle::Numeric;
    caps.quote_open = caps.quote_close = '"';
    caps.max_identifier_length = 63;
    caps.native_boolean = true;
    caps.native_ilike = true;
    caps.native_is_distinct_from = true;
    caps.insert_returning = caps.update_returning = caps.delete_returning = true;
    caps.multi_row_values = true;
    caps.for_update = caps.for_update_nowait = caps.for_update_skip_locked = true;
    caps.for_update_of = caps.for_share = true;
    caps.full_outer_join = true;
    caps.lateral = true;
    caps.intersect_except = caps.intersect_except_all = true;
    caps.distinct_on = true;
    caps.nulls_ordering = true;
    caps.window_functions = true;
    caps.recursive_cte = true;
    caps.aggregate_filter = true;
    caps.update_from = true;
    caps.multi_table_update = false;
    caps.delete_using = true;
    caps.sequences = true;
    caps.partial_indexes = true;
    caps.identity_columns = true;
    caps.native_enum = true;
    caps.native_uuid = true;
    caps.native_interval = true;
    caps.comments = true;
    caps.create_index_if_not_exists = true;
    caps.tuple_in = true;
    caps.parenthesized_compound_members = true;
    caps.offset_without_limit = true;
    caps.upsert = true;
    caps.upsert_style = UpsertStyle::OnConflict;
    caps.upsert_where = true;
    caps.upsert_target_constraint = true;
    caps.implicit_returning = true;
    caps.batch_insert_values = true;
    caps.is_reserved_word = &compiler::is_postgresql_reserved_word;
    return caps;
}
constexpr char kHex[] = "0123456789abcdef";
}  // namespace

PostgresqlDialect::PostgresqlDialect() : Dialect(postgresql_capabilities()) {}

const Dialect& postgresql_dialect() {
    static const PostgresqlDialect dialect;
    return dialect;
}

void PostgresqlDialect::append_literal(std::string& out, const Value& value) const {
    if (auto* bytes = value.get_if<Bytes>()) {
        out += "'\\x";
        for (auto b : *bytes) {
            out.push_back(kHex[b >> 4]);
            out.push_back(kHex[b & 15]);
        }
        out += "'::bytea";
        return;
    }
    if (auto* interval = value.get_if<IntervalValue>()) {
        out += "'" + std::to_string(interval->months) + " months " +
               std::to_string(interval->days) + " days " + std::to_string(interval->microseconds) +
               " microseconds'::interval";
        return;
    }
    Dialect::append_literal(out, value);
}

std::string_view PostgresqlDialect::empty_in_list(bool negated, std::size_t tuple_arity,
                                                  std::string& scratch) const {
    // SQLAlchemy's form: the marker sits inside `IN (...)`, so this closes and reopens it.
    if (tuple_arity == 0) return negated ? "NULL) OR (1 = 1" : "NULL) AND (1 != 1";
    std::string nulls = "(";
    for (std::size_t i = 0; i < tuple_arity; ++i)
        nulls += i ? ", NULL" : "NULL";
    nulls += ")";
    scratch = nulls + (negated ? ") OR (1 = 1" : ") AND (1 != 1");
    return scratch;
}

void PostgresqlDialect::append_type(std::string& out, const SqlType& type,
                                    const ColumnNode* column) const {
    switch (type.kind) {
        case TypeKind::DateTime:
            out += type.timezone ? "TIMESTAMP WITH TIME ZONE" : "TIMESTAMP WITHOUT TIME ZONE";
            return;
        case TypeKind::Time:
            out += type.timezone ? "TIME WITH TIME ZONE" : "TIME WITHOUT TIME ZONE";
            return;
        case TypeKind::LargeBinary:
            out += "BYTEA";
            return;
        case TypeKind::Enum:
            if (!type.enumeration || type.enumeration->name.empty())
                throw CompileError("an Enum needs a type name on the postgresql dialect");
            append_identifier(out, type.enumeration->name);
            return;
        default:
            Dialect::append_type(out, type, column);
    }
}

void PostgresqlDialect::render_for_update(const ForUpdate& f, Compiler& c) const {
    switch (f.mode) {
        case ForUpdate::Mode::Update:
            c.append(" FOR UPDATE");
            break;
        case ForUpdate::Mode::Share:
            c.append(" FOR SHARE");
            break;
        case ForUpdate::Mode::NoKeyUpdate:
            c.append(" FOR NO KEY UPDATE");
            break;
        case ForUpdate::Mode::KeyShare:
            c.append(" FOR KEY SHARE");
            break;
    }
    if (!f.of.empty()) {
        c.append(" OF ");
        for (std::size_t i = 0; i < f.of.size(); ++i) {
            if (i) c.append(", ");
            c.append_identifier(c.from_name(*f.of[i].node()), &f.of[i].node()->name_quote_cache());
        }
    }
    if (f.nowait) c.append(" NOWAIT");
    if (f.skip_locked) c.append(" SKIP LOCKED");
}

void PostgresqlDialect::visit_collate(const CollateNode& node, Compiler& c) const {
    // PostgreSQL collation names are identifiers ("C", "en_US"): quoted as identifiers.
    c.process_operand(*node.element(), Operator::Negate, false);
    c.append(" COLLATE ");
    append_collation(c.buffer(), node.collation());
}

void PostgresqlDialect::append_collation(std::string& out, std::string_view collation) const {
    // Unquoted, `C` would be folded to the unknown collation `c`.
    append_identifier(out, collation);
}

void PostgresqlDialect::render_column_definition(const TableNode& table, const ColumnNode& column,
                                                 Compiler& c) const {
    const auto& s = column.schema();
    if (&column != table.autoincrement_column() || s.sequence) {
        Dialect::render_column_definition(table, column, c);
        return;
    }
    c.append_identifier(column.name(), &column.quote_cache());
    c.append(' ');
    if (s.identity) {
        append_type(c.buffer(), column.type(), &column);
        c.append(s.identity->always ? " GENERATED ALWAYS AS IDENTITY"
                                    : " GENERATED BY DEFAULT AS IDENTITY");
        if (s.identity->start || s.identity->increment) {
            c.append(" (");
            if (s.identity->start) {
                c.append("START WITH ");
                c.append_integer(*s.identity->start);
            }
            if (s.identity->increment) {
                if (s.identity->start) c.append(' ');
                c.append("INCREMENT BY ");
                c.append_integer(*s.identity->increment);
            }
            c.append(')');
        }
    } else {
        // As SQLAlchemy does: the integer autoincrement key becomes SERIAL.
        switch (column.type().kind) {
            case TypeKind::BigInteger:
                c.append("BIGSERIAL");
                break;
            case TypeKind::SmallInteger:
                c.append("SMALLSERIAL");
                break;
            default:
                c.append("SERIAL");
                break;
        }
    }
    c.append(" NOT NULL");
}

void PostgresqlDialect::visit_create_table(const TableDdlNode& node, Compiler& c) const {
    Dialect::visit_create_table(node, c);
    // Comments are separate statements on PostgreSQL; DDL without parameters runs as a script.
    const TableNode& table = *node.table;
    if (!table.comment().empty()) {
        c.append("; COMMENT ON TABLE ");
        visit_table(table, c);
        c.append(" IS ");
        append_string_literal(c.buffer(), table.comment());
    }
    for (const ColumnNode* column : table.columns()) {
        if (column->schema().comment.empty()) continue;
        c.append("; COMMENT ON COLUMN ");
        visit_table(table, c);
        c.append('.');
        c.append_identifier(column->name(), &column->quote_cache());
        c.append(" IS ");
        append_string_literal(c.buffer(), column->schema().comment);
    }
}

}  // namespace retort
