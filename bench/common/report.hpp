// The shared driver of the benchmark programs: command-line flags (--json, --smoke, --busy-core),
// figure registration by name convention, medians, retort/baseline ratios, the summary and JSON.
#pragma once

#include <benchmark/benchmark.h>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace retort::bench {

// Naming convention. Every benchmark is registered as "<dialect>/<figure>/<impl>":
//   dialect  sqlite, postgresql, mysql, or "any" for dialect-free figures
//   figure   words joined by '_' ("point_select", "compile_S1"); the JSON name has spaces
//   impl     "retort" or "retort_<variant>" for retort's code, "raw" or "raw_<variant>" for a
//            baseline written straight against the C API
// A retort benchmark's baseline is the fastest (lowest median) raw* benchmark of the same
// dialect and figure; a figure without raw* benchmarks has no baseline. The JSON name of
// "sqlite/point_select/retort_rebuilt" is "point select rebuilt", of the raw ones "point select".

/// How a figure is timed and counted.
struct Figure {
    std::string dialect;
    std::string figure;
    std::string impl = "retort";
    /// The work one benchmark iteration does, in `unit`s (rows for bulk insert and scan).
    double ops_per_iteration = 1;
    std::string unit = "op";
    /// Wall-clock time instead of this thread's CPU time: for anything waiting on a server.
    bool real_time = false;
    /// Mode label written with the figure ("cpu" for in-process CPU time, "idle" or
    /// "busy core" for PostgreSQL/MariaDB latency modes).
    std::string mode = "cpu";
    /// Set by Suite::add_interleaved: repetition i of every figure of the group ran in round i.
    bool interleaved = false;
};

struct Options {
    bool smoke = false;      // tiny data sets, one repetition: checks that everything runs
    bool busy_core = false;  // keep one core busy with a nice -n 19 loop during the run
    std::string json;        // write the figures here
    int repetitions = 5;     // from --benchmark_repetitions, default 5 (1 with --smoke)
};

/// One benchmark program: parses the flags, registers figures, runs Google Benchmark and
/// reports medians and ratios.
///
///     Suite suite(argc, argv, "sqlite");
///     suite.add({"sqlite", "point_select", "raw"}, [&](benchmark::State& s) { ... });
///     return suite.run();
class Suite {
  public:
    /// Removes --json FILE, --smoke and --busy-core from argv, adds the default repetitions
    /// (and `extra_defaults`, each used unless the command line sets that flag) and initializes
    /// Google Benchmark. Exits with status 2 on an unknown flag.
    Suite(int& argc, char** argv, std::string program,
          std::vector<std::string> extra_defaults = {});
    ~Suite();
    Suite(const Suite&) = delete;
    Suite& operator=(const Suite&) = delete;

    const Options& options() const noexcept { return options_; }

    /// Registers one figure. The returned benchmark can be configured further (Threads, ...).
    benchmark::internal::Benchmark* add(const Figure& figure,
                                        std::function<void(benchmark::State&)> body);

    /// Registers a retort benchmark and its baseline so that their repetitions alternate
    /// (retort, raw, retort, raw, ...): each of `repetitions` rounds runs one repetition of each,
    /// so a drift in machine load hits both alike.
    void add_interleaved(
        const std::vector<std::pair<Figure, std::function<void(benchmark::State&)>>>& figures);

    /// Runs every registered benchmark, prints Google Benchmark's table and then the summary
    /// of medians and ratios, writes the JSON when asked. Returns the process exit status.
    int run();

  private:
    Options options_;
    std::string program_;
    std::map<std::string, Figure> figures_;  // by benchmark name
    bool initialized_ = false;
};

/// The mode label of a server latency figure under the current options.
std::string server_mode(const Options& options);

/// Keeps one core busy with a nice -n 19 child process while alive (nothing when !enabled).
class BusyCore {
  public:
    explicit BusyCore(bool enabled);
    ~BusyCore();
    BusyCore(const BusyCore&) = delete;
    BusyCore& operator=(const BusyCore&) = delete;
    bool active() const noexcept { return pid_ > 0; }

  private:
    int pid_ = -1;
};

/// Aborts the run with a message when a self-check fails (a benchmark of wrong work is worse
/// than none).
[[noreturn]] void fail(const std::string& message);
inline void check(bool ok, const std::string& message) {
    if (!ok) fail(message);
}

}  // namespace retort::bench
