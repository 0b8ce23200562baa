// Url: a database URL (`postgresql://user:pass@host:5432/db?sslmode=disable`) parsed into its
// parts, percent-decoded, and printed with the password masked.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace retort {

/// A parsed database URL.
///
///     auto url = Url::parse("postgresql://scott:tiger@localhost:5432/test?sslmode=disable");
///     url.to_string();  // "postgresql://scott:***@localhost:5432/test?sslmode=disable"
///
/// SQLite: `sqlite://` (memory), `sqlite:///relative.db`, `sqlite:////absolute/path.db`.
class Url {
public:
    /// Parses a URL; a malformed one is an ArgumentError quoting the masked URL and the problem.
    static Url parse(std::string_view text);

    /// The scheme without a driver suffix ("postgresql" for "postgresql+libpq").
    const std::string& backend() const noexcept { return backend_; }
    /// The driver suffix ("libpq" for "postgresql+libpq"), empty when absent.
    const std::string& driver() const noexcept { return driver_; }
    const std::string& username() const noexcept { return username_; }
    const std::string& password() const noexcept { return password_; }
    bool has_password() const noexcept { return has_password_; }
    const std::string& host() const noexcept { return host_; }
    std::optional<int> port() const noexcept { return port_; }
    /// The database name, or for SQLite the file path ("" or ":memory:" for memory).
    const std::string& database() const noexcept { return database_; }
    const std::vector<std::pair<std::string, std::string>>& query() const noexcept { return query_; }
    /// The value of a query key, or nullopt.
    std::optional<std::string> query_value(std::string_view key) const;
    /// A SQLite URL naming no file (or ":memory:").
    bool is_memory() const noexcept;

    /// The URL as text with the password replaced by `***` (or shown when asked).
    std::string to_string(bool hide_password = true) const;

private:
    std::string backend_, driver_, username_, password_, host_, database_;
    bool has_password_ = false;
    std::optional<int> port_;
    std::vector<std::pair<std::string, std::string>> query_;
};

/// Decodes `%XX` escapes (ArgumentError on a malformed escape).
std::string percent_decode(std::string_view text);

}  // namespace retort
