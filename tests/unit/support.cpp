// Helpers for unit tests (see support.hpp).
#include "support.hpp"

namespace retort::test {

Expected render(const Statement& statement, const Dialect& dialect, const Parameters& parameters) {
    CompileOptions options;
    if (!parameters.empty()) options.parameters = &parameters;
    auto compiled = compile(statement, dialect, options);
    return Expected{compiled.sql(parameters), compiled.parameters(parameters)};
}

void check_sql(const Statement& statement, const Dialect& dialect, const Expected& expected,
               const Parameters& parameters) {
    INFO("dialect: " << dialect.name());
    Expected actual = render(statement, dialect, parameters);
    CHECK(actual.sql == expected.sql);
    CHECK(actual.params == expected.params);
}

void check_dialects(const Statement& statement, const Expected& sqlite, const Expected& postgresql,
                    const Expected& mysql, const Parameters& parameters) {
    check_sql(statement, sqlite_dialect(), sqlite, parameters);
    check_sql(statement, postgresql_dialect(), postgresql, parameters);
    check_sql(statement, mysql_dialect(), mysql, parameters);
}

Schema::Schema()
    : users{meta, "users", Column{"id", Integer{}, primary_key()}, Column{"name", String{50}, not_null()},
            Column{"email", String{100}}, Column{"age", Integer{}}},
      addresses{meta, "addresses", Column{"id", Integer{}, primary_key()},
                Column{"user_id", Integer{}, ForeignKey{"users.id"}}, Column{"email", String{100}, not_null()}} {}

}  // namespace retort::test
