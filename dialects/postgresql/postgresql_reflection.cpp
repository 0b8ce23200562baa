// Reflection for PostgreSQL from pg_catalog: one query each for tables, columns, constraints,
// indexes (and enum labels when needed), for every requested table at once.
#include "postgresql_driver.hpp"

#include <nlohmann/json.hpp>

#include <charconv>
#include <map>
#include <unordered_map>

namespace retort::postgresql {

namespace {

std::string text_of(const Value& v) {
    if (auto* s = v.get_if<std::string>()) return *s;
    if (auto* j = v.get_if<Json>()) return j->text;
    if (auto* i = v.get_if<std::int64_t>()) return std::to_string(*i);
    return {};
}

std::int64_t int_of(const Value& v) {
    if (auto* i = v.get_if<std::int64_t>()) return *i;
    return 0;
}

bool bool_of(const Value& v) {
    if (auto* b = v.get_if<bool>()) return *b;
    return false;
}

/// The names in a json_agg() of column names.
std::vector<std::string> names_of(const Value& v) {
    std::vector<std::string> out;
    if (v.is_null()) return out;
    for (const auto& item : nlohmann::json::parse(text_of(v)))
        out.push_back(item.is_string() ? item.get<std::string>() : std::string());
    return out;
}

ReferentialAction action_of(const Value& v) {
    const std::string code = text_of(v);
    if (code == "c") return ReferentialAction::Cascade;
    if (code == "n") return ReferentialAction::SetNull;
    if (code == "d") return ReferentialAction::SetDefault;
    if (code == "r") return ReferentialAction::Restrict;
    // 'a' (NO ACTION) is also what an unspecified action is stored as: report it unspecified.
    return ReferentialAction::Unspecified;
}

/// The server's major version from "15.4", for catalog columns that came later.
int major_version(DriverConnection& connection) {
    const std::string version = connection.server_version();
    int major = 0;
    std::from_chars(version.data(), version.data() + version.size(), major);
    return major;
}

/// Reads the numbers in "numeric(10,2)" / "character varying(50)".
std::vector<int> type_arguments(std::string_view native) {
    std::vector<int> out;
    auto open = native.find('(');
    if (open == std::string_view::npos) return out;
    int n = 0;
    bool any = false;
    for (std::size_t i = open + 1; i < native.size() && native[i] != ')'; ++i) {
        const char c = native[i];
        if (c >= '0' && c <= '9') {
            n = n * 10 + (c - '0');
            any = true;
        } else if (c == ',') {
            out.push_back(n);
            n = 0;
            any = false;
        }
    }
    if (any) out.push_back(n);
    return out;
}

/// "CHECK (age > 0)" -> "age > 0", as SQLAlchemy reports check constraints.
std::string check_expression(std::string definition) {
    for (std::string_view suffix : {" NOT VALID", " NO INHERIT"})
        while (definition.ends_with(suffix))
            definition.resize(definition.size() - suffix.size());
    if (definition.starts_with("CHECK (") && definition.ends_with(")"))
        return definition.substr(7, definition.size() - 8);
    return definition;
}

}  // namespace

SqlType type_from_format_type(std::string_view native) {
    if (native.ends_with("[]")) return SqlType{};
    const auto args = type_arguments(native);
    const std::string_view base = native.substr(0, native.find('('));
    auto is = [&](std::string_view name) { return base == name; };
    if (is("integer")) return Integer{};
    if (is("bigint")) return BigInteger{};
    if (is("smallint")) return SmallInteger{};
    if (is("boolean")) return Boolean{};
    if (is("real")) return Float{};
    if (is("double precision")) return Double{};
    if (is("numeric"))
        return args.empty() ? Numeric{} : Numeric{args[0], args.size() > 1 ? args[1] : 0};
    if (is("character varying") || is("character"))
        return args.empty() ? String{} : String{args[0]};
    if (is("text")) return Text{};
    if (is("date")) return Date{};
    if (native.starts_with("timestamp"))
        return DateTime{native.ends_with(" with time zone") &&
                        !native.ends_with("without time zone")};
    if (native.starts_with("time"))
        return Time{native.ends_with(" with time zone") && !native.ends_with("without time zone")};
    if (native.starts_with("interval")) return Interval{};
    if (is("bytea")) return LargeBinary{};
    if (is("json") || is("jsonb")) return JSON{};
    if (is("uuid")) return UUID{};
    return SqlType{};
}

std::vector<std::string> table_names(DriverConnection& connection, const std::string& schema) {
    std::vector<std::string> names;
    for (const auto& row :
         fetch_all(connection,
                   "SELECT c.relname FROM pg_catalog.pg_class c "
                   "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                   "WHERE c.relkind IN ('r', 'p') "
                   "AND n.nspname = coalesce(nullif($1::text, ''), current_schema()) "
                   "ORDER BY c.relname",
                   {Value(schema)}))
        names.push_back(text_of(row[0]));
    return names;
}

std::vector<ReflectedTable> reflect(DriverConnection& connection,
                                    const ReflectionRequest& request) {
    std::vector<ReflectedTable> tables;
    std::unordered_map<std::int64_t, std::size_t> by_oid;  // pg_class oid -> index in `tables`
    std::vector<Value> oids;
    std::string schema;  // the schema's real name (current_schema() when none was asked for)

    {
        Value names;
        if (!request.table_names.empty())
            names = std::vector<Value>(request.table_names.begin(), request.table_names.end());
        auto rows =
            fetch_all(connection,
                      "SELECT c.oid, c.relname, n.nspname, obj_description(c.oid, 'pg_class') "
                      "FROM pg_catalog.pg_class c "
                      "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                      "WHERE c.relkind IN ('r', 'p') "
                      "AND n.nspname = coalesce(nullif($1::text, ''), current_schema()) "
                      "AND ($2::text[] IS NULL OR c.relname::text = ANY($2::text[])) "
                      "ORDER BY c.relname",
                      {Value(request.schema), names});
        // Named tables come back in the order asked for.
        if (!request.table_names.empty()) {
            std::map<std::string, std::size_t> rank;
            for (std::size_t i = 0; i < request.table_names.size(); ++i)
                rank.emplace(request.table_names[i], i);
            std::stable_sort(rows.begin(), rows.end(), [&](const auto& a, const auto& b) {
                return rank[text_of(a[1])] < rank[text_of(b[1])];
            });
        }
        for (const auto& row : rows) {
            ReflectedTable t;
            t.schema = request.schema;
            t.name = text_of(row[1]);
            t.comment = text_of(row[3]);
            schema = text_of(row[2]);
            by_oid.emplace(int_of(row[0]), tables.size());
            oids.push_back(row[0]);
            tables.push_back(std::move(t));
        }
    }
    if (tables.empty()) return tables;
    const Value oid_list(oids);
    auto table_of = [&](const Value& oid) -> ReflectedTable* {
        auto it = by_oid.find(int_of(oid));
        return it == by_oid.end() ? nullptr : &tables[it->second];
    };
    const int major = major_version(connection);

    {
        // Enum columns are completed from pg_enum once all columns are known.
        struct EnumColumn {
            std::size_t table, column;
            std::int64_t type;
            std::string type_name;
        };
        std::vector<EnumColumn> enums;
        std::vector<Value> enum_types;
        const std::string generated = major >= 12 ? "a.attgenerated::text" : "''";
        const std::string sql =
            "SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
            "pg_get_expr(d.adbin, d.adrelid), a.attidentity::text, " +
            generated +
            ", col_description(a.attrelid, a.attnum), t.typtype::text, t.typname, t.oid, "
            "CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END "
            "FROM pg_catalog.pg_attribute a "
            "JOIN pg_catalog.pg_type t ON t.oid = a.atttypid "
            "LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
            "WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped "
            "ORDER BY a.attrelid, a.attnum";
        for (const auto& row : fetch_all(connection, sql, {oid_list})) {
            ReflectedTable* t = table_of(row[0]);
            if (!t) continue;
            ReflectedColumn c;
            c.name = text_of(row[1]);
            c.native_type = text_of(row[2]);
            c.nullable = !bool_of(row[3]);
            const std::string identity = text_of(row[5]);
            const std::string generated_kind = text_of(row[6]);
            c.comment = text_of(row[7]);
            const std::string typtype = text_of(row[8]);
            // A domain reads as its base type.
            c.type = type_from_format_type(typtype == "d" ? text_of(row[11]) : c.native_type);
            if (!row[4].is_null() && generated_kind.empty()) c.default_sql = text_of(row[4]);
            c.autoincrement =
                identity == "a" || identity == "d" ||
                (c.type.is_integer() && c.default_sql && c.default_sql->starts_with("nextval("));
            if (typtype == "e") {
                enums.push_back({static_cast<std::size_t>(t - tables.data()), t->columns.size(),
                                 int_of(row[10]), text_of(row[9])});
                enum_types.push_back(row[10]);
            }
            t->columns.push_back(std::move(c));
        }
        if (!enums.empty()) {
            std::map<std::int64_t, std::vector<std::string>> labels;
            for (const auto& row :
                 fetch_all(connection,
                           "SELECT e.enumtypid, e.enumlabel FROM pg_catalog.pg_enum e "
                           "WHERE e.enumtypid = ANY($1::oid[]) "
                           "ORDER BY e.enumtypid, e.enumsortorder",
                           {Value(enum_types)}))
                labels[int_of(row[0])].push_back(text_of(row[1]));
            for (const auto& e : enums)
                tables[e.table].columns[e.column].type = Enum{e.type_name, labels[e.type]};
        }
    }

    {
        const std::string key_names =
            "(SELECT coalesce(json_agg(a.attname ORDER BY k.ord), '[]'::json) "
            "FROM unnest(con.%1) WITH ORDINALITY AS k(num, ord) "
            "JOIN pg_catalog.pg_attribute a ON a.attrelid = con.%2 AND a.attnum = k.num)";
        auto names = [&](std::string_view keys, std::string_view relation) {
            std::string s = key_names;
            s.replace(s.find("%1"), 2, keys);
            s.replace(s.find("%2"), 2, relation);
            return s;
        };
        const std::string sql =
            "SELECT con.conrelid, con.conname, con.contype::text, " + names("conkey", "conrelid") +
            ", rn.nspname, rc.relname, " + names("confkey", "confrelid") +
            ", con.confdeltype::text, con.confupdtype::text, pg_get_constraintdef(con.oid, true) "
            "FROM pg_catalog.pg_constraint con "
            "LEFT JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid "
            "LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace "
            "WHERE con.conrelid = ANY($1::oid[]) AND con.contype IN ('p', 'f', 'u', 'c') "
            "ORDER BY con.conrelid, con.conname";
        for (const auto& row : fetch_all(connection, sql, {oid_list})) {
            ReflectedTable* t = table_of(row[0]);
            if (!t) continue;
            const std::string name = text_of(row[1]);
            const std::string kind = text_of(row[2]);
            if (kind == "p") {
                t->primary_key_name = name;
                t->primary_key = names_of(row[3]);
            } else if (kind == "u") {
                t->unique_constraints.push_back({name, names_of(row[3]), {}});
            } else if (kind == "c") {
                t->check_constraints.push_back({name, {}, check_expression(text_of(row[9]))});
            } else if (kind == "f") {
                ReflectedForeignKey fk;
                fk.name = name;
                fk.columns = names_of(row[3]);
                const std::string referred_schema = text_of(row[4]);
                // A reference within the tables' own schema keeps the schema as requested.
                fk.referred_schema = referred_schema == schema ? request.schema : referred_schema;
                fk.referred_table = text_of(row[5]);
                fk.referred_columns = names_of(row[6]);
                fk.on_delete = action_of(row[7]);
                fk.on_update = action_of(row[8]);
                t->foreign_keys.push_back(std::move(fk));
            }
        }
    }

    {
        // Indexes that back a primary key, unique or exclusion constraint were reported above.
        const std::string key_count = major >= 11 ? "i.indnkeyatts" : "i.indnatts";
        const std::string sql =
            "SELECT i.indrelid, ic.relname, i.indisunique, "
            "(SELECT json_agg(coalesce(a.attname::text, '') ORDER BY k.ord) "
            "FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(num, ord) "
            "LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.num "
            "WHERE k.ord <= " +
            key_count +
            "), pg_get_expr(i.indpred, i.indrelid) "
            "FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid "
            "WHERE i.indrelid = ANY($1::oid[]) AND NOT EXISTS (SELECT 1 FROM "
            "pg_catalog.pg_constraint con "
            "WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid "
            "AND con.contype IN ('p', 'u', 'x')) "
            "ORDER BY i.indrelid, ic.relname";
        for (const auto& row : fetch_all(connection, sql, {oid_list})) {
            ReflectedTable* t = table_of(row[0]);
            if (!t) continue;
            ReflectedIndex ix;
            ix.name = text_of(row[1]);
            ix.unique = bool_of(row[2]);
            ix.columns = names_of(row[3]);
            ix.where_sql = text_of(row[4]);
            t->indexes.push_back(std::move(ix));
        }
    }
    return tables;
}

}  // namespace retort::postgresql
