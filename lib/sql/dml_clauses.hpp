// Clause steps INSERT, UPDATE and DELETE builders share: AND-ing a WHERE condition, the
// RETURNING list and an extra FROM / USING table, each applied to the builder's node copy.
#pragma once

#include <retort/errors.hpp>
#include <retort/sql/select.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace retort::detail {

/// `existing AND condition`, or the condition alone when there is no WHERE yet.
inline ExpressionPtr and_where(const ExpressionPtr& existing, const Expression& condition) {
    return existing ? (Expression(existing) && condition).node() : condition.node();
}

/// The RETURNING list of `items` (a table expands to its columns); empty is an ArgumentError.
inline std::vector<ExpressionPtr> returning_columns(const std::vector<SelectItem>& items) {
    std::vector<ExpressionPtr> out;
    for (const auto& item : items)
        item.append_to(out);
    if (out.empty()) throw ArgumentError("returning() needs at least one column");
    return out;
}

/// Adds an explicit extra table; `method` names the builder call in the error for an empty one.
inline void append_from(std::vector<FromClausePtr>& froms, const FromClause& from,
                        std::string_view method) {
    if (from.empty())
        throw ArgumentError("empty FROM clause given to " + std::string(method) + "()");
    froms.push_back(from.node());
}

}  // namespace retort::detail
