// Figures shared by the SQLite, PostgreSQL and MariaDB programs: S1 (prepared and rebuilt) and
// S2-S8 executed through retort beside the raw baseline's method for the same statement.
#pragma once

#include <retort/engine/engine.hpp>
#include <retort/retort.hpp>

#include <array>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "dataset.hpp"
#include "report.hpp"
#include "statements.hpp"

namespace retort::bench {

using Body = std::function<void(benchmark::State&)>;

/// Where the statement figures run: one raw baseline connection and one retort connection over
/// the same data (the same server tables, or two identically filled SQLite databases).
template <class Raw>
struct Target {
    Dialect dialect;
    const Schema* schema;
    Raw* raw;
    Connection* conn;
    std::int64_t users;          // users in the data set (ids 1..users, 3 addresses each)
    std::function<void()> load;  // makes sure that data set is loaded, before timing
    bool real_time;              // wall clock (servers) or CPU time (SQLite)
    bool interleaved;            // alternate retort / raw repetitions
    std::string mode;
};

/// Registers figures that share a dialect and figure name, interleaved or one after the other.
inline void add_group(Suite& suite, bool interleaved, std::vector<std::pair<Figure, Body>> group) {
    if (interleaved) {
        suite.add_interleaved(group);
    } else {
        for (auto& [figure, body] : group)
            suite.add(figure, std::move(body));
    }
}

template <class Raw>
Figure figure_of(const Target<Raw>& t, std::string figure, std::string impl) {
    Figure f;
    f.dialect = std::string(dialect_name(t.dialect));
    f.figure = std::move(figure);
    f.impl = std::move(impl);
    f.real_time = t.real_time;
    f.mode = t.mode;
    return f;
}

/// Reads S1's row into the struct, as an application would.
inline void read_user(const Row& row, BenchUser& u) {
    u.id = row.get<std::int64_t>(0);
    u.name.assign(row.get<std::string_view>(1));
    u.email.assign(row.get<std::string_view>(2));
}

inline void check_user(const BenchUser& u, std::int64_t id, const std::string& who) {
    const BenchUser want = bench_user(id);
    check(u.id == id && u.name == want.name && u.email == want.email,
          who + ": point select of id " + std::to_string(id) + " read the wrong row");
}

/// S1: retort prepared (bindparam, built once), retort rebuilt (the id as a value, the
/// statement built on every call) and the raw prepared statement.
template <class Raw>
void add_point_select(Suite& suite, Target<Raw>& t) {
    const std::string d(dialect_name(t.dialect));
    Body retort_prepared = [&t, d](benchmark::State& state) {
        t.load();
        const auto q = s1(*t.schema, bindparam("id"));
        BenchUser u;
        std::int64_t id = 0;
        for (auto _ : state) {
            id = id % t.users + 1;
            Result r = t.conn->execute(q, {{"id", id}});
            if (!r.next()) fail(d + " retort point select found no row");
            read_user(r.row(), u);
        }
        check_user(u, id, d + " retort");
    };
    Body retort_rebuilt = [&t, d](benchmark::State& state) {
        t.load();
        BenchUser u;
        std::int64_t id = 0;
        for (auto _ : state) {
            id = id % t.users + 1;
            Result r = t.conn->execute(s1(*t.schema, id));
            if (!r.next()) fail(d + " retort point select found no row");
            read_user(r.row(), u);
        }
        check_user(u, id, d + " retort rebuilt");
    };
    Body raw = [&t, d](benchmark::State& state) {
        t.load();
        BenchUser u;
        std::int64_t id = 0;
        for (auto _ : state) {
            id = id % t.users + 1;
            if (!t.raw->point_select(id, u)) fail(d + " raw point select found no row");
        }
        check_user(u, id, d + " raw");
    };
    add_group(suite, t.interleaved,
              {{figure_of(t, "point_select", "retort"), retort_prepared},
               {figure_of(t, "point_select", "retort_rebuilt"), retort_rebuilt},
               {figure_of(t, "point_select", "raw"), raw}});
}

/// Runs `loop` inside a transaction that is rolled back afterwards, so that the statements
/// that change data leave the data set as it was (and retort and raw see the same data).
template <class Raw, class F>
void in_rolled_back_raw(Raw& raw, F&& loop) {
    raw.exec("BEGIN");
    try {
        loop();
    } catch (...) {
        raw.exec("ROLLBACK");
        throw;
    }
    raw.exec("ROLLBACK");
}

template <class F>
void in_rolled_back_retort(Connection& conn, F&& loop) {
    auto tx = conn.begin();
    loop();
    tx.rollback();
}

/// S2-S8: retort builds the statement with this iteration's values and executes it (reading
/// the rows); the raw baseline binds the same values to its prepared statement.
template <class Raw>
void add_statements(Suite& suite, Target<Raw>& t) {
    const std::string d(dialect_name(t.dialect));
    const Schema& s = *t.schema;
    // Values of iteration i, the same on both sides.
    auto s5_ids = [&t](std::int64_t i) {
        std::array<std::int64_t, kS5Ids> ids{};
        const std::int64_t base = (i * kS5Ids) % (t.users - kS5Ids);
        for (int k = 0; k < kS5Ids; ++k)
            ids[static_cast<std::size_t>(k)] = base + k + 1;
        return ids;
    };
    auto s8_first = [&t](std::int64_t i) { return (i * 100) % (t.users - 100) + 1; };
    static const std::vector<BenchUser> ring = make_users(kUsers + 1, 1024);
    static const std::vector<BenchUser> hundred = make_users(kUsers + 1, kS4Rows);

    // S2
    add_group(suite, t.interleaved,
              {{figure_of(t, "S2", "retort"),
                [&t, &s](benchmark::State& state) {
                    t.load();
                    std::int64_t sum = 0, rows = 0;
                    std::string name;
                    for (auto _ : state) {
                        for (const Row& row : t.conn->execute(s2(s, "user1%", 2, 10))) {
                            name.assign(row.get<std::string_view>(0));
                            sum += row.get<std::int64_t>(1);
                            ++rows;
                        }
                    }
                    check(rows == 10 * static_cast<std::int64_t>(state.iterations()),
                          "retort S2 row count");
                    benchmark::DoNotOptimize(sum);
                }},
               {figure_of(t, "S2", "raw"), [&t](benchmark::State& state) {
                    t.load();
                    std::int64_t rows = 0;
                    for (auto _ : state)
                        rows += static_cast<std::int64_t>(t.raw->s2("user1%", 2, 10));
                    check(rows == 10 * static_cast<std::int64_t>(state.iterations()),
                          "raw S2 row count");
                }}});
    // S3
    add_group(suite, t.interleaved,
              {{figure_of(t, "S3", "retort"),
                [&t, &s](benchmark::State& state) {
                    t.load();
                    std::size_t i = 0;
                    in_rolled_back_retort(*t.conn, [&] {
                        for (auto _ : state) {
                            Result r = t.conn->execute(s3(s, ring[i++ % ring.size()]));
                            benchmark::DoNotOptimize(r.rowcount());
                        }
                    });
                }},
               {figure_of(t, "S3", "raw"), [&t](benchmark::State& state) {
                    t.load();
                    std::size_t i = 0;
                    in_rolled_back_raw(*t.raw, [&] {
                        for (auto _ : state)
                            benchmark::DoNotOptimize(t.raw->s3(ring[i++ % ring.size()]));
                    });
                }}});
    // S4
    add_group(suite, t.interleaved,
              {{figure_of(t, "S4", "retort"),
                [&t, &s](benchmark::State& state) {
                    t.load();
                    in_rolled_back_retort(*t.conn, [&] {
                        for (auto _ : state) {
                            Result r = t.conn->execute(s4(s, hundred));
                            if (r.rowcount() != kS4Rows) fail("retort S4 row count");
                        }
                    });
                }},
               {figure_of(t, "S4", "raw"), [&t](benchmark::State& state) {
                    t.load();
                    in_rolled_back_raw(*t.raw, [&] {
                        for (auto _ : state)
                            if (t.raw->s4(hundred) != kS4Rows) fail("raw S4 row count");
                    });
                }}});
    // S5
    add_group(suite, t.interleaved,
              {{figure_of(t, "S5", "retort"),
                [&t, &s, s5_ids](benchmark::State& state) {
                    t.load();
                    std::int64_t i = 0;
                    in_rolled_back_retort(*t.conn, [&] {
                        for (auto _ : state) {
                            Result r = t.conn->execute(s5(s, s5_ids(i++)));
                            if (r.rowcount() != kS5Ids) fail("retort S5 row count");
                        }
                    });
                }},
               {figure_of(t, "S5", "raw"), [&t, s5_ids](benchmark::State& state) {
                    t.load();
                    std::int64_t i = 0;
                    in_rolled_back_raw(*t.raw, [&] {
                        for (auto _ : state)
                            if (t.raw->s5(s5_ids(i++)) != kS5Ids) fail("raw S5 row count");
                    });
                }}});
    // S6
    add_group(suite, t.interleaved,
              {{figure_of(t, "S6", "retort"),
                [&t, &s](benchmark::State& state) {
                    t.load();
                    std::int64_t i = 0;
                    in_rolled_back_retort(*t.conn, [&] {
                        for (auto _ : state) {
                            Result r = t.conn->execute(s6(s, i++ % t.users + 1, "addr%"));
                            benchmark::DoNotOptimize(r.rowcount());
                        }
                    });
                }},
               {figure_of(t, "S6", "raw"), [&t](benchmark::State& state) {
                    t.load();
                    std::int64_t i = 0;
                    in_rolled_back_raw(*t.raw, [&] {
                        for (auto _ : state)
                            benchmark::DoNotOptimize(t.raw->s6(i++ % t.users + 1, "addr%"));
                    });
                }}});
    // S7
    add_group(suite, t.interleaved,
              {{figure_of(t, "S7", "retort"),
                [&t, &s](benchmark::State& state) {
                    t.load();
                    std::int64_t i = 0;
                    in_rolled_back_retort(*t.conn, [&] {
                        for (auto _ : state) {
                            Result r = t.conn->execute(
                                s7(s, i++ % t.users + 1, "renamed", "renamed@example.com"));
                            benchmark::DoNotOptimize(r.rowcount());
                        }
                    });
                }},
               {figure_of(t, "S7", "raw"), [&t](benchmark::State& state) {
                    t.load();
                    std::int64_t i = 0;
                    in_rolled_back_raw(*t.raw, [&] {
                        for (auto _ : state)
                            benchmark::DoNotOptimize(
                                t.raw->s7(i++ % t.users + 1, "renamed", "renamed@example.com"));
                    });
                }}});
    // S8
    add_group(suite, t.interleaved,
              {{figure_of(t, "S8", "retort"),
                [&t, &s, s8_first](benchmark::State& state) {
                    t.load();
                    std::int64_t i = 0, sum = 0, rows = 0;
                    std::string name, band;
                    for (auto _ : state) {
                        const std::int64_t first = s8_first(i++);
                        for (const Row& row : t.conn->execute(s8(s, 30, first, first + 99))) {
                            sum += row.get<std::int64_t>(0);
                            name.assign(row.get<std::string_view>(1));
                            band.assign(row.get<std::string_view>(2));
                            ++rows;
                        }
                    }
                    check(rows == 100 * static_cast<std::int64_t>(state.iterations()),
                          "retort S8 row count");
                    benchmark::DoNotOptimize(sum);
                }},
               {figure_of(t, "S8", "raw"), [&t, s8_first](benchmark::State& state) {
                    t.load();
                    std::int64_t i = 0, rows = 0;
                    for (auto _ : state) {
                        const std::int64_t first = s8_first(i++);
                        rows += static_cast<std::int64_t>(t.raw->s8(30, first, first + 99));
                    }
                    check(rows == 100 * static_cast<std::int64_t>(state.iterations()),
                          "raw S8 row count");
                }}});
    (void)d;
}

/// Reads one scanned row into the struct.
inline void read_scanned(const Row& row, BenchUser& u) {
    u.id = row.get<std::int64_t>(0);
    u.name.assign(row.get<std::string_view>(1));
    u.email.assign(row.get<std::string_view>(2));
    u.age = row.get<std::int32_t>(3);
    u.created_at_unix_us = unix_us(row.get<std::chrono::sys_time<std::chrono::microseconds>>(4));
}

/// The scan's result must be users 1..n (in any order).
inline void check_scan(std::vector<BenchUser>& out, std::int64_t n, const std::string& who) {
    check(static_cast<std::int64_t>(out.size()) == n,
          who + " scan read " + std::to_string(out.size()) + " rows, not " + std::to_string(n));
    std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.id < b.id; });
    for (std::int64_t k : {std::int64_t{0}, n / 2, n - 1})
        check(out[static_cast<std::size_t>(k)] == bench_user(k + 1),
              who + " scan read a wrong row " + std::to_string(k + 1));
}

/// The retort side of the scan: every user into a vector of structs.
inline std::size_t retort_scan(Connection& conn, const Select& q, std::vector<BenchUser>& out) {
    out.clear();
    for (const Row& row : conn.execute(q))
        read_scanned(row, out.emplace_back());
    return out.size();
}

}  // namespace retort::bench
