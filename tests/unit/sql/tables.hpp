// Tables shared by the expression, schema and DDL tests: users and orders (orders.user_id refers
// to users.id).
#pragma once

#include "../support.hpp"

namespace retort::test {

struct SqlTables {
    MetaData meta;
    Table users{meta,
                "users",
                Column{"id", Integer{}, primary_key()},
                Column{"name", String{50}, not_null()},
                Column{"email", String{100}},
                Column{"age", Integer{}}};
    Table orders{meta,
                 "orders",
                 Column{"id", Integer{}, primary_key()},
                 Column{"user_id", Integer{}, ForeignKey{"users.id"}},
                 Column{"amount", Numeric{10, 2}},
                 Column{"note", Text{}}};
    Column id = users.c("id");
    Column name = users.c("name");
    Column email = users.c("email");
    Column age = users.c("age");

    /// Checks `SELECT users.id FROM users WHERE <condition>` in the three dialects, given the
    /// WHERE clause each should render and the parameters (the same in every dialect).
    void check_where(const Expression& condition, const std::string& sqlite,
                     const std::string& postgresql, const std::string& mysql,
                     const std::vector<Value>& params = {},
                     const Parameters& parameters = {}) const {
        const std::string prefix = "SELECT users.id FROM users WHERE ";
        check_dialects(select(id).where(condition), {prefix + sqlite, params},
                       {prefix + postgresql, params}, {prefix + mysql, params}, parameters);
    }
    /// Same, when all three dialects render the same text apart from the placeholders:
    /// `?` is replaced by `$1`, `$2`, ... for PostgreSQL.
    void check_where(const Expression& condition, const std::string& qmark_sql,
                     const std::vector<Value>& params = {}) const {
        check_where(condition, qmark_sql, numbered(qmark_sql), qmark_sql, params);
    }
    /// `?` placeholders renumbered as `$1`, `$2`, ... (outside quoted strings).
    static std::string numbered(const std::string& sql) {
        std::string out;
        int n = 0;
        char quote = 0;
        for (char c : sql) {
            if (quote) {
                if (c == quote) quote = 0;
            } else if (c == '\'' || c == '"' || c == '`') {
                quote = c;
            } else if (c == '?') {
                out += "$" + std::to_string(++n);
                continue;
            }
            out += c;
        }
        return out;
    }
};

/// The slots of `statement` compiled for SQLite (names, types).
inline std::vector<ParameterSlot> slots_of(const Statement& statement) {
    return compile(statement, sqlite_dialect()).form().slots();
}

}  // namespace retort::test
