// Parameters: the named values given to a statement at execution (for bindparam("x"), text()
// parameters, and the columns of an INSERT or UPDATE that names no values itself).
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <retort/sql/value.hpp>

namespace retort {

/// A small ordered map from parameter name to value; lookups are linear, which beats hashing
/// for the handful of names a statement has.
///
///     conn.execute(text("SELECT * FROM users WHERE id = :id"), {{"id", 5}});
class Parameters {
  public:
    Parameters() = default;
    Parameters(std::initializer_list<std::pair<std::string, Value>> items) : items_(items) {}
    explicit Parameters(std::vector<std::pair<std::string, Value>> items)
        : items_(std::move(items)) {}

    /// The value named `name`, or nullptr.
    const Value* find(std::string_view name) const noexcept {
        for (const auto& item : items_)
            if (item.first == name) return &item.second;
        return nullptr;
    }
    bool contains(std::string_view name) const noexcept { return find(name) != nullptr; }
    /// Sets (or replaces) a value.
    void set(std::string name, Value value);
    bool empty() const noexcept { return items_.empty(); }
    std::size_t size() const noexcept { return items_.size(); }
    const std::vector<std::pair<std::string, Value>>& items() const noexcept { return items_; }
    auto begin() const noexcept { return items_.begin(); }
    auto end() const noexcept { return items_.end(); }

    friend bool operator==(const Parameters&, const Parameters&) = default;

  private:
    std::vector<std::pair<std::string, Value>> items_;
};

}  // namespace retort
