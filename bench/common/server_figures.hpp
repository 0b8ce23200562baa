// The program shared by the PostgreSQL and MariaDB benchmarks: one server database, a raw
// baseline connection and a retort Engine on it, every figure interleaved with its baseline.
#pragma once

#include <retort/engine/engine.hpp>
#include <retort/retort.hpp>

#include <cstdio>
#include <functional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "dataset.hpp"
#include "report.hpp"
#include "statement_figures.hpp"
#include "statements.hpp"

namespace retort::bench {

/// What differs between the servers: the raw ways to insert many rows and to scan.
template <class Raw>
struct ServerBaselines {
    std::vector<std::pair<std::string, std::function<void(Raw&, std::span<const BenchUser>)>>>
        bulk_insert;
    std::vector<std::pair<std::string, std::function<std::size_t(Raw&, std::vector<BenchUser>&)>>>
        scan;
};

/// Runs the server program: S1 (prepared, rebuilt), S2-S8, bulk insert and scan, each retort
/// figure interleaved with its raw baselines, wall-clock time, in the mode --busy-core selects.
template <class Raw>
int run_server_suite(Suite& suite, Dialect dialect, const std::string& url, Raw& raw,
                     const ServerBaselines<Raw>& baselines) {
    const bool smoke = suite.options().smoke;
    const std::int64_t users = smoke ? 2'000 : kUsers;
    const std::int64_t bulk_rows = smoke ? 2'000 : 100'000;
    const std::int64_t scan_rows = smoke ? 5'000 : 1'000'000;
    const std::string dname(dialect_name(dialect));
    const std::string mode = server_mode(suite.options());

    const Schema schema;
    require_equivalent_statements(schema);
    Engine engine = create_engine(url);
    Connection conn = engine.connect();

    // The tables hold users 1..loaded_users (and their addresses); both sides read them.
    std::int64_t loaded_users = -1;
    int loaded_addresses = -1;
    auto load = [&](std::int64_t n, int addresses) {
        if (n == loaded_users && addresses == loaded_addresses) return;
        loaded_users = loaded_addresses = -1;
        std::fprintf(stderr, "(loading %lld users, %d addresses each, into %s)\n",
                     static_cast<long long>(n), addresses, dname.c_str());
        raw.create_schema();
        raw.fill(n, addresses);
        const auto count =
            *conn.execute(select(func.count()).select_from(schema.users)).scalar<std::int64_t>();
        check(count == n, dname + ": retort sees " + std::to_string(count) + " users, not " +
                              std::to_string(n));
        loaded_users = n;
        loaded_addresses = addresses;
    };

    Target<Raw> target{dialect, &schema, &raw,
                       &conn,   users,   [&load, users] { load(users, kAddressesPerUser); },
                       true,    true,    mode};
    add_point_select(suite, target);
    add_statements(suite, target);

    // Bulk insert into the loaded users table; the inserted rows go between repetitions.
    const std::vector<BenchUser> rows = make_users(users + 1, bulk_rows);
    std::vector<Parameters> sets;
    sets.reserve(rows.size());
    for (const auto& u : rows)
        sets.push_back(insert_parameters(u));
    auto cleanup = [&raw, users] {
        raw.exec("DELETE FROM users WHERE id > " + std::to_string(users));
    };
    auto figure = [&](std::string name, std::string impl, double ops, std::string unit) {
        Figure f;
        f.dialect = dname;
        f.figure = std::move(name);
        f.impl = std::move(impl);
        f.ops_per_iteration = ops;
        f.unit = std::move(unit);
        f.real_time = true;
        f.mode = mode;
        return f;
    };
    std::vector<std::pair<Figure, Body>> bulk;
    bulk.emplace_back(figure("bulk_insert", "retort", static_cast<double>(bulk_rows), "row"),
                      [&, users](benchmark::State& state) {
                          target.load();
                          const auto stmt = insert(schema.users);
                          for (auto _ : state) {
                              state.PauseTiming();
                              cleanup();
                              state.ResumeTiming();
                              auto tx = conn.begin();
                              conn.execute(stmt, sets);
                              tx.commit();
                          }
                          check(raw.count_rows("users") == users + bulk_rows,
                                dname + " retort bulk insert row count");
                          cleanup();
                      });
    for (const auto& [variant, insert_rows] : baselines.bulk_insert) {
        bulk.emplace_back(figure("bulk_insert", variant.empty() ? "raw" : "raw_" + variant,
                                 static_cast<double>(bulk_rows), "row"),
                          [&, users, insert_rows, variant](benchmark::State& state) {
                              target.load();
                              for (auto _ : state) {
                                  state.PauseTiming();
                                  cleanup();
                                  state.ResumeTiming();
                                  insert_rows(raw, rows);
                              }
                              check(raw.count_rows("users") == users + bulk_rows,
                                    dname + " raw " + variant + " bulk insert row count");
                              cleanup();
                          });
    }
    suite.add_interleaved(bulk);

    // Scan: the table refilled with scan_rows users.
    std::vector<std::pair<Figure, Body>> scan;
    scan.emplace_back(figure("scan", "retort", static_cast<double>(scan_rows), "row"),
                      [&, scan_rows](benchmark::State& state) {
                          load(scan_rows, 0);
                          const auto q = scan_all(schema);
                          std::vector<BenchUser> out;
                          for (auto _ : state)
                              retort_scan(conn, q, out);
                          check_scan(out, scan_rows, dname + " retort");
                      });
    for (const auto& [variant, scan_into] : baselines.scan) {
        scan.emplace_back(figure("scan", variant.empty() ? "raw" : "raw_" + variant,
                                 static_cast<double>(scan_rows), "row"),
                          [&, scan_rows, scan_into, variant](benchmark::State& state) {
                              load(scan_rows, 0);
                              std::vector<BenchUser> out;
                              for (auto _ : state)
                                  scan_into(raw, out);
                              check_scan(out, scan_rows, dname + " raw " + variant);
                          });
    }
    suite.add_interleaved(scan);

    const int status = suite.run();
    // Leave the server as the other programs expect it: no benchmark tables.
    for (auto sql : drop_schema_ddl(dialect))
        raw.exec(sql);
    return status;
}

/// The environment variable naming the server, or a one-line note and nullptr.
inline const char* server_url(const char* variable, const char* program) {
    const char* url = std::getenv(variable);
    if (url && *url) return url;
    std::printf("%s: %s is not set, no server to benchmark; skipped\n", program, variable);
    return nullptr;
}

}  // namespace retort::bench
