// custom_bench: benchmarks two statements of its own over its own table with the retort-bench
// runner and reporters — the same options, table, JSON and SVG as retort-bench.
//
//     build/examples/custom_bench                                  # SQLite in memory
//     build/examples/custom_bench --url postgresql://... --clients 4 --json accounts.json
#include <iostream>

#include "bench_api.hpp"

using namespace retort;
namespace rb = retort::benchtool;

int main(int argc, char** argv) {
    rb::ProgramInfo info;
    info.name = "custom_bench";
    info.summary = "Benchmarks a lookup and an update of an accounts table of its own.";
    info.suite_options = false;
    rb::ParsedArguments parsed = rb::parse_arguments(argc, argv, info);
    if (parsed.exit_code) return *parsed.exit_code;
    try {
        rb::install_interrupt_handler();
        rb::Runner runner(parsed.options);
        Engine& engine = runner.engine();

        // The table and its data: 10,000 accounts.
        MetaData meta;
        Table accounts{meta, "cb_accounts", Column{"id", Integer{}, primary_key()},
                       Column{"owner", String{50}, not_null()},
                       Column{"balance", Numeric{12, 2}, not_null()}};
        constexpr std::int64_t kAccounts = 10'000;
        engine.drop_all(meta);
        engine.create_all(meta);
        {
            auto conn = engine.connect();
            std::vector<Parameters> rows;
            for (std::int64_t id = 1; id <= kAccounts; ++id)
                rows.push_back({{"id", id},
                                {"owner", "owner" + std::to_string(id % 1000)},
                                {"balance", Decimal{"100.00"}}});
            auto tx = conn.begin();
            conn.execute(insert(accounts), rows);
            tx.commit();
            conn.close();  // back to the pool now
        }

        // Two statements with bound parameters and deterministic generators: operation i
        // always gets the same values, so runs are comparable.
        rb::BenchmarkSuite suite("accounts");
        suite
            .add("balance",
                 select(accounts.c("owner"), accounts.c("balance"))
                     .where(accounts.c("id") == bindparam("id")),
                 [](std::uint64_t i) {
                     return Parameters{{"id", std::int64_t(rb::mix(i) % kAccounts + 1)}};
                 })
            .describe("lookup by id");
        suite
            .add("credit",
                 update(accounts)
                     .values({{"balance", accounts.c("balance") + bindparam("amount")}})
                     .where(accounts.c("id") == bindparam("id")),
                 [](std::uint64_t i) {
                     return Parameters{{"id", std::int64_t(rb::mix(i) % kAccounts + 1)},
                                       {"amount", Decimal{"0.01"}}};
                 })
            .describe("update balance");

        const rb::RunReport report = runner.run(suite);
        rb::emit_reports(report, parsed.options);
        engine.drop_all(meta);
        return report.ok() ? 0 : 1;
    } catch (const std::exception& e) {
        std::cerr << info.name << ": " << rb::one_line(e.what()) << '\n';
        return 1;
    }
}
