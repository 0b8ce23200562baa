// The benchmark schema as retort Tables and statements S1-S8 as retort expressions, plus the
// self-check that each compiles to SQL equivalent to the text the raw baselines execute.
#pragma once

#include <retort/retort.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dataset.hpp"

namespace retort::bench {

/// users and addresses of the benchmark schema (the DDL itself comes from dataset.hpp so that
/// retort and the baselines run on identical tables).
struct Schema {
    MetaData meta;
    Table users{meta,
                "users",
                Column{"id", Integer{}, primary_key()},
                Column{"name", String{50}, not_null()},
                Column{"email", String{100}},
                Column{"age", Integer{}},
                Column{"created_at", DateTime{}}};
    Table addresses{meta, "addresses", Column{"id", Integer{}, primary_key()},
                    Column{"user_id", Integer{}, ForeignKey{"users.id"}},
                    Column{"email", String{100}, not_null()}};
};

inline Timestamp timestamp(std::int64_t unix_us) {
    return Timestamp{
        std::chrono::sys_time<std::chrono::microseconds>{std::chrono::microseconds{unix_us}}};
}

inline std::int64_t unix_us(std::chrono::sys_time<std::chrono::microseconds> t) {
    return t.time_since_epoch().count();
}

/// The row of S3 / bulk insert as execution parameters (no id: the database assigns it).
inline Parameters insert_parameters(const BenchUser& u) {
    return Parameters{{"name", u.name},
                      {"email", u.email},
                      {"age", u.age},
                      {"created_at", timestamp(u.created_at_unix_us)}};
}

// S1: `id` is bindparam("id") for the prepared form, or a value.
inline Select s1(const Schema& s, const Expression& id) {
    const auto& u = s.users;
    return select(u.c("id"), u.c("name"), u.c("email")).where(u.c("id") == id);
}

inline Select s2(const Schema& s, std::string_view pattern, std::int64_t min_count,
                 std::int64_t limit) {
    const auto& u = s.users;
    const auto& a = s.addresses;
    auto n = func.count(a.c("id"));
    auto labelled = n.label("n");
    return select(u.c("name"), labelled)
        .select_from(u.join(a, u.c("id") == a.c("user_id")))
        .where(u.c("name").like(std::string(pattern)))
        .group_by(u.c("name"))
        .having(n > min_count)
        .order_by(labelled.desc())
        .limit(limit);
}

inline Insert s3(const Schema& s, const BenchUser& row) {
    return insert(s.users).values({{"name", row.name},
                                   {"email", row.email},
                                   {"age", row.age},
                                   {"created_at", timestamp(row.created_at_unix_us)}});
}

inline Insert s4(const Schema& s, std::span<const BenchUser> rows) {
    std::vector<ColumnAssignments> values;
    values.reserve(rows.size());
    for (const BenchUser& row : rows)
        values.push_back({{"name", row.name},
                          {"email", row.email},
                          {"age", row.age},
                          {"created_at", timestamp(row.created_at_unix_us)}});
    return insert(s.users).multi_values(std::move(values));
}

inline Update s5(const Schema& s, const std::array<std::int64_t, kS5Ids>& ids) {
    const auto& u = s.users;
    return update(u)
        .values({{"age", u.c("age") + 1}})
        .where(u.c("id").in_(std::vector<Value>(ids.begin(), ids.end())));
}

inline Delete s6(const Schema& s, std::int64_t user_id, std::string_view pattern) {
    const auto& a = s.addresses;
    return delete_(a).where(a.c("user_id") == user_id && a.c("email").like(std::string(pattern)));
}

inline Insert s7(const Schema& s, std::int64_t id, std::string_view name, std::string_view email) {
    const auto& u = s.users;
    return insert(u)
        .values({{"id", id}, {"name", std::string(name)}, {"email", std::string(email)}})
        .on_conflict({u.c("id")})
        .do_update({{"name", excluded(u.c("name"))}, {"email", excluded(u.c("email"))}});
}

inline CompoundSelect s8(const Schema& s, std::int32_t min_age, std::int64_t first_id,
                         std::int64_t last_id) {
    const auto& u = s.users;
    const auto& a = s.addresses;
    auto adults = select(u.c("id"), u.c("age")).where(u.c("age") > min_age).cte("adults");
    auto band = case_({{adults.c("age") < 40, "young"}, {adults.c("age") < 60, "middle"}}, "senior")
                    .label("band");
    auto has_address =
        select(literal_column("1")).select_from(a).where(a.c("user_id") == u.c("id")).exists();
    auto with_band = select(u.c("id"), u.c("name"), band)
                         .select_from(adults.join(u, u.c("id") == adults.c("id")))
                         .where(u.c("id").between(first_id, last_id) && has_address);
    auto others = select(u.c("id"), u.c("name"), literal("none").label("band"))
                      .where(u.c("age") <= min_age && u.c("id").between(first_id, last_id));
    return union_all(with_band, others);
}

/// Every user column, in BenchUser's order (the scan).
inline Select scan_all(const Schema& s) {
    const auto& u = s.users;
    return select(u.c("id"), u.c("name"), u.c("email"), u.c("age"), u.c("created_at"));
}

inline const retort::Dialect& retort_dialect(Dialect d) {
    switch (d) {
        case Dialect::sqlite:
            return sqlite_dialect();
        case Dialect::postgresql:
            return postgresql_dialect();
        case Dialect::mysql:
            return mysql_dialect();
    }
    return sqlite_dialect();
}

/// The values each statement's self-check compiles with.
struct CheckValues {
    std::vector<BenchUser> s4_rows = make_users(1, kS4Rows);
    BenchUser s3_row = bench_user(1);
    std::array<std::int64_t, kS5Ids> s5_ids{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
};

/// Builds statement `n` (1..8) with the check values.
Statement build_statement(const Schema& s, int n, const CheckValues& v);

/// The SQL text dataset.hpp gives for statement `n` and the values the check binds, rendered
/// as SQL literals in placeholder order.
std::string dataset_sql(Dialect d, int n);
std::vector<std::string> dataset_literals(int n, const CheckValues& v);

/// Compiles S1-S8 for `d` and compares each with dataset.hpp's text: both with the check values
/// inlined as literals, table qualifiers dropped and spacing normalized. Returns the
/// differences (empty when all match).
std::vector<std::string> check_statements(const Schema& s, Dialect d);

/// Runs check_statements for the three dialects and exits with a message on a difference.
void require_equivalent_statements(const Schema& s);

}  // namespace retort::bench
