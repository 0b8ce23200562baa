// Keeps docs/dialects.md true: its capability matrix must list every DialectCapabilities flag
// once, and each cell must match the flag of the sqlite, postgresql, mysql (8.0) and mariadb
// (10.11) dialects.
#include "fixtures.hpp"

#include <fstream>
#include <map>
#include <sstream>

using namespace retort;

namespace {

using Flag = bool DialectCapabilities::*;

/// Every boolean flag of DialectCapabilities, by the name the matrix uses. A flag added to
/// DialectCapabilities belongs here and in the document.
const std::map<std::string, Flag>& known_flags() {
    static const std::map<std::string, Flag> flags{
        {"native_boolean", &DialectCapabilities::native_boolean},
        {"native_ilike", &DialectCapabilities::native_ilike},
        {"native_is_distinct_from", &DialectCapabilities::native_is_distinct_from},
        {"insert_returning", &DialectCapabilities::insert_returning},
        {"update_returning", &DialectCapabilities::update_returning},
        {"delete_returning", &DialectCapabilities::delete_returning},
        {"multi_row_values", &DialectCapabilities::multi_row_values},
        {"for_update", &DialectCapabilities::for_update},
        {"for_update_nowait", &DialectCapabilities::for_update_nowait},
        {"for_update_skip_locked", &DialectCapabilities::for_update_skip_locked},
        {"for_update_of", &DialectCapabilities::for_update_of},
        {"for_share", &DialectCapabilities::for_share},
        {"full_outer_join", &DialectCapabilities::full_outer_join},
        {"lateral", &DialectCapabilities::lateral},
        {"intersect_except", &DialectCapabilities::intersect_except},
        {"intersect_except_all", &DialectCapabilities::intersect_except_all},
        {"distinct_on", &DialectCapabilities::distinct_on},
        {"nulls_ordering", &DialectCapabilities::nulls_ordering},
        {"window_functions", &DialectCapabilities::window_functions},
        {"common_table_expressions", &DialectCapabilities::common_table_expressions},
        {"recursive_cte", &DialectCapabilities::recursive_cte},
        {"cte_before_update_delete", &DialectCapabilities::cte_before_update_delete},
        {"cte_before_insert", &DialectCapabilities::cte_before_insert},
        {"aggregate_filter", &DialectCapabilities::aggregate_filter},
        {"update_from", &DialectCapabilities::update_from},
        {"multi_table_update", &DialectCapabilities::multi_table_update},
        {"delete_using", &DialectCapabilities::delete_using},
        {"sequences", &DialectCapabilities::sequences},
        {"partial_indexes", &DialectCapabilities::partial_indexes},
        {"identity_columns", &DialectCapabilities::identity_columns},
        {"native_enum", &DialectCapabilities::native_enum},
        {"native_uuid", &DialectCapabilities::native_uuid},
        {"native_interval", &DialectCapabilities::native_interval},
        {"comments", &DialectCapabilities::comments},
        {"create_index_if_not_exists", &DialectCapabilities::create_index_if_not_exists},
        {"tuple_in", &DialectCapabilities::tuple_in},
        {"parenthesized_compound_members", &DialectCapabilities::parenthesized_compound_members},
        {"offset_without_limit", &DialectCapabilities::offset_without_limit},
        {"upsert", &DialectCapabilities::upsert},
        {"upsert_where", &DialectCapabilities::upsert_where},
        {"upsert_target_constraint", &DialectCapabilities::upsert_target_constraint},
        {"implicit_returning", &DialectCapabilities::implicit_returning},
        {"batch_insert_values", &DialectCapabilities::batch_insert_values},
    };
    return flags;
}

std::string trim(std::string s) {
    const char* space = " \t\r";
    s.erase(0, s.find_first_not_of(space));
    s.erase(s.find_last_not_of(space) + 1);
    return s;
}

/// The cells of a Markdown table row `| a | b |`.
std::vector<std::string> cells(const std::string& line) {
    std::vector<std::string> out;
    std::string body = trim(line);
    if (body.size() < 2 || body.front() != '|' || body.back() != '|') return out;
    body = body.substr(1, body.size() - 2);
    std::stringstream in(body);
    std::string cell;
    while (std::getline(in, cell, '|'))
        out.push_back(trim(cell));
    return out;
}

std::string unquote(std::string s) {
    if (s.size() >= 2 && s.front() == '`' && s.back() == '`') return s.substr(1, s.size() - 2);
    return s;
}

struct Matrix {
    std::vector<std::string> dialects;  // column headers, in order
    std::vector<std::pair<std::string, std::vector<std::string>>> rows;
};

/// The table whose header starts with `| flag |` and names the dialects.
Matrix read_matrix(const std::string& path) {
    std::ifstream file(path);
    REQUIRE_MESSAGE(file.good(), "cannot read " << path);
    Matrix m;
    std::string line;
    std::vector<std::size_t> columns;
    bool in_table = false;
    while (std::getline(file, line)) {
        auto row = cells(line);
        if (!in_table) {
            if (row.empty() || row.front() != "flag") continue;
            for (std::size_t i = 1; i < row.size(); ++i) {
                for (std::string name : {"sqlite", "postgresql", "mysql", "mariadb"})
                    if (row[i].rfind(name, 0) == 0) {
                        columns.push_back(i);
                        m.dialects.push_back(name);
                    }
            }
            in_table = true;
            std::getline(file, line);  // the |---| separator
            continue;
        }
        if (row.empty()) break;
        std::vector<std::string> values;
        for (std::size_t c : columns)
            values.push_back(c < row.size() ? row[c] : std::string("(missing)"));
        m.rows.emplace_back(unquote(row.front()), std::move(values));
    }
    return m;
}

const Dialect& dialect_named(const std::string& name) {
    if (name == "sqlite") return sqlite_dialect();
    if (name == "postgresql") return postgresql_dialect();
    if (name == "mysql") return mysql_dialect();
    return mariadb_dialect();
}

}  // namespace

TEST_CASE("docs/dialects.md: the capability matrix matches every dialect's flags") {
    const Matrix m = read_matrix(std::string(RETORT_SOURCE_DIR) + "/docs/dialects.md");
    REQUIRE(m.dialects == std::vector<std::string>{"sqlite", "postgresql", "mysql", "mariadb"});
    std::map<std::string, int> seen;
    for (const auto& [flag, values] : m.rows) {
        INFO("flag: " << flag);
        ++seen[flag];
        auto known = known_flags().find(flag);
        CHECK_MESSAGE(known != known_flags().end(), "the matrix lists an unknown flag");
        if (known == known_flags().end()) continue;
        for (std::size_t d = 0; d < m.dialects.size(); ++d) {
            INFO("dialect column: " << m.dialects[d]);
            const bool actual = dialect_named(m.dialects[d]).capabilities().*(known->second);
            CHECK((values[d] == "yes" || values[d] == "no"));
            CHECK(values[d] == (actual ? "yes" : "no"));
        }
    }
    for (const auto& [flag, member] : known_flags()) {
        INFO("flag: " << flag);
        CHECK(seen[flag] == 1);
    }
}

TEST_CASE("the matrix columns name the dialect versions the library defaults to") {
    std::ifstream file(std::string(RETORT_SOURCE_DIR) + "/docs/dialects.md");
    std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    CHECK(text.find("| flag |") != std::string::npos);
    CHECK(text.find("mysql (8.0)") != std::string::npos);
    CHECK(text.find("mariadb (10.11)") != std::string::npos);
    const auto& maria = static_cast<const MySqlDialect&>(mariadb_dialect());
    CHECK(maria.is_mariadb());
    CHECK(maria.options().major == 10);
    CHECK(maria.options().minor == 11);
    const auto& mysql = static_cast<const MySqlDialect&>(mysql_dialect());
    CHECK_FALSE(mysql.is_mariadb());
    CHECK(mysql.options().major == 8);
    CHECK(mysql.options().minor == 0);
}
