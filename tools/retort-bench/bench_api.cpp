// The runner of the retort-bench API: compile timing, the measured phases (N client threads
// with warmup, duration or op count, live progress, Ctrl-C) and the suite bookkeeping.
#include "bench_api.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <barrier>
#include <cerrno>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <thread>

namespace retort::benchtool {

using Clock = std::chrono::steady_clock;

namespace {

std::atomic<int> g_interrupts{0};
volatile std::size_t g_compile_sink = 0;

extern "C" void on_sigint(int) {
    if (g_interrupts.fetch_add(1) >= 1) {
        static const char msg[] = "\nretort-bench: interrupted\n";
        (void)!::write(STDERR_FILENO, msg, sizeof msg - 1);
        std::_Exit(130);
    }
}

double seconds_between(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double>(b - a).count();
}

std::string with_commas(double value) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", value);
    std::string digits = buf, out;
    const std::size_t start = digits[0] == '-' ? 1 : 0;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > start && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::uint64_t read_every_column(Result& result) {
    if (!result.returns_rows()) return static_cast<std::uint64_t>(result.rowcount());
    std::uint64_t seen = 0;
    while (result.next()) {
        const Row& row = result.row();
        for (std::size_t c = 0; c < row.size(); ++c)
            seen += !row.value(c).is_null();
    }
    return seen;
}

// Closes its connection when destroyed. A Connection handle that executed a statement and is
// dropped without close() does not go back to the pool (the engine keeps its state alive), so
// every connection here is closed explicitly.
struct ClosingConnection {
    Connection connection;
    explicit ClosingConnection(Connection c) : connection(std::move(c)) {}
    ClosingConnection(const ClosingConnection&) = delete;
    ClosingConnection& operator=(const ClosingConnection&) = delete;
    ~ClosingConnection() {
        try {
            connection.close();
        } catch (...) {
        }
    }
};

std::string utc_now_iso() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

}  // namespace

void install_interrupt_handler() {
    std::signal(SIGINT, on_sigint);
}

bool interrupted() noexcept {
    return g_interrupts.load(std::memory_order_relaxed) > 0;
}

std::string one_line(std::string_view message) {
    std::string out;
    bool space = false;
    for (char ch : message) {
        if (ch == '\n' || ch == '\t' || ch == '\r' || ch == ' ') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += ch;
    }
    return out;
}

// --- statements and suites

BenchmarkStatement::BenchmarkStatement(std::string name, Statement statement,
                                       ParameterGenerator generator)
    : name_(std::move(name)), statement_(std::move(statement)), generator_(std::move(generator)) {
    if (!generator_) generator_ = [](std::uint64_t) { return Parameters{}; };
}

BenchmarkStatement::BenchmarkStatement(std::string name, Statement statement,
                                       BatchGenerator generator)
    : name_(std::move(name)), statement_(std::move(statement)), batch_(std::move(generator)) {
    if (!batch_) throw ArgumentError("add_many(\"" + name_ + "\"): the batch generator is empty");
}

BenchmarkStatement::BenchmarkStatement(std::string name, StatementBuilder builder)
    : name_(std::move(name)),
      statement_(text("SELECT 1")),  // placeholder: each operation builds its own
      builder_(std::move(builder)) {
    if (!builder_)
        throw ArgumentError("add_built(\"" + name_ + "\"): the statement builder is empty");
}

BenchmarkStatement& BenchmarkStatement::after_phase(std::function<void()> hook) {
    after_phase_ = std::move(hook);
    return *this;
}

BenchmarkStatement& BenchmarkStatement::describe(std::string description) {
    description_ = std::move(description);
    return *this;
}

BenchmarkStatement& BenchmarkStatement::consume(ResultConsumer consumer) {
    consumer_ = std::move(consumer);
    return *this;
}

BenchmarkStatement& BenchmarkStatement::baseline(Baseline baseline) {
    baseline_ = std::move(baseline);
    return *this;
}

BenchmarkStatement& BenchmarkSuite::add(std::string name, Statement statement,
                                        ParameterGenerator generator) {
    return statements_.emplace_back(std::move(name), std::move(statement), std::move(generator));
}

BenchmarkStatement& BenchmarkSuite::add_many(std::string name, Statement statement,
                                             BatchGenerator generator) {
    return statements_.emplace_back(std::move(name), std::move(statement), std::move(generator));
}

BenchmarkStatement& BenchmarkSuite::add_built(std::string name, StatementBuilder builder) {
    return statements_.emplace_back(std::move(name), std::move(builder));
}

std::optional<double> StatementReport::ratio() const {
    if (!raw || !raw->error.empty() || raw->latency.count() == 0 || retort.latency.count() == 0)
        return std::nullopt;
    const double base = raw->latency.quantile(0.5);
    if (base <= 0) return std::nullopt;
    return retort.latency.quantile(0.5) / base;
}

bool RunReport::ok() const noexcept {
    if (interrupted) return false;
    for (const auto& s : statements)
        if (s.failed() || (s.raw && !s.raw->error.empty())) return false;
    return true;
}

// --- compile timing

double measure_compile_ns(const Statement& statement, const Dialect& dialect,
                          const Parameters* parameters, bool implicit_returning) {
    CompileOptions options;
    options.parameters = parameters;
    options.implicit_returning = implicit_returning;
    std::size_t sink = 0;
    auto once = [&] { sink += compile(statement, dialect, options).form().sql().size(); };
    for (int i = 0; i < 3; ++i)
        once();
    // Batches of ~2 ms; the median batch's mean.
    std::uint64_t per_batch = 0;
    const auto probe_start = Clock::now();
    while (seconds_between(probe_start, Clock::now()) < 0.002 || per_batch < 5) {
        once();
        ++per_batch;
    }
    std::vector<double> means;
    for (int b = 0; b < 9; ++b) {
        const auto t0 = Clock::now();
        for (std::uint64_t i = 0; i < per_batch; ++i)
            once();
        means.push_back(std::chrono::duration<double, std::nano>(Clock::now() - t0).count() /
                        static_cast<double>(per_batch));
    }
    std::nth_element(means.begin(), means.begin() + 4, means.end());
    g_compile_sink = sink;  // keeps the compiles observable
    return means[4];
}

// --- phases

using ThreadOp = std::function<void(std::uint64_t i, OpTimer& timer)>;
using OpFactory = std::function<ThreadOp(std::size_t thread)>;

struct PhaseConfig {
    std::string label;  // for the progress line
    std::size_t threads = 1;
    std::uint64_t first_index = 0;
    std::optional<std::uint64_t> ops;
    double duration = 1;
    double warmup = 0;
};

// Runs one measured phase: every thread makes its op, warms up, waits for the others, then
// runs ops (its share of cfg.ops, or until the duration is over) recording each latency.
class PhaseRunner {
  public:
    PhaseRunner(const PhaseConfig& cfg, const Runner& runner) : cfg_(cfg), runner_(runner) {}

    PhaseResult run(const OpFactory& factory, std::uint64_t& next_index) {
        const std::size_t n = std::max<std::size_t>(cfg_.threads, 1);
        slots_ = std::vector<Slot>(n);
        std::barrier ready(static_cast<std::ptrdiff_t>(n + 1));
        std::barrier go(static_cast<std::ptrdiff_t>(n + 1));
        std::vector<std::thread> threads;
        threads.reserve(n);
        for (std::size_t t = 0; t < n; ++t)
            threads.emplace_back([&, t] { worker(t, n, factory, ready, go); });

        ready.arrive_and_wait();
        go.arrive_and_wait();
        const auto shown_from = Clock::now();  // the progress line's clock
        PhaseResult result;
        {
            std::unique_lock lock(mutex_);
            while (finished_ < n) {
                cv_.wait_for(lock, std::chrono::milliseconds(100));
                const double elapsed = seconds_between(shown_from, Clock::now());
                if (interrupted()) {
                    result.interrupted = true;
                    stop_.store(true);
                }
                if (!cfg_.ops && elapsed >= cfg_.duration) stop_.store(true);
                if (runner_.progress_enabled() && finished_ < n) {
                    lock.unlock();
                    show_progress(elapsed);
                    lock.lock();
                }
            }
        }
        for (auto& th : threads)
            th.join();

        // From the first client's start to the last one's end.
        Clock::time_point start = slots_.front().start, end = slots_.front().end;
        std::uint64_t max_k = 0;
        for (auto& s : slots_) {
            result.latency.merge(*s.latency);
            start = std::min(start, s.start);
            end = std::max(end, s.end);
            max_k = std::max(max_k, s.k);
            if (result.error.empty() && !s.error.empty()) result.error = s.error;
        }
        next_index = cfg_.first_index + max_k * n + n;
        result.ops = result.latency.count();
        result.seconds = seconds_between(start, end);
        result.throughput =
            result.seconds > 0 ? static_cast<double>(result.ops) / result.seconds : 0;
        return result;
    }

  private:
    struct Slot {
        std::unique_ptr<LatencyHistogram> latency = std::make_unique<LatencyHistogram>();
        std::atomic<std::uint64_t> done{0};
        std::uint64_t k = 0;  // ops started (warmup included)
        Clock::time_point start, end;
        std::string error;
    };

    void worker(std::size_t t, std::size_t n, const OpFactory& factory, std::barrier<>& ready,
                std::barrier<>& go) {
        Slot& slot = slots_[t];
        ThreadOp op;
        try {
            op = factory(t);
        } catch (const std::exception& e) {
            fail(slot, e.what());
        }
        auto index = [&] { return cfg_.first_index + t + (slot.k++) * n; };
        auto run_one = [&](OpTimer& timer) -> std::uint64_t {
            const auto a = Clock::now();
            op(index(), timer);
            const auto b = Clock::now();
            const auto from = timer.started_ ? timer.t0_ : a;
            const auto to = timer.stopped_ ? timer.t1_ : b;
            return static_cast<std::uint64_t>(
                std::chrono::duration_cast<std::chrono::nanoseconds>(to - from).count());
        };
        ready.arrive_and_wait();
        if (op && cfg_.warmup > 0) {
            const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                                     std::chrono::duration<double>(cfg_.warmup));
            try {
                do {
                    OpTimer timer;
                    run_one(timer);
                } while (Clock::now() < deadline && !stop_.load(std::memory_order_relaxed) &&
                         !interrupted());
            } catch (const std::exception& e) {
                fail(slot, e.what());
            }
        }
        go.arrive_and_wait();
        slot.start = Clock::now();
        if (op && slot.error.empty()) {
            std::uint64_t share = 0;
            if (cfg_.ops) share = *cfg_.ops / n + (t < *cfg_.ops % n ? 1 : 0);
            try {
                for (std::uint64_t m = 0; !cfg_.ops || m < share; ++m) {
                    if (stop_.load(std::memory_order_relaxed)) break;
                    OpTimer timer;
                    slot.latency->record(run_one(timer));
                    slot.done.store(m + 1, std::memory_order_relaxed);
                }
            } catch (const std::exception& e) {
                fail(slot, e.what());
            }
        }
        slot.end = Clock::now();
        op = nullptr;  // closes this thread's connection here
        {
            std::lock_guard lock(mutex_);
            ++finished_;
        }
        cv_.notify_all();
    }

    void fail(Slot& slot, std::string_view what) {
        slot.error = one_line(what);
        stop_.store(true);
    }

    void show_progress(double elapsed) {
        std::uint64_t done = 0;
        for (auto& s : slots_)
            done += s.done.load(std::memory_order_relaxed);
        char buf[200];
        const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0;
        if (cfg_.ops)
            std::snprintf(buf, sizeof buf, "%s  %s/%s ops  %.1f s  %s ops/s", cfg_.label.c_str(),
                          with_commas(static_cast<double>(done)).c_str(),
                          with_commas(static_cast<double>(*cfg_.ops)).c_str(), elapsed,
                          with_commas(rate).c_str());
        else
            std::snprintf(buf, sizeof buf, "%s  %.1f/%.1f s  %s ops/s", cfg_.label.c_str(),
                          std::min(elapsed, cfg_.duration), cfg_.duration,
                          with_commas(rate).c_str());
        runner_.progress(buf);
    }

    const PhaseConfig& cfg_;
    const Runner& runner_;
    std::vector<Slot> slots_;
    std::atomic<bool> stop_{false};
    std::mutex mutex_;
    std::condition_variable cv_;
    std::size_t finished_ = 0;
};

// --- runner

namespace {

void merge_into(PhaseResult& total, const PhaseResult& part) {
    total.latency.merge(part.latency);
    total.ops += part.ops;
    total.seconds += part.seconds;
    total.throughput = total.seconds > 0 ? static_cast<double>(total.ops) / total.seconds : 0;
    if (total.error.empty()) total.error = part.error;
    total.interrupted = total.interrupted || part.interrupted;
}

// Runs an untimed hook; its failure becomes the phase's error (unless it has one).
void run_hook(const std::function<void()>& hook, std::string& error) {
    try {
        hook();
    } catch (const std::exception& e) {
        if (error.empty()) error = "after the phase: " + one_line(e.what());
    }
}

EngineOptions engine_options(const RunOptions& o) {
    EngineOptions e;
    e.pool_size = std::max<std::size_t>(o.clients, 1) + 1;  // the clients and the set-up
    e.max_overflow = 0;
    return e;
}

}  // namespace

namespace {

// Fails now, not after the run, when a report file cannot be written (an empty file left by
// the check is removed again).
void check_writable(const std::string& path) {
    if (path.empty()) return;
    const bool existed = std::ifstream(path).good();
    std::ofstream f(path, std::ios::app);
    if (!f) throw ArgumentError("cannot write " + path + ": " + std::strerror(errno));
    f.close();
    if (!existed) std::remove(path.c_str());
}

}  // namespace

Runner::Runner(RunOptions options)
    : options_(std::move(options)), engine_(create_engine(options_.url, engine_options(options_))) {
    check_writable(options_.json_path);
    check_writable(options_.svg_path);
    live_ = !options_.quiet && ::isatty(STDERR_FILENO) == 1;
}

void Runner::connect_check() {
    auto conn = engine_.connect();
    conn.close();
}

void Runner::progress(std::string_view text) const {
    if (!live_) return;
    std::fprintf(stderr, "\r\033[K%.*s", static_cast<int>(text.size()), text.data());
    std::fflush(stderr);
}

void Runner::clear_progress() const {
    if (!live_) return;
    std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
}

void Runner::note(std::string text) {
    if (!options_.quiet) {
        clear_progress();
        std::fprintf(stderr, "note: %s\n", text.c_str());
    }
    notes_.push_back(std::move(text));
}

RunReport Runner::run(const BenchmarkSuite& suite) {
    RunReport report;
    report.suite = suite.name();
    report.url = engine_.url().to_string();
    report.memory = engine_.url().is_memory();
    report.dialect = std::string(engine_.dialect().name());
    report.clients = std::max<std::size_t>(options_.clients, 1);
    report.ops = options_.ops;
    report.duration = options_.duration;
    report.warmup = options_.warmup;
    report.rounds = std::max<std::size_t>(options_.rounds, 1);
    report.started_at = utc_now_iso();
    for (const auto& n : suite.notes())
        note(n);

    const bool per_op_checkout =
        engine_.pool().kind() == PoolKind::SingleConnection && report.clients > 1;
    if (per_op_checkout)
        note((engine_.url().is_memory() ? std::string("sqlite:// in memory") : report.url) +
             " has a single connection: the " + std::to_string(report.clients) +
             " clients take turns on it (each operation checks it out), so latencies include "
             "the wait; use a file URL such as sqlite:///bench.db to measure concurrency");
    {
        ClosingConnection conn(engine_.connect());
        report.server_version = conn.connection.driver().server_version();
    }

    const Dialect& dialect = engine_.dialect();
    const bool implicit_returning = dialect.capabilities().implicit_returning;
    std::uint64_t next_index = 0;
    for (const BenchmarkStatement& bs : suite.statements()) {
        if (interrupted()) {
            report.interrupted = true;
            break;
        }
        StatementReport sr;
        sr.name = bs.name();
        sr.description = bs.description();
        sr.kind = bs.is_built() ? "built" : bs.is_batch() ? "executemany" : "execute";
        const std::string title =
            bs.description().empty() ? bs.name() : bs.name() + " " + bs.description();
        try {
            progress(title + "  compiling");
            std::vector<Parameters> first_sets;
            std::optional<Statement> built;
            if (bs.is_built()) {
                OpTimer unused;
                built = bs.builder()(0, unused);
                first_sets.emplace_back();
            } else if (bs.is_batch()) {
                first_sets = bs.batch_generator()(0);
            } else {
                first_sets.push_back(bs.generator()(0));
            }
            if (first_sets.empty())
                throw ArgumentError("the batch generator gave no parameter sets for op 0");
            sr.batch_size = bs.is_batch() ? first_sets.size() : 0;
            const Statement& statement = built ? *built : bs.statement();
            CompileOptions co;
            co.parameters = &first_sets.front();
            co.implicit_returning = implicit_returning;
            sr.sql = compile(statement, dialect, co).sql(first_sets.front());
            sr.compile_ns =
                measure_compile_ns(statement, dialect, &first_sets.front(), implicit_returning);
        } catch (const std::exception& e) {
            sr.error = one_line(e.what());
            report.statements.push_back(std::move(sr));
            continue;
        }

        // The statement through the engine.
        const ResultConsumer consume = bs.consumer() ? bs.consumer() : read_every_column;
        std::atomic<std::uint64_t> sink{0};
        OpFactory factory = [&](std::size_t) -> ThreadOp {
            auto conn = per_op_checkout ? std::shared_ptr<ClosingConnection>()
                                        : std::make_shared<ClosingConnection>(engine_.connect());
            return [this, conn, &bs, &consume, &sink](std::uint64_t i, OpTimer& timer) {
                std::uint64_t seen = 0;
                auto execute = [&](Connection& c) {
                    if (bs.is_built()) {
                        // Timed from the builder's timer.start(), else from the call.
                        const Statement statement = bs.builder()(i, timer);
                        Result r = c.execute(statement);
                        seen = consume(r);
                    } else if (bs.is_batch()) {
                        auto sets = bs.batch_generator()(i);
                        timer.start();
                        Result r = c.execute(bs.statement(), sets);
                        seen = consume(r);
                    } else {
                        auto params = bs.generator()(i);
                        timer.start();
                        Result r = c.execute(bs.statement(), std::move(params));
                        seen = consume(r);
                    }
                };
                if (conn) {
                    execute(conn->connection);
                } else {
                    ClosingConnection c(engine_.connect());
                    execute(c.connection);
                }
                timer.stop();
                sink.fetch_add(seen, std::memory_order_relaxed);
            };
        };
        // Rounds alternate the statement (N clients) and its baseline (one client), each
        // continuing the operation numbers where the other stopped; their results merge.
        const std::size_t rounds = std::max<std::size_t>(options_.rounds, 1);
        const bool with_raw = bs.raw_baseline() && options_.raw;
        const Baseline* base = with_raw ? &*bs.raw_baseline() : nullptr;
        if (base) {
            sr.raw_label = base->label;
            sr.raw = PhaseResult{};
        }
        bool raw_ready = false;
        for (std::size_t round = 0; round < rounds && !report.interrupted; ++round) {
            PhaseConfig cfg;
            cfg.label = title + "  retort";
            if (rounds > 1)
                cfg.label += "  round " + std::to_string(round + 1) + "/" + std::to_string(rounds);
            cfg.threads = report.clients;
            cfg.first_index = next_index;
            if (options_.ops) {
                cfg.ops = *options_.ops / rounds + (round < *options_.ops % rounds ? 1 : 0);
                if (*cfg.ops == 0) continue;
            }
            cfg.duration = options_.duration / static_cast<double>(rounds);
            cfg.warmup = round == 0 ? options_.warmup : 0;
            merge_into(sr.retort, PhaseRunner(cfg, *this).run(factory, next_index));
            if (sr.retort.interrupted) report.interrupted = true;
            if (bs.after_phase()) run_hook(bs.after_phase(), sr.retort.error);
            if (!sr.retort.error.empty()) break;

            if (!base || report.interrupted || !sr.raw->error.empty()) continue;
            PhaseResult raw;
            try {
                if (!raw_ready) {
                    progress(title + "  " + base->label + "  connecting");
                    if (base->prepare) base->prepare();
                    raw_ready = true;
                }
                PhaseConfig rc = cfg;
                rc.label = title + "  " + base->label;
                if (rounds > 1)
                    rc.label +=
                        "  round " + std::to_string(round + 1) + "/" + std::to_string(rounds);
                rc.threads = 1;
                rc.first_index = next_index;
                raw = PhaseRunner(rc, *this).run([&](std::size_t) -> ThreadOp { return base->op; },
                                                 next_index);
                if (base->after_phase) run_hook(base->after_phase, raw.error);
            } catch (const std::exception& e) {
                raw.error = one_line(e.what());
            }
            merge_into(*sr.raw, raw);
            if (raw.interrupted) report.interrupted = true;
        }
        clear_progress();
        report.statements.push_back(std::move(sr));
    }
    clear_progress();
    report.notes = notes_;
    return report;
}

}  // namespace retort::benchtool
