// Suite files of retort-bench: one text() statement per line with deterministic parameter
// generators (`name | SQL with :params | id=int:1..100000 name=str:user{i}`).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "bench_api.hpp"

namespace retort::benchtool {

/// A parameter generator from its spec ("int:1..100", "seq:5", "float:0..1", "str:u{i}",
/// "null"); `salt` decorrelates several random parameters of one statement. ArgumentError
/// describing the accepted forms for a bad spec.
std::function<Value(std::uint64_t i)> parse_generator(std::string_view spec, std::uint64_t salt);

/// Parses a suite from text; errors are ArgumentErrors starting with "origin:line: ".
BenchmarkSuite parse_suite(std::string_view text, const std::string& origin);

/// Reads and parses a suite file (ArgumentError when it cannot be read or is malformed).
BenchmarkSuite load_suite_file(const std::string& path);

}  // namespace retort::benchtool
