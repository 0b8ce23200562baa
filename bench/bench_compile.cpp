// Compile figures: building S1-S8, building + compiling them uncached per dialect, and the
// cached execute path (gather + compiled-cache lookup + binding the values), ns per statement.
#include <retort/retort.hpp>

#include <string>

#include "common/report.hpp"
#include "common/statements.hpp"

using namespace retort;
using namespace retort::bench;

namespace {

void add_figures(Suite& suite, const Schema& schema, const CheckValues& values) {
    for (int n = 1; n <= 8; ++n) {
        const std::string s = "S" + std::to_string(n);
        // Building alone (dialect-free): what the compile figures spend before compiling.
        suite.add({"any", "build_" + s}, [&schema, &values, n](benchmark::State& state) {
            for (auto _ : state) {
                Statement stmt = build_statement(schema, n, values);
                benchmark::DoNotOptimize(stmt.node().get());
            }
        });
    }
    for (bench::Dialect d :
         {bench::Dialect::sqlite, bench::Dialect::postgresql, bench::Dialect::mysql}) {
        const std::string dname(dialect_name(d));
        const retort::Dialect& dialect = retort_dialect(d);
        for (int n = 1; n <= 8; ++n) {
            const std::string s = "S" + std::to_string(n);
            // A fresh statement every iteration, compiled without any cache.
            suite.add({dname, "compile_" + s}, [&, n](benchmark::State& state) {
                for (auto _ : state) {
                    CompiledStatement c = compile(build_statement(schema, n, values), dialect);
                    benchmark::DoNotOptimize(c.form().sql().data());
                }
            });
            // What execute() does before the driver for a shape already cached: build, gather
            // (cache key + bind nodes), look up, bind the values in placeholder order.
            suite.add({dname, "cached_compile_" + s}, [&, n](benchmark::State& state) {
                CompiledCache cache;
                GatherContext context;
                BoundStatement bound;
                cache.lookup_or_compile(build_statement(schema, n, values), dialect, context);
                for (auto _ : state) {
                    Statement stmt = build_statement(schema, n, values);
                    context.clear();
                    auto form = cache.lookup_or_compile(stmt, dialect, context);
                    form->bind(context.binds(), context.bind_count(), nullptr, bound);
                    benchmark::DoNotOptimize(bound.parameters.data());
                }
                check(cache.stats().misses == 1, "cached compile of " + s + " missed the cache");
            });
            // The same without building: the execute-path overhead of a statement kept by the
            // caller (BENCH.md's "cached execute-path overhead").
            suite.add({dname, "cached_lookup_" + s}, [&, n](benchmark::State& state) {
                CompiledCache cache;
                GatherContext context;
                BoundStatement bound;
                const Statement stmt = build_statement(schema, n, values);
                cache.lookup_or_compile(stmt, dialect, context);
                for (auto _ : state) {
                    context.clear();
                    auto form = cache.lookup_or_compile(stmt, dialect, context);
                    form->bind(context.binds(), context.bind_count(), nullptr, bound);
                    benchmark::DoNotOptimize(bound.parameters.data());
                }
                check(cache.stats().misses == 1, "cached lookup of " + s + " missed the cache");
            });
        }
    }
}

}  // namespace

int main(int argc, char** argv) {
    Suite suite(argc, argv, "bench_compile", {"--benchmark_min_time=0.2"});
    const Schema schema;
    require_equivalent_statements(schema);
    const CheckValues values;
    add_figures(suite, schema, values);
    return suite.run();
}
