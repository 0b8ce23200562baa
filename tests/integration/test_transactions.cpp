// Transactions on real databases: commit, rollback, RAII rollback, savepoints, the "must be
// rolled back" state after a failure, isolation levels seen from a second connection, DDL.
#include <algorithm>
#include <stdexcept>
#include <string>

#include "fixtures.hpp"

using namespace retort;
using namespace retort::it;

namespace {

struct Ledger {
    MetaData meta;
    Table entries{meta, "it_entries", Column{"id", Integer{}, primary_key(), autoincrement(false)},
                  Column{"label", String{20}, not_null()}};
    Engine engine;
    Schema schema;
    Connection conn;

    explicit Ledger(EngineOptions options = {})
        : engine(test_engine(std::move(options))), schema(engine, meta), conn(engine.connect()) {}

    void add(Connection& c, int id, const std::string& label = "x") {
        c.execute(insert(entries).values({{"id", id}, {"label", label}}));
    }
    void add(int id, const std::string& label = "x") { add(conn, id, label); }
    std::vector<int> ids(Connection& c) {
        return c.execute(select(entries.c("id")).order_by(entries.c("id"))).scalars<int>();
    }
    std::vector<int> ids() { return ids(conn); }
    std::int64_t count(Connection& c) { return count_rows(c, entries); }
};

/// The isolation level the database reports for the current (or next) transaction.
std::string reported_isolation(Connection& conn) {
    if (is_postgresql())
        return conn.execute(text("SELECT current_setting('transaction_isolation')"))
            .scalar_one<std::string>();
    if (is_mysql()) return conn.execute(text("SELECT @@tx_isolation")).scalar_one<std::string>();
    return "read_uncommitted=" +
           std::to_string(conn.execute(text("PRAGMA read_uncommitted")).scalar_one<int>());
}

}  // namespace

TEST_CASE("transactions: commit makes the work visible to another connection") {
    REQUIRE_DATABASE();
    Ledger l;
    auto other = l.engine.connect();
    auto tx = l.conn.begin();
    CHECK(l.conn.in_transaction());
    l.add(1);
    l.add(2);
    tx.commit();
    CHECK_FALSE(tx.is_active());
    CHECK_FALSE(l.conn.in_transaction());
    CHECK(l.ids(other) == std::vector<int>{1, 2});
}

TEST_CASE("transactions: rollback discards the work") {
    REQUIRE_DATABASE();
    Ledger l;
    l.add(1);
    auto tx = l.conn.begin();
    l.add(2);
    l.conn.execute(delete_(l.entries).where(l.entries.c("id") == 1));
    CHECK(l.ids() == std::vector<int>{2});
    tx.rollback();
    CHECK(l.ids() == std::vector<int>{1});
}

TEST_CASE("transactions: a transaction destroyed without commit rolls back") {
    REQUIRE_DATABASE();
    Ledger l;
    {
        auto tx = l.conn.begin();
        l.add(1);
    }
    CHECK_FALSE(l.conn.in_transaction());
    CHECK(l.count(l.conn) == 0);
}

TEST_CASE("transactions: an exception unwinding the scope rolls back") {
    REQUIRE_DATABASE();
    Ledger l;
    try {
        auto tx = l.conn.begin();
        l.add(1);
        l.add(2);
        throw std::runtime_error("application failure");
    } catch (const std::runtime_error&) {
    }
    CHECK(l.count(l.conn) == 0);
    // The connection is usable and not in a transaction.
    auto tx = l.conn.begin();
    l.add(3);
    tx.commit();
    CHECK(l.ids() == std::vector<int>{3});
}

TEST_CASE("transactions: begin() twice is an InvalidRequestError") {
    REQUIRE_DATABASE();
    Ledger l;
    auto tx = l.conn.begin();
    auto e = expect_throw<InvalidRequestError>([&] { l.conn.begin(); });
    CHECK(contains(e.what(), "already"));
    CHECK(contains(e.what(), "begin_nested"));
    l.add(1);
    tx.commit();
    CHECK(l.count(l.conn) == 1);
}

TEST_CASE("transactions: a finished transaction cannot commit") {
    REQUIRE_DATABASE();
    Ledger l;
    auto tx = l.conn.begin();
    l.add(1);
    tx.rollback();
    CHECK_FALSE(tx.is_active());
    expect_throw<InvalidRequestError>([&] { tx.commit(); });
    tx.rollback();  // a second rollback is a no-op
    CHECK(l.count(l.conn) == 0);
}

TEST_CASE("transactions: a committed savepoint keeps the inner work") {
    REQUIRE_DATABASE();
    Ledger l;
    auto tx = l.conn.begin();
    l.add(1);
    {
        auto sp = l.conn.begin_nested();
        CHECK(sp.is_nested());
        CHECK(l.conn.in_nested_transaction());
        l.add(2);
        sp.commit();
    }
    CHECK_FALSE(l.conn.in_nested_transaction());
    tx.commit();
    CHECK(l.ids() == std::vector<int>{1, 2});
}

TEST_CASE("transactions: rolling back to a savepoint keeps the outer work") {
    REQUIRE_DATABASE();
    Ledger l;
    auto tx = l.conn.begin();
    l.add(1);
    auto sp = l.conn.begin_nested();
    l.add(2);
    l.conn.execute(update(l.entries).values({{"label", "changed"}}));
    sp.rollback();
    l.add(3);
    tx.commit();
    CHECK(l.ids() == std::vector<int>{1, 3});
    CHECK(l.conn.execute(select(l.entries.c("label")).where(l.entries.c("id") == 1))
              .scalar_one<std::string>() == "x");
}

TEST_CASE("transactions: a savepoint destroyed without commit rolls back to itself") {
    REQUIRE_DATABASE();
    Ledger l;
    auto tx = l.conn.begin();
    l.add(1);
    {
        auto sp = l.conn.begin_nested();
        l.add(2);
    }
    CHECK(l.conn.in_transaction());
    tx.commit();
    CHECK(l.ids() == std::vector<int>{1});
}

TEST_CASE("transactions: savepoints three deep") {
    REQUIRE_DATABASE();
    Ledger l;
    auto tx = l.conn.begin();
    l.add(1);
    auto a = l.conn.begin_nested();
    l.add(2);
    auto b = l.conn.begin_nested();
    l.add(3);
    auto c = l.conn.begin_nested();
    l.add(4);
    c.commit();
    b.rollback();  // drops 3 and 4
    l.add(5);
    a.commit();
    tx.commit();
    CHECK(l.ids() == std::vector<int>{1, 2, 5});
}

TEST_CASE(
    "transactions: begin_nested() needs a transaction; commit needs inner savepoints closed") {
    REQUIRE_DATABASE();
    Ledger l;
    expect_throw<InvalidRequestError>([&] { l.conn.begin_nested(); });
    auto tx = l.conn.begin();
    auto sp = l.conn.begin_nested();
    l.add(1);
    auto e = expect_throw<InvalidRequestError>([&] { tx.commit(); });
    CHECK(contains(e.what(), "savepoint"));
    sp.commit();
    tx.commit();
    CHECK(l.count(l.conn) == 1);
}

TEST_CASE("transactions: after a failure, statements are refused until rollback") {
    REQUIRE_DATABASE();
    Ledger l;
    l.add(1);
    auto tx = l.conn.begin();
    l.add(2);
    expect_throw<IntegrityError>([&] { l.add(1); });
    auto refused = expect_throw<InvalidRequestError>([&] { l.count(l.conn); });
    CHECK(contains(refused.what(), "must be rolled back"));
    expect_throw<InvalidRequestError>([&] { l.add(3); });
    auto no_commit = expect_throw<InvalidRequestError>([&] { tx.commit(); });
    CHECK(contains(no_commit.what(), "roll"));
    tx.rollback();
    CHECK(l.ids() == std::vector<int>{1});
}

TEST_CASE("transactions: rolling back to a savepoint clears the failure") {
    REQUIRE_DATABASE();
    Ledger l;
    l.add(1);
    auto tx = l.conn.begin();
    l.add(2);
    auto sp = l.conn.begin_nested();
    expect_throw<IntegrityError>([&] { l.add(1); });
    expect_throw<InvalidRequestError>([&] { l.add(3); });
    sp.rollback();
    l.add(3);
    tx.commit();
    CHECK(l.ids() == std::vector<int>{1, 2, 3});
}

TEST_CASE("transactions: a failure outside a transaction leaves the connection usable") {
    REQUIRE_DATABASE();
    Ledger l;
    l.add(1);
    expect_throw<IntegrityError>([&] { l.add(1); });
    l.add(2);
    CHECK(l.ids() == std::vector<int>{1, 2});
}

TEST_CASE("transactions: uncommitted work is invisible to a second connection") {
    REQUIRE_DATABASE();
    Ledger l;
    l.add(1);
    auto other = l.engine.connect();
    auto tx = l.conn.begin();
    l.add(2);
    CHECK(l.count(l.conn) == 2);
    CHECK(l.count(other) == 1);
    tx.commit();
    CHECK(l.count(other) == 2);
}

TEST_CASE("transactions: REPEATABLE READ keeps a snapshot; SQLite makes the writer wait") {
    REQUIRE_DATABASE();
    // SQLite's busy timeout shortened, so the refused writer fails fast.
    Ledger l;
    l.add(1);
    auto impatient = is_sqlite() ? create_engine(database_url() + "?timeout=0.2") : l.engine;
    auto reader = l.engine.connect();
    auto writer = impatient.connect();
    if (!is_sqlite()) reader.set_isolation_level(IsolationLevel::RepeatableRead);
    auto tx = reader.begin();
    CHECK(l.count(reader) == 1);
    if (is_sqlite()) {
        // A reading transaction holds a shared lock (rollback journal): the writer's commit
        // cannot get its exclusive lock and fails as retryable.
        auto e = expect_throw<OperationalError>([&] { l.add(writer, 2); });
        CHECK(e.retryable());
        CHECK(l.count(reader) == 1);
    } else {
        l.add(writer, 2);
        CHECK(l.count(reader) == 1);  // the snapshot of the first read
    }
    tx.commit();
    CHECK(l.count(reader) == (is_sqlite() ? 1 : 2));
}

TEST_CASE("transactions: READ COMMITTED sees other connections' commits") {
    REQUIRE_DATABASE();
    Ledger l;
    l.add(1);
    auto reader = l.engine.connect();
    auto writer = l.engine.connect();
    if (is_sqlite()) {
        // SQLite has no READ COMMITTED: every transaction is serializable, so the reader's
        // snapshot cannot change while it is open (and writers wait for it).
        auto tx = reader.begin();
        CHECK(l.count(reader) == 1);
        tx.commit();
        l.add(writer, 2);
        CHECK(l.count(reader) == 2);
    } else {
        reader.set_isolation_level(IsolationLevel::ReadCommitted);
        auto tx = reader.begin();
        CHECK(l.count(reader) == 1);
        l.add(writer, 2);
        CHECK(l.count(reader) == 2);
        tx.commit();
    }
}

TEST_CASE("transactions: EngineOptions::isolation_level applies to every connection") {
    REQUIRE_DATABASE();
    const IsolationLevel level =
        is_sqlite() ? IsolationLevel::ReadUncommitted : IsolationLevel::Serializable;
    Ledger l({.isolation_level = level});
    auto tx = l.conn.begin();
    l.count(l.conn);
    std::string reported = reported_isolation(l.conn);
    tx.commit();
    if (is_postgresql())
        CHECK(reported == "serializable");
    else if (is_mysql())
        CHECK(reported == "SERIALIZABLE");
    else
        CHECK(reported == "read_uncommitted=1");
}

TEST_CASE("transactions: set_isolation_level() lasts until the connection returns to the pool") {
    REQUIRE_DATABASE();
    Ledger l({.pool_size = 1, .max_overflow = 0});
    std::string before = reported_isolation(l.conn);
    l.conn.set_isolation_level(is_sqlite() ? IsolationLevel::ReadUncommitted
                                           : IsolationLevel::Serializable);
    {
        auto tx = l.conn.begin();
        l.count(l.conn);
        std::string during = reported_isolation(l.conn);
        CHECK(during != before);
        tx.commit();
    }
    l.conn.close();
    auto again = l.engine.connect();  // the same pooled connection
    CHECK(reported_isolation(again) == before);
    if (is_postgresql()) CHECK(before == "read committed");
    if (is_mysql()) CHECK(before == "REPEATABLE-READ");
    if (is_sqlite()) CHECK(before == "read_uncommitted=0");
}

TEST_CASE("transactions: set_isolation_level() inside a transaction is an InvalidRequestError") {
    REQUIRE_DATABASE();
    Ledger l;
    auto tx = l.conn.begin();
    expect_throw<InvalidRequestError>(
        [&] { l.conn.set_isolation_level(IsolationLevel::Serializable); });
    tx.rollback();
}

TEST_CASE("transactions: DDL is transactional except on MariaDB") {
    REQUIRE_DATABASE();
    MetaData meta;
    Table scratch{meta, "it_scratch", Column{"id", Integer{}, primary_key()}};
    auto engine = test_engine();
    struct DropAtEnd {
        Engine engine;
        const MetaData& meta;
        ~DropAtEnd() {
            try {
                engine.drop_all(meta);
            } catch (...) {
            }
        }
    } cleanup{engine, meta};
    engine.drop_all(meta);
    auto conn = engine.connect();
    {
        auto tx = conn.begin();
        conn.execute(create_table(scratch));
        tx.rollback();
    }
    auto names = conn.table_names();
    const bool exists = std::find(names.begin(), names.end(), "it_scratch") != names.end();
    // MariaDB commits implicitly before and after DDL.
    CHECK(exists == is_mysql());
}
