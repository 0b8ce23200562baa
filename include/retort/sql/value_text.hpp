// Text forms of values shared by the drivers: ISO dates and timestamps, times, PostgreSQL
// intervals, and converting a column's text into the Value its declared type asks for.
#pragma once

#include <string>
#include <string_view>

#include <retort/sql/types.hpp>
#include <retort/sql/value.hpp>

namespace retort {

/// "2024-01-31".
std::string format_date(const std::chrono::year_month_day& date);
/// "13:45:07" or "13:45:07.250000".
std::string format_time(const TimeOfDay& time);
/// "2024-01-31 13:45:07.250000" (UTC wall clock); with `utc_offset`, "+00:00" is appended.
std::string format_timestamp(const Timestamp& timestamp, bool utc_offset = false);
/// format_timestamp() appended to `out`, reusing its capacity (drivers binding many rows).
void append_timestamp(std::string& out, const Timestamp& timestamp, bool utc_offset = false);
/// PostgreSQL's interval input form: "1 mons 2 days 3 microseconds" style.
std::string format_interval(const IntervalValue& interval);

/// Parses "YYYY-MM-DD"; DataError otherwise.
std::chrono::year_month_day parse_date(std::string_view text);
/// Parses "HH:MM[:SS[.ffffff]]" (an offset suffix is ignored); DataError otherwise.
TimeOfDay parse_time(std::string_view text);
/// Parses "YYYY-MM-DD[ T]HH:MM[:SS[.ffffff]][Z|±HH[:MM]]", converting an offset to UTC.
Timestamp parse_timestamp(std::string_view text);
/// Parses PostgreSQL's interval output ("1 year 2 mons 3 days 04:05:06.5", "-00:00:01").
IntervalValue parse_interval(std::string_view text);
/// Parses a whole decimal integer; DataError naming the text otherwise.
std::int64_t parse_int64(std::string_view text);
double parse_double(std::string_view text);
/// "t"/"f", "true"/"false", "1"/"0".
bool parse_bool(std::string_view text);

/// Converts a column's text to the value kind its type asks for (NullType: a string).
Value value_from_text(std::string_view text, const SqlType& type);

/// Standard base64 (with padding), for bytes in JSON.
std::string base64_encode(const Bytes& bytes);
/// Lower-case hex of bytes.
std::string hex_encode(const Bytes& bytes);

}  // namespace retort
