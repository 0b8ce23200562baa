// The deterministic benchmark data set, schema and statements S1-S8 of the benchmark suite.
// Shared by the raw C API baselines and the retort benchmarks so both do exactly the same work.
#pragma once

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace retort::bench {

enum class Dialect { sqlite, postgresql, mysql };

inline constexpr std::string_view dialect_name(Dialect d) {
    switch (d) {
        case Dialect::sqlite:
            return "sqlite";
        case Dialect::postgresql:
            return "postgresql";
        case Dialect::mysql:
            return "mysql";
    }
    return "?";
}

inline constexpr std::int64_t kUsers = 100'000;
inline constexpr int kAddressesPerUser = 3;
inline constexpr int kS4Rows = 100;
inline constexpr int kS5Ids = 10;
// 2024-01-01T00:00:00Z
inline constexpr std::int64_t kCreatedAtBaseUnixUs = 1'704'067'200LL * 1'000'000;
// PostgreSQL's binary timestamp counts from 2000-01-01T00:00:00.
inline constexpr std::int64_t kPgEpochUnixUs = 946'684'800LL * 1'000'000;

struct BenchUser {
    std::int64_t id = 0;
    std::string name;
    std::string email;
    std::int32_t age = 0;
    std::int64_t created_at_unix_us = 0;

    friend bool operator==(const BenchUser&, const BenchUser&) = default;
};

struct BenchAddress {
    std::int64_t id = 0;
    std::int64_t user_id = 0;
    std::string email;

    friend bool operator==(const BenchAddress&, const BenchAddress&) = default;
};

inline BenchUser bench_user(std::int64_t i) {
    BenchUser u;
    u.id = i;
    u.name = "user" + std::to_string(i);
    u.email = u.name + "@example.com";
    u.age = static_cast<std::int32_t>(18 + i % 60);
    u.created_at_unix_us = kCreatedAtBaseUnixUs + i * 1'000'000;
    return u;
}

inline BenchAddress bench_address(std::int64_t j) {
    return BenchAddress{j, (j - 1) / kAddressesPerUser + 1,
                        "addr" + std::to_string(j) + "@example.com"};
}

// Users first..first+n-1; benchmark loops generate rows outside the timed region.
inline std::vector<BenchUser> make_users(std::int64_t first, std::int64_t n) {
    std::vector<BenchUser> out;
    out.reserve(static_cast<std::size_t>(n));
    for (std::int64_t i = first; i < first + n; ++i)
        out.push_back(bench_user(i));
    return out;
}

// ---------------------------------------------------------------------------------------------
// Timestamps. SQLite has no timestamp type: it stores the text form SQLAlchemy writes
// ("YYYY-MM-DD HH:MM:SS.ffffff"), so the raw baseline, retort and the Python peer all store
// and parse the same bytes. PostgreSQL and MariaDB accept the same text.

struct CivilTime {
    int year, month, day, hour, minute, second, microsecond;
};

// Howard Hinnant's days_from_civil / civil_from_days: exact over the proleptic Gregorian calendar.
inline constexpr std::int64_t days_from_civil(int y, int m, int d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + static_cast<unsigned>(d) - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

inline constexpr CivilTime civil_from_unix_us(std::int64_t us) {
    std::int64_t secs = us / 1'000'000, frac = us % 1'000'000;
    if (frac < 0) frac += 1'000'000, --secs;
    std::int64_t days = secs / 86400, sod = secs % 86400;
    if (sod < 0) sod += 86400, --days;
    const std::int64_t z = days + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    const int y = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2));
    return CivilTime{y,
                     m,
                     d,
                     static_cast<int>(sod / 3600),
                     static_cast<int>(sod / 60 % 60),
                     static_cast<int>(sod % 60),
                     static_cast<int>(frac)};
}

inline constexpr std::int64_t unix_us_from_civil(const CivilTime& t) {
    return ((days_from_civil(t.year, t.month, t.day) * 86400 + t.hour * 3600 + t.minute * 60 +
             t.second) *
            1'000'000) +
           t.microsecond;
}

inline constexpr std::size_t kTimestampTextLen = 26;  // "YYYY-MM-DD HH:MM:SS.ffffff"

// Writes exactly kTimestampTextLen characters, no terminator (years 0..9999).
inline void format_timestamp(std::int64_t unix_us, char* out) {
    const CivilTime t = civil_from_unix_us(unix_us);
    auto put = [&out](int v, int width) {
        for (int i = width - 1; i >= 0; --i) {
            out[i] = static_cast<char>('0' + v % 10);
            v /= 10;
        }
        out += width;
    };
    put(t.year, 4), *out++ = '-', put(t.month, 2), *out++ = '-', put(t.day, 2), *out++ = ' ';
    put(t.hour, 2), *out++ = ':', put(t.minute, 2), *out++ = ':', put(t.second, 2), *out++ = '.';
    put(t.microsecond, 6);
}

inline std::string format_timestamp(std::int64_t unix_us) {
    std::string s(kTimestampTextLen, '\0');
    format_timestamp(unix_us, s.data());
    return s;
}

// Parses "YYYY-MM-DD[ T]HH:MM:SS[.f{1,6}]" (PostgreSQL drops a zero fraction).
inline std::int64_t parse_timestamp(std::string_view s) {
    auto num = [&s](std::size_t pos, std::size_t len) {
        int v = 0;
        for (std::size_t i = pos; i < pos + len; ++i) {
            const unsigned d = static_cast<unsigned char>(s[i]) - '0';
            if (d > 9) throw std::invalid_argument("bad timestamp: " + std::string(s));
            v = v * 10 + static_cast<int>(d);
        }
        return v;
    };
    if (s.size() < 19) throw std::invalid_argument("bad timestamp: " + std::string(s));
    CivilTime t{num(0, 4), num(5, 2), num(8, 2), num(11, 2), num(14, 2), num(17, 2), 0};
    if (s.size() > 20 && s[19] == '.') {
        const std::size_t digits = std::min<std::size_t>(s.size() - 20, 6);
        int frac = num(20, digits);
        for (std::size_t i = digits; i < 6; ++i)
            frac *= 10;
        t.microsecond = frac;
    }
    return unix_us_from_civil(t);
}

// ---------------------------------------------------------------------------------------------
// Schema. The benchmark schema, plus an index on addresses.user_id: MariaDB creates one for the
// foreign key anyway, and without it S2, S6 and S8 scan all addresses on SQLite and PostgreSQL.
// Integer primary keys generate ids the way SQLAlchemy's create_all would on each database.

inline std::vector<std::string_view> drop_schema_ddl(Dialect) {
    return {"DROP TABLE IF EXISTS addresses", "DROP TABLE IF EXISTS users"};
}

inline std::vector<std::string_view> schema_ddl(Dialect d) {
    switch (d) {
        case Dialect::sqlite:
            return {
                "CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL, "
                "email VARCHAR(100), age INTEGER, created_at TIMESTAMP)",
                "CREATE TABLE addresses (id INTEGER PRIMARY KEY, "
                "user_id INTEGER REFERENCES users (id), email VARCHAR(100) NOT NULL)",
                "CREATE INDEX ix_addresses_user_id ON addresses (user_id)",
            };
        case Dialect::postgresql:
            return {
                "CREATE TABLE users (id SERIAL PRIMARY KEY, name VARCHAR(50) NOT NULL, "
                "email VARCHAR(100), age INTEGER, created_at TIMESTAMP)",
                "CREATE TABLE addresses (id SERIAL PRIMARY KEY, "
                "user_id INTEGER REFERENCES users (id), email VARCHAR(100) NOT NULL)",
                "CREATE INDEX ix_addresses_user_id ON addresses (user_id)",
            };
        case Dialect::mysql:
            // Inline column REFERENCES is parsed and ignored by MariaDB: use a table constraint.
            return {
                "CREATE TABLE users (id INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY, "
                "name VARCHAR(50) NOT NULL, email VARCHAR(100), age INTEGER, "
                "created_at DATETIME(6)) ENGINE=InnoDB",
                "CREATE TABLE addresses (id INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY, "
                "user_id INTEGER, email VARCHAR(100) NOT NULL, "
                "INDEX ix_addresses_user_id (user_id), "
                "FOREIGN KEY (user_id) REFERENCES users (id)) ENGINE=InnoDB",
            };
    }
    return {};
}

// ---------------------------------------------------------------------------------------------
// Statements. Parameters are listed in the order they bind.

// S1 (id) -> id, name, email
inline constexpr std::string_view s1_sql(Dialect d) {
    return d == Dialect::postgresql ? "SELECT id, name, email FROM users WHERE id = $1"
                                    : "SELECT id, name, email FROM users WHERE id = ?";
}

// S2 (name pattern, min count, limit) -> name, n
inline constexpr std::string_view s2_sql(Dialect d) {
    return d == Dialect::postgresql
               ? "SELECT users.name, count(addresses.id) AS n FROM users JOIN addresses ON "
                 "users.id = addresses.user_id WHERE users.name LIKE $1 GROUP BY users.name "
                 "HAVING count(addresses.id) > $2 ORDER BY n DESC LIMIT $3"
               : "SELECT users.name, count(addresses.id) AS n FROM users JOIN addresses ON "
                 "users.id = addresses.user_id WHERE users.name LIKE ? GROUP BY users.name "
                 "HAVING count(addresses.id) > ? ORDER BY n DESC LIMIT ?";
}

// S3 (name, email, age, created_at)
inline constexpr std::string_view s3_sql(Dialect d) {
    return d == Dialect::postgresql
               ? "INSERT INTO users (name, email, age, created_at) VALUES ($1, $2, $3, $4)"
               : "INSERT INTO users (name, email, age, created_at) VALUES (?, ?, ?, ?)";
}

namespace detail {
inline void append_placeholder(std::string& sql, Dialect d, int& n) {
    ++n;
    if (d == Dialect::postgresql) {
        sql += '$';
        sql += std::to_string(n);
    } else {
        sql += '?';
    }
}
}  // namespace detail

// Multi-row INSERT of `rows` users (name, email, age, created_at); S4 is rows = kS4Rows.
inline std::string multi_row_insert_sql(Dialect d, int rows, bool with_id = false) {
    std::string sql = with_id ? "INSERT INTO users (id, name, email, age, created_at) VALUES "
                              : "INSERT INTO users (name, email, age, created_at) VALUES ";
    const int cols = with_id ? 5 : 4;
    sql.reserve(sql.size() + static_cast<std::size_t>(rows) * (cols * 6 + 4));
    int n = 0;
    for (int r = 0; r < rows; ++r) {
        sql += r ? ", (" : "(";
        for (int c = 0; c < cols; ++c) {
            if (c) sql += ", ";
            detail::append_placeholder(sql, d, n);
        }
        sql += ')';
    }
    return sql;
}

inline std::string s4_sql(Dialect d) {
    return multi_row_insert_sql(d, kS4Rows);
}

// S5 (10 ids)
inline std::string s5_sql(Dialect d) {
    std::string sql = "UPDATE users SET age = age + 1 WHERE id IN (";
    int n = 0;
    for (int i = 0; i < kS5Ids; ++i) {
        if (i) sql += ", ";
        detail::append_placeholder(sql, d, n);
    }
    sql += ')';
    return sql;
}

// S6 (user_id, email pattern)
inline constexpr std::string_view s6_sql(Dialect d) {
    return d == Dialect::postgresql ? "DELETE FROM addresses WHERE user_id = $1 AND email LIKE $2"
                                    : "DELETE FROM addresses WHERE user_id = ? AND email LIKE ?";
}

// S7 (id, name, email)
inline constexpr std::string_view s7_sql(Dialect d) {
    switch (d) {
        case Dialect::sqlite:
            return "INSERT INTO users (id, name, email) VALUES (?, ?, ?) ON CONFLICT (id) DO "
                   "UPDATE SET name = excluded.name, email = excluded.email";
        case Dialect::postgresql:
            return "INSERT INTO users (id, name, email) VALUES ($1, $2, $3) ON CONFLICT (id) DO "
                   "UPDATE SET name = excluded.name, email = excluded.email";
        case Dialect::mysql:
            return "INSERT INTO users (id, name, email) VALUES (?, ?, ?) ON DUPLICATE KEY "
                   "UPDATE name = VALUES(name), email = VALUES(email)";
    }
    return {};
}

// S8 (min_age, first_id, last_id, min_age, first_id, last_id) -> id, name, band.
// Users with age > min_age and an address come from the CTE branch with their age band, the
// others from the UNION ALL branch, so a range of k users always yields k rows.
inline constexpr std::string_view s8_sql(Dialect d) {
    return d == Dialect::postgresql
               ? "WITH adults AS (SELECT id, age FROM users WHERE age > $1) "
                 "SELECT users.id, users.name, CASE WHEN adults.age < 40 THEN 'young' "
                 "WHEN adults.age < 60 THEN 'middle' ELSE 'senior' END AS band "
                 "FROM adults JOIN users ON users.id = adults.id "
                 "WHERE users.id BETWEEN $2 AND $3 AND EXISTS (SELECT 1 FROM addresses "
                 "WHERE addresses.user_id = users.id) "
                 "UNION ALL "
                 "SELECT users.id, users.name, 'none' AS band FROM users "
                 "WHERE users.age <= $4 AND users.id BETWEEN $5 AND $6"
               : "WITH adults AS (SELECT id, age FROM users WHERE age > ?) "
                 "SELECT users.id, users.name, CASE WHEN adults.age < 40 THEN 'young' "
                 "WHEN adults.age < 60 THEN 'middle' ELSE 'senior' END AS band "
                 "FROM adults JOIN users ON users.id = adults.id "
                 "WHERE users.id BETWEEN ? AND ? AND EXISTS (SELECT 1 FROM addresses "
                 "WHERE addresses.user_id = users.id) "
                 "UNION ALL "
                 "SELECT users.id, users.name, 'none' AS band FROM users "
                 "WHERE users.age <= ? AND users.id BETWEEN ? AND ?";
}

// Parses a decimal integer that must fill the whole view (database text output).
template <class Int>
inline Int parse_int(std::string_view s) {
    Int v{};
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || p != s.data() + s.size())
        throw std::invalid_argument("bad integer: " + std::string(s));
    return v;
}

}  // namespace retort::bench
