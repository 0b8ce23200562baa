// Raw libpq baseline of the benchmark suite: each method is one benchmark op written
// straight against libpq, the yardstick retort's PostgreSQL figures are divided by.
#include "raw_postgresql.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <cstring>
#include <stdexcept>

namespace retort::bench::raw {

namespace {

constexpr Dialect kD = Dialect::postgresql;
constexpr std::string_view kScanSql = "SELECT id, name, email, age, created_at FROM users";

// Type OIDs from pg_type.h, which is not part of libpq's public headers.
constexpr Oid kInt8 = 20, kInt4 = 23, kText = 25, kTimestamp = 1114;

struct ResultDeleter {
    void operator()(PGresult* r) const noexcept { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

inline void put_be32(char* p, std::uint32_t v) {
    p[0] = static_cast<char>(v >> 24), p[1] = static_cast<char>(v >> 16);
    p[2] = static_cast<char>(v >> 8), p[3] = static_cast<char>(v);
}
inline void put_be64(char* p, std::uint64_t v) {
    put_be32(p, static_cast<std::uint32_t>(v >> 32));
    put_be32(p + 4, static_cast<std::uint32_t>(v));
}
inline std::int32_t get_be32(const char* s) {
    const auto* p = reinterpret_cast<const unsigned char*>(s);
    return static_cast<std::int32_t>((std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) |
                                     (std::uint32_t{p[2]} << 8) | std::uint32_t{p[3]});
}
inline std::int64_t get_be64(const char* s) {
    return static_cast<std::int64_t>(
        (static_cast<std::uint64_t>(static_cast<std::uint32_t>(get_be32(s))) << 32) |
        static_cast<std::uint32_t>(get_be32(s + 4)));
}

// Binary parameters on the stack: no formatting, no allocation.
template <std::size_t N>
struct Params {
    const char* values[N];
    int lengths[N];
    int formats[N];
    char numbers[N][8];
    int n = 0;

    void i4(std::int64_t v) {
        put_be32(numbers[n], static_cast<std::uint32_t>(static_cast<std::int32_t>(v)));
        push(numbers[n], 4);
    }
    void i8(std::int64_t v) {
        put_be64(numbers[n], static_cast<std::uint64_t>(v));
        push(numbers[n], 8);
    }
    void timestamp(std::int64_t unix_us) { i8(unix_us - kPgEpochUnixUs); }
    // Binary text is the raw bytes, so no terminating NUL is needed.
    void text(std::string_view s) { push(s.data() ? s.data() : "", static_cast<int>(s.size())); }
    void user(const BenchUser& u) {
        text(u.name), text(u.email), i4(u.age), timestamp(u.created_at_unix_us);
    }

  private:
    void push(const char* p, int len) {
        values[n] = p, lengths[n] = len, formats[n] = 1;
        ++n;
    }
};

constexpr std::array<const char*, Postgresql::kCount> kStatementNames = {
    "retort_s1", "retort_insert", "retort_s2", "retort_s3", "retort_s4",
    "retort_s5", "retort_s6",     "retort_s7", "retort_s8"};

std::vector<Oid> repeat(std::initializer_list<Oid> types, int times) {
    std::vector<Oid> out;
    for (int i = 0; i < times; ++i)
        out.insert(out.end(), types);
    return out;
}

// SQL text and parameter types of each prepared statement; types are explicit so the binary
// parameters always match what the server expects.
std::pair<std::string, std::vector<Oid>> statement_def(Postgresql::Prepared which) {
    const std::vector<Oid> user_types = {kText, kText, kInt4, kTimestamp};
    switch (which) {
        case Postgresql::kS1:
            return {std::string(s1_sql(kD)), {kInt4}};
        case Postgresql::kInsert:
            return {std::string(s3_sql(kD)), user_types};
        case Postgresql::kS2:
            return {std::string(s2_sql(kD)), {kText, kInt8, kInt8}};
        // RETURNING is how PostgreSQL hands back a generated id, in the same round trip.
        case Postgresql::kS3:
            return {std::string(s3_sql(kD)) + " RETURNING id", user_types};
        case Postgresql::kS4:
            return {s4_sql(kD), repeat({kText, kText, kInt4, kTimestamp}, kS4Rows)};
        case Postgresql::kS5:
            return {s5_sql(kD), repeat({kInt4}, kS5Ids)};
        case Postgresql::kS6:
            return {std::string(s6_sql(kD)), {kInt4, kText}};
        case Postgresql::kS7:
            return {std::string(s7_sql(kD)), {kInt4, kText, kText}};
        case Postgresql::kS8:
            return {std::string(s8_sql(kD)), repeat({kInt4}, 6)};
        case Postgresql::kCount:
            break;
    }
    throw std::logic_error("unknown prepared statement");
}

const char* statement_name(Postgresql::Prepared which) {
    return kStatementNames[which];
}

// Appends s in COPY text format, escaping only when a special byte is present.
inline void copy_text(std::string& buf, std::string_view s) {
    bool plain = true;
    for (char c : s)
        if (c == '\\' || c == '\t' || c == '\n' || c == '\r') plain = false;
    if (plain) {
        buf.append(s);
        return;
    }
    for (char c : s) {
        switch (c) {
            case '\\':
                buf += "\\\\";
                break;
            case '\t':
                buf += "\\t";
                break;
            case '\n':
                buf += "\\n";
                break;
            case '\r':
                buf += "\\r";
                break;
            default:
                buf += c;
        }
    }
}

inline void copy_int(std::string& buf, std::int64_t v) {
    char tmp[24];
    const auto r = std::to_chars(tmp, tmp + sizeof tmp, v);
    buf.append(tmp, r.ptr);
}

inline void copy_timestamp(std::string& buf, std::int64_t unix_us) {
    const std::size_t at = buf.size();
    buf.resize(at + kTimestampTextLen);
    format_timestamp(unix_us, buf.data() + at);
}

constexpr std::size_t kCopyChunk = 1 << 16;

}  // namespace

void Postgresql::ConnCloser::operator()(pg_conn* c) const noexcept {
    PQfinish(c);
}

Postgresql::Postgresql() = default;
Postgresql::Postgresql(const std::string& conninfo) {
    connect(conninfo);
}
Postgresql::~Postgresql() = default;
Postgresql::Postgresql(Postgresql&&) noexcept = default;
Postgresql& Postgresql::operator=(Postgresql&&) noexcept = default;

void Postgresql::fail(std::string_view what) const {
    std::string msg(what);
    msg += ": ";
    msg += conn_ ? PQerrorMessage(conn_.get()) : "not connected";
    while (!msg.empty() && msg.back() == '\n')
        msg.pop_back();
    throw std::runtime_error(msg);
}

namespace {
[[noreturn]] void fail_result(std::string_view what, const PGresult* r) {
    std::string msg(what);
    msg += ": ";
    msg += r ? PQresultErrorMessage(r) : "no result";
    while (!msg.empty() && msg.back() == '\n')
        msg.pop_back();
    throw std::runtime_error(msg);
}

Result check(PGresult* raw, ExecStatusType want, std::string_view what) {
    Result r(raw);
    if (!r || PQresultStatus(r.get()) != want) fail_result(what, r.get());
    return r;
}
}  // namespace

void Postgresql::connect(const std::string& conninfo) {
    prepared_ = {};
    conn_.reset(PQconnectdb(conninfo.c_str()));
    if (!conn_) throw std::runtime_error("PQconnectdb: out of memory");
    if (PQstatus(conn_.get()) != CONNECTION_OK) fail("PQconnectdb");
    // Keep server notices (e.g. "table does not exist, skipping") off stderr.
    PQsetNoticeProcessor(
        conn_.get(), [](void*, const char*) {}, nullptr);
}

void Postgresql::exec(std::string_view sql) {
    const std::string s(sql);
    Result r(PQexec(conn_.get(), s.c_str()));
    const auto st = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) fail_result("PQexec", r.get());
}

void Postgresql::ensure_prepared(Prepared which) {
    if (prepared_[which]) return;
    const auto [sql, types] = statement_def(which);
    check(PQprepare(conn_.get(), statement_name(which), sql.c_str(), static_cast<int>(types.size()),
                    types.data()),
          PGRES_COMMAND_OK, "PQprepare");
    prepared_[which] = true;
}

void Postgresql::create_schema() {
    // Prepared plans may refer to the old tables.
    exec("DEALLOCATE ALL");
    prepared_ = {};
    for (auto sql : drop_schema_ddl(kD))
        exec(sql);
    for (auto sql : schema_ddl(kD))
        exec(sql);
}

void Postgresql::copy_in(std::string_view copy_sql, std::string_view data) {
    const std::string sql(copy_sql);
    check(PQexec(conn_.get(), sql.c_str()), PGRES_COPY_IN, "COPY");
    if (!data.empty() &&
        PQputCopyData(conn_.get(), data.data(), static_cast<int>(data.size())) != 1)
        fail("PQputCopyData");
    if (PQputCopyEnd(conn_.get(), nullptr) != 1) fail("PQputCopyEnd");
    check(PQgetResult(conn_.get()), PGRES_COMMAND_OK, "COPY");
    while (PGresult* extra = PQgetResult(conn_.get()))
        PQclear(extra);
}

void Postgresql::fill(std::int64_t users, int addresses_per_user) {
    std::string buf;
    buf.reserve(static_cast<std::size_t>(users) * 64);
    for (std::int64_t i = 1; i <= users; ++i) {
        const BenchUser u = bench_user(i);
        copy_int(buf, u.id), buf += '\t';
        copy_text(buf, u.name), buf += '\t';
        copy_text(buf, u.email), buf += '\t';
        copy_int(buf, u.age), buf += '\t';
        copy_timestamp(buf, u.created_at_unix_us), buf += '\n';
    }
    copy_in("COPY users (id, name, email, age, created_at) FROM STDIN", buf);
    buf.clear();
    const std::int64_t n_addr = users * addresses_per_user;
    for (std::int64_t j = 1; j <= n_addr; ++j) {
        const BenchAddress a = bench_address(j);
        copy_int(buf, a.id), buf += '\t';
        copy_int(buf, (j - 1) / addresses_per_user + 1), buf += '\t';
        copy_text(buf, a.email), buf += '\n';
    }
    copy_in("COPY addresses (id, user_id, email) FROM STDIN", buf);
    // Explicit ids leave the serial sequences at 1.
    exec(
        "SELECT setval(pg_get_serial_sequence('users', 'id'), "
        "(SELECT coalesce(max(id), 0) + 1 FROM users), false)");
    exec(
        "SELECT setval(pg_get_serial_sequence('addresses', 'id'), "
        "(SELECT coalesce(max(id), 0) + 1 FROM addresses), false)");
    exec("ANALYZE users");
    exec("ANALYZE addresses");
}

bool Postgresql::point_select(std::int64_t id, BenchUser& out) {
    ensure_prepared(kS1);
    Params<1> p;
    p.i4(id);
    Result r = check(
        PQexecPrepared(conn_.get(), statement_name(kS1), 1, p.values, p.lengths, p.formats, 1),
        PGRES_TUPLES_OK, "point_select");
    if (PQntuples(r.get()) == 0) return false;
    const PGresult* res = r.get();
    out.id = get_be32(PQgetvalue(res, 0, 0));
    out.name.assign(PQgetvalue(res, 0, 1), static_cast<std::size_t>(PQgetlength(res, 0, 1)));
    out.email.assign(PQgetvalue(res, 0, 2), static_cast<std::size_t>(PQgetlength(res, 0, 2)));
    return true;
}

void Postgresql::bulk_insert_prepared(std::span<const BenchUser> rows) {
    ensure_prepared(kInsert);
    exec("BEGIN");
    try {
        const char* name = statement_name(kInsert);
        for (const BenchUser& u : rows) {
            Params<4> p;
            p.user(u);
            check(PQexecPrepared(conn_.get(), name, 4, p.values, p.lengths, p.formats, 1),
                  PGRES_COMMAND_OK, "bulk_insert_prepared");
        }
        exec("COMMIT");
    } catch (...) {
        Result(PQexec(conn_.get(), "ROLLBACK"));
        throw;
    }
}

// Reads whatever results have arrived, waiting for the socket first when block is set.
void Postgresql::pipeline_drain(PipelineState& st, bool block) {
    PGconn* c = conn_.get();
    const int flushed = PQflush(c);
    if (flushed < 0) fail("PQflush");
    if (block) {
        pollfd pfd{PQsocket(c), static_cast<short>(POLLIN | (flushed ? POLLOUT : 0)), 0};
        if (poll(&pfd, 1, -1) < 0) throw std::runtime_error("poll failed");
    }
    if (!PQconsumeInput(c)) fail("PQconsumeInput");
    bool after_null = false;
    while (!st.done() && !PQisBusy(c)) {
        PGresult* r = PQgetResult(c);
        if (!r) {
            // One NULL ends a query's results; a second means nothing more has arrived.
            if (after_null) break;
            after_null = true;
            continue;
        }
        after_null = false;
        switch (PQresultStatus(r)) {
            case PGRES_PIPELINE_SYNC:
                st.synced = true;
                break;
            case PGRES_COMMAND_OK:
            case PGRES_PIPELINE_ABORTED:
                --st.outstanding;
                break;
            default:
                --st.outstanding;
                if (st.error.empty()) st.error = PQresultErrorMessage(r);
        }
        PQclear(r);
    }
}

void Postgresql::bulk_insert_pipeline(std::span<const BenchUser> rows) {
    ensure_prepared(kInsert);
    PGconn* c = conn_.get();
    if (PQenterPipelineMode(c) != 1) fail("PQenterPipelineMode");
    // Non-blocking, draining as we go, so neither side stalls on a full socket buffer.
    PQsetnonblocking(c, 1);
    PipelineState st;
    try {
        auto send_plain = [&](const char* sql) {
            if (!PQsendQueryParams(c, sql, 0, nullptr, nullptr, nullptr, nullptr, 0))
                fail("PQsendQueryParams");
            ++st.outstanding;
        };
        send_plain("BEGIN");
        const char* name = statement_name(kInsert);
        std::size_t i = 0;
        for (const BenchUser& u : rows) {
            Params<4> p;
            p.user(u);
            if (!PQsendQueryPrepared(c, name, 4, p.values, p.lengths, p.formats, 1))
                fail("PQsendQueryPrepared");
            ++st.outstanding;
            if ((++i & 255) == 0) pipeline_drain(st, false);
        }
        send_plain("COMMIT");
        if (PQpipelineSync(c) != 1) fail("PQpipelineSync");
        st.sync_sent = true;
        while (!st.done())
            pipeline_drain(st, true);
    } catch (...) {
        conn_.reset();  // the protocol state is unknown: this handle cannot be reused
        throw;
    }
    PQsetnonblocking(c, 0);
    if (PQexitPipelineMode(c) != 1) fail("PQexitPipelineMode");
    if (!st.error.empty()) {
        // An error after BEGIN leaves the transaction open and aborted.
        if (PQtransactionStatus(c) != PQTRANS_IDLE) Result(PQexec(c, "ROLLBACK"));
        while (!st.error.empty() && st.error.back() == '\n')
            st.error.pop_back();
        throw std::runtime_error("bulk_insert_pipeline: " + st.error);
    }
}

void Postgresql::bulk_insert_copy(std::span<const BenchUser> rows) {
    PGconn* c = conn_.get();
    check(PQexec(c, "COPY users (name, email, age, created_at) FROM STDIN"), PGRES_COPY_IN, "COPY");
    std::string& buf = copy_buf_;
    buf.clear();
    buf.reserve(kCopyChunk + 512);
    for (const BenchUser& u : rows) {
        copy_text(buf, u.name), buf += '\t';
        copy_text(buf, u.email), buf += '\t';
        copy_int(buf, u.age), buf += '\t';
        copy_timestamp(buf, u.created_at_unix_us), buf += '\n';
        if (buf.size() >= kCopyChunk) {
            if (PQputCopyData(c, buf.data(), static_cast<int>(buf.size())) != 1)
                fail("PQputCopyData");
            buf.clear();
        }
    }
    if (!buf.empty() && PQputCopyData(c, buf.data(), static_cast<int>(buf.size())) != 1)
        fail("PQputCopyData");
    if (PQputCopyEnd(c, nullptr) != 1) fail("PQputCopyEnd");
    Result r(PQgetResult(c));
    while (PGresult* extra = PQgetResult(c))
        PQclear(extra);
    if (!r || PQresultStatus(r.get()) != PGRES_COMMAND_OK) fail_result("COPY", r.get());
}

std::size_t Postgresql::scan(std::vector<BenchUser>& out) {
    Result r = check(PQexec(conn_.get(), kScanSql.data()), PGRES_TUPLES_OK, "scan");
    const PGresult* res = r.get();
    const int n = PQntuples(res);
    out.clear();
    out.reserve(static_cast<std::size_t>(n));
    auto text = [res](int row, int col) {
        return std::string_view(PQgetvalue(res, row, col),
                                static_cast<std::size_t>(PQgetlength(res, row, col)));
    };
    for (int i = 0; i < n; ++i) {
        BenchUser& u = out.emplace_back();
        u.id = parse_int<std::int64_t>(text(i, 0));
        u.name.assign(text(i, 1));
        u.email.assign(text(i, 2));  // NULL reads as ""
        if (!PQgetisnull(res, i, 3)) u.age = parse_int<std::int32_t>(text(i, 3));
        if (!PQgetisnull(res, i, 4)) u.created_at_unix_us = parse_timestamp(text(i, 4));
    }
    return out.size();
}

std::size_t Postgresql::scan_binary(std::vector<BenchUser>& out) {
    Result r =
        check(PQexecParams(conn_.get(), kScanSql.data(), 0, nullptr, nullptr, nullptr, nullptr, 1),
              PGRES_TUPLES_OK, "scan_binary");
    const PGresult* res = r.get();
    const int n = PQntuples(res);
    out.clear();
    out.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        BenchUser& u = out.emplace_back();
        u.id = get_be32(PQgetvalue(res, i, 0));
        u.name.assign(PQgetvalue(res, i, 1), static_cast<std::size_t>(PQgetlength(res, i, 1)));
        u.email.assign(PQgetvalue(res, i, 2), static_cast<std::size_t>(PQgetlength(res, i, 2)));
        if (!PQgetisnull(res, i, 3)) u.age = get_be32(PQgetvalue(res, i, 3));
        if (!PQgetisnull(res, i, 4))
            u.created_at_unix_us = get_be64(PQgetvalue(res, i, 4)) + kPgEpochUnixUs;
    }
    return out.size();
}

std::size_t Postgresql::s2(std::string_view name_pattern, std::int64_t min_count,
                           std::int64_t limit) {
    ensure_prepared(kS2);
    Params<3> p;
    p.text(name_pattern), p.i8(min_count), p.i8(limit);
    Result r = check(
        PQexecPrepared(conn_.get(), statement_name(kS2), 3, p.values, p.lengths, p.formats, 1),
        PGRES_TUPLES_OK, "s2");
    const int n = PQntuples(r.get());
    for (int i = 0; i < n; ++i) {
        scratch_.assign(PQgetvalue(r.get(), i, 0),
                        static_cast<std::size_t>(PQgetlength(r.get(), i, 0)));
        checksum_ += get_be64(PQgetvalue(r.get(), i, 1));
    }
    return static_cast<std::size_t>(n);
}

namespace {
std::int64_t affected(const PGresult* r) {
    const char* s = PQcmdTuples(const_cast<PGresult*>(r));
    return *s ? parse_int<std::int64_t>(s) : 0;
}
}  // namespace

std::int64_t Postgresql::s3(const BenchUser& u) {
    ensure_prepared(kS3);
    Params<4> p;
    p.user(u);
    Result r = check(
        PQexecPrepared(conn_.get(), statement_name(kS3), 4, p.values, p.lengths, p.formats, 1),
        PGRES_TUPLES_OK, "s3");
    return get_be32(PQgetvalue(r.get(), 0, 0));
}

std::int64_t Postgresql::s4(std::span<const BenchUser> rows) {
    if (rows.size() != kS4Rows) throw std::invalid_argument("s4 takes exactly 100 rows");
    ensure_prepared(kS4);
    Params<4 * kS4Rows> p;
    for (const BenchUser& u : rows)
        p.user(u);
    Result r = check(
        PQexecPrepared(conn_.get(), statement_name(kS4), p.n, p.values, p.lengths, p.formats, 1),
        PGRES_COMMAND_OK, "s4");
    return affected(r.get());
}

std::int64_t Postgresql::s5(const std::array<std::int64_t, kS5Ids>& ids) {
    ensure_prepared(kS5);
    Params<kS5Ids> p;
    for (std::int64_t id : ids)
        p.i4(id);
    Result r = check(
        PQexecPrepared(conn_.get(), statement_name(kS5), p.n, p.values, p.lengths, p.formats, 1),
        PGRES_COMMAND_OK, "s5");
    return affected(r.get());
}

std::int64_t Postgresql::s6(std::int64_t user_id, std::string_view email_pattern) {
    ensure_prepared(kS6);
    Params<2> p;
    p.i4(user_id), p.text(email_pattern);
    Result r = check(
        PQexecPrepared(conn_.get(), statement_name(kS6), 2, p.values, p.lengths, p.formats, 1),
        PGRES_COMMAND_OK, "s6");
    return affected(r.get());
}

std::int64_t Postgresql::s7(std::int64_t id, std::string_view name, std::string_view email) {
    ensure_prepared(kS7);
    Params<3> p;
    p.i4(id), p.text(name), p.text(email);
    Result r = check(
        PQexecPrepared(conn_.get(), statement_name(kS7), 3, p.values, p.lengths, p.formats, 1),
        PGRES_COMMAND_OK, "s7");
    return affected(r.get());
}

std::size_t Postgresql::s8(std::int32_t min_age, std::int64_t first_id, std::int64_t last_id) {
    ensure_prepared(kS8);
    Params<6> p;
    for (int half = 0; half < 2; ++half)
        p.i4(min_age), p.i4(first_id), p.i4(last_id);
    Result r = check(
        PQexecPrepared(conn_.get(), statement_name(kS8), 6, p.values, p.lengths, p.formats, 1),
        PGRES_TUPLES_OK, "s8");
    const PGresult* res = r.get();
    const int n = PQntuples(res);
    for (int i = 0; i < n; ++i) {
        checksum_ += get_be32(PQgetvalue(res, i, 0));
        scratch_.assign(PQgetvalue(res, i, 1), static_cast<std::size_t>(PQgetlength(res, i, 1)));
        scratch_.assign(PQgetvalue(res, i, 2), static_cast<std::size_t>(PQgetlength(res, i, 2)));
    }
    return static_cast<std::size_t>(n);
}

std::int64_t Postgresql::count_rows(std::string_view table) {
    const std::string sql = "SELECT count(*) FROM " + std::string(table);
    Result r = check(PQexec(conn_.get(), sql.c_str()), PGRES_TUPLES_OK, "count_rows");
    return parse_int<std::int64_t>(PQgetvalue(r.get(), 0, 0));
}

}  // namespace retort::bench::raw
