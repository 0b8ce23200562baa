// JSON data from values, in the forms JSON consumers expect: ISO 8601 dates, base64 bytes,
// decimals as strings so no digit is lost.
#include <retort/sql/json.hpp>
#include <retort/sql/value_text.hpp>

namespace retort {

nlohmann::json to_json(const Value& value) {
    return std::visit(
        [](const auto& v) -> nlohmann::json {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
                return nullptr;
            } else if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, std::int64_t> ||
                                 std::is_same_v<T, double> || std::is_same_v<T, std::string>) {
                return v;
            } else if constexpr (std::is_same_v<T, Bytes>) {
                return base64_encode(v);
            } else if constexpr (std::is_same_v<T, std::chrono::year_month_day>) {
                return format_date(v);
            } else if constexpr (std::is_same_v<T, TimeOfDay>) {
                return format_time(v);
            } else if constexpr (std::is_same_v<T, Timestamp>) {
                std::string text = format_timestamp(v);
                text[10] = 'T';  // ISO 8601
                return text + "Z";
            } else if constexpr (std::is_same_v<T, IntervalValue>) {
                return nlohmann::json{
                    {"months", v.months}, {"days", v.days}, {"microseconds", v.microseconds}};
            } else if constexpr (std::is_same_v<T, Decimal>) {
                return v.text;
            } else if constexpr (std::is_same_v<T, Uuid>) {
                return v.to_string();
            } else if constexpr (std::is_same_v<T, Json>) {
                auto parsed = nlohmann::json::parse(v.text, nullptr, false);
                return parsed.is_discarded() ? nlohmann::json(v.text) : parsed;
            } else if constexpr (std::is_same_v<T, ValueList>) {
                auto array = nlohmann::json::array();
                if (v.items)
                    for (const auto& item : *v.items)
                        array.push_back(to_json(item));
                return array;
            }
        },
        value.storage());
}

}  // namespace retort
