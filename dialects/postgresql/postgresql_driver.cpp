// The PostgreSQL driver over libpq: binary parameters and results where they are exact, Parse and
// Describe in one round trip, pipelined executemany, and SQLSTATE classes mapped onto our errors.
#include "postgresql_driver.hpp"

#include <retort/dialects/postgresql.hpp>
#include <retort/engine/value_text.hpp>

#include <bit>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>

namespace retort::postgresql {

namespace {

// Type OIDs from pg_type.h, which is not part of libpq's public headers.
constexpr Oid kBool = 16, kBytea = 17, kName = 19, kInt8 = 20, kInt2 = 21, kInt4 = 23, kText = 25,
              kOid = 26, kJson = 114, kFloat4 = 700, kFloat8 = 701, kUnknown = 705, kBpchar = 1042,
              kVarchar = 1043, kDate = 1082, kTime = 1083, kTimestamp = 1114, kTimestamptz = 1184,
              kInterval = 1186, kTimetz = 1266, kNumeric = 1700, kUuid = 2950, kJsonb = 3802;

// PostgreSQL counts dates and timestamps from 2000-01-01.
constexpr std::int32_t kEpochDays = 10957;
constexpr std::int64_t kEpochMicros = std::int64_t{kEpochDays} * 86400 * 1000000;

// Result columns of these types are read in binary; a statement with any other type asks for
// text, since a binary value of an unknown type cannot be decoded.
bool binary_decodable(Oid type) {
    switch (type) {
        case kBool:
        case kBytea:
        case kName:
        case kInt8:
        case kInt2:
        case kInt4:
        case kText:
        case kOid:
        case kJson:
        case kFloat4:
        case kFloat8:
        case kUnknown:
        case kBpchar:
        case kVarchar:
        case kDate:
        case kTime:
        case kTimestamp:
        case kTimestamptz:
        case kInterval:
        case kNumeric:
        case kUuid:
        case kJsonb:
            return true;
        default:
            return false;
    }
}

// Types whose binary form is their UTF-8 text (a string parameter goes as is, with its length).
bool text_like(Oid type) {
    return type == kText || type == kVarchar || type == kBpchar || type == kName ||
           type == kUnknown;
}

std::string type_name(Oid type) {
    switch (type) {
        case kBool:
            return "boolean";
        case kBytea:
            return "bytea";
        case kName:
            return "name";
        case kInt8:
            return "bigint";
        case kInt2:
            return "smallint";
        case kInt4:
            return "integer";
        case kText:
            return "text";
        case kOid:
            return "oid";
        case kJson:
            return "json";
        case kFloat4:
            return "real";
        case kFloat8:
            return "double precision";
        case kUnknown:
            return "unknown";
        case kBpchar:
            return "character";
        case kVarchar:
            return "character varying";
        case kDate:
            return "date";
        case kTime:
            return "time";
        case kTimestamp:
            return "timestamp";
        case kTimestamptz:
            return "timestamp with time zone";
        case kInterval:
            return "interval";
        case kTimetz:
            return "time with time zone";
        case kNumeric:
            return "numeric";
        case kUuid:
            return "uuid";
        case kJsonb:
            return "jsonb";
        default:
            return "type oid " + std::to_string(type);
    }
}

/// The parameter type declared for a slot: the type's own PostgreSQL type, or 0 (the server
/// infers it) where a fixed type would refuse valid SQL. Integers keep their width: a literal
/// is Integer, and int8 would not match int4-only functions (round(numeric, $1),
/// substr(text, $1), left(text, $1)), while int2 and int4 widen implicitly where int8 is
/// wanted.
Oid parameter_oid(const SqlType& type) {
    switch (type.kind) {
        case TypeKind::SmallInteger:
            return kInt2;
        case TypeKind::Integer:
            return kInt4;
        case TypeKind::BigInteger:
            return kInt8;
        case TypeKind::Boolean:
            return kBool;
        case TypeKind::Float:
        case TypeKind::Double:
            return kFloat8;
        case TypeKind::Numeric:
            return kNumeric;
        case TypeKind::String:
            return kVarchar;
        case TypeKind::Text:
            return kText;
        case TypeKind::Date:
            return kDate;
        case TypeKind::DateTime:
            return type.timezone ? kTimestamptz : kTimestamp;
        case TypeKind::Time:
            return type.timezone ? kTimetz : kTime;
        case TypeKind::Interval:
            return kInterval;
        case TypeKind::LargeBinary:
            return kBytea;
        // JSON is json or jsonb: jsonb operators (@>, =) do not take json, so let the context
        // decide.
        case TypeKind::JSON:
            return 0;
        case TypeKind::UUID:
            return kUuid;
        // A named enum type is not varchar: comparing or assigning varchar to it fails.
        case TypeKind::Enum:
        case TypeKind::Null:
            return 0;
    }
    return 0;
}

/// The generic type a column's text converts to in text mode.
const SqlType& text_mode_type(Oid type) {
    static const SqlType none, integer{TypeKind::BigInteger}, boolean{TypeKind::Boolean},
        real{TypeKind::Double}, numeric{TypeKind::Numeric}, date{TypeKind::Date},
        timestamp{TypeKind::DateTime}, time{TypeKind::Time}, interval{TypeKind::Interval},
        bytes{TypeKind::LargeBinary}, uuid{TypeKind::UUID}, json{TypeKind::JSON};
    switch (type) {
        case kInt2:
        case kInt4:
        case kInt8:
        case kOid:
            return integer;
        case kBool:
            return boolean;
        case kFloat4:
        case kFloat8:
            return real;
        case kNumeric:
            return numeric;
        case kDate:
            return date;
        case kTimestamp:
        case kTimestamptz:
            return timestamp;
        case kTime:
        case kTimetz:
            return time;
        case kInterval:
            return interval;
        case kBytea:
            return bytes;
        case kUuid:
            return uuid;
        case kJson:
        case kJsonb:
            return json;
        default:
            return none;
    }
}

// Network byte order.
std::uint16_t get16(const char* p) {
    const auto* u = reinterpret_cast<const unsigned char*>(p);
    return static_cast<std::uint16_t>(u[0] << 8 | u[1]);
}
std::uint32_t get32(const char* p) {
    const auto* u = reinterpret_cast<const unsigned char*>(p);
    return std::uint32_t{u[0]} << 24 | std::uint32_t{u[1]} << 16 | std::uint32_t{u[2]} << 8 | u[3];
}
std::uint64_t get64(const char* p) {
    return std::uint64_t{get32(p)} << 32 | get32(p + 4);
}
void put16(char* p, std::uint16_t v) {
    p[0] = static_cast<char>(v >> 8);
    p[1] = static_cast<char>(v);
}
void put32(char* p, std::uint32_t v) {
    p[0] = static_cast<char>(v >> 24);
    p[1] = static_cast<char>(v >> 16);
    p[2] = static_cast<char>(v >> 8);
    p[3] = static_cast<char>(v);
}
void put64(char* p, std::uint64_t v) {
    put32(p, static_cast<std::uint32_t>(v >> 32));
    put32(p + 4, static_cast<std::uint32_t>(v));
}

[[noreturn]] void malformed(std::string_view what) {
    throw DataError("malformed binary " + std::string(what) + " value from the server");
}

/// NUMERIC's binary form (base-10000 digits, a weight and a display scale) as exact decimal text.
std::string numeric_text(std::string_view v) {
    if (v.size() < 8) malformed("numeric");
    const int ndigits = static_cast<std::int16_t>(get16(v.data()));
    const int weight = static_cast<std::int16_t>(get16(v.data() + 2));
    const std::uint16_t sign = get16(v.data() + 4);
    const int dscale = get16(v.data() + 6);
    if (ndigits < 0 || v.size() < 8 + 2 * static_cast<std::size_t>(ndigits)) malformed("numeric");
    if (sign == 0xC000) return "NaN";
    if (sign == 0xD000) return "Infinity";
    if (sign == 0xF000) return "-Infinity";
    auto digit = [&](int i) -> int {
        return i >= 0 && i < ndigits ? get16(v.data() + 8 + 2 * i) : 0;
    };
    auto append4 = [](std::string& out, int d) {
        char buf[4] = {static_cast<char>('0' + d / 1000), static_cast<char>('0' + d / 100 % 10),
                       static_cast<char>('0' + d / 10 % 10), static_cast<char>('0' + d % 10)};
        out.append(buf, 4);
    };
    std::string out;
    if (sign == 0x4000) out.push_back('-');
    if (weight < 0) {
        out.push_back('0');
    } else {
        for (int i = 0; i <= weight; ++i) {
            if (i == 0)
                out += std::to_string(digit(0));
            else
                append4(out, digit(i));
        }
    }
    if (dscale > 0) {
        out.push_back('.');
        const std::size_t start = out.size();
        for (int i = weight + 1; out.size() - start < static_cast<std::size_t>(dscale); ++i)
            append4(out, digit(i));
        out.resize(start + static_cast<std::size_t>(dscale));
    }
    return out;
}

/// A binary column value as the kind its type suggests.
Value decode_binary(Oid type, std::string_view v) {
    auto need = [&](std::size_t n) {
        if (v.size() != n) malformed(type_name(type));
    };
    switch (type) {
        case kBool:
            need(1);
            return v[0] != 0;
        case kInt2:
            need(2);
            return static_cast<std::int16_t>(get16(v.data()));
        case kInt4:
            need(4);
            return static_cast<std::int32_t>(get32(v.data()));
        case kOid:
            need(4);
            return static_cast<std::int64_t>(get32(v.data()));
        case kInt8:
            need(8);
            return static_cast<std::int64_t>(get64(v.data()));
        case kFloat4:
            need(4);
            return static_cast<double>(std::bit_cast<float>(get32(v.data())));
        case kFloat8:
            need(8);
            return std::bit_cast<double>(get64(v.data()));
        case kNumeric:
            return Decimal{numeric_text(v)};
        case kDate: {
            need(4);
            auto days = static_cast<std::int32_t>(get32(v.data()));
            if (days == std::numeric_limits<std::int32_t>::max() ||
                days == std::numeric_limits<std::int32_t>::min())
                throw DataError("an infinite date has no year_month_day");
            return std::chrono::year_month_day{
                std::chrono::sys_days{std::chrono::days{std::int64_t{days} + kEpochDays}}};
        }
        case kTime:
            need(8);
            return TimeOfDay{std::chrono::microseconds{static_cast<std::int64_t>(get64(v.data()))}};
        case kTimestamp:
        case kTimestamptz: {
            need(8);
            auto us = static_cast<std::int64_t>(get64(v.data()));
            if (us == std::numeric_limits<std::int64_t>::max() ||
                us == std::numeric_limits<std::int64_t>::min())
                throw DataError("an infinite timestamp has no Timestamp");
            return Timestamp{std::chrono::sys_time<std::chrono::microseconds>{
                std::chrono::microseconds{us + kEpochMicros}}};
        }
        case kInterval:
            need(16);
            return IntervalValue(static_cast<std::int32_t>(get32(v.data() + 12)),
                                 static_cast<std::int32_t>(get32(v.data() + 8)),
                                 static_cast<std::int64_t>(get64(v.data())));
        case kBytea:
            return Bytes(v.begin(), v.end());
        case kUuid: {
            need(16);
            Uuid u;
            std::memcpy(u.bytes.data(), v.data(), 16);
            return u;
        }
        case kJson:
            return Json{std::string(v)};
        case kJsonb:
            if (v.empty() || v[0] != 1) malformed("jsonb");
            return Json{std::string(v.substr(1))};
        default:
            return std::string(v);
    }
}

void append_integer(std::string& out, std::int64_t v) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

void append_double(std::string& out, double v) {
    if (std::isnan(v)) {
        out += "NaN";
    } else if (std::isinf(v)) {
        out += v > 0 ? "Infinity" : "-Infinity";
    } else {
        char buf[32];
        auto r = std::to_chars(buf, buf + sizeof buf, v);  // shortest form that reads back exactly
        out.append(buf, r.ptr);
    }
}

void append_text_form(std::string& out, const Value& value);

/// An array literal ("{1,NULL,\"a b\"}"), so a list can be passed to `= ANY($1)`.
void append_array_literal(std::string& out, const std::vector<Value>& items) {
    out.push_back('{');
    std::string element;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out.push_back(',');
        const Value& item = items[i];
        if (item.is_null()) {
            out += "NULL";
        } else if (item.kind() == ValueKind::List) {
            append_array_literal(out, item.list());
        } else {
            element.clear();
            append_text_form(element, item);
            out.push_back('"');
            for (char c : element) {
                if (c == '"' || c == '\\') out.push_back('\\');
                out.push_back(c);
            }
            out.push_back('"');
        }
    }
    out.push_back('}');
}

/// The text PostgreSQL's input functions read for a value.
void append_text_form(std::string& out, const Value& value) {
    switch (value.kind()) {
        case ValueKind::Null:
            break;
        case ValueKind::Boolean:
            out += *value.get_if<bool>() ? "true" : "false";
            break;
        case ValueKind::Integer:
            append_integer(out, *value.get_if<std::int64_t>());
            break;
        case ValueKind::Double:
            append_double(out, *value.get_if<double>());
            break;
        case ValueKind::String:
            out += *value.get_if<std::string>();
            break;
        case ValueKind::Bytes:
            out += "\\x";
            out += hex_encode(*value.get_if<Bytes>());
            break;
        case ValueKind::Date:
            out += format_date(*value.get_if<std::chrono::year_month_day>());
            break;
        case ValueKind::Time:
            out += format_time(*value.get_if<TimeOfDay>());
            break;
        case ValueKind::Timestamp:
            out += format_timestamp(*value.get_if<Timestamp>());
            break;
        case ValueKind::Interval:
            out += format_interval(*value.get_if<IntervalValue>());
            break;
        case ValueKind::Decimal:
            out += value.get_if<Decimal>()->text;
            break;
        case ValueKind::Uuid:
            out += value.get_if<Uuid>()->to_string();
            break;
        case ValueKind::Json:
            out += value.get_if<Json>()->text;
            break;
        case ValueKind::List:
            append_array_literal(out, value.list());
            break;
    }
}

bool has_nul(const Value& value) {
    auto in = [](const std::string& s) { return s.find('\0') != std::string::npos; };
    if (auto* s = value.get_if<std::string>()) return in(*s);
    if (auto* j = value.get_if<Json>()) return in(j->text);
    if (auto* d = value.get_if<Decimal>()) return in(d->text);
    if (value.kind() == ValueKind::List)
        for (const auto& item : value.list())
            if (has_nul(item)) return true;
    return false;
}

/// Converts a column's natural value to the kind `hint` asks for; nullopt when that makes no
/// sense (parse failures throw).
std::optional<Value> coerce(Value v, const SqlType& hint) {
    const ValueKind k = v.kind();
    auto text = [&]() -> std::string {
        if (auto* b = v.get_if<Bytes>()) return std::string(b->begin(), b->end());
        std::string out;
        append_text_form(out, v);
        return out;
    };
    switch (hint.kind) {
        case TypeKind::Null:
            return v;
        case TypeKind::Integer:
        case TypeKind::SmallInteger:
        case TypeKind::BigInteger:
            if (k == ValueKind::Integer) return v;
            if (k == ValueKind::Boolean) return Value(std::int64_t{*v.get_if<bool>() ? 1 : 0});
            if (k == ValueKind::Decimal || k == ValueKind::String) return parse_int64(text());
            if (k == ValueKind::Double) {
                double d = *v.get_if<double>();
                if (d == std::trunc(d) && std::abs(d) < 9.2e18) return static_cast<std::int64_t>(d);
            }
            return std::nullopt;
        case TypeKind::Boolean:
            if (k == ValueKind::Boolean) return v;
            if (k == ValueKind::Integer) return *v.get_if<std::int64_t>() != 0;
            if (k == ValueKind::String) return parse_bool(*v.get_if<std::string>());
            return std::nullopt;
        case TypeKind::Float:
        case TypeKind::Double:
            if (k == ValueKind::Double) return v;
            if (k == ValueKind::Integer) return static_cast<double>(*v.get_if<std::int64_t>());
            if (k == ValueKind::Decimal || k == ValueKind::String) return parse_double(text());
            return std::nullopt;
        case TypeKind::Numeric:
            if (k == ValueKind::Decimal) return v;
            if (k == ValueKind::Integer || k == ValueKind::Double || k == ValueKind::String)
                return Decimal{text()};
            return std::nullopt;
        case TypeKind::String:
        case TypeKind::Text:
        case TypeKind::Enum:
            if (k == ValueKind::String) return v;
            return text();
        case TypeKind::Date:
            if (k == ValueKind::Date) return v;
            if (k == ValueKind::String) return parse_date(*v.get_if<std::string>());
            return std::nullopt;
        case TypeKind::DateTime:
            if (k == ValueKind::Timestamp) return v;
            if (k == ValueKind::Date)
                return Timestamp{std::chrono::sys_days{*v.get_if<std::chrono::year_month_day>()}};
            if (k == ValueKind::String) return parse_timestamp(*v.get_if<std::string>());
            return std::nullopt;
        case TypeKind::Time:
            if (k == ValueKind::Time) return v;
            if (k == ValueKind::String) return parse_time(*v.get_if<std::string>());
            return std::nullopt;
        case TypeKind::Interval:
            if (k == ValueKind::Interval) return v;
            if (k == ValueKind::Integer) return IntervalValue(0, 0, *v.get_if<std::int64_t>());
            if (k == ValueKind::String) return parse_interval(*v.get_if<std::string>());
            return std::nullopt;
        case TypeKind::LargeBinary:
            if (k == ValueKind::Bytes) return v;
            if (k == ValueKind::String) {
                const auto& s = *v.get_if<std::string>();
                return Bytes(s.begin(), s.end());
            }
            return std::nullopt;
        case TypeKind::JSON:
            if (k == ValueKind::Json) return v;
            if (k == ValueKind::String) return Json{*v.get_if<std::string>()};
            return std::nullopt;
        case TypeKind::UUID:
            if (k == ValueKind::Uuid) return v;
            if (k == ValueKind::String) return Uuid::parse(*v.get_if<std::string>());
            return std::nullopt;
    }
    return std::nullopt;
}

std::string trimmed(const char* message) {
    std::string s = message ? message : "";
    while (!s.empty() && (s.back() == '\n' || s.back() == ' '))
        s.pop_back();
    return s;
}

/// The URL for messages: password masked, including a password given as a query key.
std::string masked_url(const Url& url) {
    std::string text = url.to_string();
    for (std::size_t at = text.find("password="); at != std::string::npos;
         at = text.find("password=", at)) {
        at += 9;
        std::size_t end = text.find('&', at);
        text.replace(at, (end == std::string::npos ? text.size() : end) - at, "***");
    }
    return text;
}

/// Reads the results of the next query in a pipeline: its result and the NULL that ends it
/// (a sync has no NULL after it). Null when the connection broke.
ResultPtr next_pipeline_result(PGconn* conn) {
    ResultPtr result(PQgetResult(conn));
    if (!result || PQresultStatus(result.get()) == PGRES_PIPELINE_SYNC) return result;
    while (PGresult* extra = PQgetResult(conn)) {
        PQclear(extra);
        if (PQstatus(conn) == CONNECTION_BAD) break;
    }
    return result;
}

/// Leaves a COPY the server started: a COPY FROM STDIN is ended with an error, a COPY TO
/// STDOUT is read to its end; either way the connection is ready for the next command.
void leave_copy(PGconn* conn, ExecStatusType status) {
    if (status == PGRES_COPY_IN) {
        PQputCopyEnd(conn, "COPY FROM STDIN needs data the driver does not send");
    } else if (status == PGRES_COPY_OUT) {
        char* buffer = nullptr;
        while (PQgetCopyData(conn, &buffer, 0) > 0)
            PQfreemem(buffer);
    }
}

bool failed(const PGresult* result) {
    if (!result) return true;
    switch (PQresultStatus(result)) {
        case PGRES_COMMAND_OK:
        case PGRES_TUPLES_OK:
        case PGRES_EMPTY_QUERY:
            return false;
        default:
            return true;
    }
}

std::int64_t affected(const PGresult* result) {
    const char* n = PQcmdTuples(const_cast<PGresult*>(result));
    if (!n || !*n) return -1;
    std::int64_t v = -1;
    std::from_chars(n, n + std::strlen(n), v);
    return v;
}

}  // namespace

// --- errors

[[noreturn]] void throw_error(DatabaseError::Details d, bool connection_lost) {
    const std::string_view state = d.sqlstate;
    const std::string_view cls = state.substr(0, 2);
    if (connection_lost || cls == "08" || state == "57P01" || state == "57P02" || state == "57P03")
        throw DisconnectionError(std::move(d));
    if (state == "40001" || state == "40P01" || state == "55P03") {
        d.retryable = true;
        throw OperationalError(std::move(d));
    }
    if (cls == "23") throw IntegrityError(std::move(d));
    if (cls == "42") throw ProgrammingError(std::move(d));
    if (cls == "22") throw DataError(std::move(d));
    if (state == "0A000") throw NotSupportedError(std::move(d));
    if (cls == "XX") throw InternalError(std::move(d));
    // Not the statement's fault: resources, limits, object state, cancels, the OS, logins.
    if (cls == "28" || cls == "40" || cls == "53" || cls == "54" || cls == "55" || cls == "57" ||
        cls == "58")
        throw OperationalError(std::move(d));
    throw DatabaseError(std::move(d));
}

// --- cursor

void PgCursor::attach(ResultPtr result, bool binary) {
    result_ = std::move(result);
    binary_ = binary;
    row_ = -1;
    rows_ = PQntuples(result_.get());
    rows_affected_ = affected(result_.get());
    const int n = PQnfields(result_.get());
    oids_.resize(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i)
        oids_[static_cast<std::size_t>(i)] = PQftype(result_.get(), i);
    if (scratch_.size() < oids_.size()) scratch_.resize(oids_.size());
}

void PgCursor::clear() noexcept {
    result_.reset();
    row_ = -1;
    rows_ = 0;
    rows_affected_ = -1;
    oids_.clear();
}

bool PgCursor::next() {
    if (row_ < rows_) ++row_;
    return row_ < rows_;
}

void PgCursor::bad_index(std::size_t index) const {
    if (row_ < 0 || row_ >= rows_)
        throw InvalidRequestError("the cursor is not on a row (call next() first)");
    throw ArgumentError("column index " + std::to_string(index) + " is out of range (" +
                        std::to_string(oids_.size()) + " columns)");
}

std::string_view PgCursor::column_name(std::size_t index) const {
    if (index >= oids_.size())
        throw ArgumentError("column index " + std::to_string(index) + " is out of range (" +
                            std::to_string(oids_.size()) + " columns)");
    return PQfname(result_.get(), static_cast<int>(index));
}

bool PgCursor::is_null(std::size_t index) {
    check_index(index);
    return null_at(index);
}

void PgCursor::conversion_error(std::size_t index, std::string_view wanted,
                                std::string_view reason) const {
    std::string message = "column '" + std::string(column_name(index)) + "' of PostgreSQL type " +
                          type_name(oids_[index]) + " cannot be read as " + std::string(wanted);
    if (!reason.empty()) message += ": " + std::string(reason);
    throw DataError(std::move(message));
}

Value PgCursor::natural(std::size_t index) {
    if (binary_) return decode_binary(oids_[index], raw(index));
    return value_from_text(raw(index), text_mode_type(oids_[index]));
}

namespace {
/// Runs a conversion; a parse failure becomes `reason` for the caller's DataError.
template <class F>
auto attempt(F&& convert, std::string& reason) -> std::optional<decltype(convert())> {
    try {
        return convert();
    } catch (const DataError& e) {
        reason = e.what();
    } catch (const ArgumentError& e) {
        reason = e.what();
    }
    return std::nullopt;
}

/// Whether a binary column's own value already is what `hint` asks for.
bool natural_fits(Oid type, TypeKind hint) {
    switch (hint) {
        case TypeKind::Null:
            return true;
        case TypeKind::Integer:
        case TypeKind::SmallInteger:
        case TypeKind::BigInteger:
            return type == kInt8 || type == kInt4 || type == kInt2 || type == kOid;
        case TypeKind::Boolean:
            return type == kBool;
        case TypeKind::Float:
        case TypeKind::Double:
            return type == kFloat8 || type == kFloat4;
        case TypeKind::Numeric:
            return type == kNumeric;
        case TypeKind::Date:
            return type == kDate;
        case TypeKind::DateTime:
            return type == kTimestamp || type == kTimestamptz;
        case TypeKind::Time:
            return type == kTime;
        case TypeKind::Interval:
            return type == kInterval;
        case TypeKind::LargeBinary:
            return type == kBytea;
        case TypeKind::JSON:
            return type == kJson || type == kJsonb;
        case TypeKind::UUID:
            return type == kUuid;
        default:
            return false;
    }
}
}  // namespace

// The fast paths test the length instead of PQgetisnull: a NULL has length 0, so it falls
// through to the slow path, which reports it.
std::int64_t PgCursor::get_int64(std::size_t index) {
    check_index(index);
    if (binary_) {
        const std::string_view v = raw(index);
        switch (oids_[index]) {
            case kInt8:
                if (v.size() == 8) return static_cast<std::int64_t>(get64(v.data()));
                break;
            case kInt4:
                if (v.size() == 4) return static_cast<std::int32_t>(get32(v.data()));
                break;
            case kInt2:
                if (v.size() == 2) return static_cast<std::int16_t>(get16(v.data()));
                break;
            case kOid:
                if (v.size() == 4) return get32(v.data());
                break;
            case kBool:
                if (v.size() == 1) return v[0] != 0 ? 1 : 0;
                break;
            default:
                break;
        }
    }
    return slow_int64(index);
}

std::int64_t PgCursor::slow_int64(std::size_t index) {
    if (null_at(index)) conversion_error(index, "an integer", "the value is NULL");
    std::string reason;
    static const SqlType wanted{TypeKind::BigInteger};
    auto out = attempt([&] { return coerce(natural(index), wanted); }, reason);
    if (!out || !*out) conversion_error(index, "an integer", reason);
    return *(*out)->get_if<std::int64_t>();
}

double PgCursor::get_double(std::size_t index) {
    check_index(index);
    if (binary_) {
        const std::string_view v = raw(index);
        switch (oids_[index]) {
            case kFloat8:
                if (v.size() == 8) return std::bit_cast<double>(get64(v.data()));
                break;
            case kFloat4:
                if (v.size() == 4) return std::bit_cast<float>(get32(v.data()));
                break;
            case kInt8:
                if (v.size() == 8)
                    return static_cast<double>(static_cast<std::int64_t>(get64(v.data())));
                break;
            case kInt4:
                if (v.size() == 4) return static_cast<std::int32_t>(get32(v.data()));
                break;
            default:
                break;
        }
    }
    return slow_double(index);
}

double PgCursor::slow_double(std::size_t index) {
    if (null_at(index)) conversion_error(index, "a number", "the value is NULL");
    std::string reason;
    static const SqlType wanted{TypeKind::Double};
    auto out = attempt([&] { return coerce(natural(index), wanted); }, reason);
    if (!out || !*out) conversion_error(index, "a number", reason);
    return *(*out)->get_if<double>();
}

std::string_view PgCursor::get_text(std::size_t index) {
    check_index(index);
    const Oid type = oids_[index];
    // libpq gives a NULL as "" with length 0: the text of NULL is empty without asking.
    if (!binary_ || text_like(type) || type == kJson || type == kBytea) return raw(index);
    if (null_at(index)) return {};
    if (type == kJsonb) return raw(index).substr(1);
    std::string reason;
    auto value = attempt([&] { return natural(index); }, reason);
    if (!value) conversion_error(index, "text", reason);
    std::string& out = scratch_[index];
    out.clear();
    append_text_form(out, *value);
    return out;
}

Value PgCursor::get_value(std::size_t index, const SqlType& hint) {
    check_index(index);
    if (null_at(index)) return {};
    const Oid type = oids_[index];
    std::string reason;
    const bool text = text_like(type) || (!binary_ && text_mode_type(type).is_null());
    if (!text && binary_ && natural_fits(type, hint.kind)) {
        // The common case: the value's own kind, decoded straight into the result.
        try {
            return decode_binary(type, raw(index));
        } catch (const DataError& e) {
            conversion_error(index, hint.to_string(), e.what());
        }
    }
    std::optional<std::optional<Value>> out;
    if (text) {
        // Text parses into whatever the hint asks for (dates kept as text, enums, ...).
        out = attempt([&] { return std::optional<Value>(value_from_text(raw(index), hint)); },
                      reason);
    } else {
        out = attempt([&] { return coerce(natural(index), hint); }, reason);
    }
    if (!out || !*out) conversion_error(index, hint.to_string(), reason);
    return std::move(**out);
}

// --- statement

PgStatement::PgStatement(PgConnection& connection, std::string sql, std::vector<Oid> declared_types,
                         ParsedStatement parsed)
    : connection_(connection), sql_(std::move(sql)), declared_types_(std::move(declared_types)) {
    adopt(std::move(parsed));
}

void PgStatement::adopt(ParsedStatement parsed) {
    name_ = std::move(parsed.name);
    parameter_types_ = std::move(parsed.parameter_types);
    binary_results_ = true;
    for (Oid t : parsed.result_types)
        binary_results_ = binary_results_ && binary_decodable(t);
    const std::size_t n = parameter_types_.size();
    values_.resize(n);
    lengths_.resize(n);
    formats_.resize(n);
    binary_.resize(n);
    text_.resize(n);
}

PgStatement::~PgStatement() {
    connection_.forget_statement(std::move(name_));
}

namespace {
/// Whether a string parameter goes as its raw bytes (binary) for a parameter type.
bool binary_string(Oid type) {
    return text_like(type) || type == kJson;
}
}  // namespace

void PgStatement::validate(const BoundStatement& bound) const {
    if (bound.parameters.size() != parameter_types_.size()) {
        DatabaseError::Details d;
        d.message = "the statement takes " + std::to_string(parameter_types_.size()) +
                    " parameters, " + std::to_string(bound.parameters.size()) + " were given";
        d.sql = sql_;
        throw ProgrammingError(std::move(d));
    }
    for (std::size_t i = 0; i < parameter_types_.size(); ++i) {
        const Value& v = *bound.parameters[i];
        // Text-format parameters end at their first NUL, so one inside would cut the value.
        const bool raw_string = v.kind() == ValueKind::String && binary_string(parameter_types_[i]);
        if (!raw_string && has_nul(v))
            throw DataError("parameter " + std::to_string(i + 1) + " (" +
                            std::string(bound.parameter_names.size() > i ? bound.parameter_names[i]
                                                                         : std::string_view("?")) +
                            ") contains a NUL character, which PostgreSQL text cannot hold");
    }
}

void PgStatement::encode(const BoundStatement& bound) {
    for (std::size_t i = 0; i < parameter_types_.size(); ++i) {
        const Value& v = *bound.parameters[i];
        const Oid type = parameter_types_[i];
        char* bin = binary_[i].data();
        auto binary = [&](const void* data, std::size_t size) {
            // libpq reads a null pointer as SQL NULL; an empty vector's data() may be one.
            values_[i] = data ? static_cast<const char*>(data) : "";
            lengths_[i] = static_cast<int>(size);
            formats_[i] = 1;
        };
        auto text = [&](const char* data) {
            values_[i] = data;
            lengths_[i] = 0;
            formats_[i] = 0;
        };
        auto text_form = [&] {
            std::string& s = text_[i];
            s.clear();
            append_text_form(s, v);
            text(s.c_str());
        };
        switch (v.kind()) {
            case ValueKind::Null:
                text(nullptr);
                break;
            case ValueKind::Boolean:
                if (type != kBool) {
                    text(*v.get_if<bool>() ? "true" : "false");
                    break;
                }
                bin[0] = *v.get_if<bool>() ? 1 : 0;
                binary(bin, 1);
                break;
            case ValueKind::Integer: {
                const std::int64_t n = *v.get_if<std::int64_t>();
                if (type == kInt8) {
                    put64(bin, static_cast<std::uint64_t>(n));
                    binary(bin, 8);
                } else if (type == kInt4 && n >= INT32_MIN && n <= INT32_MAX) {
                    put32(bin, static_cast<std::uint32_t>(n));
                    binary(bin, 4);
                } else if (type == kInt2 && n >= INT16_MIN && n <= INT16_MAX) {
                    put16(bin, static_cast<std::uint16_t>(n));
                    binary(bin, 2);
                } else {
                    text_form();  // the server reports what does not fit
                }
                break;
            }
            case ValueKind::Double:
                if (type != kFloat8) {
                    text_form();
                    break;
                }
                put64(bin, std::bit_cast<std::uint64_t>(*v.get_if<double>()));
                binary(bin, 8);
                break;
            case ValueKind::String: {
                const std::string& s = *v.get_if<std::string>();
                if (binary_string(type))
                    binary(s.data(), s.size());
                else
                    text(s.c_str());
                break;
            }
            case ValueKind::Bytes: {
                if (type != kBytea) {
                    text_form();
                    break;
                }
                const Bytes& b = *v.get_if<Bytes>();
                binary(b.data(), b.size());
                break;
            }
            case ValueKind::Date:
                if (type != kDate) {
                    text_form();
                    break;
                }
                put32(bin, static_cast<std::uint32_t>(
                               std::chrono::sys_days{*v.get_if<std::chrono::year_month_day>()}
                                   .time_since_epoch()
                                   .count() -
                               kEpochDays));
                binary(bin, 4);
                break;
            case ValueKind::Time:
                if (type != kTime) {
                    text_form();
                    break;
                }
                put64(bin,
                      static_cast<std::uint64_t>(v.get_if<TimeOfDay>()->since_midnight.count()));
                binary(bin, 8);
                break;
            case ValueKind::Timestamp:
                if (type != kTimestamp && type != kTimestamptz) {
                    text_form();
                    break;
                }
                put64(bin,
                      static_cast<std::uint64_t>(
                          v.get_if<Timestamp>()->time.time_since_epoch().count() - kEpochMicros));
                binary(bin, 8);
                break;
            case ValueKind::Interval: {
                if (type != kInterval) {
                    text_form();
                    break;
                }
                const IntervalValue& iv = *v.get_if<IntervalValue>();
                put64(bin, static_cast<std::uint64_t>(iv.microseconds));
                put32(bin + 8, static_cast<std::uint32_t>(iv.days));
                put32(bin + 12, static_cast<std::uint32_t>(iv.months));
                binary(bin, 16);
                break;
            }
            case ValueKind::Decimal:
                text(v.get_if<Decimal>()->text.c_str());
                break;
            case ValueKind::Uuid:
                if (type != kUuid) {
                    text_form();
                    break;
                }
                binary(v.get_if<Uuid>()->bytes.data(), 16);
                break;
            case ValueKind::Json: {
                const std::string& s = v.get_if<Json>()->text;
                if (type == kJson)
                    binary(s.data(), s.size());
                else
                    text(s.c_str());
                break;
            }
            case ValueKind::List:
                text_form();
                break;
        }
    }
}

PGresult* PgStatement::run_prepared() {
    return PQexecPrepared(connection_.handle(), name_.c_str(), parameter_count(), values(),
                          lengths(), formats(), result_format());
}

namespace {
/// The server refuses to run a plan whose result columns changed (ALTER TABLE under a SELECT *)
/// before it runs anything, so parsing it again and retrying is safe, outside a transaction.
bool stale_plan(PGconn* conn, const PGresult* result) {
    if (!result || PQtransactionStatus(conn) != PQTRANS_IDLE) return false;
    const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
    const char* message = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
    return state && message && std::strcmp(state, "0A000") == 0 &&
           std::strcmp(message, "cached plan must not change result type") == 0;
}
}  // namespace

DriverCursor& PgStatement::execute(const BoundStatement& bound) {
    cursor_.clear();
    validate(bound);
    encode(bound);
    ResultPtr result(run_prepared());
    if (failed(result.get()) && stale_plan(connection_.handle(), result.get())) {
        ParsedStatement fresh = connection_.parse(sql_, declared_types_);
        connection_.forget_statement(std::move(name_));
        adopt(std::move(fresh));
        validate(bound);
        encode(bound);  // the parameter types may have changed too
        result.reset(run_prepared());
    }
    if (result && (PQresultStatus(result.get()) == PGRES_COPY_IN ||
                   PQresultStatus(result.get()) == PGRES_COPY_OUT)) {
        PGconn* c = connection_.handle();
        leave_copy(c, PQresultStatus(result.get()));
        while (PGresult* rest = PQgetResult(c))
            PQclear(rest);
        DatabaseError::Details d;
        d.message = "COPY ... STDIN / STDOUT cannot run as a prepared statement";
        d.sql = sql_;
        throw NotSupportedError(std::move(d));
    }
    if (failed(result.get())) connection_.fail(result.get(), sql_, &bound);
    cursor_.attach(std::move(result), binary_results_);
    return cursor_;
}

// --- connection

PgConnection::PgConnection(ConnPtr conn, const DriverOptions& options)
    : conn_(std::move(conn)), options_(options), isolation_level_(options.isolation_level) {
    // Notices (DROP ... IF EXISTS skipping, ...) would go to stderr; nobody asked for them.
    PQsetNoticeProcessor(
        conn_.get(), [](void*, const char*) {}, nullptr);
    if (PQserverVersion(conn_.get()) < 100000) {
        DatabaseError::Details d;
        d.message = "PostgreSQL " + std::string(PQparameterStatus(conn_.get(), "server_version")) +
                    " is not supported (10 or later is required)";
        throw NotSupportedError(std::move(d));
    }
    // Our Timestamp is a UTC instant; timestamptz text and date arithmetic follow the session.
    run("SET TIME ZONE 'UTC'");
    const char* version = PQparameterStatus(conn_.get(), "server_version");
    server_version_ = version ? version : "";
    // "15.4 (Debian 15.4-1)": the number is what callers compare.
    if (auto space = server_version_.find(' '); space != std::string::npos)
        server_version_.resize(space);
}

PgConnection::~PgConnection() = default;

const Dialect& PgConnection::dialect() const noexcept {
    return postgresql_dialect();
}

void PgConnection::fail(const PGresult* result, std::string_view sql,
                        const BoundStatement* bound) const {
    DatabaseError::Details d;
    const char* primary = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    if (primary) {
        d.message = primary;
        // A DETAIL quotes values ("Key (email)=(...) already exists"): hidden with parameters.
        const char* detail = PQresultErrorField(result, PG_DIAG_MESSAGE_DETAIL);
        if (detail && !options_.hide_parameters) d.message += std::string("\nDETAIL: ") + detail;
        const char* hint = PQresultErrorField(result, PG_DIAG_MESSAGE_HINT);
        if (hint) d.message += std::string("\nHINT: ") + hint;
    } else {
        d.message = trimmed(result ? PQresultErrorMessage(result) : nullptr);
        if (d.message.empty()) d.message = trimmed(PQerrorMessage(conn_.get()));
        if (d.message.empty()) d.message = "unexpected result from the server";
    }
    const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    if (state) d.sqlstate = state;
    d.sql = std::string(sql);
    if (bound) {
        if (options_.hide_parameters) {
            d.parameters_hidden = true;
        } else {
            d.parameters.reserve(bound->parameters.size());
            for (const Value* p : bound->parameters)
                d.parameters.push_back(p->to_display_string());
        }
    }
    throw_error(std::move(d), PQstatus(conn_.get()) == CONNECTION_BAD);
}

std::string PgConnection::run(std::string_view sql) {
    PGconn* c = conn_.get();
    const std::string text(sql);
    if (!PQsendQuery(c, text.c_str())) fail(nullptr, text, nullptr);
    ResultPtr error;
    std::string status;
    while (PGresult* raw = PQgetResult(c)) {
        ResultPtr result(raw);
        switch (PQresultStatus(raw)) {
            case PGRES_COMMAND_OK:
            case PGRES_TUPLES_OK:
            case PGRES_EMPTY_QUERY:
                status = PQcmdStatus(raw);
                break;
            case PGRES_COPY_IN:
            case PGRES_COPY_OUT:
                // A COPY FROM STDIN then reports its error as the next result.
                leave_copy(c, PQresultStatus(raw));
                break;
            default:
                if (!error) error = std::move(result);
        }
        if (PQstatus(c) == CONNECTION_BAD && !error) error = std::move(result);
    }
    if (error || PQstatus(c) == CONNECTION_BAD) fail(error.get(), text, nullptr);
    return status;
}

void PgConnection::execute_script(std::string_view sql) {
    run(sql);
}

void PgConnection::forget_statement(std::string name) noexcept {
    try {
        forgotten_.push_back(std::move(name));
    } catch (...) {
        // Out of memory: the server keeps the statement until the connection closes.
    }
}

void PgConnection::deallocate_forgotten() {
    // Only outside a transaction: a failing DEALLOCATE must not abort the caller's work.
    if (forgotten_.empty() || PQtransactionStatus(conn_.get()) != PQTRANS_IDLE) return;
    std::string sql;
    for (const auto& name : forgotten_)
        sql += "DEALLOCATE " + name + ";";
    forgotten_.clear();
    try {
        run(sql);
    } catch (const DisconnectionError&) {
        throw;
    } catch (const DatabaseError&) {
        // Already gone (DISCARD ALL, DEALLOCATE ALL): nothing to free.
    }
}

std::unique_ptr<DriverStatement> PgConnection::prepare(std::string_view sql,
                                                       const CompiledForm* form) {
    deallocate_forgotten();
    std::vector<Oid> declared;
    // An expanded IN list has more placeholders than the form has slots: the server infers those.
    if (form && !form->has_expanding()) {
        declared.reserve(form->slots().size());
        for (const auto& slot : form->slots())
            declared.push_back(parameter_oid(slot.type));
    }
    std::string text(sql);
    ParsedStatement parsed = parse(text, declared);
    return std::make_unique<PgStatement>(*this, std::move(text), std::move(declared),
                                         std::move(parsed));
}

ParsedStatement PgConnection::parse(const std::string& sql, const std::vector<Oid>& declared) {
    PGconn* c = conn_.get();
    ParsedStatement out;
    out.name = "retort_" + std::to_string(++statement_counter_);
    // Parse and Describe travel in one pipeline: one round trip yields the statement, the
    // parameter types the server resolved, and the result column types.
    if (PQenterPipelineMode(c) != 1) fail(nullptr, sql, nullptr);
    const bool sent =
        PQsendPrepare(c, out.name.c_str(), sql.c_str(), static_cast<int>(declared.size()),
                      declared.empty() ? nullptr : declared.data()) == 1 &&
        PQsendDescribePrepared(c, out.name.c_str()) == 1 && PQpipelineSync(c) == 1;
    ResultPtr parsed, described, sync;
    if (sent) {
        parsed = next_pipeline_result(c);
        if (parsed) described = next_pipeline_result(c);
        if (described) sync = next_pipeline_result(c);
    }
    const bool complete = sync && PQresultStatus(sync.get()) == PGRES_PIPELINE_SYNC;
    if (!complete || PQexitPipelineMode(c) != 1) {
        // The protocol state is unknown: report the first server error, else the connection's.
        fail(parsed && failed(parsed.get()) ? parsed.get() : nullptr, sql, nullptr);
    }
    if (failed(parsed.get())) fail(parsed.get(), sql, nullptr);
    if (failed(described.get())) fail(described.get(), sql, nullptr);
    out.parameter_types.resize(static_cast<std::size_t>(PQnparams(described.get())));
    for (std::size_t i = 0; i < out.parameter_types.size(); ++i)
        out.parameter_types[i] = PQparamtype(described.get(), static_cast<int>(i));
    out.result_types.resize(static_cast<std::size_t>(PQnfields(described.get())));
    for (std::size_t i = 0; i < out.result_types.size(); ++i)
        out.result_types[i] = PQftype(described.get(), static_cast<int>(i));
    return out;
}

namespace {
/// Appends `text` in COPY's text format: backslash, tab, newline and carriage return escaped.
void append_copy_text(std::string& out, std::string_view text) {
    for (char ch : text) {
        switch (ch) {
            case '\\':
                out += "\\\\";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            default:
                out.push_back(ch);
        }
    }
}
}  // namespace

std::optional<std::int64_t> PgConnection::bulk_insert(std::string_view target,
                                                      std::span<const BoundStatement> rows,
                                                      std::span<const std::uint32_t> order) {
    // Values COPY's text form cannot carry take the INSERT path, which reports them.
    for (const auto& row : rows)
        for (std::uint32_t k : order) {
            const Value& v = *row.parameters[k];
            if (v.kind() == ValueKind::List || has_nul(v)) return std::nullopt;
        }
    PGconn* c = conn_.get();
    const std::string sql = "COPY " + std::string(target) + " FROM STDIN";
    ResultPtr started(PQexec(c, sql.c_str()));
    if (!started || PQresultStatus(started.get()) != PGRES_COPY_IN)
        fail(started.get(), sql, nullptr);

    // Rows go out in chunks; a server-side failure (a duplicate key) arrives after the end.
    constexpr std::size_t kChunk = 256 * 1024;
    std::string buffer, text;
    buffer.reserve(kChunk + 4096);
    bool sent = true;
    for (const auto& row : rows) {
        for (std::size_t k = 0; k < order.size(); ++k) {
            if (k) buffer.push_back('\t');
            const Value& v = *row.parameters[order[k]];
            if (v.is_null()) {
                buffer += "\\N";
                continue;
            }
            text.clear();
            append_text_form(text, v);
            append_copy_text(buffer, text);
        }
        buffer.push_back('\n');
        if (buffer.size() >= kChunk) {
            sent = PQputCopyData(c, buffer.data(), static_cast<int>(buffer.size())) == 1;
            buffer.clear();
            if (!sent) break;
        }
    }
    if (sent && !buffer.empty())
        sent = PQputCopyData(c, buffer.data(), static_cast<int>(buffer.size())) == 1;
    if (PQputCopyEnd(c, sent ? nullptr : "retort: sending rows failed") != 1)
        fail(nullptr, sql, nullptr);
    ResultPtr error;
    std::int64_t loaded = -1;
    while (PGresult* raw = PQgetResult(c)) {
        ResultPtr result(raw);
        if (PQresultStatus(raw) == PGRES_COMMAND_OK) {
            loaded = std::strtoll(PQcmdTuples(raw), nullptr, 10);
        } else if (!error) {
            error = std::move(result);
        }
    }
    if (error || !sent || PQstatus(c) == CONNECTION_BAD) fail(error.get(), sql, nullptr);
    return loaded;
}

std::int64_t PgConnection::execute_many(DriverStatement& statement,
                                        std::span<const BoundStatement> batch) {
    auto* pg = dynamic_cast<PgStatement*>(&statement);
    if (!pg) return DriverConnection::execute_many(statement, batch);
    pg->reset();
    if (batch.empty()) return 0;
    // Every row is checked before the first is sent, so a bad row cannot leave half a batch.
    for (const auto& bound : batch)
        pg->validate(bound);

    PGconn* c = conn_.get();
    if (PQenterPipelineMode(c) != 1) fail(nullptr, pg->sql(), nullptr);
    // Results are read while sending once this many are outstanding; a flush request makes the
    // server send them without waiting for the sync.
    constexpr std::size_t kWindow = 512;
    std::size_t sent = 0, received = 0;
    std::int64_t total = 0;
    bool known = true;
    ResultPtr error;
    std::size_t error_index = 0;
    bool broken = false;
    auto receive = [&] {
        ResultPtr r = next_pipeline_result(c);
        if (!r) {
            broken = true;
            return;
        }
        const std::size_t index = received++;
        switch (PQresultStatus(r.get())) {
            case PGRES_COMMAND_OK:
            case PGRES_TUPLES_OK: {
                const std::int64_t n = affected(r.get());
                if (n < 0) known = false;
                total += n;
                break;
            }
            case PGRES_PIPELINE_ABORTED:
                break;
            default:
                if (!error) {
                    error = std::move(r);
                    error_index = index;
                }
        }
        if (PQstatus(c) == CONNECTION_BAD) broken = true;
    };
    for (const auto& bound : batch) {
        pg->encode(bound);
        if (PQsendQueryPrepared(c, pg->name().c_str(), pg->parameter_count(), pg->values(),
                                pg->lengths(), pg->formats(), pg->result_format()) != 1) {
            broken = true;
            break;
        }
        ++sent;
        if (sent - received >= kWindow) {
            if (PQsendFlushRequest(c) != 1 || PQflush(c) < 0) {
                broken = true;
                break;
            }
            while (!broken && sent - received > kWindow / 2)
                receive();
            if (broken) break;
        }
    }
    if (!broken && PQpipelineSync(c) != 1) broken = true;
    while (!broken && received < sent)
        receive();
    if (!broken) {
        ResultPtr sync = next_pipeline_result(c);
        broken = !sync || PQresultStatus(sync.get()) != PGRES_PIPELINE_SYNC;
    }
    if (broken || PQexitPipelineMode(c) != 1) {
        // The connection is gone or out of step: report it as lost so the pool drops it.
        DatabaseError::Details d;
        d.message = trimmed(PQerrorMessage(c));
        if (d.message.empty()) d.message = "the pipeline lost its connection";
        if (error) {
            const char* state = PQresultErrorField(error.get(), PG_DIAG_SQLSTATE);
            if (state) d.sqlstate = state;
        }
        d.sql = pg->sql();
        throw DisconnectionError(std::move(d));
    }
    if (error) fail(error.get(), pg->sql(), &batch[error_index]);
    return known ? total : -1;
}

void PgConnection::begin(IsolationLevel level) {
    if (level == IsolationLevel::Default) level = isolation_level_;
    std::string sql = "BEGIN";
    if (level != IsolationLevel::Default) {
        sql += " ISOLATION LEVEL ";
        sql += isolation_level_sql(level);
    }
    run(sql);
}

void PgConnection::commit() {
    // COMMIT of a failed transaction answers ROLLBACK without an error; the caller must know
    // that nothing was saved.
    if (run("COMMIT") == "ROLLBACK")
        throw InvalidRequestError(
            "COMMIT rolled the transaction back: a statement in it had failed");
}

void PgConnection::rollback() {
    run("ROLLBACK");
}

bool PgConnection::ping() noexcept {
    PGconn* c = conn_.get();
    if (!c || PQstatus(c) != CONNECTION_OK || PQpipelineStatus(c) != PQ_PIPELINE_OFF) return false;
    ResultPtr result(PQexec(c, ""));
    if (!result || PQstatus(c) != CONNECTION_OK) return false;
    const auto status = PQresultStatus(result.get());
    return status == PGRES_EMPTY_QUERY || status == PGRES_COMMAND_OK;
}

// --- connecting

std::unique_ptr<DriverConnection> connect(const Url& url, const DriverOptions& options) {
    std::vector<std::pair<std::string, std::string>> settings;
    auto set = [&](std::string key, std::string value) {
        for (auto& s : settings)
            if (s.first == key) {
                s.second = std::move(value);
                return;
            }
        settings.emplace_back(std::move(key), std::move(value));
    };
    if (!url.host().empty()) set("host", url.host());
    if (url.port()) set("port", std::to_string(*url.port()));
    if (!url.username().empty()) set("user", url.username());
    if (url.has_password()) set("password", url.password());
    if (!url.database().empty()) set("dbname", url.database());

    // Query keys are libpq keywords; libpq's own list tells which ones exist.
    std::vector<std::string> known;
    if (PQconninfoOption* defaults = PQconndefaults()) {
        for (PQconninfoOption* o = defaults; o->keyword; ++o)
            known.emplace_back(o->keyword);
        PQconninfoFree(defaults);
    }
    for (const auto& [key, value] : url.query()) {
        if (key == "client_encoding") {
            std::string lower;
            for (char ch : value)
                lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
            if (lower != "utf8" && lower != "utf-8" && lower != "unicode")
                throw ArgumentError("client_encoding=" + value + " in URL '" + masked_url(url) +
                                    "': retort exchanges UTF-8 with PostgreSQL");
            continue;
        }
        bool valid = false;
        for (const auto& k : known)
            valid = valid || k == key;
        if (!valid)
            throw ArgumentError("unknown PostgreSQL connection parameter '" + key + "' in URL '" +
                                masked_url(url) + "'");
        set(key, value);
    }
    set("client_encoding", "UTF8");
    set("fallback_application_name", "retort");

    std::vector<const char*> keywords, values;
    for (const auto& [key, value] : settings) {
        keywords.push_back(key.c_str());
        values.push_back(value.c_str());
    }
    keywords.push_back(nullptr);
    values.push_back(nullptr);
    // expand_dbname = 0: a database name is never read as a connection string.
    ConnPtr conn(PQconnectdbParams(keywords.data(), values.data(), 0));
    if (!conn || PQstatus(conn.get()) != CONNECTION_OK) {
        DatabaseError::Details d;
        d.message = "cannot connect to '" + masked_url(url) + "': " +
                    (conn ? trimmed(PQerrorMessage(conn.get())) : std::string("out of memory"));
        throw OperationalError(std::move(d));
    }
    return std::make_unique<PgConnection>(std::move(conn), options);
}

}  // namespace retort::postgresql
