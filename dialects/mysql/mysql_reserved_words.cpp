// MySQL and MariaDB reserved words: identifiers listed here must be quoted for that server.
// Matches SQLAlchemy 1.4: RESERVED_WORDS_MYSQL/_MARIADB, sqlalchemy.dialects.mysql.reserved_words.

#include <algorithm>
#include <array>
#include <functional>
#include <string_view>

#include <retort/compiler/reserved_words.hpp>

namespace retort::compiler {
namespace {

// Several words per line; clang-format would put one word per line.
// clang-format off
constexpr std::array<std::string_view, 275> kMysqlReservedWords = {
    "accessible", "add", "admin", "all", "alter", "analyze", "and", "array", "as", "asc",
    "asensitive", "before", "between", "bigint", "binary", "blob", "both", "by", "call", "cascade",
    "case", "change", "char", "character", "check", "collate", "column", "condition", "constraint",
    "continue", "convert", "create", "cross", "cube", "cume_dist", "current_date", "current_time",
    "current_timestamp", "current_user", "cursor", "database", "databases", "day_hour",
    "day_microsecond", "day_minute", "day_second", "dec", "decimal", "declare", "default",
    "delayed", "delete", "dense_rank", "desc", "describe", "deterministic", "distinct",
    "distinctrow", "div", "double", "drop", "dual", "each", "else", "elseif", "empty", "enclosed",
    "escaped", "except", "exists", "exit", "explain", "false", "fetch", "first_value", "float",
    "float4", "float8", "for", "force", "foreign", "from", "fulltext", "function", "general",
    "generated", "get", "get_master_public_key", "grant", "group", "grouping", "groups", "having",
    "high_priority", "hour_microsecond", "hour_minute", "hour_second", "if", "ignore",
    "ignore_server_ids", "in", "index", "infile", "inner", "inout", "insensitive", "insert", "int",
    "int1", "int2", "int3", "int4", "int8", "integer", "interval", "into", "io_after_gtids",
    "io_before_gtids", "is", "iterate", "join", "json_table", "key", "keys", "kill", "lag",
    "last_value", "lateral", "lead", "leading", "leave", "left", "like", "limit", "linear", "lines",
    "load", "localtime", "localtimestamp", "lock", "long", "longblob", "longtext", "loop",
    "low_priority", "master_bind", "master_heartbeat_period", "master_ssl_verify_server_cert",
    "match", "maxvalue", "mediumblob", "mediumint", "mediumtext", "member", "middleint",
    "minute_microsecond", "minute_second", "mod", "modifies", "natural", "no_write_to_binlog",
    "not", "nth_value", "ntile", "null", "numeric", "of", "on", "optimize", "optimizer_costs",
    "option", "optionally", "or", "order", "out", "outer", "outfile", "over", "parse_gcol_expr",
    "partition", "percent_rank", "persist", "persist_only", "precision", "primary", "procedure",
    "purge", "range", "rank", "read", "read_write", "reads", "real", "recursive", "references",
    "regexp", "release", "rename", "repeat", "replace", "require", "resignal", "restrict", "return",
    "revoke", "right", "rlike", "role", "row", "row_number", "rows", "schema", "schemas",
    "second_microsecond", "select", "sensitive", "separator", "set", "show", "signal", "slow",
    "smallint", "spatial", "specific", "sql", "sql_after_gtids", "sql_before_gtids",
    "sql_big_result", "sql_calc_found_rows", "sql_small_result", "sqlexception", "sqlstate",
    "sqlwarning", "ssl", "starting", "stored", "straight_join", "system", "table", "terminated",
    "then", "tinyblob", "tinyint", "tinytext", "to", "trailing", "trigger", "true", "undo", "union",
    "unique", "unlock", "unsigned", "update", "usage", "use", "using", "utc_date", "utc_time",
    "utc_timestamp", "values", "varbinary", "varchar", "varcharacter", "varying", "virtual", "when",
    "where", "while", "window", "with", "write", "xor", "year_month", "zerofill"
};
// clang-format on

// Strictly ascending (sorted, no duplicates) so std::binary_search is valid.
static_assert(std::ranges::adjacent_find(kMysqlReservedWords, std::ranges::greater_equal{}) ==
              kMysqlReservedWords.end());

// Several words per line; clang-format would put one word per line.
// clang-format off
constexpr std::array<std::string_view, 262> kMariadbReservedWords = {
    "accessible", "add", "all", "alter", "analyze", "and", "as", "asc", "asensitive", "before",
    "between", "bigint", "binary", "blob", "body", "both", "by", "call", "cascade", "case",
    "change", "char", "character", "check", "collate", "column", "condition", "constraint",
    "continue", "convert", "create", "cross", "current_date", "current_role", "current_time",
    "current_timestamp", "current_user", "cursor", "database", "databases", "day_hour",
    "day_microsecond", "day_minute", "day_second", "dec", "decimal", "declare", "default",
    "delayed", "delete", "desc", "describe", "deterministic", "distinct", "distinctrow", "div",
    "do_domain_ids", "double", "drop", "dual", "each", "else", "elseif", "elsif", "enclosed",
    "escaped", "except", "exists", "exit", "explain", "false", "fetch", "float", "float4", "float8",
    "for", "force", "foreign", "from", "fulltext", "general", "goto", "grant", "group", "having",
    "high_priority", "history", "hour_microsecond", "hour_minute", "hour_second", "if", "ignore",
    "ignore_domain_ids", "ignore_server_ids", "in", "index", "infile", "inner", "inout",
    "insensitive", "insert", "int", "int1", "int2", "int3", "int4", "int8", "integer", "intersect",
    "interval", "into", "is", "iterate", "join", "key", "keys", "kill", "leading", "leave", "left",
    "like", "limit", "linear", "lines", "load", "localtime", "localtimestamp", "lock", "long",
    "longblob", "longtext", "loop", "low_priority", "master_heartbeat_period",
    "master_ssl_verify_server_cert", "match", "maxvalue", "mediumblob", "mediumint", "mediumtext",
    "middleint", "minute_microsecond", "minute_second", "mod", "modifies", "natural",
    "no_write_to_binlog", "not", "null", "numeric", "offset", "on", "optimize", "option",
    "optionally", "or", "order", "others", "out", "outer", "outfile", "over", "package",
    "page_checksum", "parse_vcol_expr", "partition", "period", "position", "precision", "primary",
    "procedure", "purge", "raise", "range", "read", "read_write", "reads", "real", "recursive",
    "ref_system_id", "references", "regexp", "release", "rename", "repeat", "replace", "require",
    "resignal", "restrict", "return", "returning", "revoke", "right", "rlike", "rows", "rowtype",
    "schema", "schemas", "second_microsecond", "select", "sensitive", "separator", "set", "show",
    "signal", "slow", "smallint", "spatial", "specific", "sql", "sql_big_result",
    "sql_calc_found_rows", "sql_small_result", "sqlexception", "sqlstate", "sqlwarning", "ssl",
    "starting", "stats_auto_recalc", "stats_persistent", "stats_sample_pages", "straight_join",
    "system", "system_time", "table", "terminated", "then", "tinyblob", "tinyint", "tinytext", "to",
    "trailing", "trigger", "true", "undo", "union", "unique", "unlock", "unsigned", "update",
    "usage", "use", "using", "utc_date", "utc_time", "utc_timestamp", "values", "varbinary",
    "varchar", "varcharacter", "varying", "versioning", "when", "where", "while", "window", "with",
    "without", "write", "xor", "year_month", "zerofill"
};
// clang-format on

// Strictly ascending (sorted, no duplicates) so std::binary_search is valid.
static_assert(std::ranges::adjacent_find(kMariadbReservedWords, std::ranges::greater_equal{}) ==
              kMariadbReservedWords.end());

}  // namespace

bool is_mysql_reserved_word(std::string_view lowercase_word) noexcept {
    return std::binary_search(kMysqlReservedWords.begin(), kMysqlReservedWords.end(),
                              lowercase_word);
}

bool is_mariadb_reserved_word(std::string_view lowercase_word) noexcept {
    return std::binary_search(kMariadbReservedWords.begin(), kMariadbReservedWords.end(),
                              lowercase_word);
}

}  // namespace retort::compiler
