// Reflection for MySQL and MariaDB through information_schema: one query per kind of object
// for all requested tables, and native column types mapped back onto generic ones.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>

#include "mysql_driver.hpp"

namespace retort::mysql {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// information_schema text columns may come back as text or (binary collations) as bytes.
std::string text_of(const Value& v) {
    if (auto s = v.get_if<std::string>()) return *s;
    if (auto b = v.get_if<Bytes>()) return std::string(b->begin(), b->end());
    if (auto i = v.get_if<std::int64_t>()) return std::to_string(*i);
    if (auto d = v.get_if<Decimal>()) return d->text;
    return {};
}

std::optional<std::string> optional_text(const Value& v) {
    if (v.is_null()) return std::nullopt;
    return text_of(v);
}

std::int64_t int_of(const Value& v) {
    if (auto i = v.get_if<std::int64_t>()) return *i;
    if (auto s = v.get_if<std::string>()) {
        std::int64_t out = 0;
        std::from_chars(s->data(), s->data() + s->size(), out);
        return out;
    }
    return 0;
}

// The parenthesized arguments after a type name: "decimal(10,2)" -> {10, 2}.
std::vector<int> type_arguments(std::string_view type) {
    std::vector<int> out;
    auto open = type.find('(');
    auto close = type.find(')', open);
    if (open == std::string_view::npos || close == std::string_view::npos) return out;
    std::string_view inside = type.substr(open + 1, close - open - 1);
    while (!inside.empty()) {
        while (!inside.empty() && (inside.front() == ' ' || inside.front() == ','))
            inside.remove_prefix(1);
        int v = 0;
        auto [end, ec] = std::from_chars(inside.data(), inside.data() + inside.size(), v);
        if (ec != std::errc{}) break;
        out.push_back(v);
        inside.remove_prefix(static_cast<std::size_t>(end - inside.data()));
    }
    return out;
}

// Labels of "enum('a','it''s')": single-quoted, quotes doubled or backslash-escaped.
std::vector<std::string> enum_labels(std::string_view type) {
    std::vector<std::string> labels;
    auto open = type.find('(');
    if (open == std::string_view::npos) return labels;
    std::size_t i = open + 1;
    while (i < type.size()) {
        while (i < type.size() && (type[i] == ',' || type[i] == ' '))
            ++i;
        if (i >= type.size() || type[i] != '\'') break;
        ++i;
        std::string label;
        while (i < type.size()) {
            char c = type[i];
            if (c == '\\' && i + 1 < type.size()) {
                label.push_back(type[i + 1]);
                i += 2;
            } else if (c == '\'') {
                if (i + 1 < type.size() && type[i + 1] == '\'') {
                    label.push_back('\'');
                    i += 2;
                } else {
                    ++i;
                    break;
                }
            } else {
                label.push_back(c);
                ++i;
            }
        }
        labels.push_back(std::move(label));
    }
    return labels;
}

ReferentialAction action_of(const Value& v) {
    std::string rule = lower(text_of(v));
    if (rule == "cascade") return ReferentialAction::Cascade;
    if (rule == "set null") return ReferentialAction::SetNull;
    if (rule == "set default") return ReferentialAction::SetDefault;
    if (rule == "restrict") return ReferentialAction::Restrict;
    if (rule == "no action") return ReferentialAction::NoAction;
    return ReferentialAction::Unspecified;
}

// "table_schema = DATABASE()" or "= ?" with the schema appended to `params`, plus an IN list
// of the requested table names.
std::string where_tables(std::string_view schema_column, std::string_view table_column,
                         const ReflectionRequest& request, std::vector<Value>& params) {
    std::string sql = std::string(schema_column);
    if (request.schema.empty()) {
        sql += " = DATABASE()";
    } else {
        sql += " = ?";
        params.emplace_back(request.schema);
    }
    if (!request.table_names.empty()) {
        sql += " AND " + std::string(table_column) + " IN (";
        for (std::size_t i = 0; i < request.table_names.size(); ++i) {
            sql += i ? ", ?" : "?";
            params.emplace_back(request.table_names[i]);
        }
        sql += ")";
    }
    return sql;
}

bool numeric_type(TypeKind k) {
    return k == TypeKind::Integer || k == TypeKind::SmallInteger || k == TypeKind::BigInteger ||
           k == TypeKind::Boolean || k == TypeKind::Float || k == TypeKind::Double ||
           k == TypeKind::Numeric;
}

}  // namespace

SqlType type_from_column_type(std::string_view column_type, std::string_view column_name) {
    const std::string full = lower(column_type);
    std::string_view t = full;
    std::string_view base = t.substr(0, t.find_first_of("( "));
    auto args = type_arguments(t);
    auto arg = [&](std::size_t i) { return i < args.size() ? args[i] : 0; };

    if (base == "tinyint") {
        if (arg(0) == 1) return Boolean{};
        return SmallInteger{};
    }
    if (base == "bool" || base == "boolean") return Boolean{};
    if (base == "smallint" || base == "year") return SmallInteger{};
    if (base == "int" || base == "integer" || base == "mediumint") return Integer{};
    if (base == "bigint") return BigInteger{};
    if (base == "float") return Float{};
    if (base == "double" || base == "real") return Double{};
    if (base == "decimal" || base == "numeric" || base == "dec" || base == "fixed")
        return Numeric{arg(0), arg(1)};
    if (base == "varchar" || base == "char") return String{arg(0)};
    if (base == "tinytext" || base == "text" || base == "mediumtext" || base == "longtext")
        return Text{};
    if (base == "date") return Date{};
    if (base == "datetime" || base == "timestamp") return DateTime{};
    if (base == "time") return Time{};
    if (base == "binary" || base == "varbinary") return LargeBinary{arg(0)};
    if (base == "tinyblob" || base == "blob" || base == "mediumblob" || base == "longblob")
        return LargeBinary{};
    if (base == "json") return JSON{};
    if (base == "uuid") return UUID{};
    if (base == "enum") return Enum{std::string(column_name), enum_labels(column_type)};
    if (base == "set") return Text{};
    if (base == "bit") return arg(0) <= 1 ? SqlType(Boolean{}) : SqlType(BigInteger{});
    return SqlType{};
}

std::vector<std::string> table_names(DriverConnection& connection, const std::string& schema) {
    ReflectionRequest request;
    request.schema = schema;
    std::vector<Value> params;
    std::string sql = "SELECT table_name FROM information_schema.tables WHERE " +
                      where_tables("table_schema", "table_name", request, params) +
                      " AND table_type = 'BASE TABLE' ORDER BY table_name";
    std::vector<std::string> names;
    for (const auto& row : fetch_all(connection, sql, params))
        names.push_back(text_of(row[0]));
    return names;
}

std::vector<ReflectedTable> reflect(DriverConnection& connection,
                                    const ReflectionRequest& request) {
    const auto* dialect = dynamic_cast<const MySqlDialect*>(&connection.dialect());
    const bool mariadb = dialect && dialect->is_mariadb();

    std::vector<ReflectedTable> tables;
    std::map<std::string, std::size_t> by_name;
    {
        std::vector<Value> params;
        std::string sql = "SELECT table_name, table_comment FROM information_schema.tables WHERE " +
                          where_tables("table_schema", "table_name", request, params) +
                          " AND table_type = 'BASE TABLE' ORDER BY table_name";
        for (const auto& row : fetch_all(connection, sql, params)) {
            ReflectedTable t;
            t.schema = request.schema;
            t.name = text_of(row[0]);
            t.comment = text_of(row[1]);
            by_name[t.name] = tables.size();
            tables.push_back(std::move(t));
        }
    }
    if (tables.empty()) return tables;
    auto table_of = [&](const Value& name) -> ReflectedTable* {
        auto it = by_name.find(text_of(name));
        return it == by_name.end() ? nullptr : &tables[it->second];
    };

    // Check constraints first: MariaDB's JSON columns are LONGTEXT with a json_valid() check.
    struct Check {
        std::string table, name, clause;
    };
    std::vector<Check> checks;
    {
        std::vector<Value> params;
        std::string sql;
        if (mariadb) {
            sql =
                "SELECT table_name, constraint_name, check_clause "
                "FROM information_schema.check_constraints WHERE " +
                where_tables("constraint_schema", "table_name", request, params) +
                " ORDER BY table_name, constraint_name";
        } else {
            sql =
                "SELECT tc.table_name, cc.constraint_name, cc.check_clause "
                "FROM information_schema.table_constraints tc "
                "JOIN information_schema.check_constraints cc "
                "ON cc.constraint_schema = tc.constraint_schema "
                "AND cc.constraint_name = tc.constraint_name "
                "WHERE tc.constraint_type = 'CHECK' AND " +
                where_tables("tc.table_schema", "tc.table_name", request, params) +
                " ORDER BY tc.table_name, cc.constraint_name";
        }
        for (const auto& row : fetch_all(connection, sql, params))
            checks.push_back({text_of(row[0]), text_of(row[1]), text_of(row[2])});
    }
    auto is_json_check = [](const Check& c, std::string_view column) {
        std::string clause = lower(c.clause);
        clause.erase(std::remove(clause.begin(), clause.end(), ' '), clause.end());
        return clause == "json_valid(`" + lower(column) + "`)";
    };

    {
        std::vector<Value> params;
        std::string sql =
            "SELECT table_name, column_name, column_type, is_nullable, column_default, extra, "
            "column_comment FROM information_schema.columns WHERE " +
            where_tables("table_schema", "table_name", request, params) +
            " ORDER BY table_name, ordinal_position";
        for (const auto& row : fetch_all(connection, sql, params)) {
            ReflectedTable* t = table_of(row[0]);
            if (!t) continue;
            ReflectedColumn c;
            c.name = text_of(row[1]);
            c.native_type = text_of(row[2]);
            c.type = type_from_column_type(c.native_type, c.name);
            c.nullable = lower(text_of(row[3])) == "yes";
            const std::string extra = lower(text_of(row[5]));
            c.autoincrement = extra.find("auto_increment") != std::string::npos;
            c.comment = text_of(row[6]);
            if (c.type.kind == TypeKind::Text) {
                for (const auto& ch : checks)
                    if (ch.table == t->name && is_json_check(ch, c.name)) c.type = JSON{};
            }
            if (auto def = optional_text(row[4])) {
                if (mariadb) {
                    // MariaDB reports defaults as SQL: 'text', 5, NULL, current_timestamp().
                    if (*def != "NULL") c.default_sql = *def;
                } else if (extra.find("default_generated") != std::string::npos ||
                           numeric_type(c.type.kind)) {
                    c.default_sql = *def;
                } else {
                    // MySQL reports a literal default as its bare value.
                    std::string quoted;
                    connection.dialect().append_string_literal(quoted, *def);
                    c.default_sql = quoted;
                }
            }
            t->columns.push_back(std::move(c));
        }
    }

    for (auto& ch : checks) {
        ReflectedTable* t = table_of(Value(ch.table));
        if (!t) continue;
        bool json = false;
        for (const auto& c : t->columns)
            json = json || (c.type.kind == TypeKind::JSON && is_json_check(ch, c.name));
        if (json) continue;  // implied by the JSON type
        ReflectedConstraint rc;
        rc.name = ch.name;
        rc.sql = ch.clause;
        t->check_constraints.push_back(std::move(rc));
    }

    {
        std::vector<Value> params;
        std::string sql =
            "SELECT kcu.table_name, kcu.constraint_name, tc.constraint_type, kcu.column_name, "
            "kcu.referenced_table_schema, kcu.referenced_table_name, kcu.referenced_column_name, "
            "rc.update_rule, rc.delete_rule "
            "FROM information_schema.key_column_usage kcu "
            "JOIN information_schema.table_constraints tc "
            "ON tc.constraint_schema = kcu.constraint_schema AND tc.table_name = kcu.table_name "
            "AND tc.constraint_name = kcu.constraint_name "
            "LEFT JOIN information_schema.referential_constraints rc "
            "ON rc.constraint_schema = kcu.constraint_schema AND rc.table_name = kcu.table_name "
            "AND rc.constraint_name = kcu.constraint_name WHERE " +
            where_tables("kcu.table_schema", "kcu.table_name", request, params) +
            " ORDER BY kcu.table_name, kcu.constraint_name, kcu.ordinal_position";
        // A reference within the tables' own database keeps the schema as requested; one to
        // another database names it.
        std::string own_schema = request.schema;
        if (own_schema.empty()) {
            auto current = fetch_all(connection, "SELECT DATABASE()");
            if (!current.empty() && !current[0].empty()) own_schema = text_of(current[0][0]);
        }
        for (const auto& row : fetch_all(connection, sql, params)) {
            ReflectedTable* t = table_of(row[0]);
            if (!t) continue;
            const std::string name = text_of(row[1]);
            const std::string kind = lower(text_of(row[2]));
            const std::string column = text_of(row[3]);
            if (kind == "primary key") {
                t->primary_key.push_back(column);
            } else if (kind == "unique") {
                if (t->unique_constraints.empty() || t->unique_constraints.back().name != name)
                    t->unique_constraints.push_back({name, {}, {}});
                t->unique_constraints.back().columns.push_back(column);
            } else if (kind == "foreign key") {
                if (t->foreign_keys.empty() || t->foreign_keys.back().name != name) {
                    ReflectedForeignKey fk;
                    fk.name = name;
                    std::string ref_schema = text_of(row[4]);
                    fk.referred_schema = ref_schema == own_schema ? request.schema : ref_schema;
                    fk.referred_table = text_of(row[5]);
                    fk.on_update = action_of(row[7]);
                    fk.on_delete = action_of(row[8]);
                    t->foreign_keys.push_back(std::move(fk));
                }
                t->foreign_keys.back().columns.push_back(column);
                t->foreign_keys.back().referred_columns.push_back(text_of(row[6]));
            }
        }
    }

    {
        std::vector<Value> params;
        std::string sql =
            "SELECT table_name, index_name, non_unique, column_name FROM "
            "information_schema.statistics WHERE " +
            where_tables("table_schema", "table_name", request, params) +
            " AND index_name <> 'PRIMARY' ORDER BY table_name, index_name, seq_in_index";
        for (const auto& row : fetch_all(connection, sql, params)) {
            ReflectedTable* t = table_of(row[0]);
            if (!t) continue;
            // MySQL keeps no unique index apart from its UNIQUE constraint: those were reported
            // as unique constraints above.
            if (int_of(row[2]) == 0) continue;
            const std::string name = text_of(row[1]);
            if (t->indexes.empty() || t->indexes.back().name != name) {
                ReflectedIndex ix;
                ix.name = name;
                ix.unique = false;
                t->indexes.push_back(std::move(ix));
            }
            t->indexes.back().columns.push_back(row[3].is_null() ? std::string() : text_of(row[3]));
        }
    }
    return tables;
}

}  // namespace retort::mysql
