// executemany on real databases: INSERT batching into multi-row VALUES pages (a loop on SQLite),
// COPY for plain INSERTs of many rows on PostgreSQL, UPDATE / DELETE with bindparam, RETURNING
// in parameter order, and per-row client defaults.
#include <atomic>
#include <string>
#include <vector>

#include "fixtures.hpp"

using namespace retort;
using namespace retort::it;

namespace {

struct Numbers {
    MetaData meta;
    Table numbers{meta, "it_numbers", Column{"id", Integer{}, primary_key(), autoincrement(false)},
                  Column{"square", BigInteger{}, not_null()}, Column{"label", String{20}}};
    std::vector<std::string> log;
    Engine engine;
    Schema schema;
    Connection conn;

    explicit Numbers(std::size_t page_size = 1000)
        : engine(test_engine({.echo = true,
                              .log_sink = [this](std::string_view line) { log.emplace_back(line); },
                              .insertmanyvalues_page_size = page_size})),
          schema(engine, meta),
          conn(engine.connect()) {}

    static std::vector<Parameters> rows(int n) {
        std::vector<Parameters> sets;
        sets.reserve(static_cast<std::size_t>(n));
        for (int i = 1; i <= n; ++i)
            sets.push_back(
                {{"id", i}, {"square", std::int64_t{i} * i}, {"label", "n" + std::to_string(i)}});
        return sets;
    }
    /// Statements logged as one multi-row INSERT.
    std::size_t batches() const { return logged("rows in one statement"); }
    /// Bulk loads logged (PostgreSQL's COPY).
    std::size_t copies() const { return logged("FROM STDIN"); }
    std::size_t logged(std::string_view what) const {
        std::size_t n = 0;
        for (const auto& line : log)
            n += contains(line, what) ? 1 : 0;
        return n;
    }
};

}  // namespace

TEST_CASE("executemany: insert() with a list of parameter sets inserts every row") {
    REQUIRE_DATABASE();
    Numbers t;
    auto result = t.conn.execute(insert(t.numbers), Numbers::rows(10));
    CHECK(result.rowcount() == 10);
    CHECK(count_rows(t.conn, t.numbers) == 10);
    auto squares = t.conn.execute(select(t.numbers.c("square")).order_by(t.numbers.c("id")))
                       .scalars<std::int64_t>();
    CHECK(squares.front() == 1);
    CHECK(squares.back() == 100);
}

TEST_CASE("executemany: more than a page of rows crosses into several multi-row statements") {
    REQUIRE_DATABASE();
    Numbers t;
    auto result = t.conn.execute(insert(t.numbers), Numbers::rows(2500));
    CHECK(result.rowcount() == 2500);
    // MariaDB: pages of 1000 rows in one INSERT each; PostgreSQL: one COPY; SQLite: one
    // prepared statement run per row.
    CHECK(t.batches() == (is_mysql() ? 3u : 0u));
    CHECK(t.copies() == (is_postgresql() ? 1u : 0u));
    CHECK(count_rows(t.conn, t.numbers) == 2500);
    auto sum = t.conn.execute(select(func.sum(t.numbers.c("id")))).scalar_one<std::int64_t>();
    CHECK(sum == 2500 * 2501 / 2);
    auto last = t.conn
                    .execute(select(t.numbers.c("label"), t.numbers.c("square"))
                                 .where(t.numbers.c("id") == 2500))
                    .one();
    CHECK(last.get<std::string>(0) == "n2500");
    CHECK(last.get<std::int64_t>(1) == 6250000);
}

TEST_CASE("executemany: the page size bounds the rows of each statement") {
    REQUIRE_DATABASE();
    Numbers t(100);
    // Below the bulk-load threshold (200 rows), so PostgreSQL batches too.
    t.conn.execute(insert(t.numbers), Numbers::rows(199));
    CHECK(t.batches() == (is_sqlite() ? 0u : 2u));
    CHECK(t.copies() == 0u);
    CHECK(count_rows(t.conn, t.numbers) == 199);
}

TEST_CASE("executemany: a plain INSERT of many rows is one COPY on PostgreSQL, values exact") {
    REQUIRE_DATABASE();
    Numbers t;
    // Text COPY escapes: tabs, newlines, carriage returns, backslashes, a literal \N, unicode.
    const std::vector<std::string> tricky{"tab\there",   "line\nbreak", "cr\rlf",
                                          "back\\slash", "\\N",         "ünï©ødé"};
    auto sets = Numbers::rows(300);
    for (std::size_t i = 0; i < tricky.size(); ++i)
        sets[i * 40].set("label", tricky[i]);
    sets[7].set("label", nullptr);
    auto result = t.conn.execute(insert(t.numbers), sets);
    CHECK(result.rowcount() == 300);
    CHECK(t.copies() == (is_postgresql() ? 1u : 0u));
    auto labels = t.conn.execute(select(t.numbers.c("label")).order_by(t.numbers.c("id")))
                      .scalars<std::optional<std::string>>();
    REQUIRE(labels.size() == 300u);
    for (std::size_t i = 0; i < tricky.size(); ++i)
        CHECK(labels[i * 40] == tricky[i]);
    CHECK(labels[7] == std::nullopt);
    CHECK(labels[299] == "n300");
    auto sum = t.conn.execute(select(func.sum(t.numbers.c("square")))).scalar_one<std::int64_t>();
    CHECK(sum == 300LL * 301 * 601 / 6);
}

TEST_CASE("executemany: a duplicate key in a bulk load fails as a whole") {
    REQUIRE_DATABASE();
    Numbers t;
    t.conn.execute(insert(t.numbers).values({{"id", 250}, {"square", 0}, {"label", "first"}}));
    // PostgreSQL's COPY and MariaDB's multi-row INSERT fail whole; SQLite (a loop of
    // autocommitted statements) keeps the rows before the duplicate.
    auto error = expect_throw<IntegrityError>(
        [&] { t.conn.execute(insert(t.numbers), Numbers::rows(400)); });
    if (is_postgresql()) CHECK(contains(error.what(), "COPY it_numbers"));
    CHECK(count_rows(t.conn, t.numbers) == (is_sqlite() ? 250 : 1));
}

TEST_CASE("executemany: NULLs and values mixed across rows") {
    REQUIRE_DATABASE();
    Numbers t;
    std::vector<Parameters> sets{{{"id", 1}, {"square", 1}, {"label", nullptr}},
                                 {{"id", 2}, {"square", 4}, {"label", "two"}},
                                 {{"id", 3}, {"square", 9}, {"label", nullptr}},
                                 {{"id", 4}, {"square", 16}, {"label", "four"}}};
    t.conn.execute(insert(t.numbers), sets);
    auto labels = t.conn.execute(select(t.numbers.c("label")).order_by(t.numbers.c("id")))
                      .scalars<std::optional<std::string>>();
    CHECK(labels ==
          std::vector<std::optional<std::string>>{std::nullopt, "two", std::nullopt, "four"});
}

TEST_CASE("executemany: UPDATE with bindparam in WHERE") {
    REQUIRE_DATABASE();
    Shop shop;
    auto statement = update(shop.users)
                         .values({{"name", bindparam("new_name")}})
                         .where(shop.users.c("id") == bindparam("target"));
    auto result = shop.conn.execute(
        statement, std::vector<Parameters>{{{"new_name", "ED"}, {"target", 1}},
                                           {{"new_name", "WENDY"}, {"target", 2}},
                                           {{"new_name", "NOBODY"}, {"target", 99}},
                                           {{"new_name", "MARY"}, {"target", 4}}});
    CHECK(result.rowcount() == 3);
    CHECK(shop.names(select(shop.users.c("name")).order_by(shop.users.c("id"))) ==
          std::vector<std::string>{"ED", "WENDY", "jack", "MARY"});
}

TEST_CASE("executemany: DELETE with bindparam sums the rows deleted") {
    REQUIRE_DATABASE();
    Shop shop;
    auto result =
        shop.conn.execute(delete_(shop.orders).where(shop.orders.c("id") == bindparam("oid")),
                          std::vector<Parameters>{{{"oid", 1}}, {{"oid", 3}}, {{"oid", 99}}});
    CHECK(result.rowcount() == 2);
    auto left =
        shop.conn.execute(select(shop.orders.c("id")).order_by(shop.orders.c("id"))).scalars<int>();
    CHECK(left == std::vector<int>{2, 4});
}

TEST_CASE("executemany: RETURNING rows come back in parameter order") {
    REQUIRE_DATABASE();
    MetaData meta;
    Table items{meta, "it_ret_items", Column{"id", Integer{}, primary_key()},
                Column{"name", String{20}}};
    auto engine = test_engine();
    Schema schema(engine, meta);
    auto conn = engine.connect();
    std::vector<Parameters> sets;
    for (std::string name : {"e", "d", "c", "b", "a"})
        sets.push_back({{"name", name}});
    auto rows = conn.execute(insert(items).returning(items.c("id"), items.c("name")), sets).all();
    REQUIRE(rows.size() == 5);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        CHECK(rows[i].get<std::string>("name") == *sets[i].find("name")->get_if<std::string>());
        if (i) CHECK(rows[i].get<std::int64_t>("id") > rows[i - 1].get<std::int64_t>("id"));
    }
    CHECK(count_rows(conn, items) == 5);
}

TEST_CASE("executemany: client-side value and callable defaults are evaluated per row") {
    REQUIRE_DATABASE();
    static std::atomic<int> counter{0};
    counter = 0;
    MetaData meta;
    Table tickets{meta, "it_tickets", Column{"id", Integer{}, primary_key(), autoincrement(false)},
                  Column{"token", String{20}, not_null(),
                         default_value([] { return Value("tok-" + std::to_string(++counter)); })},
                  Column{"status", String{10}, not_null(), default_value("new")}};
    auto engine = test_engine();
    Schema schema(engine, meta);
    auto conn = engine.connect();
    std::vector<Parameters> sets;
    for (int i = 1; i <= 5; ++i)
        sets.push_back({{"id", i}});
    conn.execute(insert(tickets), sets);
    auto tokens =
        conn.execute(select(tickets.c("token")).order_by(tickets.c("id"))).scalars<std::string>();
    CHECK(tokens == std::vector<std::string>{"tok-1", "tok-2", "tok-3", "tok-4", "tok-5"});
    auto statuses = conn.execute(select(tickets.c("status")).distinct()).scalars<std::string>();
    CHECK(statuses == std::vector<std::string>{"new"});
    // A single-row insert evaluates the callable once; a given value wins over the default.
    conn.execute(insert(tickets).values({{"id", 6}}));
    conn.execute(insert(tickets).values({{"id", 7}, {"token", "mine"}, {"status", "old"}}));
    auto last = conn.execute(select(tickets.c("token"), tickets.c("status"))
                                 .where(tickets.c("id") >= 6)
                                 .order_by(tickets.c("id")))
                    .all();
    CHECK(last[0].get<std::string>(0) == "tok-6");
    CHECK(last[1].get<std::string>(0) == "mine");
    CHECK(last[1].get<std::string>(1) == "old");
    CHECK(counter == 6);
}

TEST_CASE("executemany: a failing row inside a transaction leaves nothing after rollback") {
    REQUIRE_DATABASE();
    Numbers t;
    auto sets = Numbers::rows(5);
    sets[3] = {{"id", 2}, {"square", 0}, {"label", "dup"}};  // duplicate key in the fourth row
    {
        auto tx = t.conn.begin();
        expect_throw<IntegrityError>([&] { t.conn.execute(insert(t.numbers), sets); });
        tx.rollback();
    }
    CHECK(count_rows(t.conn, t.numbers) == 0);
}

TEST_CASE("executemany: without a transaction, SQLite keeps the rows before a failing one") {
    REQUIRE_DATABASE();
    Numbers t;
    auto sets = Numbers::rows(5);
    sets[3] = {{"id", 2}, {"square", 0}, {"label", "dup"}};
    expect_throw<IntegrityError>([&] { t.conn.execute(insert(t.numbers), sets); });
    // SQLite runs one autocommitted statement per row; the servers run one multi-row INSERT,
    // which fails as a whole.
    CHECK(count_rows(t.conn, t.numbers) == (is_sqlite() ? 3 : 0));
}

TEST_CASE("executemany: a single parameter set behaves like execute()") {
    REQUIRE_DATABASE();
    MetaData meta;
    Table items{meta, "it_one_item", Column{"id", Integer{}, primary_key()},
                Column{"name", String{20}}};
    auto engine = test_engine();
    Schema schema(engine, meta);
    auto conn = engine.connect();
    auto result = conn.execute(insert(items), std::vector<Parameters>{{{"name", "only"}}});
    CHECK(result.rowcount() == 1);
    REQUIRE(result.lastrowid());
    CHECK(*result.lastrowid() == conn.execute(select(items.c("id"))).scalar_one<std::int64_t>());
    expect_throw<ArgumentError>([&] { conn.execute(insert(items), std::vector<Parameters>{}); });
}
