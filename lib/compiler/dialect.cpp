// The base dialect: standard SQL for every node kind, identifier quoting by SQLAlchemy's rule,
// literal rendering for DDL and debugging, and loud CompileErrors for unsupported constructs.
#include <retort/compiler/compiler.hpp>
#include <retort/compiler/dialect.hpp>
#include <retort/errors.hpp>
#include <retort/sql/value_text.hpp>

#include <atomic>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace retort {

namespace {
std::atomic<std::uint32_t> next_dialect_id{0};

constexpr char kHex[] = "0123456789abcdef";

bool is_lower_legal(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
}

void append_number(std::string& out, std::int64_t v) {
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    (void)ec;
    out.append(buf, end);
}

bool is_ansi_function(std::string_view name) {
    // Functions SQL spells as keywords, without parentheses.
    return name == "current_timestamp" || name == "current_date" || name == "current_time" ||
           name == "localtime" || name == "localtimestamp" || name == "current_user" ||
           name == "session_user" || name == "user" || name == "CURRENT_TIMESTAMP" ||
           name == "CURRENT_DATE" || name == "CURRENT_TIME" || name == "LOCALTIME" ||
           name == "LOCALTIMESTAMP";
}

std::string upper(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return out;
}

const ColumnNode* as_column(const ExpressionNode& e) {
    return e.kind() == NodeKind::Column ? static_cast<const ColumnNode*>(&e) : nullptr;
}

void check_identifier_length(const Dialect& d, std::string_view name, std::string_view what) {
    std::size_t limit = d.capabilities().max_identifier_length;
    if (limit && name.size() > limit)
        throw CompileError(std::string(what) + " name '" + std::string(name) + "' is " +
                           std::to_string(name.size()) + " characters long; the " +
                           std::string(d.name()) + " dialect allows at most " +
                           std::to_string(limit));
}

/// Appends `text` doubling `%` when the paramstyle gives `%` a meaning.
void append_raw(Compiler& c, std::string_view text) {
    if (c.capabilities().paramstyle != ParamStyle::Format) {
        c.append(text);
        return;
    }
    for (char ch : text) {
        if (ch == '%') c.append('%');
        c.append(ch);
    }
}
}  // namespace

Dialect::Dialect(DialectCapabilities capabilities)
    : caps_(capabilities), id_(next_dialect_id.fetch_add(1, std::memory_order_relaxed)) {}

Dialect::~Dialect() = default;

void Dialect::unsupported(std::string_view construct, std::string_view hint) const {
    std::string message =
        std::string(construct) + " is not supported by the " + std::string(caps_.name) + " dialect";
    if (!hint.empty()) message += ": " + std::string(hint);
    throw CompileError(message);
}

// --- identifiers

bool Dialect::requires_quotes(std::string_view name) const {
    if (name.empty()) return true;
    if ((name[0] >= '0' && name[0] <= '9') || name[0] == '$') return true;
    for (char c : name)
        if (!is_lower_legal(c)) return true;  // upper case, spaces, quotes, non-ASCII
    return caps_.is_reserved_word && caps_.is_reserved_word(name);
}

void Dialect::append_quoted(std::string& out, std::string_view name) const {
    out.push_back(caps_.quote_open);
    const bool double_percent = caps_.paramstyle == ParamStyle::Format;
    for (char c : name) {
        // The quote is doubled; so is `%` where the paramstyle gives it a meaning.
        if (c == caps_.quote_close || (c == '%' && double_percent)) out.push_back(c);
        out.push_back(c);
    }
    out.push_back(caps_.quote_close);
}

void Dialect::append_identifier(std::string& out, std::string_view name,
                                std::atomic<std::uint32_t>* cache) const {
    bool quote;
    if (cache && id_ < kMaxCachedDialects) {
        const std::uint32_t known = 1u << (2 * id_), answer = 1u << (2 * id_ + 1);
        std::uint32_t bits = cache->load(std::memory_order_relaxed);
        if (bits & known) {
            quote = (bits & answer) != 0;
        } else {
            quote = requires_quotes(name);
            cache->fetch_or(known | (quote ? answer : 0u), std::memory_order_relaxed);
        }
    } else {
        quote = requires_quotes(name);
    }
    if (quote)
        append_quoted(out, name);
    else
        out.append(name);
}

// --- literals

void Dialect::append_string_literal(std::string& out, std::string_view text) const {
    out.push_back('\'');
    for (char c : text) {
        if (c == '\'') out.push_back('\'');
        out.push_back(c);
    }
    out.push_back('\'');
}

void Dialect::append_literal(std::string& out, const Value& value) const {
    std::visit(
        [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
                out += "NULL";
            } else if constexpr (std::is_same_v<T, bool>) {
                out += caps_.native_boolean ? (v ? "true" : "false") : (v ? "1" : "0");
            } else if constexpr (std::is_same_v<T, std::int64_t>) {
                append_number(out, v);
            } else if constexpr (std::is_same_v<T, double>) {
                if (!std::isfinite(v))
                    throw CompileError("cannot render a non-finite double as a SQL literal");
                // The shortest text that reads back as the same double: 0.1 stays 0.1 (which a
                // NUMERIC column would otherwise store as 0.10000000000000001), and 2.0 keeps
                // its fraction so it does not become an integer literal.
                char buf[32];
                auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
                (void)ec;
                std::string_view text(buf, static_cast<std::size_t>(end - buf));
                out += text;
                if (text.find_first_of(".e") == std::string_view::npos) out += ".0";
            } else if constexpr (std::is_same_v<T, std::string>) {
                append_string_literal(out, v);
            } else if constexpr (std::is_same_v<T, Bytes>) {
                out += "X'";
                for (auto b : v) {
                    out.push_back(kHex[b >> 4]);
                    out.push_back(kHex[b & 15]);
                }
                out += "'";
            } else if constexpr (std::is_same_v<T, std::chrono::year_month_day>) {
                out.push_back('\'');
                out += format_date(v);
                out.push_back('\'');
            } else if constexpr (std::is_same_v<T, TimeOfDay>) {
                out.push_back('\'');
                out += format_time(v);
                out.push_back('\'');
            } else if constexpr (std::is_same_v<T, Timestamp>) {
                out.push_back('\'');
                out += format_timestamp(v);
                out.push_back('\'');
            } else if constexpr (std::is_same_v<T, IntervalValue>) {
                if (v.months != 0)
                    throw CompileError("an interval with months cannot be stored by the " +
                                       std::string(caps_.name) + " dialect (no INTERVAL type)");
                append_number(out, v.days * 86400000000LL + v.microseconds);
            } else if constexpr (std::is_same_v<T, Decimal>) {
                out += v.text;
            } else if constexpr (std::is_same_v<T, Uuid>) {
                append_string_literal(out, caps_.native_uuid ? v.to_string() : v.to_hex());
            } else if constexpr (std::is_same_v<T, Json>) {
                append_string_literal(out, v.text);
            } else if constexpr (std::is_same_v<T, ValueList>) {
                out.push_back('(');
                if (v.items)
                    for (std::size_t i = 0; i < v.items->size(); ++i) {
                        if (i) out += ", ";
                        append_literal(out, (*v.items)[i]);
                    }
                out.push_back(')');
            }
        },
        value.storage());
}

// --- placeholders

void Dialect::append_placeholder(std::string& out, std::size_t number,
                                 std::string_view name) const {
    switch (caps_.paramstyle) {
        case ParamStyle::Qmark:
            out.push_back('?');
            break;
        case ParamStyle::Numeric:
            out.push_back('$');
            append_number(out, static_cast<std::int64_t>(number));
            break;
        case ParamStyle::Format:
            out += "%s";
            break;
        case ParamStyle::Named:
            out.push_back(':');
            out += name;
            break;
    }
}

std::string_view Dialect::empty_in_list(bool, std::size_t tuple_arity, std::string& scratch) const {
    // SQLAlchemy's form for databases that accept a subquery without FROM aliases.
    if (tuple_arity == 0) return "SELECT 1 FROM (SELECT 1) WHERE 1!=1";
    std::string ones;
    for (std::size_t i = 0; i < tuple_arity; ++i)
        ones += i ? ", 1" : "1";
    scratch = "SELECT " + ones + " FROM (SELECT " + ones + ") WHERE 1!=1";
    return scratch;
}

// --- types

void Dialect::append_type(std::string& out, const SqlType& type, const ColumnNode* column) const {
    switch (type.kind) {
        case TypeKind::Null:
            throw CompileError("column '" + (column ? column->name() : std::string("?")) +
                               "' has no type; DDL needs one");
        case TypeKind::Integer:
            out += "INTEGER";
            return;
        case TypeKind::SmallInteger:
            out += "SMALLINT";
            return;
        case TypeKind::BigInteger:
            out += "BIGINT";
            return;
        case TypeKind::Boolean:
            out += "BOOLEAN";
            return;
        case TypeKind::Float:
            out += "FLOAT";
            return;
        case TypeKind::Double:
            out += "DOUBLE PRECISION";
            return;
        case TypeKind::Numeric:
            out += "NUMERIC";
            if (type.precision) {
                out +=
                    "(" + std::to_string(type.precision) + ", " + std::to_string(type.scale) + ")";
            }
            return;
        case TypeKind::String:
            out += "VARCHAR";
            if (type.length) out += "(" + std::to_string(type.length) + ")";
            return;
        case TypeKind::Text:
            out += "TEXT";
            return;
        case TypeKind::Date:
            out += "DATE";
            return;
        case TypeKind::DateTime:
            out += type.timezone ? "TIMESTAMP WITH TIME ZONE" : "TIMESTAMP";
            return;
        case TypeKind::Time:
            out += type.timezone ? "TIME WITH TIME ZONE" : "TIME";
            return;
        case TypeKind::Interval:
            out += caps_.native_interval ? "INTERVAL" : "BIGINT";
            return;
        case TypeKind::LargeBinary:
            out += "BLOB";
            return;
        case TypeKind::JSON:
            out += "JSON";
            return;
        case TypeKind::UUID:
            out += caps_.native_uuid ? "UUID" : "CHAR(32)";
            return;
        case TypeKind::Enum: {
            std::size_t longest = 1;
            if (type.enumeration)
                for (const auto& label : type.enumeration->labels)
                    longest = std::max(longest, label.size());
            out += "VARCHAR(" + std::to_string(longest) + ")";
            return;
        }
    }
}

void Dialect::append_cast_type(std::string& out, const SqlType& type) const {
    append_type(out, type);
}

// --- statements

namespace {
void render_order_item(const ExpressionNode& item, Compiler& c) {
    if (item.kind() == NodeKind::Label) {
        c.append_identifier(static_cast<const LabelNode&>(item).name());
        return;
    }
    c.process(item);
}

void render_order_list(const std::vector<ExpressionPtr>& items, Compiler& c) {
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) c.append(", ");
        render_order_item(*items[i], c);
    }
}

bool member_needs_parentheses(const Node& member) {
    if (member.kind() == NodeKind::CompoundSelect) return true;
    if (member.kind() != NodeKind::Select) return false;
    auto& s = static_cast<const SelectNode&>(member);
    return !s.order_by.empty() || s.limit || s.offset;
}
}  // namespace

void Dialect::visit_select(const SelectNode& s, Compiler& c) const {
    using Role = Compiler::SelectRole;
    const Role role = c.select_role();
    if (role == Role::TopLevel || role == Role::InsertSource || role == Role::CompoundMember)
        c.render_with_clause();

    // The FROM list is decided first: nested subqueries in the columns correlate against it.
    // The list lives in enclosing_froms() (moved, not copied) while this SELECT renders; read it
    // by level since nested SELECTs may grow that stack.
    c.enclosing_froms().push_back(c.select_froms(s));
    const std::size_t level = c.enclosing_froms().size() - 1;
    const bool top = role == Role::TopLevel && c.recording_result_columns();

    c.append("SELECT ");
    if (!s.distinct_on.empty()) {
        if (!caps_.distinct_on) unsupported("DISTINCT ON", "use DISTINCT or a window function");
        c.append("DISTINCT ON (");
        c.process_list(s.distinct_on);
        c.append(") ");
    } else if (s.distinct) {
        c.append("DISTINCT ");
    }

    if (s.columns.empty()) throw CompileError("a SELECT needs at least one column");
    auto labels = select_column_labels(s, role != Role::TopLevel);
    bool saved_records = c.recording_result_columns();
    c.set_recording_result_columns(false);
    for (std::size_t i = 0; i < s.columns.size(); ++i) {
        if (i) c.append(", ");
        const ExpressionNode& column = *s.columns[i];
        if (column.kind() == NodeKind::Label) {
            c.process(*static_cast<const LabelNode&>(column).element());
        } else {
            c.process(column);
        }
        if (labels[i].needs_as) {
            c.append(" AS ");
            c.append_identifier(labels[i].name);
        }
        if (top) {
            const ColumnNode* base = as_column(column);
            c.add_result_column(
                {labels[i].name, column.type(), base ? base->base_column() : nullptr});
        }
    }

    if (const std::size_t from_count = c.enclosing_froms()[level].size(); from_count) {
        c.append(" FROM ");
        for (std::size_t i = 0; i < from_count; ++i) {
            if (i) c.append(", ");
            c.process(*c.enclosing_froms()[level][i]);
        }
    }
    if (s.where) {
        c.append(" WHERE ");
        c.process(*s.where);
    }
    if (!s.group_by.empty()) {
        c.append(" GROUP BY ");
        render_order_list(s.group_by, c);
    }
    if (s.having) {
        c.append(" HAVING ");
        c.process(*s.having);
    }
    if (!s.order_by.empty()) {
        c.append(" ORDER BY ");
        render_order_list(s.order_by, c);
    }
    if (s.limit || s.offset) render_limit_offset(s.limit, s.offset, c);
    if (s.for_update) render_for_update(*s.for_update, c);
    c.enclosing_froms().pop_back();
    c.set_recording_result_columns(saved_records);
}

void Dialect::render_limit_offset(const ExpressionPtr& limit, const ExpressionPtr& offset,
                                  Compiler& c) const {
    if (!limit && offset && !caps_.offset_without_limit) {
        c.append(" LIMIT ");
        c.append(caps_.unbounded_limit);
        c.append(" OFFSET ");
        c.process(*offset);
        return;
    }
    if (limit) {
        c.append(" LIMIT ");
        c.process(*limit);
    }
    if (offset) {
        c.append(" OFFSET ");
        c.process(*offset);
    }
}

void Dialect::render_for_update(const ForUpdate& f, Compiler& c) const {
    if (!caps_.for_update) unsupported("FOR UPDATE");
    switch (f.mode) {
        case ForUpdate::Mode::Update:
            c.append(" FOR UPDATE");
            break;
        case ForUpdate::Mode::Share:
            if (!caps_.for_share) unsupported("FOR SHARE");
            c.append(" FOR SHARE");
            break;
        case ForUpdate::Mode::NoKeyUpdate:
            unsupported("FOR NO KEY UPDATE");
        case ForUpdate::Mode::KeyShare:
            unsupported("FOR KEY SHARE");
    }
    if (!f.of.empty()) {
        if (!caps_.for_update_of) unsupported("FOR UPDATE OF");
        c.append(" OF ");
        for (std::size_t i = 0; i < f.of.size(); ++i) {
            if (i) c.append(", ");
            c.append_identifier(c.from_name(*f.of[i].node()), &f.of[i].node()->name_quote_cache());
        }
    }
    if (f.nowait) {
        if (!caps_.for_update_nowait) unsupported("FOR UPDATE NOWAIT");
        c.append(" NOWAIT");
    }
    if (f.skip_locked) {
        if (!caps_.for_update_skip_locked) unsupported("FOR UPDATE SKIP LOCKED");
        c.append(" SKIP LOCKED");
    }
}

void Dialect::visit_compound_select(const CompoundSelectNode& node, Compiler& c) const {
    using Role = Compiler::SelectRole;
    const Role role = c.select_role();
    if (role == Role::TopLevel || role == Role::InsertSource) c.render_with_clause();
    using Op = CompoundSelectNode::Operation;
    if ((node.operation == Op::Intersect || node.operation == Op::Except) &&
        !caps_.intersect_except)
        unsupported(compound_operation_sql(node.operation));
    if ((node.operation == Op::IntersectAll || node.operation == Op::ExceptAll) &&
        !caps_.intersect_except_all)
        unsupported(compound_operation_sql(node.operation));
    if (role == Role::TopLevel && c.recording_result_columns()) {
        const Node& first = *node.selects.front();
        if (first.kind() == NodeKind::Select) {
            auto& s = static_cast<const SelectNode&>(first);
            auto labels = select_column_labels(s, false);
            for (std::size_t i = 0; i < s.columns.size(); ++i) {
                const ColumnNode* base = as_column(*s.columns[i]);
                c.add_result_column(
                    {labels[i].name, s.columns[i]->type(), base ? base->base_column() : nullptr});
            }
        } else {
            for (auto& [name, e] : exported_columns(first))
                c.add_result_column({name, e->type(), nullptr});
        }
    }
    bool saved_records = c.recording_result_columns();
    c.set_recording_result_columns(false);
    for (std::size_t i = 0; i < node.selects.size(); ++i) {
        if (i) {
            c.append(' ');
            c.append(compound_operation_sql(node.operation));
            c.append(' ');
        }
        const Node& member = *node.selects[i];
        bool parens = member_needs_parentheses(member);
        c.with_role(Role::CompoundMember, [&] {
            if (!parens) {
                c.process(member);
            } else if (caps_.parenthesized_compound_members) {
                c.append('(');
                c.process(member);
                c.append(')');
            } else {
                // SQLite does not accept parentheses around a compound member; a subquery works.
                c.append("SELECT * FROM (");
                c.process(member);
                c.append(')');
            }
        });
    }
    if (!node.order_by.empty()) {
        // ORDER BY of a compound names result columns, never table columns.
        c.append(" ORDER BY ");
        bool saved = c.unqualified_columns();
        c.set_unqualified_columns(true);
        render_order_list(node.order_by, c);
        c.set_unqualified_columns(saved);
    }
    if (node.limit || node.offset) render_limit_offset(node.limit, node.offset, c);
    c.set_recording_result_columns(saved_records);
}

namespace {
bool prefix_applies(const StatementPrefix& p, std::string_view dialect) {
    return p.dialect.empty() || p.dialect == dialect;
}

void render_returning_columns(const Dialect& d, const std::vector<ExpressionPtr>& columns,
                              bool allowed, std::string_view statement, Compiler& c) {
    if (columns.empty()) return;
    if (!allowed)
        d.unsupported(std::string("RETURNING on ") + std::string(statement),
                      "fetch the rows with a SELECT in the same transaction");
    d.render_returning(columns, c);
}

/// The table's columns that an INSERT fills from its client-side defaults.
bool has_client_default(const ColumnNode& c) {
    return c.schema().default_value.has_value();
}
}  // namespace

void Dialect::render_returning(const std::vector<ExpressionPtr>& columns, Compiler& c) const {
    c.append(" RETURNING ");
    bool top = c.recording_result_columns();
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (i) c.append(", ");
        const ExpressionNode& e = *columns[i];
        std::string name;
        if (e.kind() == NodeKind::Label) {
            auto& l = static_cast<const LabelNode&>(e);
            c.process(*l.element());
            c.append(" AS ");
            c.append_identifier(l.name());
            name = l.name();
        } else {
            c.process(e);
            if (auto* col = as_column(e))
                name = col->name();
            else
                name = "anon_" + std::to_string(i + 1);
        }
        if (top) {
            const ColumnNode* base = as_column(e);
            c.add_result_column({name, e.type(), base ? base->base_column() : nullptr});
        }
    }
}

void Dialect::visit_insert(const InsertNode& node, Compiler& c) const {
    const TableNode& table = *node.table;
    // CTEs used by VALUES, the upsert or RETURNING go in front; INSERT ... SELECT gives its WITH
    // to the SELECT.
    if (!node.from_select) {
        if (!c.ctes().empty() && !caps_.cte_before_insert)
            unsupported("WITH before INSERT", "select from the CTE with insert().from_select()");
        c.render_with_clause();
    }
    c.append("INSERT ");
    for (const auto& p : node.prefixes)
        if (prefix_applies(p, name())) {
            c.append(p.text);
            c.append(' ');
        }
    c.append("INTO ");
    visit_table(table, c);

    const bool saved_records = c.recording_result_columns();
    c.set_recording_result_columns(false);
    if (node.default_values) {
        render_default_values(node, c);
    } else if (node.from_select) {
        c.append(" (");
        for (std::size_t i = 0; i < node.from_select_columns.size(); ++i) {
            if (i) c.append(", ");
            c.append_identifier(node.from_select_columns[i]->name(),
                                &node.from_select_columns[i]->quote_cache());
        }
        c.append(") ");
        c.with_role(Compiler::SelectRole::InsertSource, [&] { c.process(*node.from_select); });
    } else {
        std::uint32_t tuple_begin = 0, tuple_end = 0;
        // Columns: the given ones (or those the execution parameters name), then columns whose
        // client-side default fills them, then PostgreSQL sequences; all in table order.
        enum class Fill : std::uint8_t { Given, Parameter, Default, Sequence };
        struct Target {
            const ColumnNode* column;
            Fill fill;
            std::size_t given_index;
        };
        std::vector<Target> targets;
        const std::vector<ColumnValue>* first_row =
            node.rows.empty() ? nullptr : &node.rows.front();
        const Parameters* params = c.options().parameters;
        for (const ColumnNode* column : table.columns()) {
            bool given = false;
            std::size_t index = 0;
            if (first_row) {
                for (std::size_t k = 0; k < first_row->size(); ++k)
                    if ((*first_row)[k].column == column) {
                        given = true;
                        index = k;
                    }
                if (given) {
                    targets.push_back({column, Fill::Given, index});
                    continue;
                }
            } else if (!params || params->contains(column->name())) {
                targets.push_back({column, Fill::Parameter, 0});
                continue;
            }
            if (has_client_default(*column)) {
                targets.push_back({column, Fill::Default, 0});
            } else if (column->schema().sequence && caps_.sequences &&
                       (!params || !params->contains(column->name()))) {
                targets.push_back({column, Fill::Sequence, 0});
            }
        }
        if (targets.empty()) {
            render_default_values(node, c);
        } else {
            c.append(" (");
            for (std::size_t i = 0; i < targets.size(); ++i) {
                if (i) c.append(", ");
                c.append_identifier(targets[i].column->name(), &targets[i].column->quote_cache());
            }
            c.append(") VALUES ");
            std::size_t row_count = std::max<std::size_t>(1, node.rows.size());
            if (row_count > 1 && !caps_.multi_row_values) unsupported("multi-row VALUES");
            for (std::size_t row = 0; row < row_count; ++row) {
                if (row) c.append(", ");
                tuple_begin = static_cast<std::uint32_t>(c.buffer().size());
                c.append('(');
                for (std::size_t i = 0; i < targets.size(); ++i) {
                    if (i) c.append(", ");
                    const Target& t = targets[i];
                    switch (t.fill) {
                        case Fill::Given:
                            c.column_value(*t.column, *node.rows[row][t.given_index].value,
                                           static_cast<std::uint32_t>(row), node.multi_row);
                            break;
                        case Fill::Parameter:
                            c.named_placeholder(t.column->name(), t.column->type());
                            c.mark_shaped_by_parameters();
                            break;
                        case Fill::Default: {
                            const ColumnDefault& d = *t.column->schema().default_value;
                            if (d.kind == ColumnDefault::Kind::Expression)
                                c.process(*d.expression);
                            else
                                c.default_placeholder(*t.column, SlotSource::ColumnDefault,
                                                      static_cast<std::uint32_t>(row));
                            break;
                        }
                        case Fill::Sequence: {
                            const auto& seq = *t.column->schema().sequence;
                            c.append("nextval('");
                            std::string qualified;
                            if (!seq.schema.empty()) {
                                append_identifier(qualified, seq.schema);
                                qualified.push_back('.');
                            }
                            append_identifier(qualified, seq.name);
                            for (char ch : qualified) {
                                if (ch == '\'') c.append('\'');
                                c.append(ch);
                            }
                            c.append("')");
                            break;
                        }
                    }
                }
                c.append(')');
                tuple_end = static_cast<std::uint32_t>(c.buffer().size());
            }
        }
        if (node.rows.size() <= 1 && tuple_end > tuple_begin && !node.on_conflict &&
            node.on_duplicate_key_update.empty())
            c.mark_single_row_insert(tuple_begin, tuple_end);
    }
    c.set_recording_result_columns(saved_records);
    render_on_conflict(node, c);
    render_returning_columns(*this, node.returning, caps_.insert_returning, "INSERT", c);
    if (c.options().implicit_returning && node.returning.empty() && node.rows.size() <= 1 &&
        !node.from_select && caps_.insert_returning && table.autoincrement_column()) {
        // The engine reads the generated key from this row; the user sees no rows.
        const ColumnNode& key = *table.autoincrement_column();
        c.append(" RETURNING ");
        c.append_identifier(key.name(), &key.quote_cache());
        c.mark_implicit_returning();
    }
}

void Dialect::render_default_values(const InsertNode&, Compiler& c) const {
    c.append(" DEFAULT VALUES");
}

void Dialect::render_on_conflict(const InsertNode& node, Compiler& c) const {
    if (!node.on_duplicate_key_update.empty())
        unsupported("ON DUPLICATE KEY UPDATE",
                    "it is MySQL syntax; use on_conflict() for a portable upsert");
    if (!node.on_conflict) return;
    if (!caps_.upsert) unsupported("ON CONFLICT");
    const OnConflict& oc = *node.on_conflict;
    c.append(" ON CONFLICT");
    bool saved = c.unqualified_columns();
    c.set_unqualified_columns(true);
    if (!oc.constraint_name.empty()) {
        if (!caps_.upsert_target_constraint)
            unsupported("ON CONFLICT ON CONSTRAINT", "name the columns instead");
        c.append(" ON CONSTRAINT ");
        c.append_identifier(oc.constraint_name);
    } else if (!oc.target_columns.empty()) {
        c.append(" (");
        for (std::size_t i = 0; i < oc.target_columns.size(); ++i) {
            if (i) c.append(", ");
            c.append_identifier(oc.target_columns[i]->name(), &oc.target_columns[i]->quote_cache());
        }
        c.append(')');
        if (oc.target_where) {
            c.append(" WHERE ");
            c.process(*oc.target_where);
        }
    }
    c.set_unqualified_columns(saved);
    if (oc.action == OnConflict::Action::Nothing) {
        c.append(" DO NOTHING");
        return;
    }
    c.append(" DO UPDATE SET ");
    for (std::size_t i = 0; i < oc.set.size(); ++i) {
        if (i) c.append(", ");
        c.append_identifier(oc.set[i].column->name(), &oc.set[i].column->quote_cache());
        c.append(" = ");
        c.column_value(*oc.set[i].column, *oc.set[i].value, 0, false);
    }
    if (oc.where) {
        if (!caps_.upsert_where) unsupported("ON CONFLICT DO UPDATE ... WHERE");
        c.append(" WHERE ");
        c.process(*oc.where);
    }
}

namespace {
/// Tables an UPDATE or DELETE involves besides its own: explicit ones and those its WHERE names.
std::vector<const FromClauseNode*> extra_froms(const TableNode& table,
                                               const std::vector<FromClausePtr>& explicit_froms,
                                               const ExpressionPtr& where) {
    std::vector<const FromClauseNode*> all;
    for (const auto& f : explicit_froms)
        all.push_back(f.get());
    if (where) collect_from_clauses(*where, all);
    std::vector<const FromClauseNode*> out;
    for (const auto* f : all) {
        if (f == &table || f->covers(&table)) continue;
        bool hidden = false;
        for (const auto* g : all)
            if (g != f && g->covers(f)) hidden = true;
        bool seen = false;
        for (const auto* o : out)
            seen = seen || o == f;
        if (!hidden && !seen) out.push_back(f);
    }
    return out;
}
}  // namespace

void Dialect::visit_update(const UpdateNode& node, Compiler& c) const {
    const TableNode& table = *node.table;
    if (!c.ctes().empty() && !caps_.cte_before_update_delete)
        unsupported("WITH before UPDATE", "use a subquery instead of the CTE");
    c.render_with_clause();
    auto extra = extra_froms(table, node.froms, node.where);
    c.append("UPDATE ");
    visit_table(table, c);
    if (!extra.empty() && caps_.multi_table_update) render_update_from(node, extra, c);

    std::vector<const FromClauseNode*> scope{&table};
    scope.insert(scope.end(), extra.begin(), extra.end());
    c.enclosing_froms().push_back(scope);
    const bool saved_records = c.recording_result_columns();
    c.set_recording_result_columns(false);

    c.append(" SET ");
    // Multi-table UPDATE qualifies SET targets; otherwise the target is the table itself.
    const bool qualify = !extra.empty() && caps_.multi_table_update;
    auto set_target = [&](const ColumnNode& column) {
        if (qualify) {
            visit_table(table, c);
            c.append('.');
        }
        c.append_identifier(column.name(), &column.quote_cache());
        c.append(" = ");
    };
    std::size_t count = 0;
    for (const auto& v : node.set) {
        if (count++) c.append(", ");
        set_target(*v.column);
        c.column_value(*v.column, *v.value, 0, false);
    }
    const Parameters* params = c.options().parameters;
    if (node.set.empty()) {
        // Columns from the execution parameters, except names the WHERE uses as bindparams.
        std::vector<std::string_view> where_names;
        struct NamedBinds final : NodeVisitor {
            std::vector<std::string_view>& names;
            explicit NamedBinds(std::vector<std::string_view>& n) : names(n) {}
            void visit(const Node& n) override {
                if (n.kind() == NodeKind::BindParameter) {
                    auto& b = static_cast<const BindParameterNode&>(n);
                    if (b.is_named()) names.push_back(b.name());
                    return;
                }
                n.accept_children(*this);
            }
        } finder(where_names);
        if (node.where) finder.visit(*node.where);
        for (const ColumnNode* column : table.columns()) {
            bool wanted = !params || params->contains(column->name());
            for (auto n : where_names)
                wanted = wanted && n != column->name();
            if (!params) wanted = wanted && !column->schema().primary_key;
            if (!wanted) continue;
            if (count++) c.append(", ");
            set_target(*column);
            c.named_placeholder(column->name(), column->type());
        }
    }
    for (const ColumnNode* column : table.columns()) {
        const auto& onupdate = column->schema().onupdate;
        if (!onupdate) continue;
        bool given = false;
        for (const auto& v : node.set)
            given = given || v.column == column;
        if (node.set.empty() && (!params || params->contains(column->name()))) given = true;
        if (given) continue;
        if (count++) c.append(", ");
        set_target(*column);
        if (onupdate->kind == ColumnDefault::Kind::Expression)
            c.process(*onupdate->expression);
        else
            c.default_placeholder(*column, SlotSource::ColumnOnUpdate, 0);
    }
    if (count == 0) throw CompileError("UPDATE of table '" + table.key() + "' sets no columns");

    if (!extra.empty() && !caps_.multi_table_update) render_update_from(node, extra, c);
    if (node.where) {
        c.append(" WHERE ");
        c.process(*node.where);
    }
    c.enclosing_froms().pop_back();
    c.set_recording_result_columns(saved_records);
    render_returning_columns(*this, node.returning, caps_.update_returning, "UPDATE", c);
}

void Dialect::render_update_from(const UpdateNode&, const std::vector<const FromClauseNode*>& extra,
                                 Compiler& c) const {
    if (!caps_.update_from) unsupported("UPDATE ... FROM (an UPDATE involving other tables)");
    c.append(" FROM ");
    for (std::size_t i = 0; i < extra.size(); ++i) {
        if (i) c.append(", ");
        c.process(*extra[i]);
    }
}

void Dialect::visit_delete(const DeleteNode& node, Compiler& c) const {
    const TableNode& table = *node.table;
    if (!c.ctes().empty() && !caps_.cte_before_update_delete)
        unsupported("WITH before DELETE", "use a subquery instead of the CTE");
    c.render_with_clause();
    auto extra = extra_froms(table, node.froms, node.where);
    c.append("DELETE FROM ");
    visit_table(table, c);
    std::vector<const FromClauseNode*> scope{&table};
    scope.insert(scope.end(), extra.begin(), extra.end());
    c.enclosing_froms().push_back(scope);
    const bool saved_records = c.recording_result_columns();
    c.set_recording_result_columns(false);
    if (!extra.empty()) render_delete_using(node, extra, c);
    if (node.where) {
        c.append(" WHERE ");
        c.process(*node.where);
    }
    c.enclosing_froms().pop_back();
    c.set_recording_result_columns(saved_records);
    render_returning_columns(*this, node.returning, caps_.delete_returning, "DELETE", c);
}

void Dialect::render_delete_using(const DeleteNode&,
                                  const std::vector<const FromClauseNode*>& extra,
                                  Compiler& c) const {
    if (!caps_.delete_using)
        unsupported("DELETE ... USING (a DELETE involving other tables)",
                    "use a subquery: where(table.c(\"x\").in_(select(...)))");
    c.append(" USING ");
    for (std::size_t i = 0; i < extra.size(); ++i) {
        if (i) c.append(", ");
        c.process(*extra[i]);
    }
}

void Dialect::visit_text(const TextClauseNode& node, Compiler& c) const {
    const auto& binds = node.binds();
    const auto& names = node.parameter_names();
    for (const auto& piece : node.pieces()) {
        append_raw(c, piece.text);
        if (piece.parameter.empty()) continue;
        for (std::size_t i = 0; i < names.size(); ++i)
            if (names[i] == piece.parameter) {
                c.placeholder(*binds[i]);
                break;
            }
    }
    if (c.select_role() == Compiler::SelectRole::TopLevel && c.recording_result_columns())
        for (const auto& column : node.result_columns())
            c.add_result_column({column.name, column.type, nullptr});
}

// --- expressions

void Dialect::visit_column(const ColumnNode& column, Compiler& c) const {
    const FromClauseNode* parent = column.parent();
    if (parent && !c.unqualified_columns()) {
        if (parent->kind() == NodeKind::Table) {
            auto& table = static_cast<const TableNode&>(*parent);
            if (!table.schema().empty()) {
                c.append_identifier(table.schema());
                c.append('.');
            }
            c.append_identifier(table.table_name(), &table.name_quote_cache());
        } else {
            const FromClauseNode* named = parent;
            if (parent->kind() == NodeKind::Cte)
                named = static_cast<const SubqueryNode*>(parent)->identity();
            c.append_identifier(c.from_name(*parent), &named->name_quote_cache());
        }
        c.append('.');
    }
    c.append_identifier(column.name(), &column.quote_cache());
}

void Dialect::visit_bind_parameter(const BindParameterNode& node, Compiler& c) const {
    c.placeholder(node);
}

void Dialect::visit_literal_column(const LiteralColumnNode& node, Compiler& c) const {
    append_raw(c, node.text());
}

void Dialect::visit_constant(const ConstantNode& node, Compiler& c) const {
    if (node.kind() == NodeKind::Null)
        c.append("NULL");
    else
        render_boolean(node.kind() == NodeKind::True, c);
}

void Dialect::render_boolean(bool value, Compiler& c) const {
    if (caps_.native_boolean)
        c.append(value ? "true" : "false");
    else
        c.append(value ? "1" : "0");
}

namespace {
void render_escape(const BinaryNode& node, Compiler& c) {
    if (!node.escape()) return;
    c.append(" ESCAPE '");
    if (*node.escape() == '\'') c.append('\'');
    if (*node.escape() == '%' && c.capabilities().paramstyle == ParamStyle::Format) c.append('%');
    c.append(*node.escape());
    c.append('\'');
}

void render_plain_binary(const BinaryNode& node, std::string_view op, Compiler& c) {
    c.process_operand(*node.left(), node.op(), false);
    c.append(op);
    c.process_operand(*node.right(), node.op(), true);
}
}  // namespace

void Dialect::visit_binary(const BinaryNode& node, Compiler& c) const {
    switch (node.op()) {
        case Operator::ILike:
        case Operator::NotILike:
            if (caps_.native_ilike)
                render_plain_binary(node, operator_sql(node.op()), c);
            else
                render_ilike(node, c);
            break;
        case Operator::Concat:
            render_concat(node, c);
            break;
        case Operator::IsDistinctFrom:
        case Operator::IsNotDistinctFrom:
            if (caps_.native_is_distinct_from)
                render_plain_binary(node, operator_sql(node.op()), c);
            else
                render_is_distinct_from(node, c);
            break;
        case Operator::Custom: {
            std::string op = " " + node.custom_operator() + " ";
            c.process_operand(*node.left(), Operator::Custom, false);
            append_raw(c, op);
            c.process_operand(*node.right(), Operator::Custom, true);
            break;
        }
        case Operator::Modulo:
            render_plain_binary(node, caps_.paramstyle == ParamStyle::Format ? " %% " : " % ", c);
            break;
        default:
            render_plain_binary(node, operator_sql(node.op()), c);
    }
    render_escape(node, c);
}

void Dialect::render_ilike(const BinaryNode& node, Compiler& c) const {
    c.append("lower(");
    c.process(*node.left());
    c.append(node.op() == Operator::ILike ? ") LIKE lower(" : ") NOT LIKE lower(");
    c.process(*node.right());
    c.append(')');
}

void Dialect::render_concat(const BinaryNode& node, Compiler& c) const {
    render_plain_binary(node, " || ", c);
}

void Dialect::render_is_distinct_from(const BinaryNode& node, Compiler& c) const {
    render_plain_binary(node, operator_sql(node.op()), c);
}

void Dialect::visit_unary(const UnaryNode& node, Compiler& c) const {
    const ExpressionNode& operand = *node.operand();
    Operator inner = Operator::Custom;
    bool atomic;
    switch (operand.kind()) {
        case NodeKind::Binary:
        case NodeKind::BooleanList:
        case NodeKind::Unary:
        case NodeKind::In:
        case NodeKind::Between:
        case NodeKind::TextExpression:
            atomic = false;
            break;
        default:
            atomic = true;
    }
    (void)inner;
    switch (node.op()) {
        case Operator::Not:
            c.append("NOT ");
            break;
        case Operator::Negate:
            c.append('-');
            break;
        case Operator::Distinct:
            c.append("DISTINCT ");
            atomic = true;  // DISTINCT applies to the whole expression that follows
            break;
        default:
            c.append(operator_sql(node.op()));
            break;
    }
    if (atomic) {
        c.process(operand);
    } else {
        c.append('(');
        c.process(operand);
        c.append(')');
    }
}

void Dialect::visit_boolean_list(const BooleanListNode& node, Compiler& c) const {
    const auto& clauses = node.clauses();
    std::string_view separator = node.op() == Operator::And ? " AND " : " OR ";
    for (std::size_t i = 0; i < clauses.size(); ++i) {
        if (i) c.append(separator);
        c.process_operand(*clauses[i], node.op(), i > 0);
    }
}

void Dialect::visit_grouping(const GroupingNode& node, Compiler& c) const {
    c.append('(');
    c.process(*node.element());
    c.append(')');
}

void Dialect::visit_tuple(const TupleNode& node, Compiler& c) const {
    c.append('(');
    c.process_list(node.elements());
    c.append(')');
}

void Dialect::visit_in(const InNode& node, Compiler& c) const {
    const bool tuple = node.left()->kind() == NodeKind::Tuple;
    if (tuple && !caps_.tuple_in) unsupported("tuple IN");
    switch (node.source()) {
        case InNode::Source::ExpandingParameter: {
            // NOT IN is parenthesized so that the empty-list form `NOT IN (NULL) OR (1 = 1)`
            // keeps its meaning inside AND.
            if (node.negated()) c.append('(');
            c.process_operand(*node.left(), Operator::In, false);
            c.append(node.negated() ? " NOT IN (" : " IN (");
            std::uint32_t slot = c.placeholder(*node.parameter());
            if (slot != ParameterSlot::npos) {
                auto& s = c.slot(slot);
                s.negated_in = node.negated();
                s.tuple_arity =
                    tuple ? static_cast<std::uint32_t>(
                                static_cast<const TupleNode&>(*node.left()).elements().size())
                          : 0;
            }
            c.append(')');
            if (node.negated()) c.append(')');
            break;
        }
        case InNode::Source::Subquery:
            c.process_operand(*node.left(), Operator::In, false);
            c.append(node.negated() ? " NOT IN (" : " IN (");
            c.with_role(Compiler::SelectRole::ScalarSubquery, [&] { c.process(*node.subquery()); });
            c.append(')');
            break;
        case InNode::Source::Expressions:
            c.process_operand(*node.left(), Operator::In, false);
            c.append(node.negated() ? " NOT IN (" : " IN (");
            c.process_list(node.expressions());
            c.append(')');
            break;
    }
}

void Dialect::visit_between(const BetweenNode& node, Compiler& c) const {
    c.process_operand(*node.element(), Operator::Between, false);
    c.append(node.negated() ? " NOT BETWEEN " : " BETWEEN ");
    c.process_operand(*node.low(), Operator::Between, true);
    c.append(" AND ");
    c.process_operand(*node.high(), Operator::Between, true);
}

void Dialect::visit_case(const CaseNode& node, Compiler& c) const {
    c.append("CASE");
    if (node.value()) {
        c.append(' ');
        c.process(*node.value());
    }
    for (const auto& w : node.whens()) {
        c.append(" WHEN ");
        c.process(*w.condition);
        c.append(" THEN ");
        c.process(*w.result);
    }
    if (node.otherwise()) {
        c.append(" ELSE ");
        c.process(*node.otherwise());
    }
    c.append(" END");
}

void Dialect::visit_cast(const CastNode& node, Compiler& c) const {
    c.append("CAST(");
    c.process(*node.element());
    c.append(" AS ");
    append_cast_type(c.buffer(), node.type());
    c.append(')');
}

bool Dialect::render_function_special(const FunctionNode&, Compiler&) const {
    return false;
}

void Dialect::visit_function(const FunctionNode& node, Compiler& c) const {
    if (!render_function_special(node, c)) {
        if (node.arguments().empty() && is_ansi_function(node.name())) {
            c.append(upper(node.name()));
        } else {
            append_raw(c, node.name());
            c.append('(');
            c.process_list(node.arguments());
            c.append(')');
        }
    }
    if (node.filter()) {
        if (!caps_.aggregate_filter)
            unsupported("FILTER (WHERE ...) on an aggregate",
                        "use an aggregate over CASE WHEN ... END");
        c.append(" FILTER (WHERE ");
        c.process(*node.filter());
        c.append(')');
    }
}

void Dialect::visit_label(const LabelNode& node, Compiler& c) const {
    // Outside a SELECT list a label stands for its expression.
    c.process(*node.element());
}

namespace {
void render_frame_bound(const FrameBound& b, Compiler& c) {
    switch (b.kind) {
        case FrameBound::Kind::UnboundedPreceding:
            c.append("UNBOUNDED PRECEDING");
            break;
        case FrameBound::Kind::Preceding:
            c.append_integer(b.offset);
            c.append(" PRECEDING");
            break;
        case FrameBound::Kind::CurrentRow:
            c.append("CURRENT ROW");
            break;
        case FrameBound::Kind::Following:
            c.append_integer(b.offset);
            c.append(" FOLLOWING");
            break;
        case FrameBound::Kind::UnboundedFollowing:
            c.append("UNBOUNDED FOLLOWING");
            break;
    }
}
}  // namespace

void Dialect::visit_over(const OverNode& node, Compiler& c) const {
    if (!caps_.window_functions) unsupported("window functions (OVER)");
    c.process(*node.function());
    c.append(" OVER (");
    bool space = false;
    if (!node.partition_by().empty()) {
        c.append("PARTITION BY ");
        c.process_list(node.partition_by());
        space = true;
    }
    if (!node.order_by().empty()) {
        if (space) c.append(' ');
        c.append("ORDER BY ");
        render_order_list(node.order_by(), c);
        space = true;
    }
    if (node.frame()) {
        if (space) c.append(' ');
        c.append(node.frame()->unit == WindowFrame::Unit::Rows ? "ROWS BETWEEN "
                                                               : "RANGE BETWEEN ");
        render_frame_bound(node.frame()->start, c);
        c.append(" AND ");
        render_frame_bound(node.frame()->end, c);
    }
    c.append(')');
}

void Dialect::visit_collate(const CollateNode& node, Compiler& c) const {
    // COLLATE binds tighter than any operator: `(a || b) COLLATE x`, not `a || b COLLATE x`.
    c.process_operand(*node.element(), Operator::Negate, false);
    c.append(" COLLATE ");
    c.append(node.collation());
}

void Dialect::visit_subquery_expression(const SubqueryExpressionNode& node, Compiler& c) const {
    c.append(node.kind() == NodeKind::Exists ? "EXISTS (" : "(");
    c.with_role(Compiler::SelectRole::ScalarSubquery, [&] { c.process(*node.select()); });
    c.append(')');
}

void Dialect::visit_excluded(const ExcludedNode& node, Compiler& c) const {
    c.append("excluded.");
    auto& column = static_cast<const ColumnNode&>(*node.column());
    c.append_identifier(column.name(), &column.quote_cache());
}

void Dialect::visit_ordering(const OrderingNode& node, Compiler& c) const {
    render_ordering_nulls(node, c);
}

void Dialect::render_ordering_nulls(const OrderingNode& node, Compiler& c) const {
    render_order_item(*node.element(), c);
    if (node.direction() == OrderingNode::Direction::Ascending) c.append(" ASC");
    if (node.direction() == OrderingNode::Direction::Descending) c.append(" DESC");
    if (node.nulls() == OrderingNode::Nulls::Unspecified) return;
    if (!caps_.nulls_ordering) unsupported("NULLS FIRST / NULLS LAST");
    c.append(node.nulls() == OrderingNode::Nulls::First ? " NULLS FIRST" : " NULLS LAST");
}

void Dialect::visit_text_expression(const TextExpressionNode& node, Compiler& c) const {
    c.process(*node.text());
}

// --- FROM clauses

void Dialect::visit_table(const TableNode& table, Compiler& c) const {
    if (!table.schema().empty()) {
        c.append_identifier(table.schema());
        c.append('.');
    }
    c.append_identifier(table.table_name(), &table.name_quote_cache());
}

void Dialect::visit_alias(const AliasNode& node, Compiler& c) const {
    const FromClauseNode& element = *node.element();
    if (element.kind() == NodeKind::Cte) {
        auto& cte = static_cast<const SubqueryNode&>(element);
        c.append_identifier(c.from_name(cte), &cte.identity()->name_quote_cache());
    } else if (element.kind() == NodeKind::Subquery) {
        auto& sub = static_cast<const SubqueryNode&>(element);
        c.append('(');
        c.with_role(Compiler::SelectRole::FromSubquery, [&] { c.process(*sub.select()); });
        c.append(')');
    } else {
        c.process(element);
    }
    c.append(" AS ");
    c.append_identifier(node.name(), &node.name_quote_cache());
}

void Dialect::visit_subquery(const SubqueryNode& node, Compiler& c) const {
    if (node.is_cte()) {
        if (!c.is_rendered_cte(node))
            throw CompileError("CTE '" + std::string(node.name()) +
                               "' is used but was not collected");
        c.append_identifier(c.from_name(node), &node.identity()->name_quote_cache());
        return;
    }
    if (node.lateral()) {
        if (!caps_.lateral) unsupported("LATERAL");
        c.append("LATERAL ");
    }
    c.append('(');
    c.with_role(
        node.lateral() ? Compiler::SelectRole::LateralSubquery : Compiler::SelectRole::FromSubquery,
        [&] { c.process(*node.select()); });
    c.append(") AS ");
    c.append_identifier(c.from_name(node), &node.name_quote_cache());
}

void Dialect::visit_join(const JoinNode& node, Compiler& c) const {
    c.process(*node.left());
    switch (node.join_type()) {
        case JoinNode::Type::Inner:
            c.append(" JOIN ");
            break;
        case JoinNode::Type::LeftOuter:
            c.append(" LEFT OUTER JOIN ");
            break;
        case JoinNode::Type::FullOuter:
            if (!caps_.full_outer_join) unsupported("FULL OUTER JOIN");
            c.append(" FULL OUTER JOIN ");
            break;
    }
    if (node.right()->kind() == NodeKind::Join) {
        c.append('(');
        c.process(*node.right());
        c.append(')');
    } else {
        c.process(*node.right());
    }
    c.append(" ON ");
    c.process(*node.onclause());
}

// --- DDL

namespace {
void render_column_names(const std::vector<const ColumnNode*>& columns, Compiler& c) {
    c.append('(');
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (i) c.append(", ");
        c.append_identifier(columns[i]->name(), &columns[i]->quote_cache());
    }
    c.append(')');
}

void render_constraint_name(const Dialect& d, const std::string& name, Compiler& c) {
    if (name.empty()) return;
    check_identifier_length(d, name, "constraint");
    c.append("CONSTRAINT ");
    c.append_identifier(name);
    c.append(' ');
}
}  // namespace

void Dialect::render_column_definition(const TableNode& table, const ColumnNode& column,
                                       Compiler& c) const {
    (void)table;
    check_identifier_length(*this, column.name(), "column");
    c.append_identifier(column.name(), &column.quote_cache());
    c.append(' ');
    append_type(c.buffer(), column.type(), &column);
    const auto& s = column.schema();
    if (!s.collation.empty()) {
        c.append(" COLLATE ");
        append_collation(c.buffer(), s.collation);
    }
    if (s.server_default) {
        c.append(" DEFAULT ");
        render_server_default(*s.server_default, c);
    }
    if (!s.is_nullable()) c.append(" NOT NULL");
}

void Dialect::render_server_default(const ExpressionNode& value, Compiler& c) const {
    c.process(value);
}

void Dialect::render_index_expression(const ExpressionNode& expression, Compiler& c) const {
    // PostgreSQL takes a column or a function call bare, any other expression in parentheses;
    // SQLite accepts both forms.
    switch (expression.kind()) {
        case NodeKind::Column:
        case NodeKind::Function:
        case NodeKind::Cast:
        case NodeKind::LiteralColumn:
        case NodeKind::TextExpression:
            c.process(expression);
            break;
        default:
            c.append('(');
            c.process(expression);
            c.append(')');
    }
}

void Dialect::append_collation(std::string& out, std::string_view collation) const {
    out += collation;
}

void Dialect::render_table_options(const TableNode&, Compiler&) const {}

bool Dialect::primary_key_inline(const TableNode&) const {
    return false;
}

void Dialect::visit_create_table(const TableDdlNode& node, Compiler& c) const {
    const TableNode& table = *node.table;
    check_identifier_length(*this, table.table_name(), "table");
    c.set_literal_binds(true);
    c.set_unqualified_columns(true);
    c.append("CREATE TABLE ");
    if (node.if_clause) c.append("IF NOT EXISTS ");
    visit_table(table, c);
    c.append(" (");
    for (std::size_t i = 0; i < table.columns().size(); ++i) {
        if (i) c.append(", ");
        render_column_definition(table, *table.columns()[i], c);
    }
    if (!table.primary_key().empty() && !primary_key_inline(table)) {
        c.append(", ");
        render_constraint_name(*this, table.primary_key_name(), c);
        c.append("PRIMARY KEY ");
        render_column_names(table.primary_key(), c);
    }
    for (const auto& u : table.unique_constraints()) {
        c.append(", ");
        render_constraint_name(*this, u.name, c);
        c.append("UNIQUE ");
        render_column_names(u.columns, c);
    }
    for (const auto& check : table.check_constraints()) {
        c.append(", ");
        render_constraint_name(*this, check.name, c);
        c.append("CHECK (");
        c.append(check.sql);
        c.append(')');
    }
    if (!caps_.native_enum) {
        // Without a native enum type, a CHECK keeps the column to its labels.
        for (const ColumnNode* column : table.columns()) {
            if (column->type().kind != TypeKind::Enum || !column->type().enumeration) continue;
            c.append(", CHECK (");
            c.append_identifier(column->name(), &column->quote_cache());
            c.append(" IN (");
            const auto& labels = column->type().enumeration->labels;
            for (std::size_t k = 0; k < labels.size(); ++k) {
                if (k) c.append(", ");
                append_string_literal(c.buffer(), labels[k]);
            }
            c.append("))");
        }
    }
    for (const auto& fk : table.foreign_keys()) {
        c.append(", ");
        render_constraint_name(*this, fk.name, c);
        c.append("FOREIGN KEY ");
        render_column_names(fk.columns, c);
        c.append(" REFERENCES ");
        auto dot = fk.target_table.find('.');
        if (dot != std::string::npos) {
            c.append_identifier(std::string_view(fk.target_table).substr(0, dot));
            c.append('.');
            c.append_identifier(std::string_view(fk.target_table).substr(dot + 1));
        } else {
            c.append_identifier(fk.target_table);
        }
        c.append(" (");
        for (std::size_t k = 0; k < fk.target_columns.size(); ++k) {
            if (k) c.append(", ");
            c.append_identifier(fk.target_columns[k]);
        }
        c.append(')');
        if (fk.options.on_delete != ReferentialAction::Unspecified) {
            c.append(" ON DELETE ");
            c.append(referential_action_sql(fk.options.on_delete));
        }
        if (fk.options.on_update != ReferentialAction::Unspecified) {
            c.append(" ON UPDATE ");
            c.append(referential_action_sql(fk.options.on_update));
        }
    }
    c.append(')');
    render_table_options(table, c);
}

void Dialect::visit_drop_table(const TableDdlNode& node, Compiler& c) const {
    c.append("DROP TABLE ");
    if (node.if_clause) c.append("IF EXISTS ");
    visit_table(*node.table, c);
}

void Dialect::visit_create_index(const IndexDdlNode& node, Compiler& c) const {
    const IndexDefinition& index = *node.index;
    check_identifier_length(*this, index.name, "index");
    c.set_literal_binds(true);
    c.set_unqualified_columns(true);
    c.append(index.unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
    if (node.if_clause) {
        if (!caps_.create_index_if_not_exists) unsupported("CREATE INDEX IF NOT EXISTS");
        c.append("IF NOT EXISTS ");
    }
    c.append_identifier(index.name);
    c.append(" ON ");
    visit_table(*node.table, c);
    c.append(" (");
    for (std::size_t i = 0; i < index.expressions.size(); ++i) {
        if (i) c.append(", ");
        render_index_expression(*index.expressions[i], c);
    }
    c.append(')');
    if (index.where) {
        if (!caps_.partial_indexes) unsupported("partial indexes (CREATE INDEX ... WHERE)");
        c.append(" WHERE ");
        c.process(*index.where);
    }
}

void Dialect::visit_drop_index(const IndexDdlNode& node, Compiler& c) const {
    c.append("DROP INDEX ");
    if (node.if_clause) c.append("IF EXISTS ");
    if (!node.table->schema().empty()) {
        c.append_identifier(node.table->schema());
        c.append('.');
    }
    c.append_identifier(node.index->name);
}

void Dialect::visit_create_sequence(const SchemaObjectDdlNode& node, Compiler& c) const {
    if (!caps_.sequences) unsupported("CREATE SEQUENCE");
    c.append("CREATE SEQUENCE ");
    if (node.if_clause) c.append("IF NOT EXISTS ");
    if (!node.sequence.schema.empty()) {
        c.append_identifier(node.sequence.schema);
        c.append('.');
    }
    c.append_identifier(node.sequence.name);
    if (node.sequence.increment) {
        c.append(" INCREMENT BY ");
        c.append_integer(*node.sequence.increment);
    }
    if (node.sequence.start) {
        c.append(" START WITH ");
        c.append_integer(*node.sequence.start);
    }
}

void Dialect::visit_drop_sequence(const SchemaObjectDdlNode& node, Compiler& c) const {
    if (!caps_.sequences) unsupported("DROP SEQUENCE");
    c.append("DROP SEQUENCE ");
    if (node.if_clause) c.append("IF EXISTS ");
    if (!node.sequence.schema.empty()) {
        c.append_identifier(node.sequence.schema);
        c.append('.');
    }
    c.append_identifier(node.sequence.name);
}

void Dialect::visit_create_enum_type(const SchemaObjectDdlNode& node, Compiler& c) const {
    if (!caps_.native_enum || caps_.upsert_style == UpsertStyle::OnDuplicateKey)
        unsupported("CREATE TYPE ... AS ENUM",
                    "this dialect stores Enum columns without a separate type");
    c.append("CREATE TYPE ");
    c.append_identifier(node.enumeration->name);
    c.append(" AS ENUM (");
    for (std::size_t i = 0; i < node.enumeration->labels.size(); ++i) {
        if (i) c.append(", ");
        append_string_literal(c.buffer(), node.enumeration->labels[i]);
    }
    c.append(')');
}

void Dialect::visit_drop_enum_type(const SchemaObjectDdlNode& node, Compiler& c) const {
    if (!caps_.native_enum || caps_.upsert_style == UpsertStyle::OnDuplicateKey)
        unsupported("DROP TYPE", "this dialect stores Enum columns without a separate type");
    c.append("DROP TYPE ");
    if (node.if_clause) c.append("IF EXISTS ");
    c.append_identifier(node.enumeration->name);
}

}  // namespace retort
