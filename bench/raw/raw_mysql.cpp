// Raw libmariadb baseline of the benchmark suite: each method is one benchmark op written
// straight against the MariaDB Connector/C API, the yardstick for retort's MySQL figures.
#include "raw_mysql.hpp"

#include <mysql.h>

#include <cstring>
#include <stdexcept>

namespace retort::bench::raw {

namespace {

constexpr Dialect kD = Dialect::mysql;
constexpr std::string_view kScanSql = "SELECT id, name, email, age, created_at FROM users";
// VARCHAR(50) / VARCHAR(100) in utf8mb4 take at most 200 / 400 bytes.
constexpr unsigned long kNameCap = 256, kEmailCap = 512, kBandCap = 16;

struct StmtCloser {
    void operator()(MYSQL_STMT* st) const noexcept { mysql_stmt_close(st); }
};
using Stmt = std::unique_ptr<MYSQL_STMT, StmtCloser>;
struct ConnCloser {
    void operator()(MYSQL* m) const noexcept { mysql_close(m); }
};

[[noreturn]] void stmt_fail(MYSQL_STMT* st, std::string_view what) {
    throw std::runtime_error(std::string(what) + ": " + mysql_stmt_error(st));
}

MYSQL_TIME to_mysql_time(std::int64_t unix_us) {
    const CivilTime t = civil_from_unix_us(unix_us);
    MYSQL_TIME m{};
    m.year = static_cast<unsigned>(t.year), m.month = static_cast<unsigned>(t.month);
    m.day = static_cast<unsigned>(t.day), m.hour = static_cast<unsigned>(t.hour);
    m.minute = static_cast<unsigned>(t.minute), m.second = static_cast<unsigned>(t.second);
    m.second_part = static_cast<unsigned long>(t.microsecond);
    m.time_type = MYSQL_TIMESTAMP_DATETIME;
    return m;
}

std::int64_t from_mysql_time(const MYSQL_TIME& m) {
    return unix_us_from_civil(CivilTime{static_cast<int>(m.year), static_cast<int>(m.month),
                                        static_cast<int>(m.day), static_cast<int>(m.hour),
                                        static_cast<int>(m.minute), static_cast<int>(m.second),
                                        static_cast<int>(m.second_part)});
}

// Bind helpers. The connector only reads parameter buffers, hence the const_casts.
void bind_long(MYSQL_BIND& b, const std::int32_t* v) {
    b.buffer_type = MYSQL_TYPE_LONG;
    b.buffer = const_cast<std::int32_t*>(v);
}
void bind_longlong(MYSQL_BIND& b, const std::int64_t* v) {
    b.buffer_type = MYSQL_TYPE_LONGLONG;
    b.buffer = const_cast<std::int64_t*>(v);
}
void bind_string_in(MYSQL_BIND& b, std::string_view s, unsigned long* len) {
    *len = static_cast<unsigned long>(s.size());
    b.buffer_type = MYSQL_TYPE_STRING;
    b.buffer = const_cast<char*>(s.data());
    b.buffer_length = *len;
    b.length = len;
}
void bind_string_out(MYSQL_BIND& b, char* buf, unsigned long cap, unsigned long* len,
                     my_bool* is_null = nullptr) {
    b.buffer_type = MYSQL_TYPE_STRING;
    b.buffer = buf;
    b.buffer_length = cap;
    b.length = len;
    b.is_null = is_null;
}
void bind_datetime(MYSQL_BIND& b, MYSQL_TIME* t, my_bool* is_null = nullptr) {
    b.buffer_type = MYSQL_TYPE_DATETIME;
    b.buffer = t;
    b.is_null = is_null;
}

// Returns false at the end of the rows.
bool fetch(MYSQL_STMT* st) {
    const int rc = mysql_stmt_fetch(st);
    if (rc == 0) return true;
    if (rc == MYSQL_NO_DATA) return false;
    if (rc == MYSQL_DATA_TRUNCATED) throw std::runtime_error("mysql_stmt_fetch: value truncated");
    stmt_fail(st, "mysql_stmt_fetch");
}

// A prepared INSERT of `rows` users with its parameter bindings; the types are set once,
// each execution only points the buffers at the next rows.
struct InsertStmt {
    Stmt st;
    std::size_t rows = 0;
    std::vector<MYSQL_BIND> binds;
    std::vector<MYSQL_TIME> times;
    std::vector<unsigned long> lens;

    void bind(std::span<const BenchUser> batch) {
        for (std::size_t r = 0; r < batch.size(); ++r) {
            const BenchUser& u = batch[r];
            MYSQL_BIND* b = &binds[r * 4];
            bind_string_in(b[0], u.name, &lens[r * 2]);
            bind_string_in(b[1], u.email, &lens[r * 2 + 1]);
            bind_long(b[2], &u.age);
            times[r] = to_mysql_time(u.created_at_unix_us);
            bind_datetime(b[3], &times[r]);
        }
    }
};

}  // namespace

struct Mysql::Impl {
    std::unique_ptr<MYSQL, ConnCloser> conn;
    // Statements after conn: they must close first.
    InsertStmt single, batch, tail, s4;
    Stmt array, s1, scan, s2, s5, s6, s7, s8;

    // Result buffers stay bound to their statements, so they live here at fixed addresses.
    std::int32_t id_in = 0, id_out = 0, age = 0;
    char name[kNameCap], email[kEmailCap], band[kBandCap];
    unsigned long name_len = 0, email_len = 0, band_len = 0;
    my_bool email_null = 0, age_null = 0, ts_null = 0;
    MYSQL_TIME ts{};
    std::int64_t count = 0;
    MYSQL_BIND s1_param[1]{}, s1_result[3]{}, scan_result[5]{}, s2_result[2]{}, s8_result[3]{};
    std::int64_t checksum = 0;

    MYSQL* db() {
        if (!conn) throw std::runtime_error("mysql: not connected");
        return conn.get();
    }

    [[noreturn]] void fail(std::string_view what) {
        throw std::runtime_error(std::string(what) + ": " + mysql_error(db()));
    }

    void close_statements() {
        for (InsertStmt* s : {&single, &batch, &tail, &s4})
            *s = InsertStmt{};
        for (Stmt* s : {&array, &s1, &scan, &s2, &s5, &s6, &s7, &s8})
            s->reset();
    }

    void exec(std::string_view sql) {
        MYSQL* m = db();
        if (mysql_real_query(m, sql.data(), static_cast<unsigned long>(sql.size()))) fail("query");
        int more;
        do {
            if (MYSQL_RES* r = mysql_store_result(m))
                mysql_free_result(r);
            else if (mysql_field_count(m) != 0)
                fail("mysql_store_result");
            more = mysql_next_result(m);
            if (more > 0) fail("mysql_next_result");
        } while (more == 0);
    }

    MYSQL_STMT* prepare(Stmt& slot, std::string_view sql) {
        if (!slot) {
            Stmt st(mysql_stmt_init(db()));
            if (!st) fail("mysql_stmt_init");
            if (mysql_stmt_prepare(st.get(), sql.data(), static_cast<unsigned long>(sql.size())))
                stmt_fail(st.get(), "mysql_stmt_prepare");
            slot = std::move(st);
        }
        return slot.get();
    }

    void bind_results(MYSQL_STMT* st, MYSQL_BIND* results) {
        if (mysql_stmt_bind_result(st, results)) stmt_fail(st, "mysql_stmt_bind_result");
    }

    static void execute(MYSQL_STMT* st, MYSQL_BIND* params, std::string_view what) {
        if (params && mysql_stmt_bind_param(st, params)) stmt_fail(st, what);
        if (mysql_stmt_execute(st)) stmt_fail(st, what);
    }

    void insert(InsertStmt& ins, std::span<const BenchUser> rows, std::string_view what) {
        if (!ins.st || ins.rows != rows.size()) {
            ins = InsertStmt{};
            prepare(ins.st, multi_row_insert_sql(kD, static_cast<int>(rows.size())));
            ins.rows = rows.size();
            ins.binds.assign(rows.size() * 4, MYSQL_BIND{});
            ins.times.resize(rows.size());
            ins.lens.resize(rows.size() * 2);
        }
        ins.bind(rows);
        execute(ins.st.get(), ins.binds.data(), what);
    }

    // Runs body inside START TRANSACTION / COMMIT, rolling back if it throws.
    template <class F>
    void in_transaction(F&& body) {
        exec("START TRANSACTION");
        try {
            body();
            exec("COMMIT");
        } catch (...) {
            mysql_real_query(db(), "ROLLBACK", 8);
            throw;
        }
    }
};

Mysql::Mysql() : impl_(std::make_unique<Impl>()) {}
Mysql::Mysql(const std::string& host, unsigned port, const std::string& user,
             const std::string& password, const std::string& db)
    : Mysql() {
    connect(host, port, user, password, db);
}
Mysql::~Mysql() = default;
Mysql::Mysql(Mysql&&) noexcept = default;
Mysql& Mysql::operator=(Mysql&&) noexcept = default;

Mysql::Impl& Mysql::impl() const {
    if (!impl_) throw std::runtime_error("mysql: moved-from object");
    return *impl_;
}

st_mysql* Mysql::handle() const noexcept {
    return impl_ ? impl_->conn.get() : nullptr;
}

std::int64_t Mysql::checksum() const noexcept {
    return impl_ ? impl_->checksum : 0;
}

void Mysql::connect(const std::string& host, unsigned port, const std::string& user,
                    const std::string& password, const std::string& db) {
    Impl& I = impl();
    I.close_statements();
    I.conn.reset(mysql_init(nullptr));
    if (!I.conn) throw std::runtime_error("mysql_init: out of memory");
    mysql_options(I.conn.get(), MYSQL_SET_CHARSET_NAME, "utf8mb4");
    if (!mysql_real_connect(I.conn.get(), host.c_str(), user.c_str(), password.c_str(), db.c_str(),
                            port, nullptr, 0)) {
        const std::string msg = std::string("mysql_real_connect: ") + mysql_error(I.conn.get());
        I.conn.reset();
        throw std::runtime_error(msg);
    }
}

void Mysql::exec(std::string_view sql) {
    impl().exec(sql);
}

void Mysql::create_schema() {
    Impl& I = impl();
    I.close_statements();  // their result metadata may describe the old tables
    for (auto sql : drop_schema_ddl(kD))
        I.exec(sql);
    for (auto sql : schema_ddl(kD))
        I.exec(sql);
}

void Mysql::fill(std::int64_t users, int addresses_per_user) {
    Impl& I = impl();
    constexpr std::int64_t kRowsPerStatement = 5000;
    std::string sql, esc;
    auto quoted = [&](std::string_view s) {
        esc.resize(s.size() * 2 + 1);
        const unsigned long n = mysql_real_escape_string(I.db(), esc.data(), s.data(),
                                                         static_cast<unsigned long>(s.size()));
        sql += '\'';
        sql.append(esc.data(), n);
        sql += '\'';
    };
    I.in_transaction([&] {
        for (std::int64_t first = 1; first <= users; first += kRowsPerStatement) {
            sql = "INSERT INTO users (id, name, email, age, created_at) VALUES ";
            for (std::int64_t i = first; i < first + kRowsPerStatement && i <= users; ++i) {
                const BenchUser u = bench_user(i);
                sql += i == first ? "(" : ",(";
                sql += std::to_string(u.id), sql += ',';
                quoted(u.name), sql += ',';
                quoted(u.email), sql += ',';
                sql += std::to_string(u.age), sql += ",'";
                sql += format_timestamp(u.created_at_unix_us), sql += "')";
            }
            I.exec(sql);
        }
        const std::int64_t n_addr = users * addresses_per_user;
        for (std::int64_t first = 1; first <= n_addr; first += kRowsPerStatement) {
            sql = "INSERT INTO addresses (id, user_id, email) VALUES ";
            for (std::int64_t j = first; j < first + kRowsPerStatement && j <= n_addr; ++j) {
                const BenchAddress a = bench_address(j);
                sql += j == first ? "(" : ",(";
                sql += std::to_string(a.id), sql += ',';
                sql += std::to_string((j - 1) / addresses_per_user + 1), sql += ',';
                quoted(a.email), sql += ')';
            }
            I.exec(sql);
        }
    });
    I.exec("ANALYZE TABLE users, addresses");
}

bool Mysql::point_select(std::int64_t id, BenchUser& out) {
    Impl& I = impl();
    if (!I.s1) {
        MYSQL_STMT* st = I.prepare(I.s1, s1_sql(kD));
        bind_long(I.s1_param[0], &I.id_in);
        if (mysql_stmt_bind_param(st, I.s1_param)) stmt_fail(st, "point_select");
        bind_long(I.s1_result[0], &I.id_out);
        bind_string_out(I.s1_result[1], I.name, kNameCap, &I.name_len);
        bind_string_out(I.s1_result[2], I.email, kEmailCap, &I.email_len, &I.email_null);
        I.bind_results(st, I.s1_result);
    }
    MYSQL_STMT* st = I.s1.get();
    I.id_in = static_cast<std::int32_t>(id);
    Impl::execute(st, nullptr, "point_select");
    if (!fetch(st)) return false;
    out.id = I.id_out;
    out.name.assign(I.name, I.name_len);
    out.email.assign(I.email, I.email_null ? 0 : I.email_len);
    while (fetch(st)) {
    }  // reads the end-of-rows packet so the statement is ready again
    return true;
}

void Mysql::bulk_insert_prepared(std::span<const BenchUser> rows) {
    Impl& I = impl();
    I.in_transaction([&] {
        for (std::size_t i = 0; i < rows.size(); ++i)
            I.insert(I.single, rows.subspan(i, 1), "bulk_insert_prepared");
    });
}

void Mysql::bulk_insert_multirow(std::span<const BenchUser> rows, int batch_rows) {
    if (batch_rows < 1 || batch_rows > 1000)
        throw std::invalid_argument("bulk_insert_multirow: batch_rows must be 1..1000");
    Impl& I = impl();
    const auto b = static_cast<std::size_t>(batch_rows);
    I.in_transaction([&] {
        std::size_t at = 0;
        for (; at + b <= rows.size(); at += b)
            I.insert(I.batch, rows.subspan(at, b), "bulk_insert_multirow");
        if (at < rows.size()) I.insert(I.tail, rows.subspan(at), "bulk_insert_multirow");
    });
}

void Mysql::bulk_insert_array(std::span<const BenchUser> rows, int batch_rows) {
    if (batch_rows < 1) throw std::invalid_argument("bulk_insert_array: batch_rows must be > 0");
    Impl& I = impl();
    MYSQL_STMT* st = I.prepare(I.array, s3_sql(kD));
    const auto b = std::min<std::size_t>(static_cast<std::size_t>(batch_rows), rows.size());
    // Column-wise arrays: integers as contiguous values; strings and, as the connector has no
    // fixed size for it, MYSQL_TIME as arrays of pointers.
    std::vector<const char*> names(b), emails(b);
    std::vector<unsigned long> name_lens(b), email_lens(b);
    std::vector<std::int32_t> ages(b);
    std::vector<MYSQL_TIME> times(b);
    std::vector<MYSQL_TIME*> time_ptrs(b);
    for (std::size_t k = 0; k < b; ++k)
        time_ptrs[k] = &times[k];
    MYSQL_BIND params[4]{};
    params[0].buffer_type = params[1].buffer_type = MYSQL_TYPE_STRING;
    params[0].buffer = names.data(), params[0].length = name_lens.data();
    params[1].buffer = emails.data(), params[1].length = email_lens.data();
    params[2].buffer_type = MYSQL_TYPE_LONG, params[2].buffer = ages.data();
    params[3].buffer_type = MYSQL_TYPE_DATETIME, params[3].buffer = time_ptrs.data();
    I.in_transaction([&] {
        for (std::size_t at = 0; at < rows.size(); at += b) {
            const std::size_t n = std::min(b, rows.size() - at);
            for (std::size_t k = 0; k < n; ++k) {
                const BenchUser& u = rows[at + k];
                names[k] = u.name.data(), name_lens[k] = static_cast<unsigned long>(u.name.size());
                emails[k] = u.email.data();
                email_lens[k] = static_cast<unsigned long>(u.email.size());
                ages[k] = u.age;
                times[k] = to_mysql_time(u.created_at_unix_us);
            }
            const auto size = static_cast<unsigned int>(n);
            if (mysql_stmt_attr_set(st, STMT_ATTR_ARRAY_SIZE, &size))
                stmt_fail(st, "bulk_insert_array");
            Impl::execute(st, params, "bulk_insert_array");
        }
    });
}

std::size_t Mysql::scan(std::vector<BenchUser>& out) {
    Impl& I = impl();
    if (!I.scan) {
        MYSQL_STMT* st = I.prepare(I.scan, kScanSql);
        MYSQL_BIND* r = I.scan_result;
        bind_long(r[0], &I.id_out);
        bind_string_out(r[1], I.name, kNameCap, &I.name_len);
        bind_string_out(r[2], I.email, kEmailCap, &I.email_len, &I.email_null);
        bind_long(r[3], &I.age);
        r[3].is_null = &I.age_null;
        bind_datetime(r[4], &I.ts, &I.ts_null);
        I.bind_results(st, r);
    }
    MYSQL_STMT* st = I.scan.get();
    Impl::execute(st, nullptr, "scan");
    out.clear();
    while (fetch(st)) {
        BenchUser& u = out.emplace_back();
        u.id = I.id_out;
        u.name.assign(I.name, I.name_len);
        if (!I.email_null) u.email.assign(I.email, I.email_len);
        if (!I.age_null) u.age = I.age;
        if (!I.ts_null) u.created_at_unix_us = from_mysql_time(I.ts);
    }
    return out.size();
}

std::size_t Mysql::s2(std::string_view name_pattern, std::int64_t min_count, std::int64_t limit) {
    Impl& I = impl();
    if (!I.s2) {
        MYSQL_STMT* st = I.prepare(I.s2, s2_sql(kD));
        bind_string_out(I.s2_result[0], I.name, kNameCap, &I.name_len);
        bind_longlong(I.s2_result[1], &I.count);
        I.bind_results(st, I.s2_result);
    }
    MYSQL_STMT* st = I.s2.get();
    MYSQL_BIND params[3]{};
    unsigned long len;
    bind_string_in(params[0], name_pattern, &len);
    bind_longlong(params[1], &min_count);
    bind_longlong(params[2], &limit);
    Impl::execute(st, params, "s2");
    std::size_t rows = 0;
    for (; fetch(st); ++rows)
        I.checksum += I.count + static_cast<std::int64_t>(I.name_len);
    return rows;
}

std::int64_t Mysql::s3(const BenchUser& u) {
    Impl& I = impl();
    I.insert(I.single, {&u, 1}, "s3");
    return static_cast<std::int64_t>(mysql_stmt_insert_id(I.single.st.get()));
}

std::int64_t Mysql::s4(std::span<const BenchUser> rows) {
    if (rows.size() != kS4Rows) throw std::invalid_argument("s4 takes exactly 100 rows");
    Impl& I = impl();
    I.insert(I.s4, rows, "s4");
    return static_cast<std::int64_t>(mysql_stmt_affected_rows(I.s4.st.get()));
}

std::int64_t Mysql::s5(const std::array<std::int64_t, kS5Ids>& ids) {
    Impl& I = impl();
    MYSQL_STMT* st = I.prepare(I.s5, s5_sql(kD));
    MYSQL_BIND params[kS5Ids]{};
    for (std::size_t i = 0; i < ids.size(); ++i)
        bind_longlong(params[i], &ids[i]);
    Impl::execute(st, params, "s5");
    return static_cast<std::int64_t>(mysql_stmt_affected_rows(st));
}

std::int64_t Mysql::s6(std::int64_t user_id, std::string_view email_pattern) {
    Impl& I = impl();
    MYSQL_STMT* st = I.prepare(I.s6, s6_sql(kD));
    MYSQL_BIND params[2]{};
    unsigned long len;
    bind_longlong(params[0], &user_id);
    bind_string_in(params[1], email_pattern, &len);
    Impl::execute(st, params, "s6");
    return static_cast<std::int64_t>(mysql_stmt_affected_rows(st));
}

std::int64_t Mysql::s7(std::int64_t id, std::string_view name, std::string_view email) {
    Impl& I = impl();
    MYSQL_STMT* st = I.prepare(I.s7, s7_sql(kD));
    MYSQL_BIND params[3]{};
    unsigned long lens[2];
    bind_longlong(params[0], &id);
    bind_string_in(params[1], name, &lens[0]);
    bind_string_in(params[2], email, &lens[1]);
    Impl::execute(st, params, "s7");
    return static_cast<std::int64_t>(mysql_stmt_affected_rows(st));
}

std::size_t Mysql::s8(std::int32_t min_age, std::int64_t first_id, std::int64_t last_id) {
    Impl& I = impl();
    if (!I.s8) {
        MYSQL_STMT* st = I.prepare(I.s8, s8_sql(kD));
        bind_long(I.s8_result[0], &I.id_out);
        bind_string_out(I.s8_result[1], I.name, kNameCap, &I.name_len);
        bind_string_out(I.s8_result[2], I.band, kBandCap, &I.band_len);
        I.bind_results(st, I.s8_result);
    }
    MYSQL_STMT* st = I.s8.get();
    MYSQL_BIND params[6]{};
    for (int half = 0; half < 2; ++half) {
        bind_long(params[half * 3], &min_age);
        bind_longlong(params[half * 3 + 1], &first_id);
        bind_longlong(params[half * 3 + 2], &last_id);
    }
    Impl::execute(st, params, "s8");
    std::size_t rows = 0;
    for (; fetch(st); ++rows)
        I.checksum += I.id_out + static_cast<std::int64_t>(I.name_len + I.band_len);
    return rows;
}

std::int64_t Mysql::count_rows(std::string_view table) {
    Impl& I = impl();
    Stmt slot;
    MYSQL_STMT* st = I.prepare(slot, "SELECT count(*) FROM " + std::string(table));
    MYSQL_BIND result[1]{};
    std::int64_t n = 0;
    bind_longlong(result[0], &n);
    Impl::execute(st, nullptr, "count_rows");
    I.bind_results(st, result);
    if (!fetch(st)) throw std::runtime_error("count_rows: no row");
    while (fetch(st)) {
    }
    return n;
}

}  // namespace retort::bench::raw
