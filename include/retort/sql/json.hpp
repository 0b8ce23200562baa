// nlohmann::json as a retort value: JSON documents bind as parameters and read back with
// Row::get<nlohmann::json>; any Value converts to JSON data (dates ISO 8601, bytes base64).
#pragma once

#include <nlohmann/json.hpp>

#include <retort/sql/value.hpp>

namespace retort {

/// A value as JSON data: numbers, strings and booleans as themselves, dates and times in ISO 8601,
/// bytes in base64, exact decimals as strings (no digit lost), JSON documents embedded, lists as
/// arrays, NULL as null.
nlohmann::json to_json(const Value& value);

template <>
struct ValueConverter<nlohmann::json> {
    static Value to_value(const nlohmann::json& document) { return Json{document.dump()}; }
    /// JSON columns (and text holding JSON) parse into a document; other values become JSON
    /// data as to_json() describes.
    static nlohmann::json from_value(const Value& value) {
        if (auto* j = value.get_if<Json>()) return nlohmann::json::parse(j->text);
        if (auto* s = value.get_if<std::string>()) {
            auto parsed = nlohmann::json::parse(*s, nullptr, false);
            if (!parsed.is_discarded()) return parsed;
        }
        return to_json(value);
    }
};

}  // namespace retort
