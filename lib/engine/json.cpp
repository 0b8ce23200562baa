// JSON conversions of rows and whole results: one object per row keyed by column name.
#include <retort/engine/json.hpp>

namespace retort {

nlohmann::json to_json(const Row& row) {
    nlohmann::json object = nlohmann::json::object();
    for (std::size_t i = 0; i < row.size(); ++i) object[row.keys()[i]] = to_json(row.value(i));
    return object;
}

nlohmann::json to_json(Result& result) {
    nlohmann::json rows = nlohmann::json::array();
    while (result.next()) rows.push_back(to_json(result.row()));
    return rows;
}

}  // namespace retort
