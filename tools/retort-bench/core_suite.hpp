// The core suite of retort-bench: the BENCH.md schema as retort Tables, its set-up (create and
// fill, or inspect), and S1-S8 with deterministic parameters and their raw C API baselines.
#pragma once

#include <cstdint>

#include "bench_api.hpp"

namespace retort::benchtool {

/// users and addresses of BENCH.md, plus retort_bench_dataset, which marks tables made by
/// retort-bench and records the data set's size.
struct BenchSchema {
    MetaData meta;
    Table users;
    Table addresses;
    Table dataset;
    BenchSchema();
};

/// users = 100,000 x scale (at least 1).
std::int64_t scaled_users(double scale);

/// With setup: drops (refusing tables of the same names that retort-bench did not create,
/// unless options.recreate), creates and fills the data set. Without: checks the tables exist.
/// Returns the number of users the generators draw from.
std::int64_t prepare_dataset(Runner& runner, const BenchSchema& schema, bool setup);

/// S1-S8 over `users` users, with raw baselines for the engine's database.
BenchmarkSuite core_suite(Runner& runner, const BenchSchema& schema, std::int64_t users);

}  // namespace retort::benchtool
