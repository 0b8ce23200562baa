// Parsing of suite files: fields split at single '|', text() statements checked against their
// generators, and the generators themselves (int, seq, float, str templates, null).
#include "suite_file.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <vector>

namespace retort::benchtool {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

bool parse_int(std::string_view s, std::int64_t& out) {
    s = trim(s);
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return !s.empty() && ec == std::errc{} && p == s.data() + s.size();
}

bool parse_double(std::string_view s, double& out) {
    const std::string str(trim(s));
    char* end = nullptr;
    errno = 0;
    out = std::strtod(str.c_str(), &end);
    return !str.empty() && end == str.c_str() + str.size() && std::isfinite(out);
}

// "A..B" into two parts; false without "..".
bool split_range(std::string_view s, std::string_view& a, std::string_view& b) {
    const auto dots = s.find("..");
    if (dots == std::string_view::npos) return false;
    a = s.substr(0, dots);
    b = s.substr(dots + 2);
    return true;
}

[[noreturn]] void bad_generator(std::string_view spec, std::string_view why) {
    throw ArgumentError("bad generator '" + std::string(spec) + "': " + std::string(why) +
                        " (use int:A..B, int:N, seq:A..B, seq:A, float:A..B, str:TEXT or null)");
}

std::uint64_t random_bits(std::uint64_t i, std::uint64_t salt) {
    return mix(mix(i) ^ (salt * 0x632be59bd9b4e019ULL + 0x2545f4914f6cdd1dULL));
}

// int:A..B uniform, int:N constant.
std::function<std::int64_t(std::uint64_t)> int_generator(std::string_view spec,
                                                         std::string_view body,
                                                         std::uint64_t salt) {
    std::string_view a, b;
    std::int64_t lo = 0, hi = 0;
    if (!split_range(body, a, b)) {
        if (!parse_int(body, lo)) bad_generator(spec, "int needs a whole number or a range");
        return [lo](std::uint64_t) { return lo; };
    }
    if (!parse_int(a, lo) || !parse_int(b, hi))
        bad_generator(spec, "the range needs whole numbers");
    if (hi < lo) bad_generator(spec, "the range ends before it starts");
    const std::uint64_t span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo) + 1;
    return [lo, span, salt](std::uint64_t i) {
        const std::uint64_t r = span == 0 ? random_bits(i, salt) : random_bits(i, salt) % span;
        return static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + r);
    };
}

// seq:A..B cycles, seq:A counts up.
std::function<std::int64_t(std::uint64_t)> seq_generator(std::string_view spec,
                                                         std::string_view body) {
    std::string_view a, b;
    std::int64_t lo = 0, hi = 0;
    if (!split_range(body, a, b)) {
        if (!parse_int(body, lo)) bad_generator(spec, "seq needs a start or a range");
        return [lo](std::uint64_t i) { return lo + static_cast<std::int64_t>(i); };
    }
    if (!parse_int(a, lo) || !parse_int(b, hi))
        bad_generator(spec, "the range needs whole numbers");
    if (hi < lo) bad_generator(spec, "the range ends before it starts");
    const std::uint64_t span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo) + 1;
    return [lo, span](std::uint64_t i) {
        return static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + (span ? i % span : i));
    };
}

// str:TEXT with {i}, {int:A..B}, {seq:...}; {{ and }} are literal braces.
std::function<Value(std::uint64_t)> string_generator(std::string_view spec, std::string_view body,
                                                     std::uint64_t salt) {
    struct Piece {
        std::string literal;
        std::function<std::int64_t(std::uint64_t)> number;  // empty: literal only
    };
    std::vector<Piece> pieces;
    std::string literal;
    std::uint64_t inner_salt = salt * 131;
    for (std::size_t p = 0; p < body.size(); ++p) {
        const char c = body[p];
        if ((c == '{' || c == '}') && p + 1 < body.size() && body[p + 1] == c) {
            literal += c;
            ++p;
            continue;
        }
        if (c == '}') bad_generator(spec, "a '}' without '{' (write }} for a brace)");
        if (c != '{') {
            literal += c;
            continue;
        }
        const auto close = body.find('}', p);
        if (close == std::string_view::npos)
            bad_generator(spec, "a '{' without '}' (write {{ for a brace)");
        const std::string_view inner = body.substr(p + 1, close - p - 1);
        std::function<std::int64_t(std::uint64_t)> number;
        if (inner == "i")
            number = [](std::uint64_t i) { return static_cast<std::int64_t>(i); };
        else if (inner.rfind("int:", 0) == 0)
            number = int_generator(spec, inner.substr(4), ++inner_salt);
        else if (inner.rfind("seq:", 0) == 0)
            number = seq_generator(spec, inner.substr(4));
        else
            bad_generator(spec, "unknown placeholder {" + std::string(inner) +
                                    "} (use {i}, {int:A..B} or {seq:A..B})");
        pieces.push_back({std::move(literal), std::move(number)});
        literal.clear();
        p = close;
    }
    if (pieces.empty()) {
        Value constant{literal};
        return [constant](std::uint64_t) { return constant; };
    }
    pieces.push_back({std::move(literal), {}});
    auto shared = std::make_shared<const std::vector<Piece>>(std::move(pieces));
    return [shared](std::uint64_t i) {
        std::string out;
        for (const Piece& piece : *shared) {
            out += piece.literal;
            if (piece.number) out += std::to_string(piece.number(i));
        }
        return Value(std::move(out));
    };
}

// Splits at '|' characters that are not part of '||'.
std::vector<std::string_view> split_fields(std::string_view line) {
    std::vector<std::string_view> fields;
    std::size_t start = 0;
    for (std::size_t p = 0; p < line.size(); ++p) {
        if (line[p] != '|') continue;
        if (p + 1 < line.size() && line[p + 1] == '|') {
            ++p;
            continue;
        }
        fields.push_back(line.substr(start, p - start));
        start = p + 1;
    }
    fields.push_back(line.substr(start));
    return fields;
}

bool starts_assignment(std::string_view token) {
    const auto eq = token.find('=');
    if (eq == std::string_view::npos || eq == 0) return false;
    for (std::size_t k = 0; k < eq; ++k) {
        const char c = token[k];
        const bool ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (k > 0 && c >= '0' && c <= '9');
        if (!ok) return false;
    }
    return true;
}

}  // namespace

std::function<Value(std::uint64_t)> parse_generator(std::string_view spec, std::uint64_t salt) {
    const std::string_view s = trim(spec);
    if (s == "null") return [](std::uint64_t) { return Value{}; };
    const auto colon = s.find(':');
    if (colon == std::string_view::npos) bad_generator(s, "no kind before ':'");
    const std::string_view kind = s.substr(0, colon), body = s.substr(colon + 1);
    if (kind == "int") {
        auto f = int_generator(s, body, salt);
        return [f](std::uint64_t i) { return Value(f(i)); };
    }
    if (kind == "seq") {
        auto f = seq_generator(s, body);
        return [f](std::uint64_t i) { return Value(f(i)); };
    }
    if (kind == "float") {
        std::string_view a, b;
        double lo = 0, hi = 0;
        if (!split_range(body, a, b)) {
            if (!parse_double(body, lo)) bad_generator(s, "float needs a number or a range");
            return [lo](std::uint64_t) { return Value(lo); };
        }
        if (!parse_double(a, lo) || !parse_double(b, hi) || hi < lo)
            bad_generator(s, "float needs a range A..B with A <= B");
        return [lo, hi, salt](std::uint64_t i) {
            const double u = static_cast<double>(random_bits(i, salt) >> 11) * 0x1.0p-53;
            return Value(lo + (hi - lo) * u);
        };
    }
    if (kind == "str") return string_generator(s, body, salt);
    bad_generator(s, "unknown kind '" + std::string(kind) + "'");
}

BenchmarkSuite parse_suite(std::string_view text, const std::string& origin) {
    std::string stem = origin;
    if (const auto slash = stem.find_last_of('/'); slash != std::string::npos)
        stem = stem.substr(slash + 1);
    if (const auto dot = stem.find_last_of('.'); dot != std::string::npos && dot > 0)
        stem.resize(dot);
    BenchmarkSuite suite(stem.empty() ? "file" : stem);
    std::set<std::string, std::less<>> names;
    std::size_t line_no = 0;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        auto end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view raw_line = text.substr(pos, end - pos);
        pos = end + 1;
        ++line_no;
        const std::string_view line = trim(raw_line);
        if (line.empty() || line.front() == '#') continue;
        const std::string where = origin + ":" + std::to_string(line_no) + ": ";
        try {
            const auto fields = split_fields(line);
            if (fields.size() < 2 || fields.size() > 3)
                throw ArgumentError("expected 'name | SQL | param=generator ...', found " +
                                    std::to_string(fields.size()) + " field" +
                                    (fields.size() == 1 ? "" : "s"));
            const std::string name(trim(fields[0]));
            const std::string sql(trim(fields[1]));
            if (name.empty()) throw ArgumentError("the statement has no name");
            if (sql.empty()) throw ArgumentError("statement '" + name + "' has no SQL");
            if (names.count(name)) throw ArgumentError("a second statement named '" + name + "'");
            names.insert(name);

            // Generators: space separated name=spec; a piece without name= continues the
            // previous spec (str:TEXT may contain spaces).
            std::vector<std::pair<std::string, std::string>> specs;
            if (fields.size() == 3) {
                std::istringstream tokens{std::string(fields[2])};
                std::string token;
                while (tokens >> token) {
                    if (starts_assignment(token)) {
                        const auto eq = token.find('=');
                        specs.emplace_back(token.substr(0, eq), token.substr(eq + 1));
                    } else if (!specs.empty()) {
                        specs.back().second += ' ' + token;
                    } else {
                        throw ArgumentError("expected param=generator, found '" + token + "'");
                    }
                }
            }
            TextClause statement = retort::text(sql);
            const auto& wanted = statement.text_node().parameter_names();
            std::vector<std::pair<std::string, std::function<Value(std::uint64_t)>>> generators;
            std::uint64_t salt = 0;
            for (const auto& [param, spec] : specs) {
                if (std::find(wanted.begin(), wanted.end(), param) == wanted.end())
                    throw ArgumentError("generator for '" + param +
                                        "', but the SQL has no :" + param);
                for (const auto& g : generators)
                    if (g.first == param) throw ArgumentError("two generators for '" + param + "'");
                generators.emplace_back(param, parse_generator(spec, ++salt));
            }
            for (const auto& p : wanted) {
                bool found = false;
                for (const auto& g : generators)
                    found = found || g.first == p;
                if (!found)
                    throw ArgumentError("parameter :" + p + " has no generator (add " + p +
                                        "=int:1..100 or similar after a second '|')");
            }
            auto shared = std::make_shared<const decltype(generators)>(std::move(generators));
            suite.add(name, statement, [shared](std::uint64_t i) {
                Parameters p;
                for (const auto& [param, generate] : *shared)
                    p.set(param, generate(i));
                return p;
            });
        } catch (const Error& e) {
            throw ArgumentError(where + one_line(e.what()));
        }
    }
    if (suite.statements().empty())
        throw ArgumentError(origin + ": no statements (one per line: name | SQL | generators)");
    return suite;
}

BenchmarkSuite load_suite_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ArgumentError("cannot read suite file " + path + ": " + std::strerror(errno));
    std::ostringstream buf;
    buf << in.rdbuf();
    return parse_suite(buf.str(), path);
}

}  // namespace retort::benchtool
