// include/retort/compiler/reserved_words.hpp
// Reserved-word tables that decide when a dialect must quote an identifier.
// Each returns true when `lowercase_word` (already lower-cased ASCII) is reserved.
#pragma once
#include <string_view>
namespace retort::compiler {
bool is_sqlite_reserved_word(std::string_view lowercase_word) noexcept;
bool is_postgresql_reserved_word(std::string_view lowercase_word) noexcept;
bool is_mysql_reserved_word(std::string_view lowercase_word) noexcept;
bool is_mariadb_reserved_word(std::string_view lowercase_word) noexcept;
}  // namespace retort::compiler
