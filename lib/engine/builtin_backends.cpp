// The one place that wires the built-in backends to their URL schemes; nothing else in the
// engine includes a dialect's header.
#include <retort/dialects/mysql_backend.hpp>
#include <retort/dialects/postgresql_backend.hpp>
#include <retort/dialects/sqlite_backend.hpp>
#include <retort/engine/backend.hpp>

namespace retort {

void register_builtin_backends() {
    register_backend(sqlite_backend());
    register_backend(mysql_backend());
    register_backend(postgresql_backend());
}

}  // namespace retort
