// retort-bench: benchmarks compiled SQL through retort's Engine (the BENCH.md statements S1-S8
// or a suite file) against the raw C APIs, and reports a table, JSON and an SVG chart.
#include <iostream>
#include <optional>

#include "bench_api.hpp"
#include "core_suite.hpp"
#include "suite_file.hpp"

using namespace retort::benchtool;

int main(int argc, char** argv) {
    ProgramInfo info;
    info.name = "retort-bench";
    info.summary =
        "Benchmarks compiled SQL through retort's Engine and its pool against the raw C APIs\n"
        "(sqlite3, libpq, libmariadb) doing the same work in the same process.";
    ParsedArguments parsed = parse_arguments(argc, argv, info);
    if (parsed.exit_code) return *parsed.exit_code;
    const RunOptions& options = parsed.options;
    std::string stage, url;
    try {
        install_interrupt_handler();
        // A malformed suite file fails before anything connects.
        std::optional<BenchmarkSuite> file_suite;
        if (options.suite != "core") file_suite = load_suite_file(options.suite);

        Runner runner(options);
        url = runner.engine().url().to_string();
        stage = "cannot connect to " + url + ": ";
        runner.connect_check();
        stage = "set-up failed: ";
        BenchSchema schema;
        BenchmarkSuite suite;
        if (!file_suite) {
            const auto users = prepare_dataset(runner, schema, options.setup.value_or(true));
            suite = core_suite(runner, schema, users);
        } else {
            if (options.setup.value_or(false)) prepare_dataset(runner, schema, true);
            suite = std::move(*file_suite);
        }
        stage.clear();
        const RunReport report = runner.run(suite);
        emit_reports(report, options);
        if (report.interrupted) return 130;  // as a shell reports SIGINT
        return report.ok() ? 0 : 1;
    } catch (const retort::ArgumentError& e) {
        std::cerr << info.name << ": " << one_line(e.what()) << '\n';
        return 2;
    } catch (const std::exception& e) {
        std::string message = one_line(e.what());
        // Driver messages that already name the URL need no prefix.
        if (!url.empty() && message.find(url) != std::string::npos) stage.clear();
        std::cerr << info.name << ": " << stage << message << '\n';
        return 1;
    }
}
