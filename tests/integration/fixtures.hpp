// Shared schemas of the conformance suite: a small shop (users and their orders) filled with
// known rows, and a one-column table for value round trips.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <retort/engine/value_text.hpp>

#include "support.hpp"

namespace retort::it {

/// Users and orders with known rows:
///
///     it_users:  1 ed (ed@x.org, 31), 2 wendy (wendy@x.org, 27), 3 jack (no email, 45),
///                4 mary (mary@x.org, no age)
///     it_orders: 1 ed 19.99 'first', 2 ed 5.00, 3 wendy 42.50 'big', 4 jack 7.25
struct Shop {
    MetaData meta;
    Table users{meta,
                "it_users",
                Column{"id", Integer{}, primary_key(), autoincrement(false)},
                Column{"name", String{50}, not_null()},
                Column{"email", String{100}},
                Column{"age", Integer{}}};
    Table orders{meta,
                 "it_orders",
                 Column{"id", Integer{}, primary_key(), autoincrement(false)},
                 Column{"user_id", Integer{}, ForeignKey{"it_users.id"}, not_null()},
                 Column{"total", Numeric{10, 2}, not_null()},
                 Column{"note", String{100}}};
    Engine engine;
    Schema schema;
    Connection conn;

    explicit Shop(EngineOptions options = {})
        : engine(test_engine(std::move(options))), schema(engine, meta), conn(engine.connect()) {
        conn.execute(insert(users),
                     std::vector<Parameters>{
                         {{"id", 1}, {"name", "ed"}, {"email", "ed@x.org"}, {"age", 31}},
                         {{"id", 2}, {"name", "wendy"}, {"email", "wendy@x.org"}, {"age", 27}},
                         {{"id", 3}, {"name", "jack"}, {"email", nullptr}, {"age", 45}},
                         {{"id", 4}, {"name", "mary"}, {"email", "mary@x.org"}, {"age", nullptr}},
                     });
        conn.execute(
            insert(orders),
            std::vector<Parameters>{
                {{"id", 1}, {"user_id", 1}, {"total", Decimal{"19.99"}}, {"note", "first"}},
                {{"id", 2}, {"user_id", 1}, {"total", Decimal{"5.00"}}, {"note", nullptr}},
                {{"id", 3}, {"user_id", 2}, {"total", Decimal{"42.50"}}, {"note", "big"}},
                {{"id", 4}, {"user_id", 3}, {"total", Decimal{"7.25"}}, {"note", nullptr}},
            });
    }

    /// The first column of every row, as T.
    template <class T>
    std::vector<T> column(const Statement& statement, Parameters parameters = {}) {
        return conn.execute(statement, std::move(parameters)).scalars<T>();
    }
    /// User names of a statement selecting them, in the order the database returns them.
    std::vector<std::string> names(const Statement& statement, Parameters parameters = {}) {
        return column<std::string>(statement, std::move(parameters));
    }
};

/// A table `it_values (id INTEGER PRIMARY KEY, v <type>)` for round trips of one type.
struct ValueTable {
    MetaData meta;
    Table table;
    Engine engine;
    Schema schema;
    Connection conn;

    explicit ValueTable(SqlType type, EngineOptions options = {})
        : table(meta, "it_values", Column{"id", Integer{}, primary_key(), autoincrement(false)},
                Column{"v", std::move(type)}),
          engine(test_engine(std::move(options))),
          schema(engine, meta),
          conn(engine.connect()) {}

    void put(int id, const Value& value) {
        conn.execute(insert(table).values({{"id", id}, {"v", Expression(value)}}));
    }
    /// The row's value column, read as T.
    template <class T>
    T get(int id) {
        return conn.execute(select(table.c("v")).where(table.c("id") == id)).one().get<T>(0);
    }
    /// Stores `value` under a fresh id and reads it back as T.
    template <class T>
    T round_trip(const Value& value) {
        const int id = ++next_id;
        put(id, value);
        return get<T>(id);
    }
    int next_id = 0;
};

}  // namespace retort::it
