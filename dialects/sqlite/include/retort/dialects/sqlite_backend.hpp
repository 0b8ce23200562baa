// The sqlite backend: how the engine connects to, compiles for and reflects a sqlite database.
// Only the engine's backend registry includes this header.
#pragma once

#include <retort/engine/backend.hpp>

namespace retort {

/// The built-in sqlite backend (its driver, dialect, reflection and default pool).
DatabaseBackend sqlite_backend();

}  // namespace retort
