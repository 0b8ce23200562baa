// The MySQL / MariaDB driver on libmariadb: binary-protocol prepared statements with typed
// buffers, buffered cursors, MariaDB array binding for executemany, and transaction control.
#include <errmsg.h>
#include <mysql.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>
#include <deque>
#include <limits>
#include <mutex>

#include <retort/engine/url.hpp>
#include <retort/engine/value_text.hpp>

#include "mysql_driver.hpp"

namespace retort::mysql {

namespace {

// Strict mode makes too-long strings and out-of-range numbers errors instead of warnings with
// silently changed data, which is what PostgreSQL and SQLite users expect.
constexpr std::string_view kSqlMode =
    "STRICT_TRANS_TABLES,STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,"
    "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION";

// Rows sent per COM_STMT_BULK_EXECUTE and the payload bound, so one packet stays well under
// the server's max_allowed_packet (16 MiB by default).
constexpr std::size_t kBulkRows = 1000;
constexpr std::size_t kBulkBytes = 8u << 20;
// Prepared statement handles kept for reuse after their DriverStatement is gone.
constexpr std::size_t kIdleStatements = 64;
// First buffer size for string columns; longer values are fetched again at their length.
constexpr unsigned long kInitialTextBuffer = 256;

struct MysqlCloser {
    void operator()(MYSQL* m) const noexcept { mysql_close(m); }
};
struct ResultCloser {
    void operator()(MYSQL_RES* r) const noexcept { mysql_free_result(r); }
};
using MysqlHandle = std::unique_ptr<MYSQL, MysqlCloser>;
using ResultHandle = std::unique_ptr<MYSQL_RES, ResultCloser>;

std::vector<std::string> render_parameters(const BoundStatement* bound) {
    std::vector<std::string> out;
    if (!bound) return out;
    out.reserve(bound->parameters.size());
    for (const Value* v : bound->parameters)
        out.push_back(v ? v->to_display_string() : "NULL");
    return out;
}

// The state a connection shares with its statements: the native handle (null once closed)
// and the idle prepared statements by SQL.
struct Core {
    MysqlHandle mysql;
    DriverOptions options;
    std::deque<std::pair<std::string, MYSQL_STMT*>> idle;  // most recently used last

    ~Core() { close(); }
    void close() noexcept {
        for (auto& entry : idle)
            mysql_stmt_close(entry.second);
        idle.clear();
        mysql.reset();
    }

    MYSQL_STMT* take_idle(std::string_view sql) noexcept {
        for (auto it = idle.rbegin(); it != idle.rend(); ++it) {
            if (it->first == sql) {
                MYSQL_STMT* s = it->second;
                idle.erase(std::next(it).base());
                return s;
            }
        }
        return nullptr;
    }
    void give_back(std::string sql, MYSQL_STMT* stmt) noexcept {
        if (!mysql) {
            mysql_stmt_close(stmt);  // invalidated by mysql_close: frees client memory only
            return;
        }
        try {
            idle.emplace_back(std::move(sql), stmt);
        } catch (...) {
            mysql_stmt_close(stmt);
            return;
        }
        if (idle.size() > kIdleStatements) {
            mysql_stmt_close(idle.front().second);
            idle.pop_front();
        }
    }

    [[noreturn]] void fail(std::string_view sql, const BoundStatement* bound) const {
        DatabaseError::Details d;
        MYSQL* m = mysql.get();
        d.native_code = static_cast<int>(mysql_errno(m));
        d.sqlstate = mysql_sqlstate(m);
        d.message = mysql_error(m);
        d.sql = std::string(sql);
        d.parameters_hidden = options.hide_parameters && bound && !bound->parameters.empty();
        if (!options.hide_parameters) d.parameters = render_parameters(bound);
        throw_error(std::move(d));
    }

    // Runs SQL over the text protocol, consuming (and checking) every result.
    void query(std::string_view sql) {
        MYSQL* m = mysql.get();
        if (!m) throw DisconnectionError(closed_details(sql));
        if (mysql_real_query(m, sql.data(), static_cast<unsigned long>(sql.size())) != 0)
            fail(sql, nullptr);
        while (true) {
            ResultHandle result(mysql_store_result(m));
            if (!result && mysql_field_count(m) != 0) fail(sql, nullptr);
            int status = mysql_next_result(m);
            if (status > 0) fail(sql, nullptr);
            if (status < 0) break;
        }
    }

    static DatabaseError::Details closed_details(std::string_view sql) {
        DatabaseError::Details d;
        d.message = "the MySQL connection is closed";
        d.sql = std::string(sql);
        return d;
    }
};

[[noreturn]] void fail_statement(MYSQL_STMT* stmt, const Core& core, std::string_view sql,
                                 const BoundStatement* bound) {
    DatabaseError::Details d;
    d.native_code = static_cast<int>(mysql_stmt_errno(stmt));
    d.sqlstate = mysql_stmt_sqlstate(stmt);
    d.message = mysql_stmt_error(stmt);
    if (d.native_code == 0 && core.mysql) {
        d.native_code = static_cast<int>(mysql_errno(core.mysql.get()));
        d.sqlstate = mysql_sqlstate(core.mysql.get());
        d.message = mysql_error(core.mysql.get());
    }
    d.sql = std::string(sql);
    d.parameters_hidden = core.options.hide_parameters && bound && !bound->parameters.empty();
    if (!core.options.hide_parameters) d.parameters = render_parameters(bound);
    throw_error(std::move(d));
}

// ---------------------------------------------------------------------------------------------
// Dates and times as MYSQL_TIME.

MYSQL_TIME to_mysql_date(const std::chrono::year_month_day& date) {
    int year = static_cast<int>(date.year());
    if (!date.ok() || year < 0 || year > 9999)
        throw DataError("date " + format_date(date) + " is outside MySQL's range (0000-9999)");
    MYSQL_TIME t{};
    t.year = static_cast<unsigned>(year);
    t.month = static_cast<unsigned>(date.month());
    t.day = static_cast<unsigned>(date.day());
    t.time_type = MYSQL_TIMESTAMP_DATE;
    return t;
}

MYSQL_TIME to_mysql_datetime(const Timestamp& ts) {
    auto days = std::chrono::floor<std::chrono::days>(ts.time);
    MYSQL_TIME t = to_mysql_date(std::chrono::year_month_day{days});
    auto micros = (ts.time - days).count();
    t.hour = static_cast<unsigned>(micros / 3600000000LL);
    t.minute = static_cast<unsigned>(micros / 60000000LL % 60);
    t.second = static_cast<unsigned>(micros / 1000000LL % 60);
    t.second_part = static_cast<unsigned long>(micros % 1000000LL);
    t.time_type = MYSQL_TIMESTAMP_DATETIME;
    return t;
}

MYSQL_TIME to_mysql_time(const TimeOfDay& time) {
    MYSQL_TIME t{};
    auto micros = time.since_midnight.count();
    if (micros < 0) {
        t.neg = 1;
        micros = -micros;
    }
    t.hour = static_cast<unsigned>(micros / 3600000000LL);
    t.minute = static_cast<unsigned>(micros / 60000000LL % 60);
    t.second = static_cast<unsigned>(micros / 1000000LL % 60);
    t.second_part = static_cast<unsigned long>(micros % 1000000LL);
    t.time_type = MYSQL_TIMESTAMP_TIME;
    return t;
}

std::chrono::year_month_day date_of(const MYSQL_TIME& t) {
    std::chrono::year_month_day d{std::chrono::year{static_cast<int>(t.year)},
                                  std::chrono::month{t.month}, std::chrono::day{t.day}};
    if (!d.ok())
        throw DataError("cannot read the MySQL date " + std::to_string(t.year) + "-" +
                        std::to_string(t.month) + "-" + std::to_string(t.day) +
                        " (a zero date?) as a date");
    return d;
}

std::int64_t micros_of_day(const MYSQL_TIME& t) {
    return ((static_cast<std::int64_t>(t.hour) * 60 + t.minute) * 60 + t.second) * 1000000LL +
           static_cast<std::int64_t>(t.second_part);
}

Timestamp timestamp_of(const MYSQL_TIME& t) {
    std::chrono::sys_time<std::chrono::microseconds> tp = std::chrono::sys_days{date_of(t)};
    if (t.time_type != MYSQL_TIMESTAMP_DATE) tp += std::chrono::microseconds{micros_of_day(t)};
    return Timestamp{tp};
}

TimeOfDay time_of(const MYSQL_TIME& t) {
    auto micros = micros_of_day(t);
    return TimeOfDay{std::chrono::microseconds{t.neg ? -micros : micros}};
}

std::string format_mysql_time(const MYSQL_TIME& t) {
    switch (t.time_type) {
        case MYSQL_TIMESTAMP_DATE:
            return format_date(date_of(t));
        case MYSQL_TIMESTAMP_TIME: {
            // TIME spans -838:59:59 to 838:59:59, beyond a time of day.
            auto micros = micros_of_day(t);
            std::string out = t.neg ? "-" : "";
            auto hours = micros / 3600000000LL;
            if (hours < 10) out += '0';
            out += std::to_string(hours);
            out +=
                format_time(TimeOfDay{std::chrono::microseconds{micros % 3600000000LL}}).substr(2);
            return out;
        }
        default:
            return format_timestamp(timestamp_of(t));
    }
}

// ---------------------------------------------------------------------------------------------
// Parameters.

// Stable storage behind one parameter's MYSQL_BIND.
struct ParamSlot {
    std::int64_t integer = 0;
    double real = 0;
    signed char tiny = 0;
    MYSQL_TIME time{};
    std::string text;
    unsigned long length = 0;
};

std::int64_t interval_micros(const IntervalValue& v) {
    if (v.months != 0)
        throw DataError(
            "MySQL has no interval type: an interval with months cannot be stored as "
            "microseconds (" +
            format_interval(v) + ")");
    return static_cast<std::int64_t>(v.days) * 86400000000LL + v.microseconds;
}

void bind_value(MYSQL_BIND& b, ParamSlot& slot, const Value& value, const SqlType* type) {
    std::memset(&b, 0, sizeof b);
    auto text = [&](const char* data, std::size_t size, enum_field_types t) {
        b.buffer_type = t;
        // The client only reads parameter buffers; a null buffer would be sent as NULL (an
        // empty vector's data() may be one).
        b.buffer = const_cast<char*>(data ? data : "");
        slot.length = static_cast<unsigned long>(size);
        b.buffer_length = slot.length;
        b.length = &slot.length;
    };
    const auto& s = value.storage();
    switch (value.kind()) {
        case ValueKind::Null:
            b.buffer_type = MYSQL_TYPE_NULL;
            return;
        case ValueKind::Boolean:
            slot.tiny = std::get<bool>(s) ? 1 : 0;
            b.buffer_type = MYSQL_TYPE_TINY;
            b.buffer = &slot.tiny;
            return;
        case ValueKind::Integer:
            slot.integer = std::get<std::int64_t>(s);
            b.buffer_type = MYSQL_TYPE_LONGLONG;
            b.buffer = &slot.integer;
            return;
        case ValueKind::Double:
            slot.real = std::get<double>(s);
            b.buffer_type = MYSQL_TYPE_DOUBLE;
            b.buffer = &slot.real;
            return;
        case ValueKind::String: {
            const auto& str = std::get<std::string>(s);
            if (type && type->kind == TypeKind::UUID) {
                // A UUID given as text is stored in its CHAR(32) form like a Uuid value.
                try {
                    slot.text = Uuid::parse(str).to_hex();
                    text(slot.text.data(), slot.text.size(), MYSQL_TYPE_STRING);
                    return;
                } catch (const ArgumentError&) {
                }
            }
            text(str.data(), str.size(), MYSQL_TYPE_STRING);
            return;
        }
        case ValueKind::Bytes: {
            const auto& bytes = std::get<Bytes>(s);
            text(reinterpret_cast<const char*>(bytes.data()), bytes.size(), MYSQL_TYPE_BLOB);
            return;
        }
        case ValueKind::Decimal: {
            const auto& d = std::get<Decimal>(s).text;
            text(d.data(), d.size(), MYSQL_TYPE_STRING);
            return;
        }
        case ValueKind::Json: {
            const auto& j = std::get<Json>(s).text;
            text(j.data(), j.size(), MYSQL_TYPE_STRING);
            return;
        }
        case ValueKind::Uuid:
            slot.text = std::get<Uuid>(s).to_hex();
            text(slot.text.data(), slot.text.size(), MYSQL_TYPE_STRING);
            return;
        case ValueKind::Date:
            slot.time = to_mysql_date(std::get<std::chrono::year_month_day>(s));
            b.buffer_type = MYSQL_TYPE_DATE;
            b.buffer = &slot.time;
            return;
        case ValueKind::Timestamp:
            slot.time = to_mysql_datetime(std::get<Timestamp>(s));
            b.buffer_type = MYSQL_TYPE_DATETIME;
            b.buffer = &slot.time;
            return;
        case ValueKind::Time:
            slot.time = to_mysql_time(std::get<TimeOfDay>(s));
            b.buffer_type = MYSQL_TYPE_TIME;
            b.buffer = &slot.time;
            return;
        case ValueKind::Interval:
            slot.integer = interval_micros(std::get<IntervalValue>(s));
            b.buffer_type = MYSQL_TYPE_LONGLONG;
            b.buffer = &slot.integer;
            return;
        case ValueKind::List:
            throw ArgumentError(
                "a list value reached the MySQL driver unexpanded: lists bind only to "
                "expanding IN parameters");
    }
}

// ---------------------------------------------------------------------------------------------
// Result columns.

enum class Storage : std::uint8_t { Integer, Real, Time, Text };

struct ResultColumn {
    std::string name;
    enum_field_types type = MYSQL_TYPE_NULL;
    unsigned flags = 0;
    unsigned charsetnr = 0;
    Storage storage = Storage::Text;
    std::int64_t integer = 0;
    double real = 0;
    MYSQL_TIME time{};
    std::vector<char> buffer;
    unsigned long length = 0;
    my_bool null = 0;
    my_bool error = 0;
    std::string text;  // get_text of numbers and dates
    bool text_ready = false;

    bool is_unsigned() const noexcept { return (flags & UNSIGNED_FLAG) != 0; }
    bool is_binary() const noexcept { return charsetnr == 63; }
    std::string_view bytes() const noexcept { return {buffer.data(), length}; }
};

Storage storage_for(enum_field_types type) {
    switch (type) {
        case MYSQL_TYPE_TINY:
        case MYSQL_TYPE_SHORT:
        case MYSQL_TYPE_INT24:
        case MYSQL_TYPE_LONG:
        case MYSQL_TYPE_LONGLONG:
        case MYSQL_TYPE_YEAR:
            return Storage::Integer;
        case MYSQL_TYPE_FLOAT:
        case MYSQL_TYPE_DOUBLE:
            return Storage::Real;
        case MYSQL_TYPE_DATE:
        case MYSQL_TYPE_NEWDATE:
        case MYSQL_TYPE_DATETIME:
        case MYSQL_TYPE_DATETIME2:
        case MYSQL_TYPE_TIMESTAMP:
        case MYSQL_TYPE_TIMESTAMP2:
        case MYSQL_TYPE_TIME:
        case MYSQL_TYPE_TIME2:
            return Storage::Time;
        default:
            return Storage::Text;
    }
}

enum_field_types time_buffer_type(enum_field_types type) {
    switch (type) {
        case MYSQL_TYPE_DATE:
        case MYSQL_TYPE_NEWDATE:
            return MYSQL_TYPE_DATE;
        case MYSQL_TYPE_TIME:
        case MYSQL_TYPE_TIME2:
            return MYSQL_TYPE_TIME;
        default:
            return MYSQL_TYPE_DATETIME;
    }
}

bool all_zero(std::string_view digits) {
    return std::all_of(digits.begin(), digits.end(), [](char c) { return c == '0'; });
}

[[noreturn]] void cannot_read(const ResultColumn& c, std::string_view as) {
    throw DataError("cannot read column '" + c.name + "' (MySQL type " +
                    std::to_string(static_cast<int>(c.type)) + ") as " + std::string(as));
}

class MySqlStatement;

class MySqlCursor final : public DriverCursor {
  public:
    explicit MySqlCursor(MySqlStatement& statement) : statement_(statement) {}

    bool next() override;
    std::size_t column_count() const noexcept override;
    std::string_view column_name(std::size_t index) const override;
    bool is_null(std::size_t index) override { return column(index).null != 0; }
    std::int64_t get_int64(std::size_t index) override;
    double get_double(std::size_t index) override;
    std::string_view get_text(std::size_t index) override;
    Value get_value(std::size_t index, const SqlType& hint) override;
    std::int64_t rows_affected() const noexcept override { return affected_; }
    std::optional<std::int64_t> last_insert_id() const noexcept override {
        if (insert_id_ == 0) return std::nullopt;
        return static_cast<std::int64_t>(insert_id_);
    }

    void start(std::int64_t affected, std::uint64_t insert_id, bool has_rows) noexcept {
        affected_ = affected;
        insert_id_ = insert_id;
        has_rows_ = has_rows;
        on_row_ = false;
    }
    void stop() noexcept {
        has_rows_ = false;
        on_row_ = false;
    }

  private:
    ResultColumn& column(std::size_t index);
    const ResultColumn& column(std::size_t index) const;

    MySqlStatement& statement_;
    std::int64_t affected_ = -1;
    std::uint64_t insert_id_ = 0;
    bool has_rows_ = false;
    bool on_row_ = false;
};

class MySqlStatement final : public DriverStatement {
  public:
    MySqlStatement(std::shared_ptr<Core> core, std::string sql, MYSQL_STMT* stmt)
        : core_(std::move(core)), sql_(std::move(sql)), stmt_(stmt), cursor_(*this) {
        param_count_ = mysql_stmt_param_count(stmt_);
    }
    ~MySqlStatement() override {
        if (!prepared_) {
            mysql_stmt_close(stmt_);
            return;
        }
        mysql_stmt_free_result(stmt_);
        if (bulk_active_) {
            unsigned int zero = 0;
            mysql_stmt_attr_set(stmt_, STMT_ATTR_ARRAY_SIZE, &zero);
        }
        core_->give_back(std::move(sql_), stmt_);
    }

    DriverCursor& execute(const BoundStatement& bound) override {
        reset();
        check_open(bound);
        if (!prepared_) reprepare(&bound);
        bind_parameters(bound);
        if (mysql_stmt_execute(stmt_) != 0) {
            // A table gained or lost columns since the prepare: the server ran the statement
            // but the client refuses its rows. Prepare afresh; a query runs again, a statement
            // with effects (INSERT ... RETURNING) is not repeated.
            if (mysql_stmt_errno(stmt_) != CR_NEW_STMT_METADATA) fail(&bound);
            reprepare(&bound);
            if (!rerunnable()) {
                DatabaseError::Details d;
                d.message =
                    "the table changed since the statement was prepared; it ran, but its "
                    "rows could not be read (prepared again for the next execution)";
                d.native_code = CR_NEW_STMT_METADATA;
                d.sql = sql_;
                throw OperationalError(std::move(d));
            }
            bind_parameters(bound);
            if (mysql_stmt_execute(stmt_) != 0) fail(&bound);
        }
        finish_execution(&bound);
        return cursor_;
    }

    void reset() noexcept override {
        cursor_.stop();
        mysql_stmt_free_result(stmt_);
    }

    // MariaDB's array binding: the whole batch (in chunks) in one round trip each. Returns
    // false, having run nothing, when the batch does not suit it (mixed kinds in a column).
    bool execute_bulk(std::span<const BoundStatement> batch, std::int64_t& total);

    bool returns_rows() const noexcept { return mysql_stmt_field_count(stmt_) != 0; }
    unsigned long param_count() const noexcept { return param_count_; }

  private:
    friend class MySqlCursor;

    // Replaces the handle by a fresh prepare of the same SQL. Closing the old one first reads
    // away any result the server still sends for it.
    void reprepare(const BoundStatement* bound) {
        MYSQL_STMT* fresh = mysql_stmt_init(core_->mysql.get());
        if (!fresh) core_->fail(sql_, bound);
        mysql_stmt_close(stmt_);
        stmt_ = fresh;
        prepared_ = false;
        results_bound_ = false;
        param_binds_.clear();
        columns_.clear();
        if (mysql_stmt_prepare(stmt_, sql_.data(), static_cast<unsigned long>(sql_.size())) != 0)
            fail(bound);
        prepared_ = true;
        param_count_ = mysql_stmt_param_count(stmt_);
    }

    // Whether running the SQL twice is harmless: a query, not a statement with effects.
    bool rerunnable() const {
        std::size_t i = 0;
        while (i < sql_.size() &&
               (std::isspace(static_cast<unsigned char>(sql_[i])) || sql_[i] == '('))
            ++i;
        std::string head;
        while (i < sql_.size() && std::isalpha(static_cast<unsigned char>(sql_[i])) &&
               head.size() < 8)
            head.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(sql_[i++]))));
        return head == "SELECT" || head == "WITH" || head == "SHOW" || head == "VALUES" ||
               head == "TABLE";
    }

    void check_open(const BoundStatement& bound) const {
        if (!core_->mysql) throw DisconnectionError(Core::closed_details(bound.sql()));
    }

    [[noreturn]] void fail(const BoundStatement* bound) const {
        fail_statement(stmt_, *core_, sql_, bound);
    }

    void bind_parameters(const BoundStatement& bound) {
        if (bound.parameters.size() != param_count_)
            throw ArgumentError("the statement takes " + std::to_string(param_count_) +
                                " parameters but " + std::to_string(bound.parameters.size()) +
                                " were given\n[SQL: " + sql_ + "]");
        if (param_count_ == 0) return;
        if (param_binds_.size() != param_count_) {
            param_binds_.assign(param_count_, MYSQL_BIND{});
            param_slots_.assign(param_count_, ParamSlot{});
        }
        for (std::size_t i = 0; i < param_count_; ++i) {
            const Value* v = bound.parameters[i];
            const SqlType* type =
                i < bound.parameter_types.size() ? bound.parameter_types[i] : nullptr;
            static const Value null_value;
            try {
                bind_value(param_binds_[i], param_slots_[i], v ? *v : null_value, type);
            } catch (const DataError& e) {
                throw DataError(std::string(e.what()) + " (parameter " + std::to_string(i + 1) +
                                ")\n[SQL: " + sql_ + "]");
            }
        }
        if (mysql_stmt_bind_param(stmt_, param_binds_.data())) fail(&bound);
    }

    void finish_execution(const BoundStatement* bound) {
        unsigned fields = mysql_stmt_field_count(stmt_);
        if (fields != 0) {
            // After DDL the server re-prepares and sends new column types: rebind to them.
            bool changed = fields != columns_.size() || !results_bound_ || !stmt_->fields;
            for (unsigned i = 0; !changed && i < fields; ++i)
                changed = stmt_->fields[i].type != columns_[i].type;
            if (changed) describe_results(bound);
            if (rebind_needed_) bind_results(bound);
            if (mysql_stmt_store_result(stmt_) != 0) fail(bound);
        }
        cursor_.start(static_cast<std::int64_t>(mysql_stmt_affected_rows(stmt_)),
                      mysql_stmt_insert_id(stmt_), fields != 0);
    }

    void describe_results(const BoundStatement* bound) {
        ResultHandle meta(mysql_stmt_result_metadata(stmt_));
        if (!meta) fail(bound);
        unsigned n = mysql_num_fields(meta.get());
        MYSQL_FIELD* fields = mysql_fetch_fields(meta.get());
        columns_ = std::vector<ResultColumn>(n);
        result_binds_.assign(n, MYSQL_BIND{});
        for (unsigned i = 0; i < n; ++i) {
            ResultColumn& c = columns_[i];
            c.name.assign(fields[i].name, fields[i].name_length);
            c.type = fields[i].type;
            c.flags = fields[i].flags;
            c.charsetnr = fields[i].charsetnr;
            c.storage = storage_for(c.type);
            if (c.storage == Storage::Text) {
                unsigned long size =
                    std::clamp<unsigned long>(fields[i].length, 1, kInitialTextBuffer);
                c.buffer.resize(size);
            }
        }
        rebind_needed_ = true;
        results_bound_ = true;
    }

    void bind_results(const BoundStatement* bound) {
        for (std::size_t i = 0; i < columns_.size(); ++i) {
            ResultColumn& c = columns_[i];
            MYSQL_BIND& b = result_binds_[i];
            std::memset(&b, 0, sizeof b);
            b.is_null = &c.null;
            b.error = &c.error;
            b.length = &c.length;
            switch (c.storage) {
                case Storage::Integer:
                    b.buffer_type = MYSQL_TYPE_LONGLONG;
                    b.buffer = &c.integer;
                    b.is_unsigned = c.is_unsigned();
                    break;
                case Storage::Real:
                    b.buffer_type = MYSQL_TYPE_DOUBLE;
                    b.buffer = &c.real;
                    break;
                case Storage::Time:
                    b.buffer_type = time_buffer_type(c.type);
                    b.buffer = &c.time;
                    b.buffer_length = sizeof c.time;
                    break;
                case Storage::Text:
                    b.buffer_type = c.is_binary() ? MYSQL_TYPE_BLOB : MYSQL_TYPE_STRING;
                    b.buffer = c.buffer.data();
                    b.buffer_length = static_cast<unsigned long>(c.buffer.size());
                    break;
            }
        }
        if (mysql_stmt_bind_result(stmt_, result_binds_.data())) fail(bound);
        rebind_needed_ = false;
    }

    // Reads one more row; truncated strings are fetched again at their full length.
    bool fetch() {
        if (rebind_needed_) bind_results(nullptr);
        int rc = mysql_stmt_fetch(stmt_);
        if (rc == MYSQL_NO_DATA) return false;
        if (rc == 1) fail(nullptr);
        for (auto& c : columns_) {
            c.text_ready = false;
            // A zero TIME (00:00:00) arrives as an empty value whose time_type is not set.
            if ((c.type == MYSQL_TYPE_TIME || c.type == MYSQL_TYPE_TIME2) && !c.null)
                c.time.time_type = MYSQL_TIMESTAMP_TIME;
        }
        if (rc == MYSQL_DATA_TRUNCATED) {
            for (std::size_t i = 0; i < columns_.size(); ++i) {
                ResultColumn& c = columns_[i];
                if (!c.error || c.null) continue;
                if (c.storage != Storage::Text) cannot_read(c, "its bound type (truncated)");
                c.buffer.resize(std::max<std::size_t>(c.length, 1));
                MYSQL_BIND b = result_binds_[i];
                b.buffer = c.buffer.data();
                b.buffer_length = static_cast<unsigned long>(c.buffer.size());
                b.length = &c.length;
                b.error = &c.error;
                if (mysql_stmt_fetch_column(stmt_, &b, static_cast<unsigned>(i), 0) != 0)
                    fail(nullptr);
                c.error = 0;
                rebind_needed_ = true;  // later rows reuse the larger buffer
            }
        }
        return true;
    }

    std::shared_ptr<Core> core_;
    std::string sql_;
    MYSQL_STMT* stmt_;
    unsigned long param_count_ = 0;
    std::vector<MYSQL_BIND> param_binds_;
    std::vector<ParamSlot> param_slots_;
    std::vector<ResultColumn> columns_;
    std::vector<MYSQL_BIND> result_binds_;
    bool results_bound_ = false;
    bool rebind_needed_ = false;
    bool bulk_active_ = false;
    bool prepared_ = true;
    MySqlCursor cursor_;
};

bool MySqlCursor::next() {
    if (!has_rows_) return false;
    on_row_ = statement_.fetch();
    if (!on_row_) has_rows_ = false;
    return on_row_;
}

std::size_t MySqlCursor::column_count() const noexcept {
    return statement_.columns_.size();
}

std::string_view MySqlCursor::column_name(std::size_t index) const {
    return column(index).name;
}

ResultColumn& MySqlCursor::column(std::size_t index) {
    if (index >= statement_.columns_.size())
        throw ArgumentError("column index " + std::to_string(index) + " out of range (" +
                            std::to_string(statement_.columns_.size()) + " columns)");
    if (!on_row_) throw InvalidRequestError("the cursor is not on a row (call next() first)");
    return statement_.columns_[index];
}

const ResultColumn& MySqlCursor::column(std::size_t index) const {
    if (index >= statement_.columns_.size())
        throw ArgumentError("column index " + std::to_string(index) + " out of range (" +
                            std::to_string(statement_.columns_.size()) + " columns)");
    return statement_.columns_[index];
}

std::int64_t MySqlCursor::get_int64(std::size_t index) {
    ResultColumn& c = column(index);
    if (c.null) throw DataError("column '" + c.name + "' is NULL, not an integer");
    switch (c.storage) {
        case Storage::Integer:
            if (c.is_unsigned() &&
                static_cast<std::uint64_t>(c.integer) >
                    static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
                throw DataError("column '" + c.name + "' holds " +
                                std::to_string(static_cast<std::uint64_t>(c.integer)) +
                                ", beyond a signed 64-bit integer");
            return c.integer;
        case Storage::Real: {
            double d = c.real;
            if (d != static_cast<double>(static_cast<std::int64_t>(d)))
                throw DataError("column '" + c.name + "' holds " + std::string(get_text(index)) +
                                ", not an integer");
            return static_cast<std::int64_t>(d);
        }
        case Storage::Time:
            cannot_read(c, "an integer");
        case Storage::Text:
            break;
    }
    if (c.type == MYSQL_TYPE_BIT) {
        std::uint64_t v = 0;
        for (char ch : c.bytes())
            v = v << 8 | static_cast<unsigned char>(ch);
        return static_cast<std::int64_t>(v);
    }
    std::string_view text = c.bytes();
    // SUM() of integers comes back as DECIMAL: "15" or "15.00" are still integers.
    if (auto dot = text.find('.'); dot != std::string_view::npos && all_zero(text.substr(dot + 1)))
        text = text.substr(0, dot);
    return parse_int64(text);
}

double MySqlCursor::get_double(std::size_t index) {
    ResultColumn& c = column(index);
    if (c.null) throw DataError("column '" + c.name + "' is NULL, not a number");
    switch (c.storage) {
        case Storage::Integer:
            return c.is_unsigned() ? static_cast<double>(static_cast<std::uint64_t>(c.integer))
                                   : static_cast<double>(c.integer);
        case Storage::Real:
            return c.real;
        case Storage::Time:
            cannot_read(c, "a number");
        case Storage::Text:
            break;
    }
    return parse_double(c.bytes());
}

std::string_view MySqlCursor::get_text(std::size_t index) {
    ResultColumn& c = column(index);
    if (c.null) return {};
    if (c.storage == Storage::Text) return c.bytes();
    if (!c.text_ready) {
        switch (c.storage) {
            case Storage::Integer:
                c.text = c.is_unsigned() ? std::to_string(static_cast<std::uint64_t>(c.integer))
                                         : std::to_string(c.integer);
                break;
            case Storage::Real: {
                char buf[64];
                auto r = std::to_chars(buf, buf + sizeof buf, c.real);
                c.text.assign(buf, r.ptr);
                break;
            }
            case Storage::Time:
                c.text = format_mysql_time(c.time);
                break;
            case Storage::Text:
                break;
        }
        c.text_ready = true;
    }
    return c.text;
}

Value MySqlCursor::get_value(std::size_t index, const SqlType& hint) {
    ResultColumn& c = column(index);
    if (c.null) return Value{};
    switch (hint.kind) {
        case TypeKind::Integer:
        case TypeKind::SmallInteger:
        case TypeKind::BigInteger:
            return get_int64(index);
        case TypeKind::Boolean:
            if (c.storage == Storage::Text && c.type != MYSQL_TYPE_BIT &&
                c.type != MYSQL_TYPE_NEWDECIMAL && c.type != MYSQL_TYPE_DECIMAL)
                return parse_bool(c.bytes());
            return get_int64(index) != 0;
        case TypeKind::Float:
        case TypeKind::Double:
            return get_double(index);
        case TypeKind::Numeric:
            if (c.storage == Storage::Time) cannot_read(c, "a decimal");
            return Decimal{std::string(get_text(index))};
        case TypeKind::String:
        case TypeKind::Text:
        case TypeKind::Enum:
            return std::string(get_text(index));
        case TypeKind::Date:
            if (c.storage == Storage::Time) {
                if (c.time.time_type == MYSQL_TIMESTAMP_TIME) cannot_read(c, "a date");
                if (micros_of_day(c.time) != 0) cannot_read(c, "a date (it has a time of day)");
                return date_of(c.time);
            }
            if (c.storage != Storage::Text) cannot_read(c, "a date");
            return parse_date(c.bytes());
        case TypeKind::DateTime:
            if (c.storage == Storage::Time) {
                if (c.time.time_type == MYSQL_TIMESTAMP_TIME) cannot_read(c, "a timestamp");
                return timestamp_of(c.time);
            }
            if (c.storage != Storage::Text) cannot_read(c, "a timestamp");
            return parse_timestamp(c.bytes());
        case TypeKind::Time:
            if (c.storage == Storage::Time) {
                if (c.time.time_type != MYSQL_TIMESTAMP_TIME) cannot_read(c, "a time of day");
                return time_of(c.time);
            }
            if (c.storage != Storage::Text) cannot_read(c, "a time of day");
            return parse_time(c.bytes());
        case TypeKind::Interval:
            if (c.storage == Storage::Time && c.time.time_type == MYSQL_TIMESTAMP_TIME)
                return IntervalValue(0, 0, time_of(c.time).since_midnight.count());
            return IntervalValue(0, 0, get_int64(index));
        case TypeKind::LargeBinary:
            if (c.storage != Storage::Text) {
                auto t = get_text(index);
                return Bytes(t.begin(), t.end());
            }
            return Bytes(c.buffer.begin(),
                         c.buffer.begin() + static_cast<std::ptrdiff_t>(c.length));
        case TypeKind::JSON:
            return Json{std::string(get_text(index))};
        case TypeKind::UUID: {
            if (c.storage != Storage::Text) cannot_read(c, "a UUID");
            if (c.is_binary() && c.length == 16) {
                Uuid u;
                std::memcpy(u.bytes.data(), c.buffer.data(), 16);
                return u;
            }
            try {
                return Uuid::parse(c.bytes());
            } catch (const ArgumentError& e) {
                throw DataError(e.what());
            }
        }
        case TypeKind::Null:
            break;
    }
    // The natural kind of the column's MySQL type.
    switch (c.storage) {
        case Storage::Integer:
            if (c.is_unsigned() && c.integer < 0)
                return Decimal{std::to_string(static_cast<std::uint64_t>(c.integer))};
            return c.integer;
        case Storage::Real:
            return c.real;
        case Storage::Time:
            if (c.time.time_type == MYSQL_TIMESTAMP_DATE) return date_of(c.time);
            if (c.time.time_type == MYSQL_TIMESTAMP_TIME) return time_of(c.time);
            return timestamp_of(c.time);
        case Storage::Text:
            break;
    }
    switch (c.type) {
        case MYSQL_TYPE_NEWDECIMAL:
        case MYSQL_TYPE_DECIMAL:
            return Decimal{std::string(c.bytes())};
        case MYSQL_TYPE_JSON:
            return Json{std::string(c.bytes())};
        case MYSQL_TYPE_BIT:
            return get_int64(index);
        default:
            break;
    }
    if (c.is_binary())
        return Bytes(c.buffer.begin(), c.buffer.begin() + static_cast<std::ptrdiff_t>(c.length));
    return std::string(c.bytes());
}

// ---------------------------------------------------------------------------------------------
// Array binding.

// One parameter column of a bulk batch.
struct BulkColumn {
    enum_field_types type = MYSQL_TYPE_NULL;
    std::vector<std::int64_t> integers;
    std::vector<double> reals;
    std::vector<signed char> tinies;
    std::vector<MYSQL_TIME> times;
    std::vector<MYSQL_TIME*> time_pointers;  // the client reads dates through pointers
    std::vector<char*> pointers;
    std::vector<unsigned long> lengths;
    std::vector<char> indicators;
    std::deque<std::string> owned;  // hex UUIDs
};

enum_field_types bulk_type(const Value& v, const SqlType* type) {
    switch (v.kind()) {
        case ValueKind::Null:
            return MYSQL_TYPE_NULL;
        case ValueKind::Boolean:
            return MYSQL_TYPE_TINY;
        case ValueKind::Integer:
        case ValueKind::Interval:
            return MYSQL_TYPE_LONGLONG;
        case ValueKind::Double:
            return MYSQL_TYPE_DOUBLE;
        case ValueKind::String:
            // Text meant as a UUID needs converting; the loop does that.
            return type && type->kind == TypeKind::UUID ? MYSQL_TYPE_GEOMETRY : MYSQL_TYPE_STRING;
        case ValueKind::Decimal:
        case ValueKind::Json:
        case ValueKind::Uuid:
            return MYSQL_TYPE_STRING;
        case ValueKind::Bytes:
            return MYSQL_TYPE_BLOB;
        case ValueKind::Date:
            return MYSQL_TYPE_DATE;
        case ValueKind::Timestamp:
            return MYSQL_TYPE_DATETIME;
        case ValueKind::Time:
            return MYSQL_TYPE_TIME;
        case ValueKind::List:
            return MYSQL_TYPE_GEOMETRY;
    }
    return MYSQL_TYPE_GEOMETRY;
}

bool MySqlStatement::execute_bulk(std::span<const BoundStatement> batch, std::int64_t& total) {
    const std::size_t n = param_count_;
    if (n == 0 || returns_rows()) return false;
    for (const auto& bound : batch)
        if (bound.parameters.size() != n) return false;
    // A column's values must share one buffer type (NULLs aside); MYSQL_TYPE_GEOMETRY marks
    // what array binding cannot carry here.
    std::vector<enum_field_types> types(n, MYSQL_TYPE_NULL);
    for (const auto& bound : batch) {
        for (std::size_t i = 0; i < n; ++i) {
            const Value* v = bound.parameters[i];
            const SqlType* type =
                i < bound.parameter_types.size() ? bound.parameter_types[i] : nullptr;
            enum_field_types t = v ? bulk_type(*v, type) : MYSQL_TYPE_NULL;
            if (t == MYSQL_TYPE_GEOMETRY) return false;
            if (t == MYSQL_TYPE_NULL) continue;
            if (types[i] == MYSQL_TYPE_NULL)
                types[i] = t;
            else if (types[i] != t)
                return false;
        }
    }

    reset();
    check_open(batch.front());
    total = 0;
    std::vector<BulkColumn> columns(n);
    std::vector<MYSQL_BIND> binds(n);
    std::size_t start = 0;
    while (start < batch.size()) {
        // This chunk: up to kBulkRows rows and about kBulkBytes of variable-length data.
        std::size_t end = start, bytes = 0;
        while (end < batch.size() && end - start < kBulkRows &&
               (bytes < kBulkBytes || end == start)) {
            for (const Value* v : batch[end].parameters) {
                if (!v) continue;
                if (auto s = v->get_if<std::string>())
                    bytes += s->size();
                else if (auto b = v->get_if<Bytes>())
                    bytes += b->size();
                else if (auto j = v->get_if<Json>())
                    bytes += j->text.size();
                bytes += 16;
            }
            ++end;
        }
        const std::size_t rows = end - start;
        for (std::size_t i = 0; i < n; ++i) {
            BulkColumn& col = columns[i];
            col = BulkColumn{};
            col.type = types[i] == MYSQL_TYPE_NULL ? MYSQL_TYPE_STRING : types[i];
            col.indicators.assign(rows, STMT_INDICATOR_NONE);
            switch (col.type) {
                case MYSQL_TYPE_LONGLONG:
                    col.integers.assign(rows, 0);
                    break;
                case MYSQL_TYPE_DOUBLE:
                    col.reals.assign(rows, 0);
                    break;
                case MYSQL_TYPE_TINY:
                    col.tinies.assign(rows, 0);
                    break;
                case MYSQL_TYPE_DATE:
                case MYSQL_TYPE_DATETIME:
                case MYSQL_TYPE_TIME:
                    col.times.assign(rows, MYSQL_TIME{});
                    break;
                default:
                    col.pointers.assign(rows, nullptr);
                    col.lengths.assign(rows, 0);
                    break;
            }
            for (std::size_t r = 0; r < rows; ++r) {
                const Value* v = batch[start + r].parameters[i];
                if (!v || v->is_null()) {
                    col.indicators[r] = STMT_INDICATOR_NULL;
                    continue;
                }
                const auto& s = v->storage();
                auto text = [&](const char* data, std::size_t size) {
                    col.pointers[r] = const_cast<char*>(data ? data : "");
                    col.lengths[r] = static_cast<unsigned long>(size);
                };
                try {
                    switch (v->kind()) {
                        case ValueKind::Boolean:
                            col.tinies[r] = std::get<bool>(s);
                            break;
                        case ValueKind::Integer:
                            col.integers[r] = std::get<std::int64_t>(s);
                            break;
                        case ValueKind::Interval:
                            col.integers[r] = interval_micros(std::get<IntervalValue>(s));
                            break;
                        case ValueKind::Double:
                            col.reals[r] = std::get<double>(s);
                            break;
                        case ValueKind::String: {
                            const auto& str = std::get<std::string>(s);
                            text(str.data(), str.size());
                            break;
                        }
                        case ValueKind::Decimal: {
                            const auto& d = std::get<Decimal>(s).text;
                            text(d.data(), d.size());
                            break;
                        }
                        case ValueKind::Json: {
                            const auto& j = std::get<Json>(s).text;
                            text(j.data(), j.size());
                            break;
                        }
                        case ValueKind::Uuid: {
                            const auto& h = col.owned.emplace_back(std::get<Uuid>(s).to_hex());
                            text(h.data(), h.size());
                            break;
                        }
                        case ValueKind::Bytes: {
                            const auto& b = std::get<Bytes>(s);
                            text(reinterpret_cast<const char*>(b.data()), b.size());
                            break;
                        }
                        case ValueKind::Date:
                            col.times[r] = to_mysql_date(std::get<std::chrono::year_month_day>(s));
                            break;
                        case ValueKind::Timestamp:
                            col.times[r] = to_mysql_datetime(std::get<Timestamp>(s));
                            break;
                        case ValueKind::Time:
                            col.times[r] = to_mysql_time(std::get<TimeOfDay>(s));
                            break;
                        default:
                            break;
                    }
                } catch (const DataError& e) {
                    throw DataError(std::string(e.what()) + " (parameter " + std::to_string(i + 1) +
                                    " of row " + std::to_string(start + r + 1) +
                                    ")\n[SQL: " + sql_ + "]");
                }
            }
            MYSQL_BIND& b = binds[i];
            std::memset(&b, 0, sizeof b);
            b.buffer_type = col.type;
            b.u.indicator = col.indicators.data();
            switch (col.type) {
                case MYSQL_TYPE_LONGLONG:
                    b.buffer = col.integers.data();
                    break;
                case MYSQL_TYPE_DOUBLE:
                    b.buffer = col.reals.data();
                    break;
                case MYSQL_TYPE_TINY:
                    b.buffer = col.tinies.data();
                    break;
                case MYSQL_TYPE_DATE:
                case MYSQL_TYPE_DATETIME:
                case MYSQL_TYPE_TIME:
                    // Fixed-size types are read from a contiguous array, the others
                    // (MYSQL_TIME among them) through an array of pointers.
                    col.time_pointers.resize(rows);
                    for (std::size_t r = 0; r < rows; ++r)
                        col.time_pointers[r] = &col.times[r];
                    b.buffer = col.time_pointers.data();
                    break;
                default:
                    b.buffer = col.pointers.data();
                    b.length = col.lengths.data();
                    break;
            }
        }
        unsigned int array_size = static_cast<unsigned int>(rows);
        bulk_active_ = true;
        const BoundStatement& first = batch[start];
        if (mysql_stmt_attr_set(stmt_, STMT_ATTR_ARRAY_SIZE, &array_size)) fail(&first);
        if (mysql_stmt_bind_param(stmt_, binds.data())) fail(&first);
        bool failed = mysql_stmt_execute(stmt_) != 0;
        unsigned int zero = 0;
        if (failed) {
            // The error names the chunk's first row's parameters, for a clue at least.
            DatabaseError::Details d;
            d.native_code = static_cast<int>(mysql_stmt_errno(stmt_));
            d.sqlstate = mysql_stmt_sqlstate(stmt_);
            d.message = mysql_stmt_error(stmt_);
            mysql_stmt_attr_set(stmt_, STMT_ATTR_ARRAY_SIZE, &zero);
            bulk_active_ = false;
            param_binds_.clear();  // rebind single-row buffers on the next execute
            d.sql = sql_;
            d.parameters_hidden = core_->options.hide_parameters;
            if (!core_->options.hide_parameters) d.parameters = render_parameters(&first);
            throw_error(std::move(d));
        }
        total += static_cast<std::int64_t>(mysql_stmt_affected_rows(stmt_));
        mysql_stmt_attr_set(stmt_, STMT_ATTR_ARRAY_SIZE, &zero);
        bulk_active_ = false;
        start = end;
    }
    param_binds_.clear();
    cursor_.start(total, mysql_stmt_insert_id(stmt_), false);
    return true;
}

// ---------------------------------------------------------------------------------------------
// The connection.

// The dialect for a server version, one per version for the whole program: the engine keeps
// the first connection's dialect after that connection is gone (dialects a driver hands out
// must live as long as the program), and compiled caches key on the dialect's identity.
std::shared_ptr<const MySqlDialect> server_dialect(const MySqlDialectOptions& o) {
    static std::mutex mutex;
    static auto* known = new std::vector<std::shared_ptr<const MySqlDialect>>();  // never freed
    std::lock_guard lock(mutex);
    for (const auto& d : *known) {
        const auto& k = d->options();
        if (k.mariadb == o.mariadb && k.major == o.major && k.minor == o.minor &&
            k.patch == o.patch)
            return d;
    }
    known->push_back(make_mysql_dialect(o));
    return known->back();
}

bool parse_flag(const Url& url, std::string_view key, bool fallback) {
    auto v = url.query_value(key);
    if (!v) return fallback;
    std::string s = *v;
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    if (s == "1" || s == "true" || s == "yes" || s == "on") return true;
    if (s == "0" || s == "false" || s == "no" || s == "off") return false;
    throw ArgumentError("URL query key '" + std::string(key) + "' must be true or false, not '" +
                        *v + "' in '" + url.to_string() + "'");
}

std::optional<unsigned> parse_seconds(const Url& url, std::string_view key) {
    auto v = url.query_value(key);
    if (!v) return std::nullopt;
    unsigned n = 0;
    auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
    if (ec != std::errc{} || end != v->data() + v->size() || v->empty())
        throw ArgumentError("URL query key '" + std::string(key) +
                            "' must be a whole number of seconds, not '" + *v + "' in '" +
                            url.to_string() + "'");
    return n;
}

class MySqlConnection final : public DriverConnection {
  public:
    MySqlConnection(const Url& url, const DriverOptions& options)
        : core_(std::make_shared<Core>()) {
        static std::once_flag library_init;
        // mysql_library_init is not thread-safe; mysql_init would otherwise call it lazily.
        std::call_once(library_init, [] { mysql_library_init(0, nullptr, nullptr); });
        core_->options = options;
        core_->mysql.reset(mysql_init(nullptr));
        MYSQL* m = core_->mysql.get();
        if (!m) throw std::bad_alloc();

        const std::string charset = url.query_value("charset").value_or("utf8mb4");
        const bool found_rows = parse_flag(url, "found_rows", true);
        parse_flag(url, "array_binding", true);  // a malformed value fails before connecting
        my_bool off = 0, on = 1;
        mysql_options(m, MYSQL_SET_CHARSET_NAME, charset.c_str());
        mysql_options(m, MYSQL_OPT_RECONNECT, &off);  // the pool reconnects, never the client
        mysql_options(m, MYSQL_REPORT_DATA_TRUNCATION, &on);
        if (auto t = parse_seconds(url, "connect_timeout"))
            mysql_options(m, MYSQL_OPT_CONNECT_TIMEOUT, &*t);
        if (auto t = parse_seconds(url, "read_timeout"))
            mysql_options(m, MYSQL_OPT_READ_TIMEOUT, &*t);
        if (auto t = parse_seconds(url, "write_timeout"))
            mysql_options(m, MYSQL_OPT_WRITE_TIMEOUT, &*t);

        const std::string socket = url.query_value("unix_socket").value_or("");
        unsigned long flags = CLIENT_MULTI_STATEMENTS | CLIENT_MULTI_RESULTS;
        if (found_rows) flags |= CLIENT_FOUND_ROWS;
        const std::string& host = url.host();
        if (!mysql_real_connect(m, host.empty() ? nullptr : host.c_str(),
                                url.username().empty() ? nullptr : url.username().c_str(),
                                url.has_password() ? url.password().c_str() : nullptr,
                                url.database().empty() ? nullptr : url.database().c_str(),
                                static_cast<unsigned>(url.port().value_or(0)),
                                socket.empty() ? nullptr : socket.c_str(), flags)) {
            DatabaseError::Details d;
            d.native_code = static_cast<int>(mysql_errno(m));
            d.sqlstate = mysql_sqlstate(m);
            d.message = "cannot connect to " + url.to_string() + ": " + mysql_error(m);
            core_->close();
            // Whatever the number, a failed connect is operational, never the caller's SQL.
            if (d.native_code == 1049 || d.native_code == 1044 || d.native_code == 1045 ||
                d.native_code >= 2000)
                throw OperationalError(std::move(d));
            throw_error(std::move(d));
        }

        version_ = mysql_get_server_info(m);
        if (version_.starts_with("5.5.5-")) version_.erase(0, 6);
        dialect_ = server_dialect(parse_server_version(version_));

        std::string init = "SET time_zone = '+00:00', sql_mode = '" + std::string(kSqlMode) + "'";
        if (options.isolation_level != IsolationLevel::Default)
            init += "; SET SESSION TRANSACTION ISOLATION LEVEL " +
                    std::string(isolation_level_sql(options.isolation_level));
        core_->query(init);

        std::uint64_t ext_caps = 0;
        if (mariadb_get_infov(m, MARIADB_CONNECTION_EXTENDED_SERVER_CAPABILITIES, &ext_caps) == 0)
            bulk_ = (ext_caps & (MARIADB_CLIENT_STMT_BULK_OPERATIONS >> 32)) != 0;
        if (!parse_flag(url, "array_binding", true)) bulk_ = false;
    }

    ~MySqlConnection() override { core_->close(); }

    const Dialect& dialect() const noexcept override { return *dialect_; }

    std::unique_ptr<DriverStatement> prepare(std::string_view sql, const CompiledForm*) override {
        MYSQL* m = core_->mysql.get();
        if (!m) throw DisconnectionError(Core::closed_details(sql));
        if (MYSQL_STMT* idle = core_->take_idle(sql))
            return std::make_unique<MySqlStatement>(core_, std::string(sql), idle);
        MYSQL_STMT* stmt = mysql_stmt_init(m);
        if (!stmt) core_->fail(sql, nullptr);
        if (mysql_stmt_prepare(stmt, sql.data(), static_cast<unsigned long>(sql.size())) != 0) {
            struct Closer {
                MYSQL_STMT* s;
                ~Closer() { mysql_stmt_close(s); }
            } closer{stmt};
            fail_statement(stmt, *core_, sql, nullptr);
        }
        try {
            return std::make_unique<MySqlStatement>(core_, std::string(sql), stmt);
        } catch (...) {
            mysql_stmt_close(stmt);
            throw;
        }
    }

    void execute_script(std::string_view sql) override { core_->query(sql); }

    std::int64_t execute_many(DriverStatement& statement,
                              std::span<const BoundStatement> batch) override {
        if (batch.empty()) return 0;
        auto* mine = dynamic_cast<MySqlStatement*>(&statement);
        if (mine && bulk_ && batch.size() > 1) {
            std::int64_t total = 0;
            if (mine->execute_bulk(batch, total)) return total;
        }
        return DriverConnection::execute_many(statement, batch);
    }

    void begin(IsolationLevel level) override {
        if (level == IsolationLevel::Default)
            core_->query("START TRANSACTION");
        else
            core_->query("SET TRANSACTION ISOLATION LEVEL " +
                         std::string(isolation_level_sql(level)) + "; START TRANSACTION");
    }
    void commit() override { core_->query("COMMIT"); }
    void rollback() override { core_->query("ROLLBACK"); }

    void set_isolation_level(IsolationLevel level) override {
        // DEFAULT goes back to the server's configured level.
        // MariaDB names the variable tx_isolation before 11.1, MySQL 8 transaction_isolation.
        const auto& o = dialect_->options();
        bool old_name = o.mariadb && (o.major < 11 || (o.major == 11 && o.minor < 1));
        if (level == IsolationLevel::Default)
            core_->query(old_name ? "SET SESSION tx_isolation = DEFAULT"
                                  : "SET SESSION transaction_isolation = DEFAULT");
        else
            core_->query("SET SESSION TRANSACTION ISOLATION LEVEL " +
                         std::string(isolation_level_sql(level)));
    }

    bool ping() noexcept override {
        MYSQL* m = core_->mysql.get();
        return m && mysql_ping(m) == 0;
    }

    bool in_transaction() const noexcept override {
        MYSQL* m = core_->mysql.get();
        unsigned int status = 0;
        if (!m || mariadb_get_infov(m, MARIADB_CONNECTION_SERVER_STATUS, &status) != 0) return true;
        return (status & SERVER_STATUS_IN_TRANS) != 0;
    }

    std::string server_version() const override { return version_; }

  private:
    std::shared_ptr<Core> core_;
    std::shared_ptr<const MySqlDialect> dialect_;
    std::string version_;
    bool bulk_ = false;
};

}  // namespace

std::unique_ptr<DriverConnection> connect(const Url& url, const DriverOptions& options) {
    return std::make_unique<MySqlConnection>(url, options);
}

}  // namespace retort::mysql
