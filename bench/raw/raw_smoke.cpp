// Smoke test of the raw C API baselines: runs every op once on SQLite in memory, and on the
// PostgreSQL / MariaDB servers named by RETORT_TEST_POSTGRESQL_URL / RETORT_TEST_MYSQL_URL.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "../common/dataset.hpp"
#include "raw_postgresql.hpp"
#include "raw_sqlite.hpp"
#ifdef RETORT_BENCH_HAVE_MYSQL
#include "raw_mysql.hpp"
#endif

namespace {

using namespace retort::bench;

int g_passed = 0, g_failed = 0;

// Runs one op, times it and compares what it returned with what the data set implies.
void check(std::string_view db, std::string_view op, const std::function<std::int64_t()>& run,
           std::int64_t want) {
    const auto t0 = std::chrono::steady_clock::now();
    std::int64_t got = 0;
    std::string error;
    try {
        got = run();
    } catch (const std::exception& e) {
        error = e.what();
    }
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    const bool ok = error.empty() && got == want;
    (ok ? g_passed : g_failed)++;
    std::printf("%-4s %-10s %-28.*s %10.3f ms", ok ? "ok" : "FAIL", std::string(db).c_str(),
                static_cast<int>(op.size()), op.data(), ms);
    if (!error.empty())
        std::printf("  error: %s", error.c_str());
    else if (!ok)
        std::printf("  got %lld, want %lld", static_cast<long long>(got),
                    static_cast<long long>(want));
    std::printf("\n");
}

// The same sequence for every database; bulk holds the bulk insert variants by name.
template <class Db>
void run_suite(
    std::string_view name, Db& db, std::int64_t users,
    const std::vector<std::pair<std::string, std::function<void(std::span<const BenchUser>)>>>&
        bulk,
    std::int64_t upsert_update_count) {
    check(
        name, "create_schema", [&] { return db.create_schema(), 0; }, 0);
    check(
        name, "fill", [&] { return db.fill(users), db.count_rows("users"); }, users);
    check(
        name, "addresses", [&] { return db.count_rows("addresses"); }, users * kAddressesPerUser);

    BenchUser u;
    const BenchUser want42 = bench_user(42);
    check(
        name, "point_select",
        [&] {
            return db.point_select(42, u) && u.id == 42 && u.name == want42.name &&
                   u.email == want42.email;
        },
        1);
    check(
        name, "point_select missing", [&] { return db.point_select(users + 1, u); }, 0);

    std::vector<BenchUser> all;
    check(
        name, "scan", [&] { return static_cast<std::int64_t>(db.scan(all)); }, users);
    check(
        name, "scan values",
        [&] {
            std::sort(all.begin(), all.end(), [](auto& a, auto& b) { return a.id < b.id; });
            std::int64_t bad = 0;
            for (std::int64_t i = 0; i < static_cast<std::int64_t>(all.size()); ++i)
                bad += !(all[static_cast<std::size_t>(i)] == bench_user(i + 1));
            return bad;
        },
        0);

    check(
        name, "S2", [&] { return static_cast<std::int64_t>(db.s2("user1%", 2, 10)); }, 10);
    check(
        name, "S8", [&] { return static_cast<std::int64_t>(db.s8(30, 1, 100)); }, 100);
    check(
        name, "S5",
        [&] {
            return db.s5({1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        },
        10);
    check(
        name, "S6", [&] { return db.s6(users, "addr%"); }, kAddressesPerUser);
    check(
        name, "S6 again", [&] { return db.s6(users, "addr%"); }, 0);
    check(
        name, "S3", [&] { return db.s3(bench_user(users + 1)); }, users + 1);
    const std::vector<BenchUser> hundred = make_users(users + 2, kS4Rows);
    check(
        name, "S4", [&] { return db.s4(hundred); }, kS4Rows);
    check(
        name, "S7 update", [&] { return db.s7(1, "renamed", "renamed@example.com"); },
        upsert_update_count);
    check(
        name, "S7 insert", [&] { return db.s7(users * 10, "new", "new@example.com"); }, 1);

    std::int64_t expected = users + 1 + kS4Rows + 1;
    const std::vector<BenchUser> rows = make_users(1, 1000);
    for (const auto& [variant, insert] : bulk) {
        expected += static_cast<std::int64_t>(rows.size());
        check(
            name, variant, [&] { return insert(rows), db.count_rows("users"); }, expected);
    }
    check(
        name, "point_select after", [&] { return db.point_select(1, u) && u.name == "renamed"; },
        1);
}

#ifdef RETORT_BENCH_HAVE_MYSQL
// mysql://user[:password]@host[:port]/db
struct MysqlUrl {
    std::string user, password, host = "127.0.0.1", db;
    unsigned port = 3306;
};

MysqlUrl parse_mysql_url(std::string_view url) {
    constexpr std::string_view scheme = "mysql://";
    if (url.substr(0, scheme.size()) != scheme)
        throw std::invalid_argument("expected mysql://user[:password]@host[:port]/db");
    url.remove_prefix(scheme.size());
    MysqlUrl u;
    if (const auto at = url.rfind('@'); at != std::string_view::npos) {
        const std::string_view cred = url.substr(0, at);
        const auto colon = cred.find(':');
        u.user = cred.substr(0, colon);
        if (colon != std::string_view::npos) u.password = cred.substr(colon + 1);
        url.remove_prefix(at + 1);
    }
    const auto slash = url.find('/');
    std::string_view hostport = url.substr(0, slash);
    if (slash != std::string_view::npos) u.db = url.substr(slash + 1);
    if (const auto q = u.db.find('?'); q != std::string::npos) u.db.resize(q);
    if (const auto colon = hostport.rfind(':'); colon != std::string_view::npos) {
        u.port = parse_int<unsigned>(hostport.substr(colon + 1));
        hostport = hostport.substr(0, colon);
    }
    if (!hostport.empty()) u.host = hostport;
    return u;
}
#endif

}  // namespace

int main(int argc, char** argv) {
    std::int64_t users = 10'000;
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        if (a == "--users" && i + 1 < argc) {
            users = parse_int<std::int64_t>(argv[++i]);
        } else {
            std::fprintf(stderr, "usage: %s [--users N]\n", argv[0]);
            return 2;
        }
    }

    try {
        raw::Sqlite db(":memory:");
        run_suite("sqlite", db, users, {{"bulk_insert", [&](auto r) { db.bulk_insert(r); }}}, 1);
    } catch (const std::exception& e) {
        ++g_failed;
        std::printf("FAIL sqlite: %s\n", e.what());
    }

    if (const char* url = std::getenv("RETORT_TEST_POSTGRESQL_URL"); url && *url) {
        try {
            raw::Postgresql db(url);
            run_suite("postgresql", db, users,
                      {{"bulk_insert_prepared", [&](auto r) { db.bulk_insert_prepared(r); }},
                       {"bulk_insert_pipeline", [&](auto r) { db.bulk_insert_pipeline(r); }},
                       {"bulk_insert_copy", [&](auto r) { db.bulk_insert_copy(r); }}},
                      1);
            std::vector<BenchUser> all;
            check(
                "postgresql", "scan_binary",
                [&] { return static_cast<std::int64_t>(db.scan_binary(all)); },
                db.count_rows("users"));
        } catch (const std::exception& e) {
            ++g_failed;
            std::printf("FAIL postgresql: %s\n", e.what());
        }
    } else {
        std::printf("skip postgresql: RETORT_TEST_POSTGRESQL_URL is not set\n");
    }

    if (const char* url = std::getenv("RETORT_TEST_MYSQL_URL"); url && *url) {
#ifdef RETORT_BENCH_HAVE_MYSQL
        try {
            const MysqlUrl u = parse_mysql_url(url);
            raw::Mysql db(u.host, u.port, u.user, u.password, u.db);
            run_suite("mysql", db, users,
                      {{"bulk_insert_prepared", [&](auto r) { db.bulk_insert_prepared(r); }},
                       {"bulk_insert_multirow", [&](auto r) { db.bulk_insert_multirow(r, 300); }},
                       {"bulk_insert_array", [&](auto r) { db.bulk_insert_array(r, 400); }}},
                      2);  // MariaDB counts an upsert that updates as two affected rows
        } catch (const std::exception& e) {
            ++g_failed;
            std::printf("FAIL mysql: %s\n", e.what());
        }
#else
        ++g_failed;
        std::printf("FAIL mysql: RETORT_TEST_MYSQL_URL is set but built without libmariadb\n");
#endif
    } else {
        std::printf("skip mysql: RETORT_TEST_MYSQL_URL is not set\n");
    }

    std::printf("%d passed, %d failed\n", g_passed, g_failed);
    return g_failed == 0 ? 0 : 1;
}
