// The retort-bench C++ API: register statements with parameter generators in a BenchmarkSuite,
// run them through an Engine with N client threads, and report as a table, JSON or SVG chart.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <retort/engine/engine.hpp>
#include <retort/retort.hpp>

#include "histogram.hpp"

namespace retort::benchtool {

/// How long each statement runs and how. Filled by parse_arguments() or by hand.
struct RunOptions {
    std::string url = "sqlite://";
    std::size_t clients = 1;
    /// Seconds per statement (and per baseline); ignored when `ops` is set.
    double duration = 2.0;
    /// Operations per statement in total over all clients (and for the baseline).
    std::optional<std::uint64_t> ops;
    /// Seconds of unmeasured operations per client before measuring.
    double warmup = 0.2;
    /// The statement and its baseline alternate this many times, each run getting a share of
    /// the duration or ops, so a change in machine load hits both alike.
    std::size_t rounds = 3;
    /// Run the raw C API baselines where a statement has one.
    bool raw = true;
    /// No progress line and no notes on stderr.
    bool quiet = false;
    /// Write the report as JSON / as an SVG chart (empty: don't).
    std::string json_path;
    std::string svg_path;
    /// SVG latency axis: "auto" (log when the bars span more than 30x), "log" or "linear".
    std::string svg_axis = "auto";

    // Used by retort-bench itself (the core suite and suite files).
    std::string suite = "core";  ///< "core" or a suite file
    double scale = 1.0;          ///< users = 100,000 x scale
    std::optional<bool> setup;   ///< create and fill the data set (default: core yes, file no)
    bool recreate = false;       ///< drop tables of the same names even if not ours
};

/// A stopwatch an operation may use to time only part of itself (the rest, such as building
/// its arguments, stays outside the measurement). Untouched, the whole call is timed.
class OpTimer {
  public:
    void start() noexcept {
        started_ = true;
        t0_ = std::chrono::steady_clock::now();
    }
    void stop() noexcept {
        stopped_ = true;
        t1_ = std::chrono::steady_clock::now();
    }
    bool started() const noexcept { return started_; }

  private:
    friend class PhaseRunner;
    bool started_ = false, stopped_ = false;
    std::chrono::steady_clock::time_point t0_, t1_;
};

// Generators, builders and consumers are called from every client thread at once: they must
// be thread-safe (pure functions of i, or thread_local scratch space).

/// Parameters of operation number i (0, 1, 2, ... over all clients; deterministic).
using ParameterGenerator = std::function<Parameters(std::uint64_t i)>;
/// Parameter sets of operation i, for executemany.
using BatchGenerator = std::function<std::vector<Parameters>(std::uint64_t i)>;
/// Builds the statement of operation i, values included (the style of
/// `insert(t).multi_values(rows)`); building is timed from timer.start(), or from the call
/// when the builder does not start it.
using StatementBuilder = std::function<Statement(std::uint64_t i, OpTimer& timer)>;
/// Reads a result the way the application would (timed); returns a number folded into a
/// checksum so the reads stay observable. The default reads every column of every row.
using ResultConsumer = std::function<std::uint64_t(Result& result)>;

/// The same work done straight against the database's C API, for the "vs raw" ratio. `op` runs
/// operation i with the same parameters the statement's generator gives for i.
struct Baseline {
    std::string label;              ///< "raw sqlite3", "raw libpq", ...
    std::function<void()> prepare;  ///< once before the baseline runs (connect, fill); may be empty
    std::function<void(std::uint64_t i, OpTimer& timer)> op;
    /// Untimed, after each run of the baseline (undo what it wrote); may be empty.
    std::function<void()> after_phase;
};

/// One benchmarked statement.
class BenchmarkStatement {
  public:
    BenchmarkStatement(std::string name, Statement statement, ParameterGenerator generator);
    BenchmarkStatement(std::string name, Statement statement, BatchGenerator generator);
    BenchmarkStatement(std::string name, StatementBuilder builder);

    /// A few words shown next to the name.
    BenchmarkStatement& describe(std::string description);
    /// How rows are read (default: every column of every row as a Value).
    BenchmarkStatement& consume(ResultConsumer consumer);
    /// The raw C API baseline.
    BenchmarkStatement& baseline(Baseline baseline);
    /// Untimed, after each run of the statement (undo what it wrote, so later statements and
    /// runs see the same data).
    BenchmarkStatement& after_phase(std::function<void()> hook);

    const std::string& name() const noexcept { return name_; }
    const std::string& description() const noexcept { return description_; }
    const Statement& statement() const noexcept { return statement_; }
    bool is_batch() const noexcept { return static_cast<bool>(batch_); }
    bool is_built() const noexcept { return static_cast<bool>(builder_); }
    const ParameterGenerator& generator() const noexcept { return generator_; }
    const BatchGenerator& batch_generator() const noexcept { return batch_; }
    const StatementBuilder& builder() const noexcept { return builder_; }
    const ResultConsumer& consumer() const noexcept { return consumer_; }
    const std::optional<Baseline>& raw_baseline() const noexcept { return baseline_; }
    const std::function<void()>& after_phase() const noexcept { return after_phase_; }

  private:
    std::string name_, description_;
    Statement statement_;
    ParameterGenerator generator_;
    BatchGenerator batch_;
    StatementBuilder builder_;
    ResultConsumer consumer_;
    std::optional<Baseline> baseline_;
    std::function<void()> after_phase_;
};

/// An ordered list of statements to benchmark.
///
///     BenchmarkSuite suite("accounts");
///     suite.add("by id", select(accounts).where(accounts.c("id") == bindparam("id")),
///               [](std::uint64_t i) { return Parameters{{"id", std::int64_t(i % 1000 + 1)}}; });
class BenchmarkSuite {
  public:
    explicit BenchmarkSuite(std::string name = "custom") : name_(std::move(name)) {}

    /// A statement executed once per operation with the generator's parameters.
    BenchmarkStatement& add(std::string name, Statement statement, ParameterGenerator generator);
    /// A statement executed per operation as executemany with the generator's parameter sets.
    BenchmarkStatement& add_many(std::string name, Statement statement, BatchGenerator generator);
    /// A statement built anew, values included, for every operation.
    BenchmarkStatement& add_built(std::string name, StatementBuilder builder);
    /// A note printed with the report (what the data set is, caveats).
    void note(std::string text) { notes_.push_back(std::move(text)); }

    const std::string& name() const noexcept { return name_; }
    std::vector<BenchmarkStatement>& statements() noexcept { return statements_; }
    const std::vector<BenchmarkStatement>& statements() const noexcept { return statements_; }
    const std::vector<std::string>& notes() const noexcept { return notes_; }

  private:
    std::string name_;
    std::vector<BenchmarkStatement> statements_;
    std::vector<std::string> notes_;
};

/// Measurements of one phase (the statement through retort, or its baseline).
struct PhaseResult {
    std::uint64_t ops = 0;
    double seconds = 0;     ///< wall time of the measured part
    double throughput = 0;  ///< ops / seconds
    LatencyHistogram latency;
    std::string error;  ///< the first failure; the phase stopped there
    bool interrupted = false;
};

struct StatementReport {
    std::string name, description;
    std::string sql;   ///< as compiled for the engine's dialect (IN lists unexpanded)
    std::string kind;  ///< "execute", "executemany" or "built"
    std::size_t batch_size = 0;
    double compile_ns = 0;  ///< uncached compile of the statement (median of repetitions)
    PhaseResult retort;
    std::optional<PhaseResult> raw;
    std::string raw_label;
    std::string error;  ///< a failure before measuring (compiling, connecting)

    bool failed() const noexcept { return !error.empty() || !retort.error.empty(); }
    /// retort p50 / raw p50, when both ran.
    std::optional<double> ratio() const;
};

struct RunReport {
    std::string suite;
    std::string url;      ///< password masked
    bool memory = false;  ///< SQLite in memory
    std::string dialect;
    std::string server_version;
    std::size_t clients = 1;
    std::optional<std::uint64_t> ops;
    double duration = 0;
    double warmup = 0;
    std::size_t rounds = 1;
    std::string started_at;  ///< UTC, ISO 8601
    std::vector<std::string> notes;
    std::vector<StatementReport> statements;
    bool interrupted = false;

    bool ok() const noexcept;
};

/// Runs suites against one database.
class Runner {
  public:
    /// Creates the engine for options.url (no connection yet: the first one is made by
    /// connect_check() or run()).
    explicit Runner(RunOptions options);

    Engine& engine() noexcept { return engine_; }
    const RunOptions& options() const noexcept { return options_; }
    /// Opens one connection now so an unreachable server fails early, with a one-line message.
    void connect_check();
    /// A progress message on the live line (nothing unless stderr is a terminal and not quiet).
    void progress(std::string_view text) const;
    void clear_progress() const;
    bool progress_enabled() const noexcept { return live_; }
    /// A note on stderr (unless quiet), also kept for the report.
    void note(std::string text);

    /// Benchmarks every statement of the suite in order: compile time, then the statement
    /// through the engine with options.clients threads, then its baseline (single client).
    RunReport run(const BenchmarkSuite& suite);

  private:
    RunOptions options_;
    Engine engine_;
    bool live_ = false;
    std::vector<std::string> notes_;
};

/// Median nanoseconds of one uncached compile of `statement` for `dialect`.
double measure_compile_ns(const Statement& statement, const Dialect& dialect,
                          const Parameters* parameters, bool implicit_returning);

// --- reporters
/// The readable table.
void print_table(std::ostream& out, const RunReport& report);
/// The report as JSON (see docs/retort-bench.md for the fields).
std::string to_json(const RunReport& report);
/// An SVG bar chart: per statement p50/p95/p99 of retort and of its baseline.
std::string to_svg(const RunReport& report, std::string_view axis = "auto");
/// Prints the table to stdout and writes the JSON and SVG files the options name; throws
/// std::runtime_error naming a file that cannot be written.
void emit_reports(const RunReport& report, const RunOptions& options);

// --- command line
/// What a program using parse_arguments() accepts.
struct ProgramInfo {
    std::string name = "retort-bench";
    std::string summary;        ///< one line under the usage line
    bool suite_options = true;  ///< --suite, --scale, --setup, --no-setup, --recreate
    std::string extra_help;     ///< appended to --help
};
struct ParsedArguments {
    RunOptions options;
    /// Set when the program should exit now with this code (after --help, or a bad argument,
    /// whose one-line message was printed to stderr).
    std::optional<int> exit_code;
};
ParsedArguments parse_arguments(int argc, const char* const* argv, const ProgramInfo& info);
std::string usage(const ProgramInfo& info);

/// An error message on one line (newlines and tabs of driver messages folded into spaces).
std::string one_line(std::string_view message);

/// Installs a SIGINT handler: the first Ctrl-C stops the running statement and skips the rest
/// (the report of what finished is still printed); a second one exits at once.
void install_interrupt_handler();
bool interrupted() noexcept;

/// A deterministic 64-bit mix of i (splitmix64), for spreading generated keys.
constexpr std::uint64_t mix(std::uint64_t i) noexcept {
    std::uint64_t z = i + 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

}  // namespace retort::benchtool
