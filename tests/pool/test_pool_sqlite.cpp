// The pool behind real SQLite engines (files and memory): lazy connections, reuse by id,
// overflow, PoolTimeout, LIFO, recycle, reset on return, invalidation, dispose, pool kinds.
#include "support.hpp"

#include <doctest/doctest.h>

#include <future>
#include <thread>

using namespace retort;
using namespace pooltest;

namespace {

struct Schema {
    MetaData meta;
    Table items{meta, "pool_items", Column{"id", Integer{}, primary_key()},
                Column{"label", String{40}}};
};

std::int64_t count_rows(Connection& conn, const Table& t) {
    return conn.execute(select(func.count()).select_from(t)).scalar<std::int64_t>().value_or(-1);
}

struct SqliteEngine {
    TempDatabase db;
    Schema schema;
    EventLog events;  // outlives the engine, whose pool reports closes while it goes
    Engine engine;

    SqliteEngine(const std::string& tag, EngineOptions options) : db(tag) {
        engine = create_engine(db.url(), std::move(options));
        events.attach(engine.pool());
        engine.create_all(schema.meta);
    }
    /// Connects and returns the connection with its pool id.
    std::pair<Connection, std::uint64_t> connect() {
        auto c = engine.connect();
        return {std::move(c), checkout_id(events)};
    }
};

}  // namespace

TEST_SUITE("pool with SQLite engines") {
    TEST_CASE("create_engine connects nothing until a connection is needed") {
        TempDatabase db("lazy");
        auto engine = create_engine(db.url(), {.pool_size = 3});
        auto s = engine.pool().statistics();
        CHECK(s.open == 0);
        CHECK(s.connects == 0);
        CHECK(engine.pool().kind() == PoolKind::Queue);
        {
            auto conn = engine.connect();
            CHECK(conn.execute(text("SELECT 1")).scalar<std::int64_t>() == 1);
            CHECK(engine.pool().statistics().open == 1);
        }
        s = engine.pool().statistics();
        CHECK(s.open == 1);
        CHECK(s.idle == 1);
        CHECK(s.checked_out == 0);
        CHECK(s.connects == 1);
    }

    TEST_CASE("a dropped Connection returns to the pool, also after executing statements") {
        SqliteEngine e("drop", {.pool_size = 1, .max_overflow = 0, .pool_timeout = 2000ms});
        for (int i = 0; i < 5; ++i) {
            auto conn = e.engine.connect();
            conn.execute(insert(e.schema.items).values({{"label", "x"}}));
            auto rows = conn.execute(select(e.schema.items.c("id"))).all();
            CHECK(rows.size() == static_cast<std::size_t>(i + 1));
            // no close(): the handle's destruction returns it
        }
        auto s = e.engine.pool().statistics();
        CHECK(s.checked_out == 0);
        CHECK(s.idle == 1);
        CHECK(s.connects == 1);
        {
            // A closed handle stays safe to ask.
            auto conn = e.engine.connect();
            conn.close();
            CHECK(conn.closed());
            CHECK(&conn.dialect() == &e.engine.dialect());
            CHECK_THROWS_AS(conn.driver(), InvalidRequestError);
            CHECK_THROWS_AS(conn.execute(text("SELECT 1")), InvalidRequestError);
            conn.close();  // twice is harmless
        }
        {
            // A Result kept past its Connection handle keeps the connection until it goes too.
            Result r;
            {
                auto conn = e.engine.connect();
                r = conn.execute(select(e.schema.items.c("id")).order_by(e.schema.items.c("id")));
            }
            CHECK(r.next());
            CHECK(r.row().get<std::int64_t>(0) == 1);
        }
        CHECK(e.engine.pool().statistics().checked_out == 0);
        // Transactions left without commit roll back and return too.
        {
            auto conn = e.engine.connect();
            auto tx = conn.begin();
            conn.execute(insert(e.schema.items).values({{"label", "never"}}));
        }
        CHECK(e.engine.pool().statistics().checked_out == 0);
        auto conn = e.engine.connect();
        CHECK(count_rows(conn, e.schema.items) == 5);
    }

    TEST_CASE("pool_size connections are reused: the same connection ids come back") {
        SqliteEngine e("reuse", {.pool_size = 2, .max_overflow = 0});
        std::uint64_t first;
        {
            auto [conn, id] = e.connect();
            first = id;
        }
        for (int i = 0; i < 4; ++i) {
            auto [conn, id] = e.connect();
            CHECK(id == first);
            conn.execute(text("SELECT 1"));
        }
        {
            auto [a, ida] = e.connect();
            auto [b, idb] = e.connect();
            CHECK(ida != idb);
        }
        for (int i = 0; i < 3; ++i) {
            auto [a, ida] = e.connect();
            auto [b, idb] = e.connect();
            CHECK(std::max(ida, idb) <= 2);
            CHECK(ida != idb);
        }
        auto s = e.engine.pool().statistics();
        CHECK(s.connects == 2);
        CHECK(s.open == 2);
        CHECK(s.idle == 2);
    }

    TEST_CASE("overflow up to max_overflow, closed on return; then PoolTimeout naming the limits") {
        SqliteEngine e("overflow", {.pool_size = 2, .max_overflow = 2, .pool_timeout = 200ms});
        std::vector<Connection> held;
        for (int i = 0; i < 4; ++i) {
            held.push_back(e.engine.connect());
            CHECK(held.back().execute(text("SELECT 1")).scalar<std::int64_t>() == 1);
        }
        auto s = e.engine.pool().statistics();
        CHECK(s.open == 4);
        CHECK(s.checked_out == 4);
        CHECK(s.idle == 0);
        CHECK(s.overflow == 2);

        auto start = Clock::now();
        std::string message;
        try {
            auto extra = e.engine.connect();
            FAIL("connect() should have timed out");
        } catch (const PoolTimeout& error) {
            message = error.what();
        }
        auto waited = elapsed_ms(start);
        MESSAGE("SQLite engine PoolTimeout after " << waited
                                                   << " ms (pool_timeout 200 ms): " << message);
        CHECK(waited >= 180);
        CHECK(waited < 3000);
        CHECK(message.find("size 2") != std::string::npos);
        CHECK(message.find("overflow 2") != std::string::npos);
        CHECK(message.find("timeout 0.20") != std::string::npos);

        held[3].close();
        held[2].close();
        s = e.engine.pool().statistics();
        CHECK(s.open == 2);
        CHECK(s.overflow == 0);
        CHECK(s.idle == 0);
        CHECK(e.events.count(PoolEvent::Kind::Close) == 2);
        held.clear();
        s = e.engine.pool().statistics();
        CHECK(s.open == 2);
        CHECK(s.idle == 2);
        CHECK(s.checked_out == 0);
        CHECK(s.timeouts == 1);
    }

    TEST_CASE("a checkout waiting on a full engine gets the connection another thread returns") {
        SqliteEngine e("wake", {.pool_size = 1, .max_overflow = 0, .pool_timeout = 10000ms});
        auto [held, held_id] = e.connect();
        auto waiter = std::async(std::launch::async, [&] {
            auto conn = e.engine.connect();
            return conn.execute(text("SELECT 7")).scalar<std::int64_t>().value_or(0);
        });
        for (int i = 0; i < 200 && e.engine.pool().statistics().waits == 0; ++i)
            std::this_thread::sleep_for(5ms);
        CHECK(e.engine.pool().statistics().waits == 1);
        held.close();
        REQUIRE(waiter.wait_for(5s) == std::future_status::ready);
        CHECK(waiter.get() == 7);
        CHECK(e.engine.pool().statistics().connects == 1);
    }

    TEST_CASE("use_lifo hands out the most recently returned connection") {
        for (bool lifo : {false, true}) {
            CAPTURE(lifo);
            SqliteEngine e(lifo ? "lifo" : "fifo",
                           {.pool_size = 3, .max_overflow = 0, .pool_use_lifo = lifo});
            std::vector<std::uint64_t> ids;
            {
                std::vector<Connection> held;
                for (int i = 0; i < 3; ++i) {
                    auto [c, id] = e.connect();
                    held.push_back(std::move(c));
                    ids.push_back(id);
                }
                for (auto& c : held)
                    c.close();  // returned in checkout order
            }
            auto [next, id] = e.connect();
            CHECK(id == (lifo ? ids.back() : ids.front()));
        }
    }

    TEST_CASE("pool_recycle replaces a connection older than the limit") {
        SqliteEngine e("recycle", {.pool_size = 2, .max_overflow = 0, .pool_recycle = 60ms});
        std::uint64_t first;
        {
            auto [conn, id] = e.connect();
            first = id;
            conn.execute(insert(e.schema.items).values({{"label", "kept"}}));
        }
        std::this_thread::sleep_for(120ms);
        auto [conn, id] = e.connect();
        CHECK(id != first);
        CHECK(count_rows(conn, e.schema.items) == 1);  // a file database: the data stays
        bool closed = false;
        for (const auto& ev : e.events.entries())
            if (ev.kind == PoolEvent::Kind::Close && ev.id == first) closed = true;
        CHECK(closed);
        auto s = e.engine.pool().statistics();
        CHECK(s.open == 1);
    }

    TEST_CASE("pool_pre_ping keeps live SQLite connections") {
        SqliteEngine e("preping", {.pool_size = 1, .max_overflow = 0, .pool_pre_ping = true});
        std::uint64_t first;
        {
            auto [conn, id] = e.connect();
            first = id;
        }
        auto [conn, id] = e.connect();
        CHECK(id == first);
        CHECK(e.engine.pool().statistics().invalidations == 0);
    }

    TEST_CASE("reset on return: a row inserted in an uncommitted transaction is gone") {
        SqliteEngine e("reset", {.pool_size = 1, .max_overflow = 0});
        SUBCASE("a Transaction still open when the connection closes") {
            auto conn = e.engine.connect();
            auto tx = conn.begin();
            conn.execute(insert(e.schema.items).values({{"label", "uncommitted"}}));
            CHECK(count_rows(conn, e.schema.items) == 1);
            conn.close();  // the transaction object is still alive
            auto again = e.engine.connect();
            CHECK(count_rows(again, e.schema.items) == 0);
        }
        SUBCASE("BEGIN issued as SQL text") {
            {
                auto conn = e.engine.connect();
                conn.execute_script("BEGIN");
                conn.execute(insert(e.schema.items).values({{"label", "uncommitted"}}));
                CHECK(count_rows(conn, e.schema.items) == 1);
            }
            auto again = e.engine.connect();
            CHECK(count_rows(again, e.schema.items) == 0);
            // The connection is usable for a new transaction.
            auto tx = again.begin();
            again.execute(insert(e.schema.items).values({{"label", "committed"}}));
            tx.commit();
            CHECK(count_rows(again, e.schema.items) == 1);
        }
        SUBCASE("a transaction begun on the native driver connection") {
            {
                auto conn = e.engine.connect();
                conn.driver().begin(IsolationLevel::Default);
                conn.execute(insert(e.schema.items).values({{"label", "uncommitted"}}));
            }
            auto again = e.engine.connect();
            CHECK(count_rows(again, e.schema.items) == 0);
        }
        SUBCASE("reset_on_return = false keeps it open (documented opt-out)") {
            e.engine.dispose();
            auto engine = create_engine(
                e.db.url(), {.pool_size = 1, .max_overflow = 0, .reset_on_return = false});
            {
                auto conn = engine.connect();
                conn.execute_script("BEGIN");
                conn.execute(insert(e.schema.items).values({{"label", "left open"}}));
            }
            auto again = engine.connect();
            CHECK(count_rows(again, e.schema.items) == 1);
            again.execute_script("ROLLBACK");
        }
        auto s = e.engine.pool().statistics();
        CHECK(s.checked_out == 0);
    }

    TEST_CASE("a changed isolation level is restored when the connection returns") {
        SqliteEngine e("isolation", {.pool_size = 1, .max_overflow = 0});
        auto read_uncommitted = [](Connection& conn) {
            return conn.execute(text("PRAGMA read_uncommitted"))
                .scalar<std::int64_t>()
                .value_or(-1);
        };
        SUBCASE("closed") {
            auto conn = e.engine.connect();
            conn.set_isolation_level(IsolationLevel::ReadUncommitted);
            CHECK(read_uncommitted(conn) == 1);
            conn.close();
        }
        SUBCASE("dropped without close()") {
            auto conn = e.engine.connect();
            conn.set_isolation_level(IsolationLevel::ReadUncommitted);
            CHECK(read_uncommitted(conn) == 1);
        }
        auto again = e.engine.connect();
        CHECK(e.engine.pool().statistics().connects == 1);  // the same connection
        CHECK(read_uncommitted(again) == 0);
    }

    TEST_CASE("Connection::invalidate closes that connection; the pool opens a new one") {
        SqliteEngine e("invalidate", {.pool_size = 2, .max_overflow = 0});
        std::uint64_t first;
        {
            auto [conn, id] = e.connect();
            first = id;
            conn.invalidate();
            CHECK_THROWS_AS(conn.execute(text("SELECT 1")), InvalidRequestError);
        }
        auto s = e.engine.pool().statistics();
        CHECK(s.open == 0);
        CHECK(s.invalidations == 1);
        auto [conn, id] = e.connect();
        CHECK(id != first);
        CHECK(conn.execute(text("SELECT 1")).scalar<std::int64_t>() == 1);
    }

    TEST_CASE("engine events of the pool arrive in order") {
        TempDatabase db("events");
        EventLog log;  // outlives the engine
        auto engine = create_engine(db.url(), {.pool_size = 1, .max_overflow = 0});
        log.attach(engine.pool());
        {
            auto conn = engine.connect();
            conn.execute(text("SELECT 1"));
        }
        {
            auto conn = engine.connect();
            conn.invalidate();
        }
        CHECK(log.sequence() ==
              "connect:1 checkout:1 checkin:1 checkout:1 invalidate:1 checkin:1 close:1");
    }

    TEST_CASE("Engine::dispose closes idle connections; a checked-out one closes on return") {
        SqliteEngine e("dispose", {.pool_size = 3, .max_overflow = 0});
        auto [held, held_id] = e.connect();
        {
            auto [a, ida] = e.connect();
            auto [b, idb] = e.connect();
        }
        CHECK(e.engine.pool().statistics().idle == 2);
        e.engine.dispose();
        auto s = e.engine.pool().statistics();
        CHECK(s.idle == 0);
        CHECK(s.open == 1);
        held.execute(insert(e.schema.items).values({{"label", "still works"}}));
        held.close();
        s = e.engine.pool().statistics();
        CHECK(s.open == 0);
        CHECK(s.idle == 0);
        auto [conn, id] = e.connect();
        CHECK(id > held_id);
        CHECK(count_rows(conn, e.schema.items) == 1);
    }

    TEST_CASE("sqlite:// in memory: one shared connection, a second checkout waits for the first") {
        auto engine = create_engine("sqlite://", {.pool_timeout = 200ms});
        CHECK(engine.pool().kind() == PoolKind::SingleConnection);
        Schema schema;
        engine.create_all(schema.meta);
        auto first = engine.connect();
        first.execute(insert(schema.items).values({{"label", "in memory"}}));

        // Another thread cannot have it while it is out.
        auto start = Clock::now();
        auto refused = std::async(std::launch::async, [&] {
            try {
                auto second = engine.connect();
                return std::string("got a connection");
            } catch (const PoolTimeout& e) {
                return std::string(e.what());
            }
        });
        REQUIRE(refused.wait_for(5s) == std::future_status::ready);
        auto message = refused.get();
        auto waited = elapsed_ms(start);
        CHECK(message.find("timed out") != std::string::npos);
        CHECK(waited >= 180);
        CHECK(waited < 3000);

        // With a return, the waiter gets the same database.
        auto engine_wait = engine;  // a copy shares the pool
        auto reader = std::async(std::launch::async, [&] {
            auto second = engine_wait.connect();
            return count_rows(second, schema.items);
        });
        for (int i = 0; i < 200 && engine.pool().statistics().waits < 2; ++i)
            std::this_thread::sleep_for(5ms);
        first.close();
        REQUIRE(reader.wait_for(5s) == std::future_status::ready);
        CHECK(reader.get() == 1);
        CHECK(engine.pool().statistics().connects == 1);
    }

    TEST_CASE("the null pool: a new SQLite connection per checkout, closed on return") {
        SqliteEngine e("null", {.poolclass = PoolKind::Null});
        CHECK(e.engine.pool().kind() == PoolKind::Null);
        std::uint64_t previous = 0;
        for (int i = 0; i < 3; ++i) {
            auto [conn, id] = e.connect();
            CHECK(id > previous);
            previous = id;
            conn.execute(insert(e.schema.items).values({{"label", "n"}}));
        }
        auto s = e.engine.pool().statistics();
        CHECK(s.open == 0);
        CHECK(s.idle == 0);
        CHECK(s.checked_out == 0);
        auto conn = e.engine.connect();
        CHECK(count_rows(conn, e.schema.items) == 3);
    }

}  // TEST_SUITE
