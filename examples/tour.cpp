// The tour: a small complete program that defines a schema, creates it, inserts, queries with a
// join and a group, upserts, and rolls back a transaction — printing each statement and its rows.
//
//     build/examples/tour                      # embedded SQLite in memory
//     build/examples/tour postgresql://...     # any database URL
#include <retort/engine/engine.hpp>
#include <retort/retort.hpp>

#include <iostream>
#include <string>

using namespace retort;

namespace {

void print_rows(Result result) {
    const auto& keys = result.keys();
    for (std::size_t i = 0; i < keys.size(); ++i) std::cout << (i ? " | " : "    ") << keys[i];
    std::cout << '\n';
    for (const Row& row : result) {
        for (std::size_t i = 0; i < row.size(); ++i)
            std::cout << (i ? " | " : "    ") << row.value(i).to_display_string();
        std::cout << '\n';
    }
}

}  // namespace

int main(int argc, char** argv) {
    const std::string url = argc > 1 ? argv[1] : "sqlite://";
    try {
        MetaData meta;
        Table users{meta, "tour_users",
                    Column{"id", Integer{}, primary_key()},
                    Column{"name", String{50}, not_null(), unique()},
                    Column{"age", Integer{}}};
        Table orders{meta, "tour_orders",
                     Column{"id", Integer{}, primary_key()},
                     Column{"user_id", Integer{}, ForeignKey{"tour_users.id"}, not_null()},
                     Column{"total", Numeric{10, 2}, not_null()}};

        // echo prints every statement, its parameters and its timing.
        auto engine = create_engine(url, {.echo = true, .log_sink = [](std::string_view line) {
                                              std::cout << "  sql> " << line << '\n';
                                          }});
        std::cout << "== " << engine.url().to_string() << " (" << engine.dialect().name() << ")\n";

        std::cout << "\n== create the schema\n";
        auto conn = engine.connect();
        conn.drop_all(meta);
        conn.create_all(meta);

        std::cout << "\n== insert (executemany, one transaction)\n";
        {
            auto tx = conn.begin();
            conn.execute(insert(users), std::vector<Parameters>{{{"name", "ed"}, {"age", 31}},
                                                                {{"name", "wendy"}, {"age", 27}},
                                                                {{"name", "jack"}, {"age", 45}}});
            auto ed = conn.execute(select(users.c("id")).where(users.c("name") == "ed")).scalar<std::int64_t>();
            auto wendy = conn.execute(select(users.c("id")).where(users.c("name") == "wendy")).scalar<std::int64_t>();
            conn.execute(insert(orders), std::vector<Parameters>{{{"user_id", *ed}, {"total", Decimal{"19.99"}}},
                                                                 {{"user_id", *ed}, {"total", Decimal{"5.00"}}},
                                                                 {{"user_id", *wendy}, {"total", Decimal{"42.50"}}}});
            tx.commit();
        }

        std::cout << "\n== a join with a group\n";
        auto per_user = select(users.c("name"), func.count(orders.c("id")).label("orders"),
                               func.sum(orders.c("total")).label("spent"))
                            .select_from(users.outerjoin(orders))
                            .group_by(users.c("name"))
                            .order_by(users.c("name"));
        print_rows(conn.execute(per_user));

        std::cout << "\n== upsert on the unique name\n";
        auto upsert = insert(users)
                          .values({{"name", "ed"}, {"age", 32}})
                          .on_conflict({users.c("name")})
                          .do_update({{"age", excluded(users.c("age"))}});
        conn.execute(upsert);
        print_rows(conn.execute(select(users.c("name"), users.c("age")).where(users.c("name") == "ed")));

        std::cout << "\n== a transaction that rolls back\n";
        {
            auto tx = conn.begin();
            conn.execute(delete_(orders));
            auto inside = conn.execute(select(func.count()).select_from(orders)).scalar<std::int64_t>();
            std::cout << "  orders inside the transaction: " << *inside << '\n';
            // tx goes out of scope without commit(): rolled back
        }
        auto after = conn.execute(select(func.count()).select_from(orders)).scalar<std::int64_t>();
        std::cout << "  orders after the rollback: " << *after << '\n';

        std::cout << "\n== text() with a named parameter\n";
        print_rows(conn.execute(text("SELECT name, age FROM tour_users WHERE age > :min ORDER BY age"),
                                {{"min", 30}}));

        std::cout << "\n== the same statement compiled for each dialect\n";
        for (const Dialect* d : {&sqlite_dialect(), &postgresql_dialect(), &mysql_dialect()})
            std::cout << "  " << d->name() << ": " << compile(upsert, *d).sql() << '\n';

        conn.drop_all(meta);
        std::cout << "\n== done\n";
        return 0;
    } catch (const Error& e) {
        std::cerr << "tour failed: " << e.what() << '\n';
        return 1;
    }
}
