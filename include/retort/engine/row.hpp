// Row: one result row, read by column index or name into C++ types — integers, doubles, bool,
// strings, bytes, chrono dates and times, intervals, exact decimals, UUIDs, JSON, optionals.
#pragma once

#include <chrono>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <retort/compiler/compiled_statement.hpp>
#include <retort/engine/driver.hpp>

namespace retort {

/// Column names and types of a result, shared by its rows.
struct ResultMetadata {
    std::vector<std::string> names;
    std::vector<SqlType> types;  ///< declared by the statement; NullType when unknown
    /// The index of a column name, or npos.
    std::size_t find(std::string_view name) const noexcept {
        for (std::size_t i = 0; i < names.size(); ++i)
            if (names[i] == name) return i;
        return static_cast<std::size_t>(-1);
    }
};

namespace detail {
template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

/// A readable name of a C++ type for error messages.
template <class T>
constexpr std::string_view cpp_type_name() {
    if constexpr (std::is_same_v<T, bool>)
        return "bool";
    else if constexpr (std::is_same_v<T, std::int64_t>)
        return "std::int64_t";
    else if constexpr (std::is_same_v<T, std::int32_t>)
        return "std::int32_t";
    else if constexpr (std::is_same_v<T, std::int16_t>)
        return "std::int16_t";
    else if constexpr (std::is_integral_v<T>)
        return "an integer type";
    else if constexpr (std::is_same_v<T, double>)
        return "double";
    else if constexpr (std::is_same_v<T, float>)
        return "float";
    else if constexpr (std::is_same_v<T, std::string>)
        return "std::string";
    else if constexpr (std::is_same_v<T, std::string_view>)
        return "std::string_view";
    else if constexpr (std::is_same_v<T, Bytes>)
        return "Bytes";
    else if constexpr (std::is_same_v<T, std::chrono::year_month_day>)
        return "std::chrono::year_month_day";
    else if constexpr (std::is_same_v<T, TimeOfDay>)
        return "TimeOfDay";
    else if constexpr (std::is_same_v<T, Timestamp>)
        return "Timestamp";
    else if constexpr (std::is_same_v<T, std::chrono::sys_time<std::chrono::microseconds>>)
        return "std::chrono::sys_time";
    else if constexpr (std::is_same_v<T, IntervalValue>)
        return "IntervalValue";
    else if constexpr (std::is_same_v<T, Decimal>)
        return "Decimal";
    else if constexpr (std::is_same_v<T, Uuid>)
        return "Uuid";
    else if constexpr (std::is_same_v<T, Json>)
        return "Json";
    else if constexpr (std::is_same_v<T, Value>)
        return "Value";
    else
        return "the requested type";
}
}  // namespace detail

/// A user type opts in to being read from a row by specializing ValueConverter<T> (see
/// value.hpp) or providing `T from_value(const Value&, std::type_identity<T>)` found by
/// argument-dependent lookup.
template <class T>
concept ReadableByFromValue = requires(const Value& v) {
    { from_value(v, std::type_identity<T>{}) } -> std::same_as<T>;
}
|| requires(const Value& v) {
    { ValueConverter<T>::from_value(v) } -> std::same_as<T>;
};

/// One row. Rows of a streaming result read straight from the driver's cursor and are valid
/// until the result moves on; rows from all()/first()/one() own their values.
///
///     for (const Row& row : conn.execute(select(users.c("id"), users.c("name"))))
///         std::cout << row.get<std::int64_t>("id") << ' ' << row.get<std::string>(1) << '\n';
class Row {
  public:
    Row() = default;
    /// A row reading from a live cursor.
    Row(std::shared_ptr<const ResultMetadata> metadata, DriverCursor* cursor)
        : metadata_(std::move(metadata)), cursor_(cursor) {}
    /// A row owning its values.
    Row(std::shared_ptr<const ResultMetadata> metadata, std::vector<Value> values)
        : metadata_(std::move(metadata)),
          values_(std::make_shared<std::vector<Value>>(std::move(values))) {}

    std::size_t size() const noexcept { return metadata_ ? metadata_->names.size() : 0; }
    const std::vector<std::string>& keys() const;
    /// The index of column `name`; ArgumentError naming it and the columns when unknown.
    std::size_t index_of(std::string_view name) const;
    bool is_null(std::size_t index) const {
        check_index(index);
        return null_at(index);
    }
    bool is_null(std::string_view name) const { return is_null(index_of(name)); }

    /// The column converted to T (std::optional<T> for nullable columns). A NULL read into a
    /// non-optional T, or an impossible conversion, is a DataError naming the column and both
    /// types.
    template <class T>
    T get(std::size_t index) const {
        check_index(index);
        if constexpr (detail::is_optional<T>::value) {
            if (null_at(index)) return std::nullopt;
            return get<typename T::value_type>(index);
        } else if constexpr (std::is_same_v<T, Value>) {
            return value(index);
        } else {
            if (null_at(index)) null_error(index, detail::cpp_type_name<T>());
            if constexpr (std::is_same_v<T, bool>) {
                return read_bool(index);
            } else if constexpr (std::is_integral_v<T>) {
                return checked_integer<T>(index, read_int64(index));
            } else if constexpr (std::is_floating_point_v<T>) {
                return static_cast<T>(read_double(index));
            } else if constexpr (std::is_same_v<T, std::string>) {
                return read_string(index);
            } else if constexpr (std::is_same_v<T, std::string_view>) {
                return read_text(index);
            } else if constexpr (std::is_same_v<T,
                                                std::chrono::sys_time<std::chrono::microseconds>>) {
                return read_timestamp(index).time;
            } else if constexpr (ReadableByFromValue<T>) {
                if constexpr (requires(const Value& v) { ValueConverter<T>::from_value(v); })
                    return ValueConverter<T>::from_value(value(index));
                else
                    return from_value(value(index), std::type_identity<T>{});
            } else {
                return read_value<T>(index);
            }
        }
    }
    template <class T>
    T get(std::string_view name) const {
        return get<T>(index_of(name));
    }
    /// The column as a Value (of the kind its declared type implies).
    Value value(std::size_t index) const;
    Value operator[](std::size_t index) const { return value(index); }
    Value operator[](std::string_view name) const { return value(index_of(name)); }
    /// Copies the values so the row outlives its result.
    Row detach() const;

  private:
    template <class T>
    T checked_integer(std::size_t index, std::int64_t v) const {
        if constexpr (!std::is_same_v<T, std::int64_t>) {
            if (v < static_cast<std::int64_t>(std::numeric_limits<T>::min()) ||
                (v > 0 && static_cast<std::uint64_t>(v) >
                              static_cast<std::uint64_t>(std::numeric_limits<T>::max())))
                range_error(index, detail::cpp_type_name<T>(), v);
        }
        return static_cast<T>(v);
    }
    template <class T>
    T read_value(std::size_t index) const {
        Value v = value_as(index, kind_for<T>());
        if (const T* p = v.get_if<T>()) return *p;
        conversion_error(index, detail::cpp_type_name<T>(), v);
    }
    template <class T>
    static TypeKind kind_for() {
        if constexpr (std::is_same_v<T, Bytes>)
            return TypeKind::LargeBinary;
        else if constexpr (std::is_same_v<T, std::chrono::year_month_day>)
            return TypeKind::Date;
        else if constexpr (std::is_same_v<T, TimeOfDay>)
            return TypeKind::Time;
        else if constexpr (std::is_same_v<T, Timestamp>)
            return TypeKind::DateTime;
        else if constexpr (std::is_same_v<T, IntervalValue>)
            return TypeKind::Interval;
        else if constexpr (std::is_same_v<T, Decimal>)
            return TypeKind::Numeric;
        else if constexpr (std::is_same_v<T, Uuid>)
            return TypeKind::UUID;
        else if constexpr (std::is_same_v<T, Json>)
            return TypeKind::JSON;
        else {
            static_assert(sizeof(T) == 0,
                          "Row::get<T>: T is not a type retort can read (use a Core value type, "
                          "std::optional of one, or provide from_value(const Value&, "
                          "std::type_identity<T>))");
            return TypeKind::Null;
        }
    }

    // Inline: every get<T>() checks, and the failure path stays out of line.
    void check_index(std::size_t index) const {
        if (index >= size()) [[unlikely]]
            index_error(index);
    }
    [[noreturn]] void index_error(std::size_t index) const;
    bool null_at(std::size_t index) const {
        return values_ ? (*values_)[index].is_null() : cursor_->is_null(index);
    }
    bool read_bool(std::size_t index) const;
    std::int64_t read_int64(std::size_t index) const;
    double read_double(std::size_t index) const;
    std::string_view read_text(std::size_t index) const;
    /// read_text(), plus the text form of owned UUIDs, dates, times and integers (a live cursor
    /// gives those too).
    std::string read_string(std::size_t index) const;
    Timestamp read_timestamp(std::size_t index) const;
    /// The value converted toward `kind` (the declared type refines it: timezone, lengths).
    Value value_as(std::size_t index, TypeKind kind) const;
    [[noreturn]] void null_error(std::size_t index, std::string_view cpp_type) const;
    [[noreturn]] void range_error(std::size_t index, std::string_view cpp_type,
                                  std::int64_t v) const;
    [[noreturn]] void conversion_error(std::size_t index, std::string_view cpp_type,
                                       const Value& v) const;

    std::shared_ptr<const ResultMetadata> metadata_;
    DriverCursor* cursor_ = nullptr;
    std::shared_ptr<std::vector<Value>> values_;
};

}  // namespace retort
