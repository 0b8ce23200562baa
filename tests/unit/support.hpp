// Helpers for unit tests: compile one statement for all three dialects and compare the SQL and
// the parameters side by side, plus a shared example schema.
#pragma once

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include <retort/retort.hpp>

namespace retort::test {

/// What one dialect should produce: the SQL text and the positional parameter values.
struct Expected {
    std::string sql;
    std::vector<Value> params{};
};

/// SQL and parameters of `statement` for `dialect` (execution parameters optional).
Expected render(const Statement& statement, const Dialect& dialect, const Parameters& parameters = {});

/// Checks SQLite, PostgreSQL and MySQL output in one go (MySQL 8.0 dialect).
void check_dialects(const Statement& statement, const Expected& sqlite, const Expected& postgresql,
                    const Expected& mysql, const Parameters& parameters = {});

/// Checks one dialect.
void check_sql(const Statement& statement, const Dialect& dialect, const Expected& expected,
               const Parameters& parameters = {});

/// The message of the exception `f` throws as E (fails the test when it throws nothing or
/// something else).
template <class E, class F>
std::string error_message(F&& f) {
    try {
        f();
    } catch (const E& e) {
        return e.what();
    } catch (const std::exception& e) {
        FAIL("threw the wrong exception type: " << e.what());
        return {};
    }
    FAIL("did not throw");
    return {};
}

/// A small schema used by many tests: users, addresses (FK to users), orders (FK to users and
/// addresses) and a keyword-named table.
struct Schema {
    MetaData meta;
    Table users;
    Table addresses;
    Schema();
};

}  // namespace retort::test
