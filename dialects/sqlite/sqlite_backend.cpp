// The SQLite backend: connection factory, pool choice (one shared connection for in-memory
// databases) and reflection through sqlite_schema and the pragma table functions, batched.
#include "sqlite_driver.hpp"

#include <retort/dialects/sqlite.hpp>
#include <retort/dialects/sqlite_backend.hpp>
#include <retort/errors.hpp>

#include <algorithm>
#include <cctype>
#include <map>

namespace retort {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string text_of(const Value& v) {
    if (auto* s = v.get_if<std::string>()) return *s;
    if (auto* i = v.get_if<std::int64_t>()) return std::to_string(*i);
    return {};
}

std::int64_t int_of(const Value& v) {
    if (auto* i = v.get_if<std::int64_t>()) return *i;
    if (auto* s = v.get_if<std::string>()) return std::stoll(*s);
    return 0;
}

/// Reads the numbers in "VARCHAR(50)" / "NUMERIC(10, 2)".
std::vector<int> type_arguments(std::string_view declared) {
    std::vector<int> out;
    auto open = declared.find('(');
    if (open == std::string_view::npos) return out;
    int n = 0;
    bool any = false;
    for (std::size_t i = open + 1; i < declared.size() && declared[i] != ')'; ++i) {
        char c = declared[i];
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

/// Maps a declared SQLite type back to a generic type, by SQLite's own affinity rules first.
SqlType generic_type(std::string_view declared) {
    std::string t = lower(declared);
    auto args = type_arguments(declared);
    auto starts = [&](std::string_view p) { return t.rfind(p, 0) == 0; };
    if (starts("bigint")) return BigInteger{};
    if (starts("smallint")) return SmallInteger{};
    if (t.find("int") != std::string::npos) return Integer{};
    if (starts("bool")) return Boolean{};
    if (starts("datetime") || starts("timestamp")) return DateTime{};
    if (starts("date")) return Date{};
    if (starts("time")) return Time{};
    if (starts("json")) return JSON{};
    if (starts("numeric") || starts("decimal"))
        return args.empty() ? Numeric{} : Numeric{args[0], args.size() > 1 ? args[1] : 0};
    if (starts("double")) return Double{};
    if (starts("float") || starts("real")) return Float{};
    if (t.find("char") != std::string::npos) return args.empty() ? String{} : String{args[0]};
    if (t.find("clob") != std::string::npos || t.find("text") != std::string::npos) return Text{};
    if (t.find("blob") != std::string::npos || t.empty()) return LargeBinary{};
    return Numeric{};
}

ReferentialAction action_of(std::string_view text) {
    std::string t = lower(text);
    if (t == "cascade") return ReferentialAction::Cascade;
    if (t == "set null") return ReferentialAction::SetNull;
    if (t == "set default") return ReferentialAction::SetDefault;
    if (t == "restrict") return ReferentialAction::Restrict;
    return ReferentialAction::Unspecified;  // "NO ACTION" is SQLite's default spelling
}

/// Finds `CONSTRAINT name CHECK (...)` and `CONSTRAINT name UNIQUE (...)` clauses in a CREATE
/// TABLE statement (SQLite keeps no catalog of them).
void parse_table_sql(const std::string& sql, ReflectedTable& table) {
    std::string l = lower(sql);
    std::size_t pos = 0;
    while ((pos = l.find("check", pos)) != std::string::npos) {
        bool word = (pos == 0 || !std::isalnum(static_cast<unsigned char>(l[pos - 1]))) &&
                    (pos + 5 < l.size() && !std::isalnum(static_cast<unsigned char>(l[pos + 5])));
        std::size_t open = l.find('(', pos);
        if (!word || open == std::string::npos) {
            pos += 5;
            continue;
        }
        int depth = 0;
        std::size_t close = open;
        for (; close < l.size(); ++close) {
            if (l[close] == '(') ++depth;
            if (l[close] == ')' && --depth == 0) break;
        }
        ReflectedConstraint check;
        check.sql = sql.substr(open + 1, close - open - 1);
        // A name comes from a preceding "CONSTRAINT name".
        std::size_t before = l.rfind("constraint", pos);
        if (before != std::string::npos && l.find(',', before) > pos) {
            std::size_t name_start = before + 10;
            while (name_start < pos && std::isspace(static_cast<unsigned char>(sql[name_start])))
                ++name_start;
            std::size_t name_end = name_start;
            while (name_end < pos && !std::isspace(static_cast<unsigned char>(sql[name_end])))
                ++name_end;
            check.name = sql.substr(name_start, name_end - name_start);
            if (check.name.size() >= 2 && (check.name.front() == '"' || check.name.front() == '`'))
                check.name = check.name.substr(1, check.name.size() - 2);
        }
        table.check_constraints.push_back(std::move(check));
        pos = close;
    }
}

/// A `CONSTRAINT name UNIQUE (a, b)` or `CONSTRAINT name FOREIGN KEY (a, b)` clause: the names
/// SQLite's pragmas do not report, found by their columns.
struct NamedConstraint {
    bool unique = false;  // else a foreign key
    std::vector<std::string> columns;
    std::string name;
};

std::vector<NamedConstraint> named_constraints(const std::string& sql) {
    std::vector<NamedConstraint> out;
    const std::string l = lower(sql);
    auto skip = [&](std::size_t p) {
        while (p < sql.size() && std::isspace(static_cast<unsigned char>(sql[p])))
            ++p;
        return p;
    };
    // An identifier, bare or quoted ("a""b", `a`, [a]), with its quotes removed.
    auto identifier = [&](std::size_t& p) {
        p = skip(p);
        std::string name;
        if (p < sql.size() && (sql[p] == '"' || sql[p] == '`' || sql[p] == '[')) {
            const char close = sql[p] == '[' ? ']' : sql[p];
            for (++p; p < sql.size(); ++p) {
                if (sql[p] != close) {
                    name += sql[p];
                } else if (close != ']' && p + 1 < sql.size() && sql[p + 1] == close) {
                    name += sql[++p];
                } else {
                    ++p;
                    break;
                }
            }
        } else {
            while (p < sql.size() && !std::isspace(static_cast<unsigned char>(sql[p])) &&
                   sql[p] != '(' && sql[p] != ')' && sql[p] != ',')
                name += sql[p++];
        }
        return name;
    };
    auto keyword = [&](std::size_t& p, std::string_view word) {
        if (l.compare(p, word.size(), word) != 0) return false;
        p = skip(p + word.size());
        return true;
    };
    for (std::size_t pos = 0; (pos = l.find("constraint", pos)) != std::string::npos;) {
        const bool word =
            (pos == 0 || !std::isalnum(static_cast<unsigned char>(l[pos - 1]))) &&
            (pos + 10 < l.size() && std::isspace(static_cast<unsigned char>(l[pos + 10])));
        std::size_t p = pos + 10;
        pos = p;
        if (!word) continue;
        NamedConstraint c;
        c.name = identifier(p);
        p = skip(p);
        if (keyword(p, "unique"))
            c.unique = true;
        else if (!(keyword(p, "foreign") && keyword(p, "key")))
            continue;
        if (p >= sql.size() || sql[p] != '(') continue;
        ++p;
        do {
            c.columns.push_back(identifier(p));
            p = skip(p);
        } while (p < sql.size() && sql[p] == ',' && ++p);
        out.push_back(std::move(c));
    }
    return out;
}

/// The name of the constraint of that kind over exactly these columns, or "".
std::string constraint_name(const std::vector<NamedConstraint>& named, bool unique,
                            const std::vector<std::string>& columns) {
    for (const auto& c : named)
        if (c.unique == unique && c.columns == columns) return c.name;
    return {};
}

std::vector<ReflectedTable> reflect(DriverConnection& connection,
                                    const ReflectionRequest& request) {
    auto wanted = [&](const std::string& name) {
        return request.table_names.empty() ||
               std::find(request.table_names.begin(), request.table_names.end(), name) !=
                   request.table_names.end();
    };
    std::map<std::string, ReflectedTable> tables;
    std::map<std::string, std::vector<NamedConstraint>> named;
    for (auto& row : fetch_all(connection,
                               "SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name "
                               "NOT LIKE 'sqlite_%' "
                               "ORDER BY name")) {
        std::string name = text_of(row[0]);
        if (!wanted(name)) continue;
        ReflectedTable t;
        t.name = name;
        parse_table_sql(text_of(row[1]), t);
        named[name] = named_constraints(text_of(row[1]));
        tables.emplace(name, std::move(t));
    }
    // A name that is not a table is left out, as the other backends do (reflect_table() then
    // reports it as an ArgumentError).

    std::map<std::string, std::vector<std::pair<std::int64_t, std::string>>> primary_keys;
    for (auto& row : fetch_all(
             connection,
             "SELECT m.name, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk, p.hidden "
             "FROM sqlite_schema AS m JOIN pragma_table_xinfo(m.name) AS p "
             "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid")) {
        auto it = tables.find(text_of(row[0]));
        if (it == tables.end() || int_of(row[6]) == 1)
            continue;  // hidden columns of virtual tables
        ReflectedColumn c;
        c.name = text_of(row[1]);
        c.native_type = text_of(row[2]);
        c.type = generic_type(c.native_type);
        c.nullable = int_of(row[3]) == 0;
        if (!row[4].is_null()) c.default_sql = text_of(row[4]);
        if (std::int64_t pk = int_of(row[5]); pk > 0) {
            primary_keys[it->first].emplace_back(pk, c.name);
            c.nullable = false;
        }
        it->second.columns.push_back(std::move(c));
    }
    for (auto& [name, keys] : primary_keys) {
        std::sort(keys.begin(), keys.end());
        auto& t = tables[name];
        for (auto& [order, column] : keys)
            t.primary_key.push_back(column);
        // A lone INTEGER PRIMARY KEY is the rowid alias SQLite fills itself.
        if (keys.size() == 1)
            for (auto& c : t.columns)
                if (c.name == keys.front().second && lower(c.native_type) == "integer")
                    c.autoincrement = true;
    }
    std::map<std::pair<std::string, std::int64_t>, ReflectedForeignKey> fks;
    for (auto& row : fetch_all(
             connection,
             "SELECT m.name, f.id, f.\"table\", f.\"from\", f.\"to\", f.on_update, f.on_delete "
             "FROM sqlite_schema AS m JOIN pragma_foreign_key_list(m.name) AS f "
             "WHERE m.type = 'table' ORDER BY m.name, f.id, f.seq")) {
        std::string table = text_of(row[0]);
        if (!tables.count(table)) continue;
        auto& fk = fks[{table, int_of(row[1])}];
        fk.referred_table = text_of(row[2]);
        fk.columns.push_back(text_of(row[3]));
        fk.referred_columns.push_back(text_of(row[4]));
        fk.on_update = action_of(text_of(row[5]));
        fk.on_delete = action_of(text_of(row[6]));
    }
    for (auto& [key, fk] : fks) {
        fk.name = constraint_name(named[key.first], false, fk.columns);
        tables[key.first].foreign_keys.push_back(std::move(fk));
    }

    std::map<std::pair<std::string, std::string>, ReflectedIndex> indexes;
    std::vector<std::pair<std::string, std::string>> index_order;
    std::map<std::pair<std::string, std::string>, std::string> origins;
    for (auto& row :
         fetch_all(connection,
                   "SELECT m.name, il.name, il.\"unique\", il.origin, ii.name, s.sql "
                   "FROM sqlite_schema AS m JOIN pragma_index_list(m.name) AS il "
                   "JOIN pragma_index_info(il.name) AS ii "
                   "LEFT JOIN sqlite_schema AS s ON s.type = 'index' AND s.name = il.name "
                   "WHERE m.type = 'table' ORDER BY m.name, il.name, ii.seqno")) {
        std::string table = text_of(row[0]);
        if (!tables.count(table)) continue;
        auto key = std::make_pair(table, text_of(row[1]));
        auto [it, inserted] = indexes.try_emplace(key);
        if (inserted) {
            index_order.push_back(key);
            it->second.name = key.second;
            it->second.unique = int_of(row[2]) != 0;
            origins[key] = text_of(row[3]);
            std::string sql = text_of(row[5]);
            auto where = lower(sql).rfind(" where ");
            if (where != std::string::npos) it->second.where_sql = sql.substr(where + 7);
        }
        it->second.columns.push_back(row[4].is_null() ? std::string{} : text_of(row[4]));
    }
    for (const auto& key : index_order) {
        auto& index = indexes[key];
        const std::string& origin = origins[key];
        if (origin == "pk") continue;
        if (origin == "u") {
            tables[key.first].unique_constraints.push_back(
                {constraint_name(named[key.first], true, index.columns), index.columns, ""});
            continue;
        }
        tables[key.first].indexes.push_back(std::move(index));
    }
    std::vector<ReflectedTable> out;
    for (auto& [name, t] : tables)
        out.push_back(std::move(t));
    return out;
}

std::vector<std::string> table_names(DriverConnection& connection, const std::string&) {
    std::vector<std::string> out;
    for (auto& row : fetch_all(
             connection,
             "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
             "ORDER BY name"))
        out.push_back(text_of(row[0]));
    return out;
}

}  // namespace

DatabaseBackend sqlite_backend() {
    DatabaseBackend backend;
    backend.name = "sqlite";
    backend.schemes = {"sqlite"};
    backend.connect = [](const Url& url,
                         const DriverOptions& options) -> std::unique_ptr<DriverConnection> {
        return std::make_unique<sqlite::SqliteConnection>(url, options);
    };
    backend.dialect = [](const Url&) {
        // The dialect is a static object; a non-owning pointer keeps the interface uniform.
        return std::shared_ptr<const Dialect>(std::shared_ptr<const void>(), &sqlite_dialect());
    };
    backend.reflect = reflect;
    backend.table_names = table_names;
    backend.default_pool = [](const Url& url) {
        // An in-memory database lives in its one connection: everyone must share it.
        return url.is_memory() ? PoolKind::SingleConnection : PoolKind::Queue;
    };
    return backend;
}

}  // namespace retort
