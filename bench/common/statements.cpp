// The self-check of the retort statements S1-S8: each compiles, per dialect, to SQL equivalent
// to dataset.hpp's text once both have the same values inlined.
#include "statements.hpp"

#include "report.hpp"

#include <cstdio>
#include <cstdlib>

namespace retort::bench {

namespace {

std::string quote(std::string_view s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'') out += '\'';
        out += c;
    }
    return out + "'";
}

void replace_all(std::string& s, std::string_view from, std::string_view to) {
    for (std::size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size())
        s.replace(pos, from.size(), to);
}

// Drops table qualifiers (the baselines' SQL leaves most columns unqualified), a zero
// fractional second of timestamp literals, and repeated spaces.
std::string normalize(std::string s) {
    for (std::string_view q : {"users.", "addresses.", "adults."})
        replace_all(s, q, "");
    replace_all(s, ".000000'", "'");
    std::string out;
    for (char c : s) {
        if (c == '\n' || c == '\t') c = ' ';
        if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
        out += c;
    }
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    return out;
}

// Replaces the placeholders of dataset.hpp's text (`?` or `$n`) by literals, in order.
std::string inline_placeholders(std::string_view sql, const std::vector<std::string>& literals) {
    std::string out;
    std::size_t next = 0;
    for (std::size_t i = 0; i < sql.size(); ++i) {
        const char c = sql[i];
        const bool dollar =
            c == '$' && i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9';
        if (c == '?' || dollar) {
            if (dollar)
                while (i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9')
                    ++i;
            out += next < literals.size() ? literals[next] : "<missing>";
            ++next;
        } else {
            out += c;
        }
    }
    if (next != literals.size()) out += " <" + std::to_string(literals.size() - next) + " unused>";
    return out;
}

void add_user(std::vector<std::string>& out, const BenchUser& u) {
    out.push_back(quote(u.name));
    out.push_back(quote(u.email));
    out.push_back(std::to_string(u.age));
    out.push_back(quote(format_timestamp(u.created_at_unix_us)));
}

}  // namespace

Statement build_statement(const Schema& s, int n, const CheckValues& v) {
    switch (n) {
        case 1:
            return s1(s, 42);
        case 2:
            return s2(s, "user1%", 2, 10);
        case 3:
            return s3(s, v.s3_row);
        case 4:
            return s4(s, v.s4_rows);
        case 5:
            return s5(s, v.s5_ids);
        case 6:
            return s6(s, 5, "addr%");
        case 7:
            return s7(s, 1, "renamed", "renamed@example.com");
        case 8:
            return s8(s, 30, 1, 100);
    }
    fail("no statement S" + std::to_string(n));
}

std::string dataset_sql(Dialect d, int n) {
    switch (n) {
        case 1:
            return std::string(s1_sql(d));
        case 2:
            return std::string(s2_sql(d));
        case 3:
            return std::string(s3_sql(d));
        case 4:
            return s4_sql(d);
        case 5:
            return s5_sql(d);
        case 6:
            return std::string(s6_sql(d));
        case 7:
            return std::string(s7_sql(d));
        case 8:
            return std::string(s8_sql(d));
    }
    return {};
}

std::vector<std::string> dataset_literals(int n, const CheckValues& v) {
    std::vector<std::string> out;
    switch (n) {
        case 1:
            return {"42"};
        case 2:
            return {quote("user1%"), "2", "10"};
        case 3:
            add_user(out, v.s3_row);
            return out;
        case 4:
            for (const auto& u : v.s4_rows)
                add_user(out, u);
            return out;
        case 5:
            for (auto id : v.s5_ids)
                out.push_back(std::to_string(id));
            return out;
        case 6:
            return {"5", quote("addr%")};
        case 7:
            return {"1", quote("renamed"), quote("renamed@example.com")};
        case 8:
            return {"30", "1", "100", "30", "1", "100"};
    }
    return out;
}

std::vector<std::string> check_statements(const Schema& s, Dialect d) {
    std::vector<std::string> differences;
    const CheckValues v;
    const retort::Dialect& dialect = retort_dialect(d);
    for (int n = 1; n <= 8; ++n) {
        std::string got, want;
        try {
            got = normalize(to_literal_sql(build_statement(s, n, v), dialect));
        } catch (const std::exception& e) {
            got = std::string("<error: ") + e.what() + ">";
        }
        want = normalize(inline_placeholders(dataset_sql(d, n), dataset_literals(n, v)));
        if (got != want)
            differences.push_back(std::string(dialect_name(d)) + " S" + std::to_string(n) +
                                  ":\n  retort:  " + got + "\n  dataset: " + want);
    }
    return differences;
}

void require_equivalent_statements(const Schema& s) {
    std::vector<std::string> all;
    for (Dialect d : {Dialect::sqlite, Dialect::postgresql, Dialect::mysql})
        for (auto& diff : check_statements(s, d))
            all.push_back(std::move(diff));
    if (all.empty()) return;
    for (const auto& diff : all)
        std::fprintf(stderr, "%s\n", diff.c_str());
    fail("retort's S1-S8 differ from the baselines' SQL");
}

}  // namespace retort::bench
