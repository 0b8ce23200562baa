// Parsing and formatting of the text forms drivers exchange with databases; strict, so a bad
// value is a DataError that quotes it rather than a silently wrong date.
#include <retort/errors.hpp>
#include <retort/sql/value_text.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace retort {

namespace {
[[noreturn]] void bad(std::string_view what, std::string_view text) {
    throw DataError("cannot read '" + std::string(text.substr(0, 80)) + "' as " +
                    std::string(what));
}

bool digits(std::string_view text, std::size_t pos, std::size_t count, int& out) {
    if (pos + count > text.size()) return false;
    int v = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        if (text[i] < '0' || text[i] > '9') return false;
        v = v * 10 + (text[i] - '0');
    }
    out = v;
    return true;
}

/// Reads HH:MM[:SS[.f+]] at `pos`; returns the position after it.
std::size_t read_time(std::string_view text, std::size_t pos, std::int64_t& micros,
                      std::string_view what) {
    int h = 0, m = 0, s = 0;
    std::size_t hour_digits = 2;
    while (pos + hour_digits < text.size() && text[pos + hour_digits] >= '0' &&
           text[pos + hour_digits] <= '9')
        ++hour_digits;  // interval hours may exceed 99
    if (!digits(text, pos, hour_digits, h) || pos + hour_digits >= text.size() ||
        text[pos + hour_digits] != ':' || !digits(text, pos + hour_digits + 1, 2, m))
        bad(what, text);
    pos += hour_digits + 3;
    std::int64_t fraction = 0;
    if (pos < text.size() && text[pos] == ':') {
        if (!digits(text, pos + 1, 2, s)) bad(what, text);
        pos += 3;
        if (pos < text.size() && text[pos] == '.') {
            ++pos;
            int n = 0;
            while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
                if (n < 6) {
                    fraction = fraction * 10 + (text[pos] - '0');
                    ++n;
                }
                ++pos;
            }
            if (n == 0) bad(what, text);
            while (n < 6) {
                fraction *= 10;
                ++n;
            }
        }
    }
    if (m > 59 || s > 60) bad(what, text);
    micros = ((static_cast<std::int64_t>(h) * 60 + m) * 60 + s) * 1000000 + fraction;
    return pos;
}

// Fixed-width decimal digits written by hand: snprintf's format parsing cost more than the
// rest of binding a timestamp to SQLite.
char* put_digits(char* p, unsigned value, int width) {
    for (int i = width - 1; i >= 0; --i) {
        p[i] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
    return p + width;
}

/// Writes YYYY-MM-DD; false for a year outside 0..9999 (left to snprintf).
bool put_date(char*& p, const std::chrono::year_month_day& date) {
    const int year = static_cast<int>(date.year());
    if (year < 0 || year > 9999) return false;
    p = put_digits(p, static_cast<unsigned>(year), 4);
    *p++ = '-';
    p = put_digits(p, static_cast<unsigned>(date.month()), 2);
    *p++ = '-';
    p = put_digits(p, static_cast<unsigned>(date.day()), 2);
    return true;
}

/// Writes HH:MM:SS[.ffffff]; false for 100 hours or more, or a negative time.
bool put_time(char*& p, long long total) {
    if (total < 0 || total >= 100 * 3600000000LL) return false;
    const auto h = static_cast<unsigned>(total / 3600000000LL);
    const auto m = static_cast<unsigned>(total / 60000000LL % 60);
    const auto s = static_cast<unsigned>(total / 1000000LL % 60);
    const auto f = static_cast<unsigned>(total % 1000000LL);
    p = put_digits(p, h, 2);
    *p++ = ':';
    p = put_digits(p, m, 2);
    *p++ = ':';
    p = put_digits(p, s, 2);
    if (f) {
        *p++ = '.';
        p = put_digits(p, f, 6);
    }
    return true;
}
}  // namespace

std::string format_date(const std::chrono::year_month_day& date) {
    char buf[32];
    char* p = buf;
    if (put_date(p, date)) return std::string(buf, p);
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return buf;
}

std::string format_time(const TimeOfDay& time) {
    auto total = time.since_midnight.count();
    char buf[32];
    char* p = buf;
    if (put_time(p, total)) return std::string(buf, p);
    long long h = total / 3600000000LL, m = total / 60000000LL % 60, s = total / 1000000LL % 60,
              f = total % 1000000LL;
    if (f)
        std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld.%06lld", h, m, s, f);
    else
        std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld", h, m, s);
    return buf;
}

void append_timestamp(std::string& out, const Timestamp& timestamp, bool utc_offset) {
    auto days = std::chrono::floor<std::chrono::days>(timestamp.time);
    const std::chrono::year_month_day date{days};
    const auto since_midnight = (timestamp.time - days).count();
    char buf[48];
    char* p = buf;
    if (put_date(p, date)) {
        *p++ = ' ';
        if (put_time(p, since_midnight)) {
            if (utc_offset) p = std::copy_n("+00:00", 6, p);
            out.append(buf, p);
            return;
        }
    }
    out += format_date(date);
    out.push_back(' ');
    out += format_time(TimeOfDay{timestamp.time - days});
    if (utc_offset) out += "+00:00";
}

std::string format_timestamp(const Timestamp& timestamp, bool utc_offset) {
    std::string out;
    append_timestamp(out, timestamp, utc_offset);
    return out;
}

std::string format_interval(const IntervalValue& interval) {
    return std::to_string(interval.months) + " mons " + std::to_string(interval.days) + " days " +
           std::to_string(interval.microseconds) + " microseconds";
}

std::chrono::year_month_day parse_date(std::string_view text) {
    int y = 0, m = 0, d = 0;
    if (text.size() < 10 || !digits(text, 0, 4, y) || text[4] != '-' || !digits(text, 5, 2, m) ||
        text[7] != '-' || !digits(text, 8, 2, d))
        bad("a date (YYYY-MM-DD)", text);
    std::chrono::year_month_day date{std::chrono::year{y},
                                     std::chrono::month{static_cast<unsigned>(m)},
                                     std::chrono::day{static_cast<unsigned>(d)}};
    if (!date.ok()) bad("a valid date", text);
    return date;
}

TimeOfDay parse_time(std::string_view text) {
    std::int64_t micros = 0;
    read_time(text, 0, micros, "a time (HH:MM:SS)");
    return TimeOfDay{std::chrono::microseconds{micros}};
}

Timestamp parse_timestamp(std::string_view text) {
    auto date = parse_date(text);
    std::chrono::sys_time<std::chrono::microseconds> t = std::chrono::sys_days{date};
    std::size_t pos = 10;
    if (pos < text.size() && (text[pos] == ' ' || text[pos] == 'T')) {
        std::int64_t micros = 0;
        pos = read_time(text, pos + 1, micros, "a timestamp (YYYY-MM-DD HH:MM:SS)");
        t += std::chrono::microseconds{micros};
    }
    if (pos < text.size()) {
        char sign = text[pos];
        if (sign == 'Z') {
            ++pos;
        } else if (sign == '+' || sign == '-') {
            int oh = 0, om = 0;
            if (!digits(text, pos + 1, 2, oh)) bad("a timestamp offset", text);
            pos += 3;
            if (pos < text.size() && text[pos] == ':') ++pos;
            if (pos + 2 <= text.size() && digits(text, pos, 2, om)) pos += 2;
            auto offset = std::chrono::minutes{oh * 60 + om};
            t -= sign == '+' ? offset : -offset;  // local = UTC + offset
        }
        if (pos != text.size()) bad("a timestamp", text);
    }
    return Timestamp{t};
}

IntervalValue parse_interval(std::string_view text) {
    IntervalValue out;
    std::size_t pos = 0;
    auto skip_spaces = [&] {
        while (pos < text.size() && text[pos] == ' ')
            ++pos;
    };
    while (true) {
        skip_spaces();
        if (pos >= text.size()) break;
        bool negative = false;
        std::size_t start = pos;
        if (text[pos] == '-' || text[pos] == '+') {
            negative = text[pos] == '-';
            ++pos;
        }
        // A time part "HH:MM:SS[.f]".
        std::size_t colon = text.find(':', pos);
        std::size_t space = text.find(' ', pos);
        if (colon != std::string_view::npos && (space == std::string_view::npos || colon < space)) {
            std::int64_t micros = 0;
            pos = read_time(text, pos, micros, "an interval");
            out.microseconds += negative ? -micros : micros;
            continue;
        }
        std::int64_t n = 0;
        auto [end, ec] = std::from_chars(text.data() + pos, text.data() + text.size(), n);
        if (ec != std::errc{}) bad("an interval", text);
        pos = static_cast<std::size_t>(end - text.data());
        if (negative) n = -n;
        skip_spaces();
        std::size_t unit_start = pos;
        while (pos < text.size() && text[pos] != ' ')
            ++pos;
        std::string_view unit = text.substr(unit_start, pos - unit_start);
        if (unit.starts_with("year"))
            out.months += static_cast<std::int32_t>(n * 12);
        else if (unit.starts_with("mon"))
            out.months += static_cast<std::int32_t>(n);
        else if (unit.starts_with("day"))
            out.days += static_cast<std::int32_t>(n);
        else if (unit.starts_with("hour"))
            out.microseconds += n * 3600000000LL;
        else if (unit.starts_with("min"))
            out.microseconds += n * 60000000LL;
        else if (unit.starts_with("sec"))
            out.microseconds += n * 1000000LL;
        else if (unit.starts_with("micro"))
            out.microseconds += n;
        else
            bad("an interval", text);
        (void)start;
    }
    return out;
}

std::int64_t parse_int64(std::string_view text) {
    std::int64_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || end != text.data() + text.size()) bad("an integer", text);
    return v;
}

double parse_double(std::string_view text) {
    if (text == "NaN") return std::nan("");
    if (text == "Infinity" || text == "inf") return HUGE_VAL;
    if (text == "-Infinity" || text == "-inf") return -HUGE_VAL;
    std::string copy(text);  // strtod needs a terminated string
    char* end = nullptr;
    double v = std::strtod(copy.c_str(), &end);
    if (copy.empty() || end != copy.c_str() + copy.size()) bad("a number", text);
    return v;
}

bool parse_bool(std::string_view text) {
    if (text == "t" || text == "true" || text == "1" || text == "TRUE" || text == "y") return true;
    if (text == "f" || text == "false" || text == "0" || text == "FALSE" || text == "n")
        return false;
    bad("a boolean", text);
}

Value value_from_text(std::string_view text, const SqlType& type) {
    switch (type.kind) {
        case TypeKind::Integer:
        case TypeKind::SmallInteger:
        case TypeKind::BigInteger:
            return parse_int64(text);
        case TypeKind::Boolean:
            return parse_bool(text);
        case TypeKind::Float:
        case TypeKind::Double:
            return parse_double(text);
        case TypeKind::Numeric:
            return Decimal{std::string(text)};
        case TypeKind::Date:
            return parse_date(text);
        case TypeKind::DateTime:
            return parse_timestamp(text);
        case TypeKind::Time:
            return parse_time(text);
        case TypeKind::Interval: {
            // Microseconds as an integer where there is no INTERVAL type.
            bool numeric = !text.empty();
            for (char c : text)
                numeric = numeric && ((c >= '0' && c <= '9') || c == '-');
            if (numeric) return IntervalValue(0, 0, parse_int64(text));
            return parse_interval(text);
        }
        case TypeKind::UUID:
            return Uuid::parse(text);
        case TypeKind::JSON:
            return Json{std::string(text)};
        case TypeKind::LargeBinary: {
            if (text.starts_with("\\x")) {
                Bytes out;
                out.reserve((text.size() - 2) / 2);
                auto hex = [&](char c) -> int {
                    if (c >= '0' && c <= '9') return c - '0';
                    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
                    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
                    bad("bytes", text);
                };
                for (std::size_t i = 2; i + 1 < text.size(); i += 2)
                    out.push_back(static_cast<std::uint8_t>(hex(text[i]) << 4 | hex(text[i + 1])));
                return out;
            }
            return Bytes(text.begin(), text.end());
        }
        default:
            return std::string(text);
    }
}

std::string base64_encode(const Bytes& bytes) {
    static constexpr char table[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        std::uint32_t v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
        out.push_back(table[v >> 18]);
        out.push_back(table[(v >> 12) & 63]);
        out.push_back(table[(v >> 6) & 63]);
        out.push_back(table[v & 63]);
    }
    if (i + 1 == bytes.size()) {
        std::uint32_t v = bytes[i] << 16;
        out.push_back(table[v >> 18]);
        out.push_back(table[(v >> 12) & 63]);
        out += "==";
    } else if (i + 2 == bytes.size()) {
        std::uint32_t v = (bytes[i] << 16) | (bytes[i + 1] << 8);
        out.push_back(table[v >> 18]);
        out.push_back(table[(v >> 12) & 63]);
        out.push_back(table[(v >> 6) & 63]);
        out.push_back('=');
    }
    return out;
}

std::string hex_encode(const Bytes& bytes) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (auto b : bytes) {
        out.push_back(hex[b >> 4]);
        out.push_back(hex[b & 15]);
    }
    return out;
}

}  // namespace retort
