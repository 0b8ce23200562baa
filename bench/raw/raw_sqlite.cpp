// Raw sqlite3 baseline of the benchmark suite: each method is one benchmark op written
// straight against the C API, the yardstick retort's SQLite figures are divided by.
#include "raw_sqlite.hpp"

#include <sqlite3.h>

#include <stdexcept>
#include <utility>

namespace retort::bench::raw {

namespace {

constexpr Dialect kD = Dialect::sqlite;
constexpr std::string_view kScanSql = "SELECT id, name, email, age, created_at FROM users";

// Resets on every exit path so an exception never leaves a statement busy (which would keep
// a read transaction open and block COMMIT).
struct ResetGuard {
    sqlite3_stmt* st;
    ~ResetGuard() { sqlite3_reset(st); }
};

inline void assign_text(std::string& dst, sqlite3_stmt* st, int col) {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st, col));
    if (p)
        dst.assign(p, static_cast<std::size_t>(sqlite3_column_bytes(st, col)));
    else
        dst.clear();
}

inline std::int64_t column_timestamp(sqlite3_stmt* st, int col) {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st, col));
    if (!p) return 0;
    return parse_timestamp({p, static_cast<std::size_t>(sqlite3_column_bytes(st, col))});
}

}  // namespace

void Sqlite::DbCloser::operator()(sqlite3* db) const noexcept {
    sqlite3_close_v2(db);
}
void Sqlite::StmtFinalizer::operator()(sqlite3_stmt* st) const noexcept {
    sqlite3_finalize(st);
}

Sqlite::Sqlite() = default;
Sqlite::Sqlite(const std::string& path) {
    open(path);
}
Sqlite::~Sqlite() = default;
Sqlite::Sqlite(Sqlite&&) noexcept = default;
Sqlite& Sqlite::operator=(Sqlite&&) noexcept = default;

void Sqlite::fail(std::string_view what) const {
    std::string msg(what);
    msg += ": ";
    msg += db_ ? sqlite3_errmsg(db_.get()) : "no database open";
    throw std::runtime_error(msg);
}

void Sqlite::finalize_statements() noexcept {
    for (Stmt* s : {&s1_, &insert_, &scan_, &s2_, &s4_, &s5_, &s6_, &s7_, &s8_})
        s->reset();
}

void Sqlite::open(const std::string& path) {
    finalize_statements();
    db_.reset();
    sqlite3* db = nullptr;
    const int rc =
        sqlite3_open_v2(path.c_str(), &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    db_.reset(db);  // sqlite3 hands out a handle even on failure; it must still be closed
    if (rc != SQLITE_OK) fail("sqlite3_open_v2(" + path + ")");
}

void Sqlite::exec(std::string_view sql) {
    const std::string s(sql);
    char* err = nullptr;
    if (sqlite3_exec(db_.get(), s.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = "sqlite3_exec: ";
        msg += err ? err : "unknown error";
        sqlite3_free(err);
        throw std::runtime_error(msg);
    }
}

sqlite3_stmt* Sqlite::prepared(Stmt& slot, std::string_view sql) {
    if (!slot) {
        if (!db_) fail("prepare");
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()),
                               SQLITE_PREPARE_PERSISTENT, &st, nullptr) != SQLITE_OK)
            fail("sqlite3_prepare_v3");
        slot.reset(st);
    }
    return slot.get();
}

void Sqlite::create_schema() {
    finalize_statements();  // cached statements may refer to the old tables
    for (auto sql : drop_schema_ddl(kD))
        exec(sql);
    for (auto sql : schema_ddl(kD))
        exec(sql);
}

void Sqlite::fill(std::int64_t users, int addresses_per_user) {
    Stmt ins_user, ins_addr;
    sqlite3_stmt* u = prepared(
        ins_user, "INSERT INTO users (id, name, email, age, created_at) VALUES (?, ?, ?, ?, ?)");
    sqlite3_stmt* a =
        prepared(ins_addr, "INSERT INTO addresses (id, user_id, email) VALUES (?, ?, ?)");
    exec("BEGIN");
    try {
        char ts[kTimestampTextLen];
        for (std::int64_t i = 1; i <= users; ++i) {
            const BenchUser row = bench_user(i);
            format_timestamp(row.created_at_unix_us, ts);
            sqlite3_bind_int64(u, 1, row.id);
            sqlite3_bind_text(u, 2, row.name.data(), static_cast<int>(row.name.size()),
                              SQLITE_STATIC);
            sqlite3_bind_text(u, 3, row.email.data(), static_cast<int>(row.email.size()),
                              SQLITE_STATIC);
            sqlite3_bind_int(u, 4, row.age);
            sqlite3_bind_text(u, 5, ts, static_cast<int>(kTimestampTextLen), SQLITE_STATIC);
            if (sqlite3_step(u) != SQLITE_DONE) fail("fill users");
            sqlite3_reset(u);
        }
        const std::int64_t n_addr = users * addresses_per_user;
        for (std::int64_t j = 1; j <= n_addr; ++j) {
            // bench_address assumes three per user; recompute user_id for other counts.
            BenchAddress row = bench_address(j);
            row.user_id = (j - 1) / addresses_per_user + 1;
            sqlite3_bind_int64(a, 1, row.id);
            sqlite3_bind_int64(a, 2, row.user_id);
            sqlite3_bind_text(a, 3, row.email.data(), static_cast<int>(row.email.size()),
                              SQLITE_STATIC);
            if (sqlite3_step(a) != SQLITE_DONE) fail("fill addresses");
            sqlite3_reset(a);
        }
        exec("COMMIT");
    } catch (...) {
        sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
    exec("ANALYZE");
}

bool Sqlite::point_select(std::int64_t id, BenchUser& out) {
    sqlite3_stmt* st = prepared(s1_, s1_sql(kD));
    ResetGuard guard{st};
    sqlite3_bind_int64(st, 1, id);
    const int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out.id = sqlite3_column_int64(st, 0);
        assign_text(out.name, st, 1);
        assign_text(out.email, st, 2);
        return true;
    }
    if (rc != SQLITE_DONE) fail("point_select");
    return false;
}

void Sqlite::bulk_insert(std::span<const BenchUser> rows) {
    sqlite3_stmt* st = prepared(insert_, s3_sql(kD));
    exec("BEGIN");
    try {
        char ts[kTimestampTextLen];
        for (const BenchUser& row : rows) {
            format_timestamp(row.created_at_unix_us, ts);
            // SQLITE_STATIC: every buffer outlives the step that reads it.
            sqlite3_bind_text(st, 1, row.name.data(), static_cast<int>(row.name.size()),
                              SQLITE_STATIC);
            sqlite3_bind_text(st, 2, row.email.data(), static_cast<int>(row.email.size()),
                              SQLITE_STATIC);
            sqlite3_bind_int(st, 3, row.age);
            sqlite3_bind_text(st, 4, ts, static_cast<int>(kTimestampTextLen), SQLITE_STATIC);
            if (sqlite3_step(st) != SQLITE_DONE) {
                sqlite3_reset(st);
                fail("bulk_insert");
            }
            sqlite3_reset(st);
        }
        exec("COMMIT");
    } catch (...) {
        sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

void Sqlite::bulk_insert(std::int64_t n) {
    bulk_insert(make_users(1, n));
}

std::size_t Sqlite::scan(std::vector<BenchUser>& out) {
    sqlite3_stmt* st = prepared(scan_, kScanSql);
    ResetGuard guard{st};
    out.clear();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        BenchUser& u = out.emplace_back();
        u.id = sqlite3_column_int64(st, 0);
        assign_text(u.name, st, 1);
        assign_text(u.email, st, 2);
        u.age = sqlite3_column_int(st, 3);
        u.created_at_unix_us = column_timestamp(st, 4);
    }
    if (rc != SQLITE_DONE) fail("scan");
    return out.size();
}

std::size_t Sqlite::s2(std::string_view name_pattern, std::int64_t min_count, std::int64_t limit) {
    sqlite3_stmt* st = prepared(s2_, s2_sql(kD));
    ResetGuard guard{st};
    sqlite3_bind_text(st, 1, name_pattern.data(), static_cast<int>(name_pattern.size()),
                      SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, min_count);
    sqlite3_bind_int64(st, 3, limit);
    std::size_t rows = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        assign_text(scratch_, st, 0);
        checksum_ += sqlite3_column_int64(st, 1);
        ++rows;
    }
    if (rc != SQLITE_DONE) fail("s2");
    return rows;
}

std::int64_t Sqlite::s3(const BenchUser& u) {
    sqlite3_stmt* st = prepared(insert_, s3_sql(kD));
    ResetGuard guard{st};
    char ts[kTimestampTextLen];
    format_timestamp(u.created_at_unix_us, ts);
    sqlite3_bind_text(st, 1, u.name.data(), static_cast<int>(u.name.size()), SQLITE_STATIC);
    sqlite3_bind_text(st, 2, u.email.data(), static_cast<int>(u.email.size()), SQLITE_STATIC);
    sqlite3_bind_int(st, 3, u.age);
    sqlite3_bind_text(st, 4, ts, static_cast<int>(kTimestampTextLen), SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) fail("s3");
    return sqlite3_last_insert_rowid(db_.get());
}

std::int64_t Sqlite::s4(std::span<const BenchUser> rows) {
    if (rows.size() != kS4Rows) throw std::invalid_argument("s4 takes exactly 100 rows");
    sqlite3_stmt* st = prepared(s4_, s4_sql(kD));
    ResetGuard guard{st};
    std::array<char, kTimestampTextLen * kS4Rows> ts;
    int p = 1;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const BenchUser& u = rows[r];
        char* t = ts.data() + r * kTimestampTextLen;
        format_timestamp(u.created_at_unix_us, t);
        sqlite3_bind_text(st, p++, u.name.data(), static_cast<int>(u.name.size()), SQLITE_STATIC);
        sqlite3_bind_text(st, p++, u.email.data(), static_cast<int>(u.email.size()), SQLITE_STATIC);
        sqlite3_bind_int(st, p++, u.age);
        sqlite3_bind_text(st, p++, t, static_cast<int>(kTimestampTextLen), SQLITE_STATIC);
    }
    if (sqlite3_step(st) != SQLITE_DONE) fail("s4");
    return sqlite3_changes64(db_.get());
}

std::int64_t Sqlite::s5(const std::array<std::int64_t, kS5Ids>& ids) {
    sqlite3_stmt* st = prepared(s5_, s5_sql(kD));
    ResetGuard guard{st};
    for (int i = 0; i < kS5Ids; ++i)
        sqlite3_bind_int64(st, i + 1, ids[static_cast<std::size_t>(i)]);
    if (sqlite3_step(st) != SQLITE_DONE) fail("s5");
    return sqlite3_changes64(db_.get());
}

std::int64_t Sqlite::s6(std::int64_t user_id, std::string_view email_pattern) {
    sqlite3_stmt* st = prepared(s6_, s6_sql(kD));
    ResetGuard guard{st};
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_text(st, 2, email_pattern.data(), static_cast<int>(email_pattern.size()),
                      SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) fail("s6");
    return sqlite3_changes64(db_.get());
}

std::int64_t Sqlite::s7(std::int64_t id, std::string_view name, std::string_view email) {
    sqlite3_stmt* st = prepared(s7_, s7_sql(kD));
    ResetGuard guard{st};
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, name.data(), static_cast<int>(name.size()), SQLITE_STATIC);
    sqlite3_bind_text(st, 3, email.data(), static_cast<int>(email.size()), SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) fail("s7");
    return sqlite3_changes64(db_.get());
}

std::size_t Sqlite::s8(std::int32_t min_age, std::int64_t first_id, std::int64_t last_id) {
    sqlite3_stmt* st = prepared(s8_, s8_sql(kD));
    ResetGuard guard{st};
    for (int half = 0; half < 2; ++half) {
        sqlite3_bind_int(st, half * 3 + 1, min_age);
        sqlite3_bind_int64(st, half * 3 + 2, first_id);
        sqlite3_bind_int64(st, half * 3 + 3, last_id);
    }
    std::size_t rows = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        checksum_ += sqlite3_column_int64(st, 0);
        assign_text(scratch_, st, 1);
        assign_text(scratch2_, st, 2);
        ++rows;
    }
    if (rc != SQLITE_DONE) fail("s8");
    return rows;
}

std::int64_t Sqlite::count_rows(std::string_view table) {
    Stmt slot;
    sqlite3_stmt* st = prepared(slot, "SELECT count(*) FROM " + std::string(table));
    if (sqlite3_step(st) != SQLITE_ROW) fail("count_rows");
    return sqlite3_column_int64(st, 0);
}

}  // namespace retort::bench::raw
