// Backends: what the engine needs from a database — how to connect, which dialect to compile
// for, how to reflect, which pool suits a URL. Built-ins are wired by scheme; users may add theirs.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <retort/engine/driver.hpp>
#include <retort/engine/reflection.hpp>
#include <retort/engine/url.hpp>

namespace retort {

/// The pool an engine uses unless told otherwise.
enum class PoolKind : std::uint8_t {
    Queue,             ///< QueuePool semantics: size + overflow, timeout, recycle, pre-ping
    SingleConnection,  ///< one connection handed to one user at a time (SQLite in memory)
    Null,              ///< a new connection per checkout, closed on return
};

/// A database backend: one per URL scheme family.
struct DatabaseBackend {
    std::string name;                  ///< "sqlite"
    std::vector<std::string> schemes;  ///< URL schemes it serves ("sqlite")
    /// Opens one native connection; ArgumentError for bad URL parts, OperationalError when the
    /// server cannot be reached.
    std::function<std::unique_ptr<DriverConnection>(const Url&, const DriverOptions&)> connect;
    /// The dialect to compile for before any connection exists.
    std::function<std::shared_ptr<const Dialect>(const Url&)> dialect;
    /// Reflects tables in a few queries for all of them.
    std::function<std::vector<ReflectedTable>(DriverConnection&, const ReflectionRequest&)> reflect;
    /// Table names of a schema (empty: the default schema).
    std::function<std::vector<std::string>(DriverConnection&, const std::string& schema)> table_names;
    /// Whether a named enum type exists (databases with separate enum types; may be empty).
    std::function<bool(DriverConnection&, const std::string& type_name)> has_enum_type;
    /// The pool kind that suits a URL.
    std::function<PoolKind(const Url&)> default_pool;
};

/// Registers a backend for its schemes (replacing an earlier one for the same scheme).
void register_backend(DatabaseBackend backend);
/// The backend for a URL's scheme; ArgumentError naming the scheme and the known ones.
const DatabaseBackend& find_backend(const Url& url);

/// Runs a query through a driver connection and returns every row as values (used by
/// reflection queries and tools).
std::vector<std::vector<Value>> fetch_all(DriverConnection& connection, std::string_view sql,
                                          const std::vector<Value>& parameters = {});

}  // namespace retort
