// Rows and whole results as JSON (nlohmann-json): one object per row keyed by column name, with
// dates in ISO 8601, bytes in base64 and exact decimals as strings.
#pragma once

#include <retort/engine/result.hpp>
#include <retort/sql/json.hpp>

namespace retort {

/// `{"id": 1, "name": "ed", "created": "2024-01-31T12:00:00Z"}`.
nlohmann::json to_json(const Row& row);
/// An array of row objects (reads the remaining rows of the result).
nlohmann::json to_json(Result& result);

}  // namespace retort
