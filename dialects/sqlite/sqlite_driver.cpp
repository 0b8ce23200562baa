// The SQLite driver: binding Values to sqlite3 parameters without copies, reading columns by the
// type the statement declares, and mapping result codes to the error hierarchy.
#include "sqlite_driver.hpp"

#include <retort/dialects/sqlite.hpp>
#include <retort/engine/value_text.hpp>
#include <retort/errors.hpp>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace retort::sqlite {

namespace {
DatabaseError::Details details_for(sqlite3* db, int code, std::string_view sql,
                                   const BoundStatement* bound, bool hide_parameters) {
    DatabaseError::Details d;
    d.message = db ? sqlite3_errmsg(db) : sqlite3_errstr(code);
    d.native_code = code;
    d.sql = std::string(sql);
    if (bound) {
        if (hide_parameters) {
            d.parameters_hidden = !bound->parameters.empty();
        } else {
            for (const Value* v : bound->parameters)
                d.parameters.push_back(v->to_display_string());
        }
    }
    return d;
}

bool contains(std::string_view haystack, std::string_view needle) {
    return haystack.find(needle) != std::string_view::npos;
}
}  // namespace

void raise_error(sqlite3* db, int code, std::string_view sql, const BoundStatement* bound,
                 bool hide_parameters) {
    int extended = db ? sqlite3_extended_errcode(db) : code;
    if (extended == 0) extended = code;
    auto d = details_for(db, extended, sql, bound, hide_parameters);
    switch (extended & 0xff) {
        case SQLITE_CONSTRAINT:
            throw IntegrityError(std::move(d));
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            d.retryable = true;
            throw OperationalError(std::move(d));
        case SQLITE_TOOBIG:
        case SQLITE_MISMATCH:
            throw DataError(std::move(d));
        case SQLITE_RANGE:
            throw ProgrammingError(std::move(d));
        case SQLITE_MISUSE:
        case SQLITE_INTERNAL:
            throw InternalError(std::move(d));
        case SQLITE_ERROR:
            // SQLITE_ERROR covers syntax errors and missing objects as well as a few runtime
            // failures; the message tells them apart.
            if (contains(d.message, "syntax error") || contains(d.message, "no such") ||
                contains(d.message, "has no column") || contains(d.message, "already exists") ||
                contains(d.message, "incomplete input") ||
                contains(d.message, "unrecognized token") ||
                contains(d.message, "ambiguous column") || contains(d.message, "misuse") ||
                contains(d.message, "wrong number of arguments"))
                throw ProgrammingError(std::move(d));
            if (contains(d.message, "not supported") || contains(d.message, "not authorized"))
                throw NotSupportedError(std::move(d));
            throw OperationalError(std::move(d));
        default:
            throw OperationalError(std::move(d));
    }
}

// --- statement

SqliteStatement::SqliteStatement(SqliteConnection& connection, sqlite3_stmt* statement,
                                 std::string sql)
    : connection_(connection), statement_(statement), sql_(std::move(sql)) {}

SqliteStatement::~SqliteStatement() {
    sqlite3_finalize(statement_);
}

void SqliteStatement::fail(int code) {
    sqlite3* db = connection_.handle();
    // Capture the message before reset() overwrites it.
    try {
        raise_error(db, code, sql_, bound_, connection_.options().hide_parameters);
    } catch (...) {
        sqlite3_reset(statement_);
        done_ = true;
        pending_row_ = false;
        throw;
    }
}

void SqliteStatement::bind(const BoundStatement& bound) {
    const int expected = sqlite3_bind_parameter_count(statement_);
    if (static_cast<std::size_t>(expected) != bound.parameters.size()) {
        DatabaseError::Details d;
        d.message = "statement takes " + std::to_string(expected) + " parameters but " +
                    std::to_string(bound.parameters.size()) + " were given";
        d.sql = sql_;
        throw ProgrammingError(std::move(d));
    }
    // One reusable string per parameter: their buffers outlive the bind (SQLITE_STATIC) and
    // keep their capacity from row to row, so binding a timestamp allocates nothing.
    if (scratch_.size() < bound.parameters.size()) scratch_.resize(bound.parameters.size());
    for (int i = 0; i < expected; ++i) {
        const Value& v = *bound.parameters[static_cast<std::size_t>(i)];
        int rc = SQLITE_OK;
        const int index = i + 1;
        switch (v.kind()) {
            case ValueKind::Null:
                rc = sqlite3_bind_null(statement_, index);
                break;
            case ValueKind::Boolean:
                rc = sqlite3_bind_int(statement_, index, *v.get_if<bool>() ? 1 : 0);
                break;
            case ValueKind::Integer:
                rc = sqlite3_bind_int64(statement_, index, *v.get_if<std::int64_t>());
                break;
            case ValueKind::Double:
                rc = sqlite3_bind_double(statement_, index, *v.get_if<double>());
                break;
            case ValueKind::String: {
                const auto& s = *v.get_if<std::string>();
                rc = sqlite3_bind_text64(statement_, index, s.data(), s.size(), SQLITE_STATIC,
                                         SQLITE_UTF8);
                break;
            }
            case ValueKind::Bytes: {
                const auto& b = *v.get_if<Bytes>();
                rc = sqlite3_bind_blob64(statement_, index,
                                         b.empty() ? "" : static_cast<const void*>(b.data()),
                                         b.size(), SQLITE_STATIC);
                break;
            }
            case ValueKind::Json: {
                const auto& s = v.get_if<Json>()->text;
                rc = sqlite3_bind_text64(statement_, index, s.data(), s.size(), SQLITE_STATIC,
                                         SQLITE_UTF8);
                break;
            }
            case ValueKind::Decimal: {
                // As a number (SQLAlchemy binds a float): text would compare greater than every
                // number where no NUMERIC affinity applies (sum(x) > ?, a CTE column). Integers
                // stay exact; others become the REAL that NUMERIC affinity stores anyway.
                const auto& s = v.get_if<Decimal>()->text;
                const char* end = s.data() + s.size();
                std::int64_t n = 0;
                double d = 0;
                if (auto [p, ec] = std::from_chars(s.data(), end, n); ec == std::errc{} && p == end)
                    rc = sqlite3_bind_int64(statement_, index, n);
                else if (auto [q, ec2] = std::from_chars(s.data(), end, d);
                         ec2 == std::errc{} && q == end && std::isfinite(d))
                    rc = sqlite3_bind_double(statement_, index, d);
                else
                    rc = sqlite3_bind_text64(statement_, index, s.data(), s.size(), SQLITE_STATIC,
                                             SQLITE_UTF8);
                break;
            }
            case ValueKind::Interval: {
                const auto& iv = *v.get_if<IntervalValue>();
                if (iv.months != 0)
                    throw DataError(
                        "an interval with months cannot be stored in SQLite (stored as "
                        "microseconds)");
                rc = sqlite3_bind_int64(statement_, index,
                                        iv.days * 86400000000LL + iv.microseconds);
                break;
            }
            case ValueKind::Date:
            case ValueKind::Time:
            case ValueKind::Timestamp:
            case ValueKind::Uuid: {
                // Text forms SQLAlchemy uses for SQLite, so both read each other's rows.
                std::string& s = scratch_[static_cast<std::size_t>(i)];
                s.clear();
                if (auto* d = v.get_if<std::chrono::year_month_day>())
                    s += format_date(*d);
                else if (auto* t = v.get_if<TimeOfDay>())
                    s += format_time(*t);
                else if (auto* ts = v.get_if<Timestamp>()) {
                    append_timestamp(s, *ts);
                    if (s.size() == 19) s += ".000000";  // SQLAlchemy's fixed-width form sorts
                } else
                    s += v.get_if<Uuid>()->to_hex();
                rc = sqlite3_bind_text64(statement_, index, s.data(), s.size(), SQLITE_STATIC,
                                         SQLITE_UTF8);
                break;
            }
            case ValueKind::List:
                throw ProgrammingError(DatabaseError::Details{
                    "a list value reached the driver; lists belong to expanding IN parameters",
                    "",
                    0,
                    sql_,
                    {},
                    false,
                    false});
        }
        if (rc != SQLITE_OK) fail(rc);
    }
}

DriverCursor& SqliteStatement::execute(const BoundStatement& bound) {
    if (!done_ || pending_row_) sqlite3_reset(statement_);
    bound_ = &bound;
    bind(bound);
    last_insert_id_.reset();
    int rc = sqlite3_step(statement_);
    if (rc == SQLITE_ROW) {
        pending_row_ = true;
        done_ = false;
        rows_affected_ = -1;
    } else if (rc == SQLITE_DONE) {
        pending_row_ = false;
        done_ = true;
        sqlite3* db = connection_.handle();
        rows_affected_ = sqlite3_column_count(statement_) == 0 ? sqlite3_changes64(db) : -1;
        last_insert_id_ = sqlite3_last_insert_rowid(db);
        sqlite3_reset(statement_);
    } else {
        fail(rc);
    }
    return *this;
}

void SqliteStatement::reset() noexcept {
    sqlite3_reset(statement_);
    pending_row_ = false;
    done_ = true;
}

void SqliteStatement::load_types() {
    const int n = sqlite3_column_count(statement_);
    types_.resize(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i)
        types_[static_cast<std::size_t>(i)] =
            static_cast<unsigned char>(sqlite3_column_type(statement_, i));
    types_ready_ = true;
}

bool SqliteStatement::next() {
    types_ready_ = false;
    if (pending_row_) {
        pending_row_ = false;
        return true;
    }
    if (done_) return false;
    int rc = sqlite3_step(statement_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) {
        done_ = true;
        // RETURNING statements change rows while they are stepped.
        rows_affected_ = sqlite3_changes64(connection_.handle());
        sqlite3_reset(statement_);
        return false;
    }
    fail(rc);
}

std::size_t SqliteStatement::column_count() const noexcept {
    return static_cast<std::size_t>(sqlite3_column_count(statement_));
}

std::string_view SqliteStatement::column_name(std::size_t index) const {
    const char* name = sqlite3_column_name(statement_, static_cast<int>(index));
    return name ? std::string_view(name) : std::string_view();
}

bool SqliteStatement::is_null(std::size_t index) {
    return column_type(index) == SQLITE_NULL;
}

void SqliteStatement::conversion_error(std::size_t index, std::string_view wanted) {
    static constexpr const char* names[] = {"?", "INTEGER", "REAL", "TEXT", "BLOB", "NULL"};
    int type = sqlite3_column_type(statement_, static_cast<int>(index));
    throw DataError("column '" + std::string(column_name(index)) + "' holds a SQLite " +
                    (type >= 1 && type <= 5 ? names[type] : "value") + " that cannot be read as " +
                    std::string(wanted));
}

std::int64_t SqliteStatement::get_int64(std::size_t index) {
    const int i = static_cast<int>(index);
    switch (column_type(index)) {
        case SQLITE_INTEGER:
            return sqlite3_column_int64(statement_, i);
        case SQLITE_FLOAT: {
            double d = sqlite3_column_double(statement_, i);
            auto n = static_cast<std::int64_t>(d);
            if (static_cast<double>(n) != d)
                conversion_error(index, "an integer (it has a fraction)");
            return n;
        }
        case SQLITE_TEXT: {
            try {
                return parse_int64(get_text(index));
            } catch (const DataError&) {
                conversion_error(index, "an integer");
            }
        }
        default:
            conversion_error(index, "an integer");
    }
}

double SqliteStatement::get_double(std::size_t index) {
    const int i = static_cast<int>(index);
    switch (column_type(index)) {
        case SQLITE_INTEGER:
        case SQLITE_FLOAT:
            return sqlite3_column_double(statement_, i);
        case SQLITE_TEXT:
            try {
                return parse_double(get_text(index));
            } catch (const DataError&) {
                conversion_error(index, "a number");
            }
        default:
            conversion_error(index, "a number");
    }
}

std::string_view SqliteStatement::get_text(std::size_t index) {
    const int i = static_cast<int>(index);
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement_, i));
    int size = sqlite3_column_bytes(statement_, i);
    return text ? std::string_view(text, static_cast<std::size_t>(size)) : std::string_view();
}

Value SqliteStatement::get_value(std::size_t index, const SqlType& hint) {
    const int i = static_cast<int>(index);
    const int type = column_type(index);
    if (type == SQLITE_NULL) return Value{};
    try {
        switch (hint.kind) {
            case TypeKind::Integer:
            case TypeKind::SmallInteger:
            case TypeKind::BigInteger:
                return get_int64(index);
            case TypeKind::Boolean:
                return get_int64(index) != 0;
            case TypeKind::Float:
            case TypeKind::Double:
                return get_double(index);
            case TypeKind::Numeric:
                if (type == SQLITE_INTEGER)
                    return Decimal{std::to_string(sqlite3_column_int64(statement_, i))};
                if (type == SQLITE_FLOAT) {
                    char buf[32];
                    std::snprintf(buf, sizeof buf, "%.15g", sqlite3_column_double(statement_, i));
                    return Decimal{buf};
                }
                return Decimal{std::string(get_text(index))};
            case TypeKind::Interval:
                return IntervalValue(0, 0, get_int64(index));
            case TypeKind::LargeBinary: {
                const auto* data =
                    static_cast<const std::uint8_t*>(sqlite3_column_blob(statement_, i));
                int size = sqlite3_column_bytes(statement_, i);
                return Bytes(data, data + size);
            }
            case TypeKind::UUID:
                if (type == SQLITE_BLOB && sqlite3_column_bytes(statement_, i) == 16) {
                    Uuid u;
                    std::memcpy(u.bytes.data(), sqlite3_column_blob(statement_, i), 16);
                    return u;
                }
                return Uuid::parse(get_text(index));
            case TypeKind::Null:
                break;
            default:
                if (type == SQLITE_TEXT || hint.is_string())
                    return value_from_text(get_text(index), hint);
                if (hint.kind == TypeKind::DateTime || hint.kind == TypeKind::Date ||
                    hint.kind == TypeKind::Time)
                    conversion_error(index, type_kind_name(hint.kind));
                break;
        }
    } catch (const ArgumentError& e) {
        conversion_error(index, std::string(type_kind_name(hint.kind)) + " (" + e.what() + ")");
    }
    switch (type) {
        case SQLITE_INTEGER:
            return sqlite3_column_int64(statement_, i);
        case SQLITE_FLOAT:
            return sqlite3_column_double(statement_, i);
        case SQLITE_TEXT:
            return std::string(get_text(index));
        default: {
            const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(statement_, i));
            int size = sqlite3_column_bytes(statement_, i);
            return Bytes(data, data + size);
        }
    }
}

// --- connection

SqliteConnection::SqliteConnection(const Url& url, const DriverOptions& options)
    : options_(options) {
    std::string path = url.is_memory() ? std::string(":memory:") : url.database();
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
    if (auto mode = url.query_value("mode"); mode && *mode == "ro")
        flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close(db_);
        db_ = nullptr;
        DatabaseError::Details d;
        d.message = "cannot open SQLite database '" + url.to_string() + "': " + message;
        d.native_code = rc;
        throw OperationalError(std::move(d));
    }
    sqlite3_extended_result_codes(db_, 1);
    // A busy database waits a little before failing, as Python's sqlite3 does (5 s).
    int timeout_ms = 5000;
    if (auto t = url.query_value("timeout")) timeout_ms = static_cast<int>(parse_double(*t) * 1000);
    sqlite3_busy_timeout(db_, timeout_ms);
    // Foreign keys are enforced, like the other databases (SQLite leaves them off by default).
    bool foreign_keys = url.query_value("foreign_keys").value_or("true") != "false";
    execute_script(foreign_keys ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF");
    if (options_.isolation_level == IsolationLevel::ReadUncommitted)
        execute_script("PRAGMA read_uncommitted = 1");
}

SqliteConnection::~SqliteConnection() {
    // Statements are finalized by their owners before the connection closes; close_v2 keeps the
    // database alive until they are, should one outlive us.
    if (db_) sqlite3_close_v2(db_);
}

const Dialect& SqliteConnection::dialect() const noexcept {
    return sqlite_dialect();
}

std::unique_ptr<DriverStatement> SqliteConnection::prepare(std::string_view sql,
                                                           const CompiledForm*) {
    sqlite3_stmt* statement = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &statement, &tail);
    if (rc != SQLITE_OK) raise_error(db_, rc, sql, nullptr, options_.hide_parameters);
    if (!statement) {
        DatabaseError::Details d;
        d.message = "the SQL text holds no statement";
        d.sql = std::string(sql);
        throw ProgrammingError(std::move(d));
    }
    return std::make_unique<SqliteStatement>(*this, statement, std::string(sql));
}

void SqliteConnection::execute_script(std::string_view sql) {
    std::string text(sql);
    char* error = nullptr;
    int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
    if (error) sqlite3_free(error);
    if (rc != SQLITE_OK) raise_error(db_, rc, sql, nullptr, options_.hide_parameters);
}

void SqliteConnection::begin(IsolationLevel level) {
    (void)level;  // SQLite transactions are serializable; read uncommitted is a connection pragma
    execute_script("BEGIN");
}

void SqliteConnection::commit() {
    execute_script("COMMIT");
}

void SqliteConnection::rollback() {
    // A failed statement may already have ended the transaction; rolling back then is a no-op.
    if (!sqlite3_get_autocommit(db_)) execute_script("ROLLBACK");
}

void SqliteConnection::set_isolation_level(IsolationLevel level) {
    options_.isolation_level = level;
    execute_script(level == IsolationLevel::ReadUncommitted ? "PRAGMA read_uncommitted = 1"
                                                            : "PRAGMA read_uncommitted = 0");
}

bool SqliteConnection::ping() noexcept {
    return db_ != nullptr;
}

bool SqliteConnection::in_transaction() const noexcept {
    return db_ && !sqlite3_get_autocommit(db_);
}

std::string SqliteConnection::server_version() const {
    return sqlite3_libversion();
}

}  // namespace retort::sqlite
