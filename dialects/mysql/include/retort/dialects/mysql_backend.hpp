// The mysql backend: how the engine connects to, compiles for and reflects a mysql database.
// Only the engine's backend registry includes this header.
#pragma once

#include <retort/engine/backend.hpp>

namespace retort {

/// The built-in mysql backend (its driver, dialect, reflection and default pool).
DatabaseBackend mysql_backend();

}  // namespace retort
