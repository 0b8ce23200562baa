// Pool figures: checkout + return of a pooled connection, and Engine::connect() + close(), with
// 1 and 8 threads, on an Engine over a SQLite file (QueuePool); ns per cycle.
#include <retort/engine/engine.hpp>
#include <retort/retort.hpp>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "common/report.hpp"

using namespace retort;
using namespace retort::bench;

int main(int argc, char** argv) {
    Suite suite(argc, argv, "bench_pool", {"--benchmark_min_time=0.2"});
    const std::filesystem::path path = std::filesystem::temp_directory_path() /
                                       ("retort_bench_pool_" + std::to_string(getpid()) + ".db");
    int status = 1;
    {
        // Enough connections for every thread: the figure is the pool's bookkeeping, not waiting.
        Engine engine =
            create_engine("sqlite:///" + path.string(), {.pool_size = 8, .max_overflow = 8});
        {
            // Open all eight now so that no timed checkout pays for a connect.
            std::vector<PooledConnection> warm;
            for (int i = 0; i < 8; ++i)
                warm.push_back(engine.pool().checkout());
            engine.connect().execute_script("CREATE TABLE IF NOT EXISTS t (x INTEGER)");
        }
        const std::uint64_t connects = engine.pool().statistics().connects;

        Figure checkout{"sqlite", "pool_checkout", "retort", 1, "cycle"};
        suite
            .add(checkout,
                 [&engine](benchmark::State& state) {
                     Pool& pool = engine.pool();
                     for (auto _ : state) {
                         PooledConnection c = pool.checkout();
                         benchmark::DoNotOptimize(&c.driver());
                     }
                 })
            ->Threads(1)
            ->Threads(8);
        Figure connect{"sqlite", "connect", "retort", 1, "cycle"};
        suite
            .add(connect,
                 [&engine](benchmark::State& state) {
                     for (auto _ : state) {
                         Connection c = engine.connect();
                         c.close();
                     }
                 })
            ->Threads(1)
            ->Threads(8);
        status = suite.run();
        const auto stats = engine.pool().statistics();
        check(stats.checked_out == 0, "connections left checked out");
        if (stats.connects != connects)
            std::fprintf(stderr, "note: the pool opened %llu more connection(s) while timed\n",
                         static_cast<unsigned long long>(stats.connects - connects));
        engine.dispose();
    }
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
    return status;
}
