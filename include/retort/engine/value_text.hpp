// The drivers' name for the value text forms, which live with the values in sql/.
// Kept so driver code reads naturally; see retort/sql/value_text.hpp.
#pragma once

#include <retort/sql/value_text.hpp>
