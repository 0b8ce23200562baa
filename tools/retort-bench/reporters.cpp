// The reporters of retort-bench: the readable table, the JSON document (nlohmann-json) and the
// hand-written SVG bar chart of p50/p95/p99 per statement beside the raw baseline's.
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "bench_api.hpp"

#ifndef RETORT_VERSION
#define RETORT_VERSION "unknown"
#endif

namespace retort::benchtool {

namespace {

double us(double ns) {
    return ns / 1000.0;
}

std::string fmt(const char* format, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, format, v);
    return buf;
}

std::string with_commas(double value) {
    std::string digits = fmt("%.0f", value), out;
    const std::size_t start = digits[0] == '-' ? 1 : 0;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > start && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

// Microseconds with about three significant digits.
std::string micros(double ns) {
    const double v = us(ns);
    if (v < 10) return fmt("%.2f", v);
    if (v < 1000) return fmt("%.1f", v);
    return with_commas(v);
}

std::string pad_left(std::string s, std::size_t width) {
    return s.size() >= width ? s : std::string(width - s.size(), ' ') + s;
}

std::string pad_right(std::string s, std::size_t width) {
    return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}

std::string mode_text(const RunReport& r) {
    std::string t = r.ops ? with_commas(static_cast<double>(*r.ops)) + " ops per statement"
                          : fmt("%.1f s per statement", r.duration);
    if (r.rounds > 1) t += " in " + std::to_string(r.rounds) + " rounds";
    return t;
}

std::string shown_url(const RunReport& r) {
    return r.memory ? "sqlite:// (in memory)" : r.url;
}

std::string plural(std::size_t n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

}  // namespace

// --- table

void print_table(std::ostream& out, const RunReport& report) {
    out << "retort-bench " << RETORT_VERSION << "  " << report.suite << " suite  "
        << shown_url(report) << "  (" << report.dialect
        << (report.server_version.empty() ? "" : " " + report.server_version) << ")\n"
        << plural(report.clients, "client") << ", " << mode_text(report)
        << ", latencies in microseconds\n\n";

    std::size_t name_width = 9;
    bool any_raw = false;
    std::string raw_label;
    for (const auto& s : report.statements) {
        const std::size_t w =
            s.name.size() + (s.description.empty() ? 0 : 2 + s.description.size());
        name_width = std::max(name_width, std::min<std::size_t>(w, 40));
        if (s.raw) {
            any_raw = true;
            if (raw_label.empty()) raw_label = s.raw_label;
        }
    }
    // Rows first, then column widths that fit them.
    struct Line {
        std::string name;
        std::vector<std::string> cells;
        std::vector<std::string> remarks;  // failures, printed under the row
    };
    std::vector<Line> lines;
    std::vector<std::string> head = {"ops/s", "p50", "p95", "p99", "max", "compile ns"};
    if (any_raw) head.insert(head.end(), {"raw p50", "vs raw"});
    lines.push_back({"statement", head, {}});
    for (const auto& s : report.statements) {
        Line line;
        line.name = s.description.empty() ? s.name : s.name + "  " + s.description;
        if (line.name.size() > name_width) line.name = line.name.substr(0, name_width - 1) + "~";
        if (!s.error.empty()) {
            line.remarks.push_back("FAILED: " + s.error);
            lines.push_back(std::move(line));
            continue;
        }
        const PhaseResult& r = s.retort;
        if (r.ops == 0) {
            line.cells = {"-", "-", "-", "-", "-", with_commas(s.compile_ns)};
        } else {
            line.cells = {with_commas(r.throughput),
                          micros(r.latency.quantile(0.50)),
                          micros(r.latency.quantile(0.95)),
                          micros(r.latency.quantile(0.99)),
                          micros(static_cast<double>(r.latency.max())),
                          with_commas(s.compile_ns)};
        }
        if (any_raw) {
            if (s.raw && s.raw->error.empty() && s.raw->ops > 0) {
                line.cells.push_back(micros(s.raw->latency.quantile(0.5)));
                const auto ratio = s.ratio();
                line.cells.push_back(ratio ? fmt("%.2fx", *ratio) : "-");
            } else {
                line.cells.insert(line.cells.end(), {"-", "-"});
            }
        }
        if (!r.error.empty())
            line.remarks.push_back("FAILED after " + std::to_string(r.ops) + " ops: " + r.error);
        if (s.raw && !s.raw->error.empty())
            line.remarks.push_back(s.raw_label + " FAILED: " + s.raw->error);
        lines.push_back(std::move(line));
    }
    std::vector<std::size_t> widths(head.size(), 0);
    for (const auto& line : lines)
        for (std::size_t i = 0; i < line.cells.size() && i < widths.size(); ++i)
            widths[i] = std::max(widths[i], line.cells[i].size());
    for (const auto& line : lines) {
        out << pad_right(line.name, name_width);
        for (std::size_t i = 0; i < line.cells.size(); ++i)
            out << pad_left(line.cells[i], widths[i] + 2);
        out << '\n';
        for (const auto& remark : line.remarks)
            out << "    " << remark << '\n';
    }
    out << '\n';
    if (any_raw)
        out << "vs raw: retort p50 / " << raw_label
            << " p50 (same statement and parameters, one client, same process"
            << (report.rounds > 1 ? ", the two alternating" : "") << ")\n";
    for (const auto& n : report.notes)
        out << "note: " << n << '\n';
    if (report.interrupted) out << "interrupted: the statements after the last row did not run\n";
}

// --- JSON

namespace {

nlohmann::json phase_json(const PhaseResult& p) {
    nlohmann::json j;
    j["ops"] = p.ops;
    j["duration_s"] = p.seconds;
    j["throughput_ops_s"] = p.throughput;
    j["p50_us"] = us(p.latency.quantile(0.50));
    j["p95_us"] = us(p.latency.quantile(0.95));
    j["p99_us"] = us(p.latency.quantile(0.99));
    j["max_us"] = us(static_cast<double>(p.latency.max()));
    j["min_us"] = us(static_cast<double>(p.latency.min()));
    j["mean_us"] = us(p.latency.mean());
    if (!p.error.empty()) j["error"] = p.error;
    return j;
}

}  // namespace

std::string to_json(const RunReport& report) {
    nlohmann::json doc;
    doc["tool"] = "retort-bench";
    doc["version"] = RETORT_VERSION;
    doc["suite"] = report.suite;
    doc["url"] = report.url;
    doc["dialect"] = report.dialect;
    doc["server_version"] = report.server_version;
    doc["clients"] = report.clients;
    doc["mode"] = report.ops ? "ops" : "duration";
    if (report.ops)
        doc["ops_per_statement"] = *report.ops;
    else
        doc["duration_per_statement_s"] = report.duration;
    doc["warmup_s"] = report.warmup;
    doc["rounds"] = report.rounds;
    doc["started_at"] = report.started_at;
    doc["notes"] = report.notes;
    doc["interrupted"] = report.interrupted;
    doc["ok"] = report.ok();
    auto& list = doc["statements"] = nlohmann::json::array();
    for (const auto& s : report.statements) {
        nlohmann::json j = phase_json(s.retort);
        j["name"] = s.name;
        j["description"] = s.description;
        j["sql"] = s.sql;
        j["url"] = report.url;
        j["clients"] = report.clients;
        j["kind"] = s.kind;
        if (s.kind == "executemany") j["batch_size"] = s.batch_size;
        j["compile_ns"] = s.compile_ns;
        if (s.raw) {
            nlohmann::json raw = phase_json(*s.raw);
            raw["label"] = s.raw_label;
            j["raw"] = raw;
            j["raw_p50_us"] = s.raw->error.empty() ? nlohmann::json(raw["p50_us"]) : nullptr;
        } else {
            j["raw"] = nullptr;
            j["raw_p50_us"] = nullptr;
        }
        const auto ratio = s.ratio();
        j["ratio"] = ratio ? nlohmann::json(*ratio) : nlohmann::json(nullptr);
        // The ratio of the fastest operations, steadier than p50 on a loaded machine.
        if (ratio && s.raw->latency.min() > 0)
            j["ratio_min"] = static_cast<double>(s.retort.latency.min()) /
                             static_cast<double>(s.raw->latency.min());
        else
            j["ratio_min"] = nullptr;
        if (!s.error.empty()) j["error"] = s.error;
        list.push_back(std::move(j));
    }
    return doc.dump(2) + "\n";
}

// --- SVG

namespace {

std::string xml_escape(std::string_view s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&apos;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

// "1 µs", "250 µs", "1.5 ms", "2 s" for an axis label in microseconds.
std::string axis_label(double v_us) {
    auto trim = [](std::string s) {
        if (s.find('.') != std::string::npos) {
            while (s.back() == '0')
                s.pop_back();
            if (s.back() == '.') s.pop_back();
        }
        return s;
    };
    if (v_us >= 1e6) return trim(fmt("%.3f", v_us / 1e6)) + " s";
    if (v_us >= 1e3) return trim(fmt("%.3f", v_us / 1e3)) + " ms";
    if (v_us >= 1) return trim(fmt("%.3f", v_us)) + " \u00b5s";
    return trim(fmt("%.0f", v_us * 1e3)) + " ns";
}

std::string num(double v) {
    return fmt("%.1f", v);
}

struct Bar {
    double value_us;
    const char* color;
    std::string tip;
};

}  // namespace

std::string to_svg(const RunReport& report, std::string_view axis) {
    static const char* kRetort[] = {"#1f5fa8", "#4f8fd6", "#a9c9ee"};
    static const char* kRaw[] = {"#c2410c", "#f08a3c", "#f9c99a"};
    static const char* kQ[] = {"p50", "p95", "p99"};
    static const double kQv[] = {0.50, 0.95, 0.99};

    // Collect the bars of each statement.
    struct Group {
        std::string name, description, ratio;
        std::vector<Bar> bars;
        std::size_t retort_bars = 0;
    };
    std::vector<Group> groups;
    std::string raw_label;
    double lo = 0, hi = 0;
    auto see = [&](double v) {
        if (v <= 0) return;
        lo = lo == 0 ? v : std::min(lo, v);
        hi = std::max(hi, v);
    };
    for (const auto& s : report.statements) {
        Group g;
        g.name = s.name;
        g.description = s.description;
        if (s.retort.ops > 0) {
            for (int q = 0; q < 3; ++q) {
                const double v = us(s.retort.latency.quantile(kQv[q]));
                g.bars.push_back(
                    {v, kRetort[q], s.name + " retort " + kQ[q] + ": " + axis_label(v)});
                see(v);
            }
        }
        g.retort_bars = g.bars.size();
        if (s.raw && s.raw->ops > 0 && s.raw->error.empty()) {
            if (raw_label.empty()) raw_label = s.raw_label;
            for (int q = 0; q < 3; ++q) {
                const double v = us(s.raw->latency.quantile(kQv[q]));
                g.bars.push_back(
                    {v, kRaw[q], s.name + " " + s.raw_label + " " + kQ[q] + ": " + axis_label(v)});
                see(v);
            }
        }
        if (const auto r = s.ratio()) g.ratio = fmt("%.2fx", *r);
        groups.push_back(std::move(g));
    }
    if (hi <= 0) lo = 1, hi = 10;

    bool log_axis = axis == "log" || (axis != "linear" && hi / lo > 30);
    // Axis range and ticks.
    double amin, amax;
    std::vector<double> ticks;
    if (log_axis) {
        amin = std::pow(10.0, std::floor(std::log10(lo)));
        amax = std::pow(10.0, std::ceil(std::log10(hi)));
        if (amax <= amin) amax = amin * 10;
        for (double t = amin; t <= amax * 1.0001; t *= 10)
            ticks.push_back(t);
    } else {
        amin = 0;
        const double raw_step = hi / 5;
        const double mag = std::pow(10.0, std::floor(std::log10(raw_step)));
        double step = mag;
        for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
            if (mag * m >= raw_step) {
                step = mag * m;
                break;
            }
        amax = std::ceil(hi / step) * step;
        for (double t = 0; t <= amax + step / 2; t += step)
            ticks.push_back(t);
    }

    const double bar_w = 13, bar_gap = 2, set_gap = 7, group_gap = 34;
    const double left = 78, right = 24, top = 92, plot_h = 300, bottom = 70;
    double plot_w = 0;
    std::vector<double> group_x;
    for (const auto& g : groups) {
        group_x.push_back(plot_w + group_gap / 2);
        double w = static_cast<double>(g.bars.size()) * (bar_w + bar_gap);
        if (g.retort_bars && g.bars.size() > g.retort_bars) w += set_gap;
        if (g.bars.empty()) w = 3 * (bar_w + bar_gap);
        plot_w += w + group_gap;
    }
    plot_w = std::max(plot_w, 420.0);
    const double width = left + plot_w + right;
    const double height = top + plot_h + bottom;
    auto y_of = [&](double v) {
        double f;
        if (log_axis)
            f = (std::log10(std::max(v, amin)) - std::log10(amin)) /
                (std::log10(amax) - std::log10(amin));
        else
            f = (v - amin) / (amax - amin);
        return top + plot_h * (1 - std::clamp(f, 0.0, 1.0));
    };

    std::ostringstream o;
    o << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << num(width) << "\" height=\""
      << num(height) << "\" viewBox=\"0 0 " << num(width) << ' ' << num(height)
      << "\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n"
      << "<title>retort-bench: " << xml_escape(shown_url(report)) << "</title>\n"
      << "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n";
    // Title lines.
    o << "<text x=\"" << num(left) << "\" y=\"24\" font-size=\"16\" font-weight=\"bold\">"
      << xml_escape("retort-bench  " + report.suite + " suite  " + shown_url(report)) << "</text>\n"
      << "<text x=\"" << num(left) << "\" y=\"44\" fill=\"#444\">"
      << xml_escape(report.dialect +
                    (report.server_version.empty() ? "" : " " + report.server_version) + ", " +
                    plural(report.clients, "client") + ", " + mode_text(report) +
                    ", latency per operation (" + (log_axis ? "log" : "linear") + " scale)")
      << "</text>\n";
    // Legend.
    {
        double x = left;
        const double y = 62;
        auto item = [&](const char* color, const std::string& text) {
            o << "<rect x=\"" << num(x) << "\" y=\"" << num(y) << "\" width=\"12\" height=\"12\""
              << " fill=\"" << color << "\"/>\n"
              << "<text x=\"" << num(x + 16) << "\" y=\"" << num(y + 10) << "\">"
              << xml_escape(text) << "</text>\n";
            x += 22 + 7.0 * static_cast<double>(text.size());
        };
        for (int q = 0; q < 3; ++q)
            item(kRetort[q], std::string("retort ") + kQ[q]);
        if (!raw_label.empty())
            for (int q = 0; q < 3; ++q)
                item(kRaw[q], raw_label + " " + kQ[q]);
    }
    // Grid and axis labels.
    for (double t : ticks) {
        const double y = y_of(t);
        o << "<line x1=\"" << num(left) << "\" y1=\"" << num(y) << "\" x2=\"" << num(left + plot_w)
          << "\" y2=\"" << num(y) << "\" stroke=\"#e3e3e3\"/>\n"
          << "<text x=\"" << num(left - 6) << "\" y=\"" << num(y + 4)
          << "\" text-anchor=\"end\" fill=\"#333\">" << xml_escape(axis_label(t)) << "</text>\n";
    }
    if (log_axis)  // minor ticks at 2x and 5x
        for (std::size_t i = 0; i + 1 < ticks.size(); ++i)
            for (double m : {2.0, 5.0}) {
                const double y = y_of(ticks[i] * m);
                o << "<line x1=\"" << num(left - 3) << "\" y1=\"" << num(y) << "\" x2=\""
                  << num(left) << "\" y2=\"" << num(y) << "\" stroke=\"#999\"/>\n";
            }
    o << "<text transform=\"translate(16," << num(top + plot_h / 2)
      << ") rotate(-90)\" text-anchor=\"middle\" fill=\"#333\">latency per operation</text>\n";
    // Bars.
    for (std::size_t gi = 0; gi < groups.size(); ++gi) {
        const Group& g = groups[gi];
        double x = left + group_x[gi];
        const double x0 = x;
        o << "<g>\n";
        if (g.bars.empty())
            o << "<text x=\"" << num(x + 20) << "\" y=\"" << num(top + plot_h - 6)
              << "\" fill=\"#b00\">failed</text>\n";
        for (std::size_t b = 0; b < g.bars.size(); ++b) {
            if (b == g.retort_bars && b > 0) x += set_gap;
            const Bar& bar = g.bars[b];
            const double y = y_of(bar.value_us);
            o << "<rect x=\"" << num(x) << "\" y=\"" << num(y) << "\" width=\"" << num(bar_w)
              << "\" height=\"" << num(std::max(top + plot_h - y, 0.5)) << "\" fill=\"" << bar.color
              << "\"><title>" << xml_escape(bar.tip) << "</title></rect>\n";
            x += bar_w + bar_gap;
        }
        const double mid = (x0 + std::max(x, x0 + 3 * (bar_w + bar_gap))) / 2;
        if (!g.ratio.empty()) {
            double top_y = top + plot_h;
            for (const auto& bar : g.bars)
                top_y = std::min(top_y, y_of(bar.value_us));
            o << "<text x=\"" << num(mid) << "\" y=\"" << num(std::max(top_y - 5, top - 2))
              << "\" text-anchor=\"middle\" font-size=\"11\" fill=\"#333\">" << g.ratio
              << "</text>\n";
        }
        o << "<text x=\"" << num(mid) << "\" y=\"" << num(top + plot_h + 18)
          << "\" text-anchor=\"middle\" font-weight=\"bold\">" << xml_escape(g.name) << "</text>\n";
        std::string d = g.description;
        if (d.size() > 18) d = d.substr(0, 17) + "\u2026";
        o << "<text x=\"" << num(mid) << "\" y=\"" << num(top + plot_h + 33)
          << "\" text-anchor=\"middle\" font-size=\"10\" fill=\"#555\">" << xml_escape(d)
          << "</text>\n</g>\n";
    }
    // Axes.
    o << "<line x1=\"" << num(left) << "\" y1=\"" << num(top) << "\" x2=\"" << num(left)
      << "\" y2=\"" << num(top + plot_h) << "\" stroke=\"#333\"/>\n"
      << "<line x1=\"" << num(left) << "\" y1=\"" << num(top + plot_h) << "\" x2=\""
      << num(left + plot_w) << "\" y2=\"" << num(top + plot_h) << "\" stroke=\"#333\"/>\n";
    if (!raw_label.empty())
        o << "<text x=\"" << num(left) << "\" y=\"" << num(height - 12)
          << "\" font-size=\"11\" fill=\"#555\">"
          << xml_escape("above each group: retort p50 / " + raw_label +
                        " p50 (same statement and parameters, one client)")
          << "</text>\n";
    o << "</svg>\n";
    return o.str();
}

// --- files

namespace {

void write_file(const std::string& path, const std::string& text) {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    if (!f) throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
    f << text;
    f.close();
    if (!f) throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
}

}  // namespace

void emit_reports(const RunReport& report, const RunOptions& options) {
    print_table(std::cout, report);
    std::cout.flush();
    if (!options.json_path.empty()) write_file(options.json_path, to_json(report));
    if (!options.svg_path.empty()) write_file(options.svg_path, to_svg(report, options.svg_axis));
}

}  // namespace retort::benchtool
