// PostgreSQL reserved words: identifiers in this list must be quoted when rendered for PostgreSQL.
// Matches SQLAlchemy 1.4's RESERVED_WORDS in sqlalchemy.dialects.postgresql.base.

#include <algorithm>
#include <array>
#include <functional>
#include <string_view>

#include <retort/compiler/reserved_words.hpp>

namespace retort::compiler {
namespace {

// Several words per line; clang-format would put one word per line.
// clang-format off
constexpr std::array<std::string_view, 102> kPostgresqlReservedWords = {
    "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization",
    "between", "binary", "both", "case", "cast", "check", "collate", "column", "constraint",
    "create", "cross", "current_catalog", "current_date", "current_role", "current_schema",
    "current_time", "current_timestamp", "current_user", "default", "deferrable", "desc",
    "distinct", "do", "else", "end", "except", "false", "fetch", "for", "foreign", "freeze", "from",
    "full", "grant", "group", "having", "ilike", "in", "initially", "inner", "intersect", "into",
    "is", "isnull", "join", "leading", "left", "like", "limit", "localtime", "localtimestamp",
    "natural", "new", "not", "notnull", "null", "of", "off", "offset", "old", "on", "only", "or",
    "order", "outer", "over", "overlaps", "placing", "primary", "references", "returning", "right",
    "select", "session_user", "similar", "some", "symmetric", "table", "then", "to", "trailing",
    "true", "union", "unique", "user", "using", "variadic", "verbose", "when", "where", "window",
    "with"
};
// clang-format on

// Strictly ascending (sorted, no duplicates) so std::binary_search is valid.
static_assert(std::ranges::adjacent_find(kPostgresqlReservedWords, std::ranges::greater_equal{}) ==
              kPostgresqlReservedWords.end());

}  // namespace

bool is_postgresql_reserved_word(std::string_view lowercase_word) noexcept {
    return std::binary_search(kPostgresqlReservedWords.begin(), kPostgresqlReservedWords.end(),
                              lowercase_word);
}

}  // namespace retort::compiler
