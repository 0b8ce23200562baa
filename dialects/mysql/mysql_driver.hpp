// The MySQL / MariaDB driver's internal interface: connecting over libmariadb, mapping server
// error numbers onto retort's errors, reading server versions, and reflection queries.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <retort/dialects/mysql.hpp>
#include <retort/engine/backend.hpp>
#include <retort/errors.hpp>

namespace retort::mysql {

/// Opens a connection (only built with libmariadb). Query keys: charset (utf8mb4),
/// connect_timeout, read_timeout, write_timeout (seconds), found_rows (true), unix_socket.
std::unique_ptr<DriverConnection> connect(const Url& url, const DriverOptions& options);

/// Throws the DatabaseError subclass that `details.native_code` (a MySQL / MariaDB error
/// number) and `details.sqlstate` stand for, marking lock timeouts and deadlocks retryable.
[[noreturn]] void throw_error(DatabaseError::Details details);

/// Flavor and version from a server's version string ("10.11.6-MariaDB-0+deb12u1",
/// "5.5.5-10.3.39-MariaDB", "8.0.36"); unknown parts stay 0.
MySqlDialectOptions parse_server_version(std::string_view version);

/// Reflects the requested tables (all base tables of the schema when none are named) in one
/// information_schema query per kind of object; tables that do not exist are left out.
std::vector<ReflectedTable> reflect(DriverConnection& connection, const ReflectionRequest& request);

/// Base table names of a schema (empty: the connection's current database), sorted.
std::vector<std::string> table_names(DriverConnection& connection, const std::string& schema);

/// Maps a column's information_schema.columns.column_type ("int(11) unsigned",
/// "enum('a','b')", "varchar(50)") onto a generic type.
SqlType type_from_column_type(std::string_view column_type, std::string_view column_name);

}  // namespace retort::mysql
