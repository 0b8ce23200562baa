// The pool on PostgreSQL: threads sharing a pool smaller than the thread count, PoolTimeout,
// reset on return, and pre-ping replacing a backend the server terminated.
#include "support.hpp"

#include <doctest/doctest.h>

#include <unistd.h>
#include <barrier>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using namespace retort;
using namespace pooltest;

TEST_SUITE("postgresql threads") {
    TEST_CASE(
        "8 threads, pool_size 4, max_overflow 0: transactions with a sleep inside all finish") {
        if (skip_postgresql()) return;
        const std::string application_name = "retort_threads_" + std::to_string(::getpid());
        MetaData meta;
        Table rows{meta, "pool_threads_" + std::to_string(::getpid()),
                   Column{"id", Integer{}, primary_key()}, Column{"worker", Integer{}},
                   Column{"step", Integer{}}};
        auto engine = create_engine(postgresql_url_with("application_name=" + application_name),
                                    {.pool_size = 4, .max_overflow = 0, .pool_timeout = 30000ms});
        engine.drop_all(meta);
        engine.create_all(meta);

        constexpr int kThreads = 8, kTransactions = 6;
        std::atomic<int> failures{0}, committed{0};
        std::mutex error_mutex;
        std::string first_error;
        std::barrier start(kThreads);
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t)
            threads.emplace_back([&, t] {
                start.arrive_and_wait();
                for (int i = 0; i < kTransactions; ++i) {
                    try {
                        auto conn = engine.connect();
                        auto tx = conn.begin();
                        conn.execute(insert(rows).values({{"worker", t}, {"step", i}}));
                        std::this_thread::sleep_for(5ms);
                        conn.execute(insert(rows).values({{"worker", t}, {"step", 100 + i}}));
                        auto mine = conn.execute(select(func.count())
                                                     .select_from(rows)
                                                     .where(rows.c("worker") == t))
                                        .scalar<std::int64_t>();
                        if (mine != 2 * (i + 1)) ++failures;
                        tx.commit();
                        committed += 2;
                    } catch (const std::exception& e) {
                        ++failures;
                        std::lock_guard lock(error_mutex);
                        if (first_error.empty()) first_error = e.what();
                    }
                }
            });
        for (auto& t : threads)
            t.join();
        CHECK_MESSAGE(failures == 0, first_error);
        CHECK(committed == kThreads * kTransactions * 2);
        auto s = engine.pool().statistics();
        CHECK(s.checked_out == 0);
        CHECK(s.open == s.idle);
        CHECK(s.open <= 4);
        CHECK(s.waits >= 1);  // 8 threads on 4 connections had to queue
        CHECK(s.timeouts == 0);
        {
            auto conn = engine.connect();
            CHECK(conn.execute(select(func.count()).select_from(rows)).scalar<std::int64_t>() ==
                  kThreads * kTransactions * 2);
            auto ours =
                conn.execute(
                        text(
                            "SELECT count(*) FROM pg_stat_activity WHERE application_name = :name"),
                        {{"name", application_name}})
                    .scalar<std::int64_t>();
            CHECK(ours == static_cast<std::int64_t>(engine.pool().statistics().open));
        }
        engine.drop_all(meta);
        engine.dispose();
    }

    TEST_CASE("PoolTimeout on PostgreSQL names the limits and takes the timeout") {
        if (skip_postgresql()) return;
        auto engine = create_engine(postgresql_url(),
                                    {.pool_size = 1, .max_overflow = 0, .pool_timeout = 200ms});
        auto held = engine.connect();
        CHECK(held.execute(text("SELECT 1")).scalar<std::int64_t>() == 1);
        auto begin = Clock::now();
        std::string message;
        try {
            auto second = engine.connect();
        } catch (const PoolTimeout& e) {
            message = e.what();
        }
        auto waited = elapsed_ms(begin);
        MESSAGE("PostgreSQL engine PoolTimeout after " << waited << " ms: " << message);
        CHECK(message.find("size 1 overflow 0") != std::string::npos);
        CHECK(waited >= 180);
        CHECK(waited < 3000);
        held.close();
        engine.dispose();
    }

    TEST_CASE("PostgreSQL: a returned connection is rolled back, also after BEGIN as SQL") {
        if (skip_postgresql()) return;
        MetaData meta;
        Table rows{meta, "pool_reset_" + std::to_string(::getpid()),
                   Column{"id", Integer{}, primary_key()}, Column{"note", String{20}}};
        auto engine = create_engine(postgresql_url(), {.pool_size = 1, .max_overflow = 0});
        engine.drop_all(meta);
        engine.create_all(meta);
        {
            auto conn = engine.connect();
            conn.execute_script("BEGIN");
            conn.execute(insert(rows).values({{"note", "uncommitted"}}));
        }
        {
            auto conn = engine.connect();
            auto tx = conn.begin();
            conn.execute(insert(rows).values({{"note", "also uncommitted"}}));
            conn.close();  // the transaction object outlives the connection
        }
        {
            auto conn = engine.connect();
            CHECK(conn.execute(select(func.count()).select_from(rows)).scalar<std::int64_t>() == 0);
            CHECK_FALSE(conn.driver().in_transaction());
        }
        CHECK(engine.pool().statistics().connects == 1);
        engine.drop_all(meta);
        engine.dispose();
    }

    TEST_CASE("PostgreSQL: a backend terminated by the server is replaced (pre_ping) or reported") {
        if (skip_postgresql()) return;
        auto pid_of = [](Connection& conn) {
            return conn.execute(text("SELECT pg_backend_pid()"))
                .scalar<std::int64_t>()
                .value_or(-1);
        };
        auto admin = create_engine(postgresql_url(), {.pool_size = 1});
        auto terminate = [&](std::int64_t pid) {
            auto conn = admin.connect();
            conn.execute(text("SELECT pg_terminate_backend(:pid)"), {{"pid", pid}});
            // Wait (bounded) until the backend is gone.
            const auto deadline = Clock::now() + 10s;
            while (Clock::now() < deadline &&
                   conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid"),
                                {{"pid", pid}})
                           .scalar<std::int64_t>() != 0)
                std::this_thread::sleep_for(20ms);
        };
        for (bool pre_ping : {true, false}) {
            CAPTURE(pre_ping);
            auto engine = create_engine(
                postgresql_url(), {.pool_size = 2, .max_overflow = 0, .pool_pre_ping = pre_ping});
            std::int64_t victim;
            {
                auto conn = engine.connect();
                victim = pid_of(conn);
            }
            terminate(victim);
            if (pre_ping) {
                auto conn = engine.connect();  // the ping fails; a new connection takes its place
                auto pid = pid_of(conn);
                CHECK(pid != victim);
                CHECK(pid > 0);
                CHECK(engine.pool().statistics().invalidations >= 1);
            } else {
                {
                    auto conn = engine.connect();
                    CHECK_THROWS_AS(pid_of(conn), DisconnectionError);
                }
                auto conn = engine.connect();
                CHECK(pid_of(conn) != victim);
            }
            auto s = engine.pool().statistics();
            CHECK(s.checked_out == 0);
            CHECK(s.open == 1);
            engine.dispose();
        }
        admin.dispose();
    }

    TEST_CASE("PostgreSQL: threads racing for the first connections of a fresh engine") {
        if (skip_postgresql()) return;
        // The first connection refines the dialect from the server's version while others connect.
        auto engine = create_engine(postgresql_url(),
                                    {.pool_size = 3, .max_overflow = 3, .pool_timeout = 30000ms});
        constexpr int kThreads = 6;
        std::atomic<int> failures{0};
        std::mutex message_mutex;
        std::vector<std::string> messages;
        std::barrier start(kThreads);
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t)
            threads.emplace_back([&, t] {
                start.arrive_and_wait();
                try {
                    for (int i = 0; i < 10; ++i) {
                        auto conn = engine.connect();
                        auto v = conn.execute(text("SELECT :a + :b")
                                                  .bindparam_type("a", BigInteger{})
                                                  .bindparam_type("b", BigInteger{}),
                                              {{"a", t}, {"b", i}})
                                     .scalar<std::int64_t>();
                        if (v != t + i) ++failures;
                        if (std::string(conn.dialect().name()) != "postgresql") ++failures;
                    }
                } catch (const std::exception& e) {
                    ++failures;
                    std::lock_guard lock(message_mutex);
                    messages.push_back(e.what());
                }
            });
        for (auto& t : threads)
            t.join();
        CHECK_MESSAGE(failures == 0, [&] {
            std::string all;
            for (const auto& m : messages)
                all += m + "\n";
            return all;
        }());
        auto s = engine.pool().statistics();
        CHECK(s.checked_out == 0);
        CHECK(s.open == s.idle);
        CHECK(s.open <= 3);
        engine.dispose();
    }

}  // TEST_SUITE
