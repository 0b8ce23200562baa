// The generic SQL types (Integer, String(n), DateTime, JSON, ...) a Column or an expression has.
// A dialect turns each into its own type name in DDL; the engine uses them to convert values.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace retort {

/// The kinds of generic type, in the order SqlType::kind reports them.
enum class TypeKind : std::uint8_t {
    Null,  ///< no type known (a NULL literal, a raw fragment)
    Integer,
    SmallInteger,
    BigInteger,
    Boolean,
    Float,
    Double,
    Numeric,
    String,
    Text,
    Date,
    DateTime,
    Time,
    Interval,
    LargeBinary,
    JSON,
    UUID,
    Enum,
};

/// Name of a type kind for messages ("Integer", "String", ...).
std::string_view type_kind_name(TypeKind kind) noexcept;

/// The name and labels of an Enum type.
struct EnumDefinition {
    std::string name;
    std::vector<std::string> labels;
};

/// A generic SQL type: a kind plus its parameters. The named types below (Integer{},
/// String{50}, Numeric{10, 2}, ...) are SqlTypes with their parameters filled in.
///
///     Column{"price", Numeric{10, 2}}
struct SqlType {
    TypeKind kind = TypeKind::Null;
    std::int32_t length = 0;     ///< String / LargeBinary length, 0 when unbounded
    std::int32_t precision = 0;  ///< Numeric precision (0 = unspecified), Float precision
    std::int32_t scale = 0;      ///< Numeric scale
    bool timezone = false;       ///< DateTime / Time with time zone
    /// Enum only: the type's name (PostgreSQL CREATE TYPE) and its labels, shared so that
    /// copying a type stays cheap.
    std::shared_ptr<const EnumDefinition> enumeration;

    SqlType() = default;
    explicit SqlType(TypeKind k) : kind(k) {}

    bool is_null() const noexcept { return kind == TypeKind::Null; }
    bool is_integer() const noexcept {
        return kind == TypeKind::Integer || kind == TypeKind::SmallInteger ||
               kind == TypeKind::BigInteger;
    }
    bool is_numeric() const noexcept {
        return is_integer() || kind == TypeKind::Float || kind == TypeKind::Double ||
               kind == TypeKind::Numeric;
    }
    bool is_string() const noexcept {
        return kind == TypeKind::String || kind == TypeKind::Text || kind == TypeKind::Enum;
    }
    /// A readable form such as "String(50)" or "Numeric(10, 2)".
    std::string to_string() const;

    friend bool operator==(const SqlType& a, const SqlType& b);
};

struct Integer : SqlType {
    Integer() : SqlType(TypeKind::Integer) {}
};
struct SmallInteger : SqlType {
    SmallInteger() : SqlType(TypeKind::SmallInteger) {}
};
struct BigInteger : SqlType {
    BigInteger() : SqlType(TypeKind::BigInteger) {}
};
struct Boolean : SqlType {
    Boolean() : SqlType(TypeKind::Boolean) {}
};
/// Single-precision floating point (REAL / FLOAT).
struct Float : SqlType {
    Float() : SqlType(TypeKind::Float) {}
};
/// Double-precision floating point (DOUBLE PRECISION / DOUBLE).
struct Double : SqlType {
    Double() : SqlType(TypeKind::Double) {}
};
/// Exact decimal NUMERIC(precision, scale); read back as Decimal text.
struct Numeric : SqlType {
    Numeric() : SqlType(TypeKind::Numeric) {}
    Numeric(std::int32_t p, std::int32_t s = 0) : SqlType(TypeKind::Numeric) {
        precision = p;
        scale = s;
    }
};
/// VARCHAR(length); MySQL requires a length in DDL.
struct String : SqlType {
    String() : SqlType(TypeKind::String) {}
    explicit String(std::int32_t n) : SqlType(TypeKind::String) { length = n; }
};
struct Text : SqlType {
    Text() : SqlType(TypeKind::Text) {}
};
struct Date : SqlType {
    Date() : SqlType(TypeKind::Date) {}
};
/// TIMESTAMP [WITH TIME ZONE] / DATETIME.
///
///     Column{"created_at", DateTime{true}}  // TIMESTAMP WITH TIME ZONE
struct DateTime : SqlType {
    DateTime() : SqlType(TypeKind::DateTime) {}
    explicit DateTime(bool with_timezone) : SqlType(TypeKind::DateTime) {
        timezone = with_timezone;
    }
};
struct Time : SqlType {
    Time() : SqlType(TypeKind::Time) {}
    explicit Time(bool with_timezone) : SqlType(TypeKind::Time) { timezone = with_timezone; }
};
/// INTERVAL on PostgreSQL; stored as BIGINT microseconds where the database has no interval.
struct Interval : SqlType {
    Interval() : SqlType(TypeKind::Interval) {}
};
/// BLOB / BYTEA.
struct LargeBinary : SqlType {
    LargeBinary() : SqlType(TypeKind::LargeBinary) {}
    explicit LargeBinary(std::int32_t n) : SqlType(TypeKind::LargeBinary) { length = n; }
};
struct JSON : SqlType {
    JSON() : SqlType(TypeKind::JSON) {}
};
/// Native UUID on PostgreSQL, CHAR(32) elsewhere (as SQLAlchemy's Uuid does).
struct UUID : SqlType {
    UUID() : SqlType(TypeKind::UUID) {}
};
/// An enumeration: a named type on PostgreSQL, ENUM(...) on MySQL, VARCHAR + CHECK on SQLite.
///
///     Column{"mood", Enum{"mood", {"sad", "ok", "happy"}}}
struct Enum : SqlType {
    Enum(std::string name, std::vector<std::string> labels) : SqlType(TypeKind::Enum) {
        enumeration = std::make_shared<const EnumDefinition>(
            EnumDefinition{std::move(name), std::move(labels)});
    }
};

}  // namespace retort

namespace retort::types {
// Aliases under a namespace of their own for code that wants to avoid unqualified names.
using retort::BigInteger;
using retort::Boolean;
using retort::Date;
using retort::DateTime;
using retort::Double;
using retort::Enum;
using retort::Float;
using retort::Integer;
using retort::Interval;
using retort::JSON;
using retort::LargeBinary;
using retort::Numeric;
using retort::SmallInteger;
using retort::String;
using retort::Text;
using retort::Time;
using retort::UUID;
}  // namespace retort::types
