// The Result API on real rows: streaming, all(), first(), one(), one_or_none(), scalar(s),
// mappings(), keys(), rowcount, lastrowid, inserted_primary_key() and RETURNING.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "fixtures.hpp"

using namespace retort;
using namespace retort::it;

namespace {

/// A table whose integer key the database generates, with a server-side default.
struct Generated {
    MetaData meta;
    Table items{meta, "it_items", Column{"id", Integer{}, primary_key()},
                Column{"name", String{40}, not_null()},
                Column{"status", String{10}, server_default(literal_column("'fresh'"))}};
    Engine engine = test_engine();
    Schema schema{engine, meta};
    Connection conn = engine.connect();
};

}  // namespace

TEST_CASE("results: streaming iteration reads every row in order") {
    REQUIRE_DATABASE();
    Shop shop;
    std::vector<std::string> names;
    std::vector<std::int64_t> ids;
    auto result = shop.conn.execute(
        select(shop.users.c("id"), shop.users.c("name")).order_by(shop.users.c("id")));
    CHECK(result.returns_rows());
    for (const Row& row : result) {
        ids.push_back(row.get<std::int64_t>("id"));
        names.push_back(row.get<std::string>(1));
    }
    CHECK(ids == std::vector<std::int64_t>{1, 2, 3, 4});
    CHECK(names == std::vector<std::string>{"ed", "wendy", "jack", "mary"});
    CHECK(result.closed());
}

TEST_CASE("results: next() and row() walk a result by hand") {
    REQUIRE_DATABASE();
    Shop shop;
    auto result = shop.conn.execute(
        select(shop.users.c("name")).where(shop.users.c("id") <= 2).order_by(shop.users.c("id")));
    REQUIRE(result.next());
    CHECK(result.row().get<std::string>(0) == "ed");
    REQUIRE(result.next());
    CHECK(result.row().get<std::string>(0) == "wendy");
    CHECK_FALSE(result.next());
    CHECK_FALSE(result.next());
}

TEST_CASE("results: all() returns rows that outlive the result") {
    REQUIRE_DATABASE();
    Shop shop;
    std::vector<Row> rows =
        shop.conn.execute(select(shop.users).order_by(shop.users.c("name"))).all();
    // Other statements on the connection do not disturb owned rows.
    shop.conn.execute(update(shop.users).values({{"name", "changed"}}));
    REQUIRE(rows.size() == 4);
    CHECK(rows[0].get<std::string>("name") == "ed");
    CHECK(rows[3].get<std::string>("name") == "wendy");
    CHECK(rows[1].get<std::optional<std::string>>("email") == std::nullopt);  // jack
    CHECK(rows[2].get<std::optional<std::int64_t>>("age") == std::nullopt);   // mary
}

TEST_CASE("results: first() returns the first row or nothing") {
    REQUIRE_DATABASE();
    Shop shop;
    auto result =
        shop.conn.execute(select(shop.users.c("name")).order_by(shop.users.c("age").desc()));
    auto first = result.first();
    REQUIRE(first);
    // NULL sorts first descending on PostgreSQL, last on SQLite and MariaDB.
    CHECK(first->get<std::string>(0) == (is_postgresql() ? "mary" : "jack"));
    CHECK(result.closed());
    CHECK_FALSE(shop.conn.execute(select(shop.users).where(shop.users.c("id") == 99)).first());
}

TEST_CASE("results: one() requires exactly one row") {
    REQUIRE_DATABASE();
    Shop shop;
    Row row = shop.conn.execute(select(shop.users).where(shop.users.c("id") == 2)).one();
    CHECK(row.get<std::string>("name") == "wendy");
    auto none = expect_throw<NoResultFound>(
        [&] { shop.conn.execute(select(shop.users).where(shop.users.c("id") == 99)).one(); });
    CHECK(contains(none.what(), "no row"));
    auto many = expect_throw<MultipleResultsFound>(
        [&] { shop.conn.execute(select(shop.users).where(shop.users.c("id") > 1)).one(); });
    CHECK(contains(many.what(), "more than one"));
    // Both are InvalidRequestErrors, and the connection stays usable.
    expect_throw<InvalidRequestError>([&] { shop.conn.execute(select(shop.users)).one(); });
    CHECK(count_rows(shop.conn, shop.users) == 4);
}

TEST_CASE("results: one_or_none() allows no row, not several") {
    REQUIRE_DATABASE();
    Shop shop;
    CHECK_FALSE(
        shop.conn.execute(select(shop.users).where(shop.users.c("id") == 99)).one_or_none());
    auto one = shop.conn.execute(select(shop.users.c("name")).where(shop.users.c("id") == 3))
                   .one_or_none();
    REQUIRE(one);
    CHECK(one->get<std::string>(0) == "jack");
    expect_throw<MultipleResultsFound>(
        [&] { shop.conn.execute(select(shop.users)).one_or_none(); });
}

TEST_CASE("results: scalar() is the first column of the first row, or nothing") {
    REQUIRE_DATABASE();
    Shop shop;
    CHECK(shop.conn.execute(select(func.count()).select_from(shop.users)).scalar<std::int64_t>() ==
          4);
    CHECK(shop.conn.execute(select(shop.users.c("name")).where(shop.users.c("id") == 99))
              .scalar<std::string>() == std::nullopt);
    // A NULL value is nothing too.
    CHECK(shop.conn.execute(select(shop.users.c("age")).where(shop.users.c("id") == 4))
              .scalar<std::int64_t>() == std::nullopt);
    // Without a type, a Value.
    auto v =
        shop.conn.execute(select(shop.users.c("name")).where(shop.users.c("id") == 1)).scalar();
    REQUIRE(v);
    CHECK(*v == Value("ed"));
}

TEST_CASE("results: scalar_one() requires exactly one row") {
    REQUIRE_DATABASE();
    Shop shop;
    CHECK(shop.conn.execute(select(func.max(shop.users.c("age")))).scalar_one<int>() == 45);
    expect_throw<NoResultFound>([&] {
        shop.conn.execute(select(shop.users.c("id")).where(shop.users.c("id") == 0))
            .scalar_one<int>();
    });
    expect_throw<MultipleResultsFound>(
        [&] { shop.conn.execute(select(shop.users.c("id"))).scalar_one<int>(); });
}

TEST_CASE("results: scalars() collects the first column of every row") {
    REQUIRE_DATABASE();
    Shop shop;
    auto ages = shop.conn
                    .execute(select(shop.users.c("age"))
                                 .where(shop.users.c("age") != nullptr)
                                 .order_by(shop.users.c("age")))
                    .scalars<int>();
    CHECK(ages == std::vector<int>{27, 31, 45});
    auto emails = shop.conn.execute(select(shop.users.c("email")).order_by(shop.users.c("id")))
                      .scalars<std::optional<std::string>>();
    CHECK(emails == std::vector<std::optional<std::string>>{"ed@x.org", "wendy@x.org", std::nullopt,
                                                            "mary@x.org"});
}

TEST_CASE("results: mappings() gives name to value pairs") {
    REQUIRE_DATABASE();
    Shop shop;
    auto maps =
        shop.conn
            .execute(select(shop.users.c("id"), shop.users.c("email")).order_by(shop.users.c("id")))
            .mappings();
    REQUIRE(maps.size() == 4);
    CHECK(*maps[0].find("id") == Value(1));
    CHECK(*maps[0].find("email") == Value("ed@x.org"));
    CHECK(maps[2].find("email")->is_null());
    CHECK(maps[3].size() == 2);
}

TEST_CASE("results: keys() names the columns, labels included") {
    REQUIRE_DATABASE();
    Shop shop;
    auto result = shop.conn.execute(select(shop.users.c("id"), shop.users.c("name").label("who"),
                                           func.count(shop.orders.c("id")).label("orders"))
                                        .select_from(shop.users.outerjoin(shop.orders))
                                        .group_by(shop.users.c("id"), shop.users.c("name")));
    CHECK(result.keys() == std::vector<std::string>{"id", "who", "orders"});
    auto textual = shop.conn.execute(text("SELECT id, name AS who FROM it_users"));
    CHECK(textual.keys() == std::vector<std::string>{"id", "who"});
    CHECK(textual.all().size() == 4);
}

TEST_CASE("results: a statement without rows has no keys and no iteration") {
    REQUIRE_DATABASE();
    Shop shop;
    auto result =
        shop.conn.execute(update(shop.users).values({{"age", 1}}).where(shop.users.c("id") == 99));
    CHECK_FALSE(result.returns_rows());
    CHECK(result.keys().empty());
    CHECK(result.all().empty());
    CHECK(result.rowcount() == 0);
}

TEST_CASE("results: rowcount of UPDATE and DELETE") {
    REQUIRE_DATABASE();
    Shop shop;
    auto up =
        shop.conn.execute(update(shop.users).values({{"age", 50}}).where(shop.users.c("age") > 30));
    CHECK(up.rowcount() == 2);  // ed and jack
    auto del = shop.conn.execute(delete_(shop.orders).where(shop.orders.c("user_id") == 1));
    CHECK(del.rowcount() == 2);
    CHECK(shop.conn.execute(delete_(shop.orders)).rowcount() == 2);
    auto ins = shop.conn.execute(
        insert(shop.orders).values({{"id", 9}, {"user_id", 4}, {"total", Decimal{"1.00"}}}));
    CHECK(ins.rowcount() == 1);
}

TEST_CASE("results: rowcount counts matched rows, also when nothing changes") {
    REQUIRE_DATABASE();
    Shop shop;
    // Setting a value to what it already is: matched rows on every database (the MySQL driver
    // connects with CLIENT_FOUND_ROWS).
    auto same =
        shop.conn.execute(update(shop.users).values({{"age", 31}}).where(shop.users.c("id") == 1));
    CHECK(same.rowcount() == 1);
    if (is_mysql()) {
        // Without CLIENT_FOUND_ROWS MySQL counts changed rows only.
        auto changed_only = create_engine(
            database_url() + (contains(database_url(), "?") ? "&" : "?") + "found_rows=false");
        auto conn = changed_only.connect();
        CHECK(conn.execute(update(shop.users).values({{"age", 31}}).where(shop.users.c("id") == 1))
                  .rowcount() == 0);
        CHECK(conn.execute(update(shop.users).values({{"age", 32}}).where(shop.users.c("id") == 1))
                  .rowcount() == 1);
    }
}

TEST_CASE("results: lastrowid after inserting into an autoincrement table") {
    REQUIRE_DATABASE();
    Generated g;
    auto first = g.conn.execute(insert(g.items).values({{"name", "a"}}));
    REQUIRE(first.lastrowid());
    auto second = g.conn.execute(insert(g.items).values({{"name", "b"}}));
    REQUIRE(second.lastrowid());
    CHECK(*second.lastrowid() == *first.lastrowid() + 1);
    auto id_of_b = g.conn.execute(select(g.items.c("id")).where(g.items.c("name") == "b"))
                       .scalar_one<std::int64_t>();
    CHECK(*second.lastrowid() == id_of_b);
}

TEST_CASE("results: inserted_primary_key() of a generated id") {
    REQUIRE_DATABASE();
    Generated g;
    g.conn.execute(insert(g.items).values({{"name", "first"}}));
    auto result = g.conn.execute(insert(g.items).values({{"name", "second"}}));
    // SQLite: the rowid; MariaDB: AUTO_INCREMENT; PostgreSQL: an implicit RETURNING id.
    const auto& key = result.inserted_primary_key();
    REQUIRE(key.size() == 1);
    REQUIRE(key[0].get_if<std::int64_t>());
    auto id = g.conn.execute(select(g.items.c("id")).where(g.items.c("name") == "second"))
                  .scalar_one<std::int64_t>();
    CHECK(*key[0].get_if<std::int64_t>() == id);
    // The implicit RETURNING adds no rows to the result.
    CHECK_FALSE(result.returns_rows());
    CHECK(result.rowcount() == 1);
}

TEST_CASE(
    "results: inserted_primary_key() of given values, and lastrowid without a generated key") {
    REQUIRE_DATABASE();
    MetaData meta;
    Table pairs{meta, "it_pairs", Column{"code", String{10}, primary_key()},
                Column{"n", Integer{}, primary_key(), autoincrement(false)},
                Column{"label", String{20}}};
    auto engine = test_engine();
    Schema schema(engine, meta);
    auto conn = engine.connect();
    auto result = conn.execute(insert(pairs).values({{"code", "x"}, {"n", 5}, {"label", "five"}}));
    CHECK(result.inserted_primary_key() == std::vector<Value>{Value("x"), Value(5)});
    // SQLite reports the hidden rowid of any table; the servers report nothing without an
    // AUTO_INCREMENT / serial column.
    if (is_sqlite())
        CHECK(result.lastrowid() == 1);
    else
        CHECK(result.lastrowid() == std::nullopt);
    expect_throw<InvalidRequestError>([&] { conn.execute(select(pairs)).inserted_primary_key(); });
}

TEST_CASE("results: RETURNING rows from INSERT") {
    REQUIRE_DATABASE();
    Generated g;
    auto row = g.conn
                   .execute(insert(g.items)
                                .values({{"name", "ret"}})
                                .returning(g.items.c("id"), g.items.c("name"), g.items.c("status")))
                   .one();
    CHECK(row.keys() == std::vector<std::string>{"id", "name", "status"});
    CHECK(row.get<std::string>("name") == "ret");
    CHECK(row.get<std::string>("status") == "fresh");  // the server default comes back
    auto stored = g.conn.execute(select(g.items.c("id"))).scalar_one<std::int64_t>();
    CHECK(row.get<std::int64_t>("id") == stored);
}

TEST_CASE("results: RETURNING rows from DELETE") {
    REQUIRE_DATABASE();
    Shop shop;
    auto rows = shop.conn
                    .execute(delete_(shop.orders)
                                 .where(shop.orders.c("user_id") == 1)
                                 .returning(shop.orders.c("id"), shop.orders.c("total")))
                    .all();
    REQUIRE(rows.size() == 2);
    std::vector<std::int64_t> ids{rows[0].get<std::int64_t>("id"), rows[1].get<std::int64_t>("id")};
    std::sort(ids.begin(), ids.end());
    CHECK(ids == std::vector<std::int64_t>{1, 2});
    CHECK(count_rows(shop.conn, shop.orders) == 2);
}

TEST_CASE("results: RETURNING rows from UPDATE, a CompileError on MariaDB") {
    REQUIRE_DATABASE();
    Shop shop;
    auto statement = update(shop.users)
                         .values({{"age", shop.users.c("age") + 1}})
                         .where(shop.users.c("id") == 1)
                         .returning(shop.users.c("age"));
    if (is_mysql()) {
        // MariaDB 10.11 has INSERT ... RETURNING and DELETE ... RETURNING, not UPDATE's.
        auto e = expect_throw<CompileError>([&] { shop.conn.execute(statement); });
        CHECK(contains(e.what(), "RETURNING"));
        CHECK(contains(e.what(), "mysql"));
        CHECK(shop.conn.execute(select(shop.users.c("age")).where(shop.users.c("id") == 1))
                  .scalar_one<int>() == 31);
    } else {
        CHECK(shop.conn.execute(statement).scalar_one<int>() == 32);
    }
}

TEST_CASE("results: closing a result early discards its rows and frees the connection") {
    REQUIRE_DATABASE();
    Shop shop;
    auto result = shop.conn.execute(select(shop.users).order_by(shop.users.c("id")));
    REQUIRE(result.next());
    result.close();
    CHECK(result.closed());
    CHECK_FALSE(result.next());
    CHECK(count_rows(shop.conn, shop.orders) == 4);
}

TEST_CASE("results: other statements run while a result streams on the same connection") {
    REQUIRE_DATABASE();
    Shop shop;
    std::vector<std::int64_t> per_user;
    auto result = shop.conn.execute(select(shop.users.c("id")).order_by(shop.users.c("id")));
    for (const Row& row : result) {
        auto n = shop.conn
                     .execute(select(func.count())
                                  .select_from(shop.orders)
                                  .where(shop.orders.c("user_id") == row.get<std::int64_t>(0)))
                     .scalar_one<std::int64_t>();
        per_user.push_back(n);
    }
    CHECK(per_user == std::vector<std::int64_t>{2, 1, 1, 0});
}

TEST_CASE("results: rows by index and name; unknown ones are ArgumentErrors") {
    REQUIRE_DATABASE();
    Shop shop;
    Row row =
        shop.conn
            .execute(
                select(shop.users.c("id"), shop.users.c("name")).where(shop.users.c("id") == 1))
            .one();
    CHECK(row.size() == 2);
    CHECK(row.index_of("name") == 1);
    CHECK(row[0] == Value(1));
    CHECK(row["name"] == Value("ed"));
    auto unknown = expect_throw<ArgumentError>([&] { row.get<std::string>("nope"); });
    CHECK(contains(unknown.what(), "nope"));
    CHECK(contains(unknown.what(), "id, name"));
    expect_throw<ArgumentError>([&] { row.get<std::string>(2); });
}

TEST_CASE("results: detach() keeps a streaming row after the result moves on") {
    REQUIRE_DATABASE();
    Shop shop;
    std::vector<Row> kept;
    for (const Row& row :
         shop.conn.execute(select(shop.users.c("name")).order_by(shop.users.c("id"))))
        kept.push_back(row.detach());
    REQUIRE(kept.size() == 4);
    CHECK(kept[0].get<std::string>(0) == "ed");
    CHECK(kept[3].get<std::string>(0) == "mary");
}

TEST_CASE("results: text() with rows and a named parameter") {
    REQUIRE_DATABASE();
    Shop shop;
    auto rows = shop.conn
                    .execute(text("SELECT name, age FROM it_users WHERE age > :min ORDER BY age"),
                             {{"min", 30}})
                    .all();
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].get<std::string>("name") == "ed");
    CHECK(rows[1].get<std::int64_t>("age") == 45);
}
