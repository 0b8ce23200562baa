// Threads sharing a PostgreSQL engine through a pool smaller than the thread count: every
// transaction finishes, the row total is right, and the server sees only the pool's backends.
#include "support.hpp"

#include <doctest/doctest.h>

#include <unistd.h>
#include <barrier>
#include <thread>

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

}  // TEST_SUITE
