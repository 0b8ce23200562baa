// Value's helpers: kind names, UUID parsing and printing, and the short display form used in
// logs and error messages.
#include <retort/errors.hpp>
#include <retort/sql/value.hpp>
#include <retort/sql/value_text.hpp>

#include <charconv>
#include <cstdio>
#include <ostream>

namespace retort {

std::string_view value_kind_name(ValueKind kind) noexcept {
    switch (kind) {
        case ValueKind::Null:
            return "null";
        case ValueKind::Boolean:
            return "boolean";
        case ValueKind::Integer:
            return "integer";
        case ValueKind::Double:
            return "double";
        case ValueKind::String:
            return "string";
        case ValueKind::Bytes:
            return "bytes";
        case ValueKind::Date:
            return "date";
        case ValueKind::Time:
            return "time";
        case ValueKind::Timestamp:
            return "timestamp";
        case ValueKind::Interval:
            return "interval";
        case ValueKind::Decimal:
            return "decimal";
        case ValueKind::Uuid:
            return "uuid";
        case ValueKind::Json:
            return "json";
        case ValueKind::List:
            return "list";
    }
    return "unknown";
}

namespace {
int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
constexpr char kHex[] = "0123456789abcdef";
}  // namespace

Uuid Uuid::parse(std::string_view text) {
    Uuid result;
    std::size_t nibble = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '-' && (text.size() == 36 && (i == 8 || i == 13 || i == 18 || i == 23))) continue;
        int d = hex_digit(c);
        if (d < 0 || nibble >= 32)
            throw ArgumentError(
                "malformed UUID '" + std::string(text) +
                "': expected 32 hex digits, optionally with dashes in the 8-4-4-4-12 "
                "pattern");
        if (nibble % 2 == 0)
            result.bytes[nibble / 2] = static_cast<std::uint8_t>(d << 4);
        else
            result.bytes[nibble / 2] |= static_cast<std::uint8_t>(d);
        ++nibble;
    }
    if (nibble != 32)
        throw ArgumentError("malformed UUID '" + std::string(text) + "': expected 32 hex digits");
    return result;
}

std::string Uuid::to_string() const {
    std::string out;
    out.reserve(36);
    for (std::size_t i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
        out.push_back(kHex[bytes[i] >> 4]);
        out.push_back(kHex[bytes[i] & 15]);
    }
    return out;
}

std::string Uuid::to_hex() const {
    std::string out;
    out.reserve(32);
    for (auto b : bytes) {
        out.push_back(kHex[b >> 4]);
        out.push_back(kHex[b & 15]);
    }
    return out;
}

const std::vector<Value>& Value::list() const {
    if (auto* l = std::get_if<ValueList>(&storage_); l && l->items) return *l->items;
    throw ArgumentError("expected a list of values (for an expanding IN parameter), got a " +
                        std::string(value_kind_name(kind())));
}

std::string Value::to_display_string(std::size_t max_length) const {
    std::string out;
    std::visit(
        [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
                out = "NULL";
            } else if constexpr (std::is_same_v<T, bool>) {
                out = v ? "true" : "false";
            } else if constexpr (std::is_same_v<T, std::int64_t>) {
                out = std::to_string(v);
            } else if constexpr (std::is_same_v<T, double>) {
                // The shortest text that reads back as the same double (0.1, not 0.1000...01).
                char buf[32];
                auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
                (void)ec;
                out.assign(buf, end);
            } else if constexpr (std::is_same_v<T, std::string>) {
                out = "'" + v + "'";
            } else if constexpr (std::is_same_v<T, Bytes>) {
                out = "x'";
                for (auto b : v) {
                    out.push_back(kHex[b >> 4]);
                    out.push_back(kHex[b & 15]);
                }
                out += "'";
            } else if constexpr (std::is_same_v<T, std::chrono::year_month_day>) {
                out = format_date(v);
            } else if constexpr (std::is_same_v<T, TimeOfDay>) {
                out = format_time(v);
            } else if constexpr (std::is_same_v<T, Timestamp>) {
                out = format_timestamp(v);
            } else if constexpr (std::is_same_v<T, IntervalValue>) {
                out = std::to_string(v.months) + " months " + std::to_string(v.days) + " days " +
                      std::to_string(v.microseconds) + " us";
            } else if constexpr (std::is_same_v<T, Decimal>) {
                out = v.text;
            } else if constexpr (std::is_same_v<T, Uuid>) {
                out = v.to_string();
            } else if constexpr (std::is_same_v<T, Json>) {
                out = v.text;
            } else if constexpr (std::is_same_v<T, ValueList>) {
                out = "[";
                if (v.items) {
                    for (std::size_t i = 0; i < v.items->size(); ++i) {
                        if (i) out += ", ";
                        out += (*v.items)[i].to_display_string(max_length);
                    }
                }
                out += "]";
            }
        },
        storage_);
    if (max_length > 3 && out.size() > max_length) {
        out.resize(max_length - 3);
        out += "...";
    }
    return out;
}

std::ostream& operator<<(std::ostream& out, const Value& value) {
    return out << value.to_display_string();
}

}  // namespace retort
