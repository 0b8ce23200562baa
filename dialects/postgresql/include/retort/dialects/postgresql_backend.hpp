// The postgresql backend: how the engine connects to, compiles for and reflects a postgresql
// database. Only the engine's backend registry includes this header.
#pragma once

#include <retort/engine/backend.hpp>

namespace retort {

/// The built-in postgresql backend (its driver, dialect, reflection and default pool).
DatabaseBackend postgresql_backend();

}  // namespace retort
