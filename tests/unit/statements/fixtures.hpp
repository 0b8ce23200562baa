// Tables shared by the statement tests: users / addresses / orders with foreign keys, a
// self-referencing employees table, two foreign keys between the same tables (messages), a parts
// table for recursive CTEs and tables with several unique keys for upserts.
#pragma once

#include "../support.hpp"

namespace retort::test {

/// Checks that SQLite, PostgreSQL and MySQL all render `statement` as `sql` (no parameters).
inline void same_everywhere(const Statement& statement, const std::string& sql) {
    check_dialects(statement, {sql}, {sql}, {sql});
}

struct Tables {
    MetaData meta;
    Table users{meta,
                "users",
                Column{"id", Integer{}, primary_key()},
                Column{"name", String{50}, not_null()},
                Column{"email", String{100}},
                Column{"age", Integer{}}};
    Table addresses{meta, "addresses", Column{"id", Integer{}, primary_key()},
                    Column{"user_id", Integer{}, ForeignKey{"users.id"}},
                    Column{"email", String{100}, not_null()}};
    Table orders{meta,
                 "orders",
                 Column{"id", Integer{}, primary_key()},
                 Column{"user_id", Integer{}, ForeignKey{"users.id"}},
                 Column{"address_id", Integer{}, ForeignKey{"addresses.id"}},
                 Column{"amount", Integer{}}};
    Table employees{meta, "employees", Column{"id", Integer{}, primary_key()},
                    Column{"name", String{50}},
                    Column{"manager_id", Integer{}, ForeignKey{"employees.id"}}};
    Table messages{meta,
                   "messages",
                   Column{"id", Integer{}, primary_key()},
                   Column{"sender_id", Integer{}, ForeignKey{"users.id"}},
                   Column{"recipient_id", Integer{}, ForeignKey{"users.id"}},
                   Column{"body", Text{}}};
    Table parts{meta, "parts", Column{"part", String{30}}, Column{"sub_part", String{30}},
                Column{"quantity", Integer{}}};
    Table tags{meta, "tags", Column{"id", Integer{}, primary_key()}, Column{"label", String{20}}};
};

}  // namespace retort::test
