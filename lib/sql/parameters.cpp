// Parameters: replacing a value keeps the first position, so the parameter order stays stable.
#include <retort/sql/parameters.hpp>

namespace retort {

void Parameters::set(std::string name, Value value) {
    for (auto& item : items_)
        if (item.first == name) {
            item.second = std::move(value);
            return;
        }
    items_.emplace_back(std::move(name), std::move(value));
}

}  // namespace retort
