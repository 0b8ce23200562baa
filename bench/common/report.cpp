// The shared driver of the benchmark programs: flag parsing, a reporter that keeps every
// repetition, medians per figure, baseline pairing by name, the summary table and the JSON.
#include "report.hpp"

#include <nlohmann/json.hpp>

#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>
#include <set>
#include <string_view>

namespace retort::bench {

namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

std::string spaced(std::string s) {
    std::replace(s.begin(), s.end(), '_', ' ');
    return s;
}

std::string flag_name(std::string_view arg) {
    return std::string(arg.substr(0, arg.find('=')));
}

double median(std::vector<double> v) {
    if (v.empty()) return NAN;
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// One figure's repetitions, in ns per op.
struct Samples {
    std::string key;  // benchmark name plus the thread count when set
    std::string threads;
    std::vector<double> cpu, real;
};

// Forwards to the console reporter (only the aggregates when there are any, as
// --benchmark_display_aggregates_only would) and keeps every repetition for the summary.
class Collector : public benchmark::ConsoleReporter {
  public:
    explicit Collector(const std::map<std::string, Figure>& figures)
        : ConsoleReporter(isatty(STDOUT_FILENO) ? OO_ColorTabular : OO_Tabular),
          figures_(figures) {}

    void ReportRuns(const std::vector<Run>& runs) override {
        std::vector<Run> shown;
        for (const Run& r : runs)
            if (r.run_type == Run::RT_Aggregate) shown.push_back(r);
        if (shown.empty()) shown = runs;
        ConsoleReporter::ReportRuns(shown);
        for (const Run& r : runs) {
            if (r.run_type != Run::RT_Iteration) continue;
            if (r.error_occurred) {
                errors_.push_back(r.benchmark_name() + ": " + r.error_message);
                continue;
            }
            const std::string& name = r.run_name.function_name;
            auto it = figures_.find(name);
            if (it == figures_.end() || r.iterations == 0) continue;
            const double ops = static_cast<double>(r.iterations) * it->second.ops_per_iteration;
            std::string key = name;
            if (!r.run_name.threads.empty()) key += "/" + r.run_name.threads;
            auto& s = samples_[key];
            s.key = name;
            s.threads = r.run_name.threads;
            s.cpu.push_back(r.cpu_accumulated_time * 1e9 / ops);
            s.real.push_back(r.real_accumulated_time * 1e9 / ops);
            if (std::find(order_.begin(), order_.end(), key) == order_.end()) order_.push_back(key);
        }
    }

    const std::map<std::string, Samples>& samples() const { return samples_; }
    const std::vector<std::string>& order() const { return order_; }
    const std::vector<std::string>& errors() const { return errors_; }

  private:
    const std::map<std::string, Figure>& figures_;
    std::map<std::string, Samples> samples_;
    std::vector<std::string> order_;
    std::vector<std::string> errors_;
};

struct Row {
    std::string key;
    Figure figure;
    std::string name;  // JSON name
    std::string threads;
    double ns = NAN, min_ns = NAN, cpu_ns = NAN, real_ns = NAN;
    std::size_t repetitions = 0;
    std::optional<double> baseline_ns;
    std::string baseline_impl;
    std::vector<double> samples;  // ns per op of each repetition, in run order
    std::optional<double> baseline_min_ns;
    std::optional<double> paired_ratio;  // interleaved: median over rounds of retort / baseline
    bool is_raw() const { return starts_with(figure.impl, "raw"); }
};

std::string json_name(const Figure& f, const std::string& threads) {
    std::string name = spaced(f.figure);
    if (starts_with(f.impl, "retort_")) name += " " + spaced(f.impl.substr(7));
    if (!threads.empty()) {
        const std::string n = threads.substr(threads.find(':') + 1);
        name += " " + n + (n == "1" ? " thread" : " threads");
    }
    return name;
}

std::string format_ns(double ns) {
    char buf[32];
    if (std::isnan(ns)) return "";
    if (ns >= 100)
        std::snprintf(buf, sizeof buf, "%.0f", ns);
    else
        std::snprintf(buf, sizeof buf, "%.1f", ns);
    return buf;
}

}  // namespace

void fail(const std::string& message) {
    std::fprintf(stderr, "benchmark self-check failed: %s\n", message.c_str());
    std::fflush(stderr);
    std::exit(1);
}

std::string server_mode(const Options& options) {
    return options.busy_core ? "busy core" : "idle";
}

BusyCore::BusyCore(bool enabled) {
    if (!enabled) return;
    const pid_t parent = getpid();
    const pid_t pid = fork();
    if (pid < 0) fail("fork for --busy-core");
    if (pid == 0) {
        // Dies with the benchmark, whatever way it ends.
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(0);
        setpriority(PRIO_PROCESS, 0, 19);
        volatile std::uint64_t spin = 0;
        for (;;)
            spin = spin + 1;
    }
    pid_ = pid;
}

BusyCore::~BusyCore() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
}

Suite::Suite(int& argc, char** argv, std::string program, std::vector<std::string> extra_defaults)
    : program_(std::move(program)) {
    std::vector<char*> kept{argv[0]};
    std::set<std::string> given;
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        if (a == "--smoke") {
            options_.smoke = true;
        } else if (a == "--busy-core") {
            options_.busy_core = true;
        } else if (a == "--json" && i + 1 < argc) {
            options_.json = argv[++i];
        } else if (starts_with(a, "--json=")) {
            options_.json = std::string(a.substr(7));
        } else if (a == "--help" || a == "-h") {
            std::printf(
                "usage: %s [--json FILE] [--smoke] [--busy-core] [benchmark flags]\n"
                "  --json FILE   write the figures (median ns per op, baseline, ratio) as JSON\n"
                "  --smoke       tiny data sets and one repetition: checks that everything runs\n"
                "  --busy-core   keep one core busy with a nice -n 19 loop during the run\n"
                "Google Benchmark's flags (--benchmark_filter=..., --benchmark_repetitions=N,\n"
                "--benchmark_min_time=S) work as usual; the repetitions default to 5.\n",
                argv[0]);
            std::exit(0);
        } else {
            if (starts_with(a, "--benchmark_")) given.insert(flag_name(a));
            kept.push_back(argv[i]);
        }
    }
    // Defaults go first so that the command line wins when GB parses both.
    static std::vector<std::string> defaults;
    defaults.clear();
    if (!given.count("--benchmark_repetitions"))
        defaults.push_back(options_.smoke ? "--benchmark_repetitions=1"
                                          : "--benchmark_repetitions=5");
    for (auto& d : extra_defaults)
        if (!given.count(flag_name(d))) defaults.push_back(d);
    std::vector<char*> args{kept[0]};
    for (auto& d : defaults)
        args.push_back(d.data());
    args.insert(args.end(), kept.begin() + 1, kept.end());
    for (const auto& a : args) {
        const std::string_view s = a;
        if (starts_with(s, "--benchmark_repetitions="))
            options_.repetitions = std::max(1, std::atoi(a + 24));
    }
    int n = static_cast<int>(args.size());
    args.push_back(nullptr);
    benchmark::Initialize(&n, args.data());
    if (benchmark::ReportUnrecognizedArguments(n, args.data())) std::exit(2);
    argc = 1;
    initialized_ = true;
}

Suite::~Suite() = default;

benchmark::internal::Benchmark* Suite::add(const Figure& figure,
                                           std::function<void(benchmark::State&)> body) {
    const std::string name = figure.dialect + "/" + figure.figure + "/" + figure.impl;
    figures_[name] = figure;
    auto* b = benchmark::RegisterBenchmark(name.c_str(),
                                           [body](benchmark::State& state) { body(state); });
    if (figure.real_time) b->UseRealTime();
    b->Unit(benchmark::kMicrosecond);
    return b;
}

void Suite::add_interleaved(
    const std::vector<std::pair<Figure, std::function<void(benchmark::State&)>>>& figures) {
    for (int round = 0; round < options_.repetitions; ++round) {
        for (const auto& [figure, body] : figures) {
            Figure f = figure;
            f.interleaved = true;
            add(f, body)->Repetitions(1);
        }
    }
}

int Suite::run() {
    Collector collector(figures_);
    BusyCore busy(options_.busy_core);
    benchmark::RunSpecifiedBenchmarks(&collector);
    benchmark::Shutdown();

    std::vector<Row> rows;
    for (const std::string& key : collector.order()) {
        const Samples& s = collector.samples().at(key);
        Row r;
        r.key = key;
        r.figure = figures_.at(s.key);
        r.name = json_name(r.figure, s.threads);
        r.threads = s.threads;
        r.cpu_ns = median(s.cpu);
        r.real_ns = median(s.real);
        const auto& basis = r.figure.real_time ? s.real : s.cpu;
        r.ns = median(basis);
        r.min_ns = *std::min_element(basis.begin(), basis.end());
        r.samples = basis;
        r.repetitions = basis.size();
        rows.push_back(std::move(r));
    }
    // Baselines: the fastest raw* of the same dialect, figure and thread count.
    for (Row& r : rows) {
        if (r.is_raw()) continue;
        for (const Row& b : rows) {
            if (!b.is_raw() || b.figure.dialect != r.figure.dialect ||
                b.figure.figure != r.figure.figure || b.threads != r.threads)
                continue;
            if (!r.baseline_ns || b.ns < *r.baseline_ns) {
                r.baseline_ns = b.ns;
                r.baseline_impl = b.figure.impl;
                r.baseline_min_ns = b.min_ns;
                r.paired_ratio.reset();
                if (r.figure.interleaved && b.figure.interleaved &&
                    r.samples.size() == b.samples.size()) {
                    std::vector<double> ratios;
                    for (std::size_t i = 0; i < r.samples.size(); ++i)
                        ratios.push_back(r.samples[i] / b.samples[i]);
                    r.paired_ratio = median(ratios);
                }
            }
        }
    }

    std::printf("\n%s: median of %d repetition(s), ns per op (per row for bulk insert and scan)\n",
                program_.c_str(), options_.repetitions);
    std::printf("%-32s %-11s %-10s %-16s %12s %12s %8s %8s\n", "figure", "dialect", "mode", "impl",
                "ns/op", "baseline", "ratio", "paired");
    for (const Row& r : rows) {
        std::string ratio, paired;
        char buf[32];
        if (r.baseline_ns) {
            std::snprintf(buf, sizeof buf, "%.3f", r.ns / *r.baseline_ns);
            ratio = buf;
        }
        if (r.paired_ratio) {
            std::snprintf(buf, sizeof buf, "%.3f", *r.paired_ratio);
            paired = buf;
        }
        std::printf("%-32s %-11s %-10s %-16s %12s %12s %8s %8s\n", r.name.c_str(),
                    r.figure.dialect.c_str(), r.figure.mode.c_str(), r.figure.impl.c_str(),
                    format_ns(r.ns).c_str(), r.baseline_ns ? format_ns(*r.baseline_ns).c_str() : "",
                    ratio.c_str(), paired.c_str());
    }
    std::fflush(stdout);

    if (!options_.json.empty()) {
        nlohmann::json out = nlohmann::json::array();
        auto num = [](double v) { return std::isnan(v) ? nlohmann::json() : nlohmann::json(v); };
        for (const Row& r : rows) {
            nlohmann::json j;
            j["name"] = r.name;
            j["dialect"] = r.figure.dialect;
            j["impl"] = r.figure.impl;
            j["library"] = r.is_raw() ? "raw" : "retort";
            j["ns_per_op"] = num(r.ns);
            j["min_ns_per_op"] = num(r.min_ns);
            j["cpu_ns_per_op"] = num(r.cpu_ns);
            j["real_ns_per_op"] = num(r.real_ns);
            j["baseline"] = r.baseline_ns ? nlohmann::json(r.baseline_impl) : nlohmann::json();
            j["baseline_ns_per_op"] = r.baseline_ns ? num(*r.baseline_ns) : nlohmann::json();
            j["ratio"] = r.baseline_ns ? num(r.ns / *r.baseline_ns) : nlohmann::json();
            // Robust companions of the ratio of medians: minimum over minimum, and for
            // interleaved figures the median of the per-round ratios.
            j["ratio_of_minimums"] =
                r.baseline_min_ns ? num(r.min_ns / *r.baseline_min_ns) : nlohmann::json();
            j["paired_ratio"] = r.paired_ratio ? num(*r.paired_ratio) : nlohmann::json();
            j["interleaved"] = r.figure.interleaved;
            j["samples_ns_per_op"] = r.samples;
            j["mode"] = r.figure.mode;
            j["time"] = r.figure.real_time ? "real" : "cpu";
            j["unit"] = r.figure.unit;
            j["repetitions"] = r.repetitions;
            j["benchmark"] = r.key;
            out.push_back(std::move(j));
        }
        std::ofstream f(options_.json);
        f << out.dump(2) << '\n';
        if (!f) {
            std::fprintf(stderr, "cannot write %s\n", options_.json.c_str());
            return 1;
        }
    }
    for (const auto& e : collector.errors())
        std::fprintf(stderr, "benchmark error: %s\n", e.c_str());
    return collector.errors().empty() ? 0 : 1;
}

}  // namespace retort::bench
