// SQLite reserved words: identifiers in this list must be quoted when rendered for SQLite.
// Matches SQLAlchemy 1.4: SQLiteIdentifierPreparer.reserved_words, sqlalchemy.dialects.sqlite.base.

#include <algorithm>
#include <array>
#include <functional>
#include <string_view>

#include <retort/compiler/reserved_words.hpp>

namespace retort::compiler {
namespace {

// Several words per line; clang-format would put one word per line.
// clang-format off
constexpr std::array<std::string_view, 117> kSqliteReservedWords = {
    "add", "after", "all", "alter", "analyze", "and", "as", "asc", "attach", "autoincrement",
    "before", "begin", "between", "by", "cascade", "case", "cast", "check", "collate", "column",
    "commit", "conflict", "constraint", "create", "cross", "current_date", "current_time",
    "current_timestamp", "database", "default", "deferrable", "deferred", "delete", "desc",
    "detach", "distinct", "drop", "each", "else", "end", "escape", "except", "exclusive", "exists",
    "explain", "fail", "false", "for", "foreign", "from", "full", "glob", "group", "having", "if",
    "ignore", "immediate", "in", "index", "indexed", "initially", "inner", "insert", "instead",
    "intersect", "into", "is", "isnull", "join", "key", "left", "like", "limit", "match", "natural",
    "not", "notnull", "null", "of", "offset", "on", "or", "order", "outer", "plan", "pragma",
    "primary", "query", "raise", "references", "reindex", "rename", "replace", "restrict", "right",
    "rollback", "row", "select", "set", "table", "temp", "temporary", "then", "to", "transaction",
    "trigger", "true", "union", "unique", "update", "using", "vacuum", "values", "view", "virtual",
    "when", "where"
};
// clang-format on

// Strictly ascending (sorted, no duplicates) so std::binary_search is valid.
static_assert(std::ranges::adjacent_find(kSqliteReservedWords, std::ranges::greater_equal{}) ==
              kSqliteReservedWords.end());

}  // namespace

bool is_sqlite_reserved_word(std::string_view lowercase_word) noexcept {
    return std::binary_search(kSqliteReservedWords.begin(), kSqliteReservedWords.end(),
                              lowercase_word);
}

}  // namespace retort::compiler
