// Command-line parsing of retort-bench and of programs built on its API: --opt value and
// --opt=value, strict numbers, one-line messages for anything wrong, and the --help text.
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <string>

#include "bench_api.hpp"

namespace retort::benchtool {

namespace {

struct BadArgument {
    std::string message;
};

std::uint64_t parse_count(std::string_view option, std::string_view text, std::uint64_t min,
                          std::uint64_t max) {
    std::string digits;
    for (char c : text)
        if (c != '_' && c != ',') digits += c;  // 10_000 and 10,000 read as 10000
    std::uint64_t v = 0;
    const auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
    if (digits.empty() || ec != std::errc{} || p != digits.data() + digits.size())
        throw BadArgument{std::string(option) + " needs a whole number, not '" + std::string(text) +
                          "'"};
    if (v < min || v > max)
        throw BadArgument{std::string(option) + " must be between " + std::to_string(min) +
                          " and " + std::to_string(max) + ", not " + std::string(text)};
    return v;
}

double parse_number(std::string_view option, std::string_view text, double min, double max,
                    bool min_inclusive) {
    const std::string s(text);
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (s.empty() || end != s.c_str() + s.size() || !std::isfinite(v))
        throw BadArgument{std::string(option) + " needs a number, not '" + s + "'"};
    if ((min_inclusive ? v < min : v <= min) || v > max) {
        char buf[160];
        std::snprintf(buf, sizeof buf, "%s must be %s %g and at most %g, not %s",
                      std::string(option).c_str(), min_inclusive ? "at least" : "more than", min,
                      max, s.c_str());
        throw BadArgument{buf};
    }
    return v;
}

}  // namespace

std::string usage(const ProgramInfo& info) {
    std::string u = "usage: " + info.name + " [--url URL] " +
                    (info.suite_options ? "[--suite core|FILE] " : "") +
                    "[--clients N] [--duration S | --ops N] [--json FILE] [--svg FILE] "
                    "[--no-raw] [--quiet]\n";
    if (!info.summary.empty()) u += "\n" + info.summary + "\n";
    u += R"(
options:
  --url URL          the database (default sqlite://, SQLite in memory); for example
                     sqlite:///bench.db, postgresql://user:password@host:5432/db,
                     mysql://user:password@host:3306/db
)";
    if (info.suite_options)
        u += R"(  --suite core|FILE  the BENCH.md statements S1-S8 (default), or a suite file
)";
    u += R"(  --clients N        client threads, each with its own connection (default 1)
  --duration S       seconds per statement, and again for its baseline (default 2)
  --ops N            operations per statement over all clients, instead of a duration
  --rounds N         alternate each statement and its baseline N times, each run taking
                     a share of the duration or ops, so load changes hit both (default 3)
  --warmup S         unmeasured seconds per client before measuring (default 0.2)
)";
    if (info.suite_options)
        u += R"(  --scale X          data set of 100,000 x X users with 3 addresses each (default 1)
  --setup            drop, create and fill the users and addresses tables (default for
                     the core suite)
  --no-setup         benchmark the tables as they are (default for a suite file)
  --recreate         with --setup, also drop users/addresses tables that retort-bench
                     did not create
)";
    u += R"(  --no-raw           skip the raw C API baselines (sqlite3, libpq, libmariadb)
  --json FILE        also write the report as JSON
  --svg FILE         also write a bar chart (p50/p95/p99 per statement) as SVG
  --svg-axis AXIS    auto (default), log or linear
  --quiet            no progress line and no notes on stderr (the table still goes to stdout)
  -h, --help         show this help
)";
    if (info.suite_options)
        u += R"(
Each statement runs for --duration seconds (or --ops operations) with N client threads
through the engine's pool, then its raw C API baseline runs the same statement with the
same parameters on one client. The table shows ops/s, latency p50/p95/p99/max in
microseconds, the uncached compile time and retort p50 / raw p50. With sqlite:// in memory
the pool has one connection, so clients take turns; use a file URL (sqlite:///bench.db)
for --clients > 1.

suite file: one statement per line, '#' starts a comment line:
  name | SQL with :params | param=generator param=generator ...
The SQL is a text() statement; fields are split at a single '|' ('||' stays in the SQL).
Generators, where {i} is the operation number (0, 1, 2, ...):
  int:A..B      a pseudo-random integer in [A, B]     int:N     the integer N
  seq:A..B      A, A+1, ... B, then A again            seq:A     A, A+1, ... unbounded
  float:A..B    a pseudo-random number in [A, B)       null      SQL NULL
  str:TEXT      TEXT with {i} and {int:A..B} replaced, e.g. name=str:user{int:1..100000}
Example:
  by id   | SELECT id, name FROM users WHERE id = :id | id=int:1..100000
  prefix  | SELECT count(*) FROM users WHERE name LIKE :p | p=str:user{int:1..99}%
  rename  | UPDATE users SET name = :name WHERE id = :id | id=int:1..100000 name=str:u{i}

To benchmark your own statements from C++ (retort expressions, executemany, your own
baselines) with this runner and these reports, see examples/custom_bench.cpp.
)";
    if (!info.extra_help.empty()) u += "\n" + info.extra_help;
    return u;
}

ParsedArguments parse_arguments(int argc, const char* const* argv, const ProgramInfo& info) {
    ParsedArguments parsed;
    RunOptions& o = parsed.options;
    bool have_duration = false;
    try {
        for (int a = 1; a < argc; ++a) {
            std::string arg = argv[a];
            std::string value;
            bool has_inline = false;
            if (arg.rfind("--", 0) == 0) {
                if (const auto eq = arg.find('='); eq != std::string::npos) {
                    value = arg.substr(eq + 1);
                    arg.resize(eq);
                    has_inline = true;
                }
            }
            auto take = [&]() -> std::string {
                if (has_inline) return value;
                if (a + 1 >= argc) throw BadArgument{arg + " needs a value (see --help)"};
                return argv[++a];
            };
            auto flag = [&] {
                if (has_inline) throw BadArgument{arg + " takes no value"};
            };
            const bool suite = info.suite_options;
            if (arg == "-h" || arg == "--help") {
                std::cout << usage(info);
                parsed.exit_code = 0;
                return parsed;
            } else if (arg == "--url") {
                o.url = take();
                if (o.url.empty()) throw BadArgument{"--url needs a database URL"};
            } else if (arg == "--clients") {
                o.clients = parse_count(arg, take(), 1, 1024);
            } else if (arg == "--duration") {
                o.duration = parse_number(arg, take(), 0, 86400, false);
                have_duration = true;
            } else if (arg == "--ops") {
                o.ops = parse_count(arg, take(), 1, 1'000'000'000'000ULL);
            } else if (arg == "--rounds") {
                o.rounds = parse_count(arg, take(), 1, 1000);
            } else if (arg == "--warmup") {
                o.warmup = parse_number(arg, take(), 0, 3600, true);
            } else if (arg == "--no-raw") {
                flag();
                o.raw = false;
            } else if (arg == "--quiet" || arg == "-q") {
                flag();
                o.quiet = true;
            } else if (arg == "--json") {
                o.json_path = take();
                if (o.json_path.empty()) throw BadArgument{"--json needs a file name"};
            } else if (arg == "--svg") {
                o.svg_path = take();
                if (o.svg_path.empty()) throw BadArgument{"--svg needs a file name"};
            } else if (arg == "--svg-axis") {
                o.svg_axis = take();
                if (o.svg_axis != "auto" && o.svg_axis != "log" && o.svg_axis != "linear")
                    throw BadArgument{"--svg-axis is auto, log or linear, not '" + o.svg_axis +
                                      "'"};
            } else if (suite && arg == "--suite") {
                o.suite = take();
                if (o.suite.empty()) throw BadArgument{"--suite needs 'core' or a file name"};
            } else if (suite && arg == "--scale") {
                o.scale = parse_number(arg, take(), 0, 1000, false);
                if (std::llround(o.scale * 100000) < 1)
                    throw BadArgument{"--scale " + std::to_string(o.scale) +
                                      " leaves no users; the smallest is 0.00001"};
            } else if (suite && arg == "--setup") {
                flag();
                o.setup = true;
            } else if (suite && arg == "--no-setup") {
                flag();
                o.setup = false;
            } else if (suite && arg == "--recreate") {
                flag();
                o.recreate = true;
            } else if (arg.rfind("-", 0) == 0) {
                throw BadArgument{"unknown option " + arg + " (see --help)"};
            } else {
                throw BadArgument{"unexpected argument '" + arg +
                                  "' (options start with --; see --help)"};
            }
        }
        if (have_duration && o.ops) throw BadArgument{"give --duration or --ops, not both"};
    } catch (const BadArgument& bad) {
        std::cerr << info.name << ": " << bad.message << '\n';
        parsed.exit_code = 2;
    }
    return parsed;
}

}  // namespace retort::benchtool
