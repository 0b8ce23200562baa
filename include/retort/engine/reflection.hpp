// Reflection results: what a live database says about its tables (columns, keys, indexes,
// constraints, comments), fetched for many tables at once and turned back into Tables.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <retort/sql/metadata.hpp>

namespace retort {

struct ReflectedColumn {
    std::string name{};
    SqlType type;            ///< mapped back to a generic type
    std::string native_type{}; ///< the database's own spelling ("character varying(50)")
    bool nullable = true;
    std::optional<std::string> default_sql{};  ///< the server default as SQL text
    bool autoincrement = false;
    std::string comment{};
};

struct ReflectedForeignKey {
    std::string name{};
    std::vector<std::string> columns{};
    std::string referred_schema{};
    std::string referred_table{};
    std::vector<std::string> referred_columns{};
    ReferentialAction on_delete = ReferentialAction::Unspecified;
    ReferentialAction on_update = ReferentialAction::Unspecified;
};

struct ReflectedIndex {
    std::string name{};
    std::vector<std::string> columns{};  ///< empty entries for expression parts
    bool unique = false;
    std::string where_sql{};  ///< partial index predicate, if any
};

struct ReflectedConstraint {
    std::string name{};
    std::vector<std::string> columns{};  ///< unique constraints
    std::string sql{};                   ///< check constraints
};

struct ReflectedTable {
    std::string schema{};
    std::string name{};
    std::vector<ReflectedColumn> columns{};
    std::string primary_key_name{};
    std::vector<std::string> primary_key{};
    std::vector<ReflectedForeignKey> foreign_keys{};
    std::vector<ReflectedIndex> indexes{};
    std::vector<ReflectedConstraint> unique_constraints{};
    std::vector<ReflectedConstraint> check_constraints{};
    std::string comment{};
};

/// Which tables to reflect: all tables of a schema (empty names) or the named ones.
struct ReflectionRequest {
    std::string schema{};  ///< empty: the default schema
    std::vector<std::string> table_names{};
};

/// Builds a Table in `metadata` from a reflected description (replacing a table of the same
/// name). Foreign keys to tables not in the MetaData are kept; they resolve when those tables
/// are added.
Table table_from_reflection(MetaData& metadata, const ReflectedTable& reflected);

}  // namespace retort
