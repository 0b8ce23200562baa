// SQLite in memory: S1 point select, bulk insert of 1,000,000 rows, a scan of 1,000,000 rows into
// structs and S2-S8, each through retort beside the raw sqlite3 baseline (CPU time).
#include <retort/engine/engine.hpp>
#include <retort/retort.hpp>

#include <cstdio>
#include <string>
#include <vector>

#include "common/dataset.hpp"
#include "common/report.hpp"
#include "common/statement_figures.hpp"
#include "common/statements.hpp"
#include "raw/raw_sqlite.hpp"

using namespace retort;
using namespace retort::bench;

namespace {

struct Sizes {
    std::int64_t users, bulk_rows, scan_rows;
};

// Two in-memory databases with the same content: one behind the raw baseline, one behind a
// retort Engine. Both are (re)filled on demand so any --benchmark_filter works.
class Databases {
  public:
    explicit Databases(const Schema& schema) : schema_(schema) {
        raw_.open(":memory:");
        engine_ = create_engine("sqlite://");
        conn_ = engine_.connect();
    }

    raw::Sqlite& raw() { return raw_; }
    Connection& conn() { return conn_; }

    /// users 1..n with `addresses` addresses each, in both databases.
    void load(std::int64_t users, int addresses) {
        if (users == users_ && addresses == addresses_) return;
        users_ = addresses_ = -1;
        std::fprintf(stderr, "(loading %lld users, %d addresses each, into both databases)\n",
                     static_cast<long long>(users), addresses);
        raw_.create_schema();
        raw_.fill(users, addresses);
        for (auto sql : drop_schema_ddl(bench::Dialect::sqlite))
            conn_.execute_script(sql);
        for (auto sql : schema_ddl(bench::Dialect::sqlite))
            conn_.execute_script(sql);
        fill_through_retort(users, addresses);
        conn_.execute_script("ANALYZE");
        const auto count = [&](const Table& t) {
            return *conn_.execute(select(func.count()).select_from(t)).scalar<std::int64_t>();
        };
        check(count(schema_.users) == users && raw_.count_rows("users") == users,
              "loaded user counts");
        check(count(schema_.addresses) == users * addresses &&
                  raw_.count_rows("addresses") == users * addresses,
              "loaded address counts");
        users_ = users;
        addresses_ = addresses;
    }

  private:
    // The same rows raw::Sqlite::fill writes, in the same order, through executemany.
    void fill_through_retort(std::int64_t users, int addresses) {
        constexpr std::int64_t chunk = 10'000;
        auto tx = conn_.begin();
        std::vector<Parameters> sets;
        for (std::int64_t first = 1; first <= users; first += chunk) {
            sets.clear();
            for (std::int64_t i = first; i < first + chunk && i <= users; ++i) {
                const BenchUser u = bench_user(i);
                Parameters p = insert_parameters(u);
                p.set("id", u.id);
                sets.push_back(std::move(p));
            }
            conn_.execute(insert(schema_.users), sets);
        }
        const std::int64_t n_addr = users * addresses;
        for (std::int64_t first = 1; first <= n_addr; first += chunk) {
            sets.clear();
            for (std::int64_t j = first; j < first + chunk && j <= n_addr; ++j) {
                BenchAddress a = bench_address(j);
                a.user_id = (j - 1) / addresses + 1;
                sets.push_back(
                    Parameters{{"id", a.id}, {"user_id", a.user_id}, {"email", a.email}});
            }
            conn_.execute(insert(schema_.addresses), sets);
        }
        tx.commit();
    }

    const Schema& schema_;
    raw::Sqlite raw_;
    Engine engine_;
    Connection conn_;
    std::int64_t users_ = -1;
    int addresses_ = -1;
};

// The bulk insert's rows, generated once and shared by the figures.
const std::vector<BenchUser>& bulk_rows(std::int64_t n) {
    static const std::vector<BenchUser> rows = make_users(1, n);
    return rows;
}

std::vector<Parameters> build_parameters(const std::vector<BenchUser>& rows) {
    std::vector<Parameters> sets;
    sets.reserve(rows.size());
    for (const BenchUser& u : rows)
        sets.push_back(insert_parameters(u));
    return sets;
}

void add_bulk_insert(Suite& suite, const Schema& schema, std::int64_t n) {
    Figure f{"sqlite", "bulk_insert", "retort", static_cast<double>(n), "row"};
    // Fresh databases holding only the empty tables; rows are deleted between iterations.
    suite.add(f, [&schema, n](benchmark::State& state) {
        static const std::vector<Parameters> sets = build_parameters(bulk_rows(n));
        Engine engine = create_engine("sqlite://");
        Connection conn = engine.connect();
        for (auto sql : schema_ddl(bench::Dialect::sqlite))
            conn.execute_script(sql);
        const auto stmt = insert(schema.users);
        for (auto _ : state) {
            state.PauseTiming();
            conn.execute_script("DELETE FROM users");
            state.ResumeTiming();
            auto tx = conn.begin();
            conn.execute(stmt, sets);
            tx.commit();
        }
        const auto count =
            conn.execute(select(func.count()).select_from(schema.users)).scalar<std::int64_t>();
        check(count == n, "retort bulk insert row count");
    });
    f.impl = "raw";
    suite.add(f, [n](benchmark::State& state) {
        const std::vector<BenchUser>& rows = bulk_rows(n);
        raw::Sqlite db(":memory:");
        db.create_schema();
        for (auto _ : state) {
            state.PauseTiming();
            db.exec("DELETE FROM users");
            state.ResumeTiming();
            db.bulk_insert(rows);
        }
        check(db.count_rows("users") == n, "raw bulk insert row count");
    });
    // What the caller pays before executemany: a vector of Parameters from the structs.
    Figure p{"sqlite", "build_parameters", "retort", static_cast<double>(n), "row"};
    suite.add(p, [n](benchmark::State& state) {
        const std::vector<BenchUser>& rows = bulk_rows(n);
        for (auto _ : state) {
            std::vector<Parameters> sets = build_parameters(rows);
            benchmark::DoNotOptimize(sets.data());
            state.PauseTiming();
            sets = {};
            state.ResumeTiming();
        }
    });
}

void add_scan(Suite& suite, const Schema& schema, Databases& dbs, std::int64_t n) {
    Figure f{"sqlite", "scan", "retort", static_cast<double>(n), "row"};
    suite.add(f, [&schema, &dbs, n](benchmark::State& state) {
        dbs.load(n, 0);
        const auto q = scan_all(schema);
        std::vector<BenchUser> out;
        for (auto _ : state)
            retort_scan(dbs.conn(), q, out);
        check_scan(out, n, "retort");
    });
    f.impl = "raw";
    suite.add(f, [&dbs, n](benchmark::State& state) {
        dbs.load(n, 0);
        std::vector<BenchUser> out;
        for (auto _ : state)
            dbs.raw().scan(out);
        check_scan(out, n, "raw");
    });
}

}  // namespace

int main(int argc, char** argv) {
    Suite suite(argc, argv, "bench_sqlite");
    const Sizes sizes =
        suite.options().smoke ? Sizes{2'000, 2'000, 5'000} : Sizes{kUsers, 1'000'000, 1'000'000};
    const Schema schema;
    require_equivalent_statements(schema);
    Databases dbs(schema);

    Target<raw::Sqlite> target{bench::Dialect::sqlite,
                               &schema,
                               &dbs.raw(),
                               &dbs.conn(),
                               sizes.users,
                               [&dbs, &sizes] { dbs.load(sizes.users, kAddressesPerUser); },
                               false,
                               false,
                               "cpu"};
    add_point_select(suite, target);
    add_statements(suite, target);
    add_bulk_insert(suite, schema, sizes.bulk_rows);
    add_scan(suite, schema, dbs, sizes.scan_rows);
    return suite.run();
}
