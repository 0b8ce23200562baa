// Value: one bound parameter value (or one column value read back), as a small variant.
// Every literal a user writes in an expression becomes a Value in a bind parameter.
#pragma once

#include <array>
#include <chrono>
#include <concepts>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace retort {

/// Binary data (BLOB / BYTEA).
using Bytes = std::vector<std::uint8_t>;

/// A time of day with microsecond precision (TIME).
struct TimeOfDay {
    std::chrono::microseconds since_midnight{0};
    friend bool operator==(const TimeOfDay&, const TimeOfDay&) = default;
};

/// A point in time with microsecond precision (TIMESTAMP / DATETIME). For columns without a
/// time zone the value is the wall-clock time read as if it were UTC.
///
///     Value v = Timestamp{std::chrono::sys_days{2024y / 1 / 31} + 12h};
struct Timestamp {
    std::chrono::sys_time<std::chrono::microseconds> time{};
    Timestamp() = default;
    template <class Duration>
    Timestamp(std::chrono::sys_time<Duration> t)  // NOLINT: implicit on purpose
        : time(std::chrono::time_point_cast<std::chrono::microseconds>(t)) {}
    friend bool operator==(const Timestamp&, const Timestamp&) = default;
};

/// An interval as PostgreSQL models it: months, days and microseconds kept apart, because a
/// month is not a fixed number of days.
struct IntervalValue {
    std::int32_t months = 0;
    std::int32_t days = 0;
    std::int64_t microseconds = 0;
    IntervalValue() = default;
    IntervalValue(std::int32_t m, std::int32_t d, std::int64_t us)
        : months(m), days(d), microseconds(us) {}
    template <class Rep, class Period>
    IntervalValue(std::chrono::duration<Rep, Period> d)  // NOLINT: implicit on purpose
        : microseconds(std::chrono::duration_cast<std::chrono::microseconds>(d).count()) {}
    friend bool operator==(const IntervalValue&, const IntervalValue&) = default;
};

/// An exact decimal kept as its text, so no digit is lost (NUMERIC / DECIMAL).
struct Decimal {
    std::string text;
    friend bool operator==(const Decimal&, const Decimal&) = default;
};

/// A UUID as 16 bytes.
struct Uuid {
    std::array<std::uint8_t, 16> bytes{};
    /// Parses "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" or 32 hex digits; throws ArgumentError.
    static Uuid parse(std::string_view text);
    /// Canonical lower-case form with dashes.
    std::string to_string() const;
    /// 32 lower-case hex digits, no dashes (the CHAR(32) storage form).
    std::string to_hex() const;
    friend bool operator==(const Uuid&, const Uuid&) = default;
};

/// A JSON document kept as serialized text; `retort/sql/json.hpp` converts to and from
/// nlohmann::json so that only code using JSON pays for that header.
struct Json {
    std::string text;
    friend bool operator==(const Json&, const Json&) = default;
};

class Value;

/// A list of values: the value of an expanding IN parameter, or one tuple of a tuple IN.
struct ValueList {
    std::shared_ptr<const std::vector<Value>> items;
    friend bool operator==(const ValueList& a, const ValueList& b);
};

/// Kinds of value, in the order of Value's variant alternatives.
enum class ValueKind : std::uint8_t {
    Null,
    Boolean,
    Integer,
    Double,
    String,
    Bytes,
    Date,
    Time,
    Timestamp,
    Interval,
    Decimal,
    Uuid,
    Json,
    List,
};

/// Name of a value kind for messages ("integer", "string", ...).
std::string_view value_kind_name(ValueKind kind) noexcept;

/// Customization point: specialize `ValueConverter<T>` with `static Value to_value(const T&)`
/// (T can then be a parameter value) and `static T from_value(const Value&)` (Row::get<T> can
/// then read it). retort/sql/json.hpp does this for nlohmann::json.
template <class T>
struct ValueConverter {};

/// A user type opts in to becoming a Value by providing `retort::Value to_value(const T&)`
/// found by argument-dependent lookup.
template <class T>
concept ConvertibleByToValue = requires(const T& t) {
    { to_value(t) } -> std::same_as<Value>;
} || requires(const T& t) {
    { ValueConverter<T>::to_value(t) } -> std::same_as<Value>;
};

/// One SQL value. Implicitly constructible from the C++ types a user writes as literals.
///
///     Value a = 42, b = "text", c = nullptr, d = std::optional<int>{}, e = 2.5;
class Value {
  public:
    using Storage = std::variant<std::monostate, bool, std::int64_t, double, std::string, Bytes,
                                 std::chrono::year_month_day, TimeOfDay, Timestamp, IntervalValue,
                                 Decimal, Uuid, Json, ValueList>;

    Value() = default;
    Value(std::nullptr_t) {}
    Value(std::nullopt_t) {}
    Value(bool v) : storage_(v) {}
    template <std::integral T>
    requires(!std::same_as<T, bool> && !std::same_as<T, char>) Value(T v)
        : storage_(static_cast<std::int64_t>(v)) {}
    Value(float v) : storage_(static_cast<double>(v)) {}
    Value(double v) : storage_(v) {}
    Value(const char* v) : storage_(std::string(v)) {}
    Value(std::string_view v) : storage_(std::string(v)) {}
    Value(std::string v) : storage_(std::move(v)) {}
    Value(Bytes v) : storage_(std::move(v)) {}
    Value(std::chrono::year_month_day v) : storage_(v) {}
    Value(std::chrono::sys_days v) : storage_(std::chrono::year_month_day{v}) {}
    Value(TimeOfDay v) : storage_(v) {}
    Value(Timestamp v) : storage_(v) {}
    template <class Duration>
    Value(std::chrono::sys_time<Duration> v) : storage_(Timestamp{v}) {}
    Value(IntervalValue v) : storage_(v) {}
    Value(Decimal v) : storage_(std::move(v)) {}
    Value(Uuid v) : storage_(v) {}
    Value(Json v) : storage_(std::move(v)) {}
    Value(ValueList v) : storage_(std::move(v)) {}
    Value(std::vector<Value> list)
        : storage_(ValueList{std::make_shared<const std::vector<Value>>(std::move(list))}) {}
    template <class T>
    Value(const std::optional<T>& v) {
        if (v) *this = Value(*v);
    }
    template <ConvertibleByToValue T>
    Value(const T& v) : Value(convert(v)) {}

    ValueKind kind() const noexcept { return static_cast<ValueKind>(storage_.index()); }
    bool is_null() const noexcept { return storage_.index() == 0; }
    const Storage& storage() const noexcept { return storage_; }

    template <class T>
    const T* get_if() const noexcept {
        return std::get_if<T>(&storage_);
    }
    /// Items of a list value (expanding IN); throws ArgumentError when this is not a list.
    const std::vector<Value>& list() const;

    /// A short readable form for logs and messages: strings quoted, bytes as hex, long values
    /// shortened.
    std::string to_display_string(std::size_t max_length = 200) const;

    friend bool operator==(const Value&, const Value&) = default;
    friend std::ostream& operator<<(std::ostream& out, const Value& value);

  private:
    template <class T>
    static Value convert(const T& v) {
        if constexpr (requires { ValueConverter<T>::to_value(v); })
            return ValueConverter<T>::to_value(v);
        else
            return to_value(v);
    }
    Storage storage_;
};

inline bool operator==(const ValueList& a, const ValueList& b) {
    if (a.items == b.items) return true;
    if (!a.items || !b.items) return false;
    return *a.items == *b.items;
}

}  // namespace retort
