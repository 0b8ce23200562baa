// Engines shared by threads on SQLite files: bounded query storms through a small pool, the
// compiled cache under concurrent compiles of the same shapes, events registered mid-flight.
#include "support.hpp"

#include <doctest/doctest.h>

#include <barrier>
#include <set>
#include <thread>

using namespace retort;
using namespace pooltest;

namespace {

struct Schema {
    MetaData meta;
    Table events{meta,
                 "thread_events",
                 Column{"id", Integer{}, primary_key()},
                 Column{"worker", Integer{}},
                 Column{"step", Integer{}},
                 Column{"note", String{40}}};
};

}  // namespace

TEST_SUITE("engine threads (SQLite)") {
    TEST_CASE("8 threads x 40 operations through pool_size 3 + overflow 2 on a SQLite file") {
        TempDatabase db("storm");
        Schema schema;
        EventLog log;  // outlives the engine
        auto engine =
            create_engine(db.url(), {.pool_size = 3, .max_overflow = 2, .pool_timeout = 30000ms});
        log.attach(engine.pool());
        engine.create_all(schema.meta);
        constexpr int kThreads = 8, kOps = 40;
        std::atomic<int> inserted{0}, failures{0};
        std::mutex error_mutex;
        std::string first_error;
        std::barrier start(kThreads);
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t)
            threads.emplace_back([&, t] {
                start.arrive_and_wait();
                for (int i = 0; i < kOps; ++i) {
                    try {
                        auto conn = engine.connect();
                        if (i % 4 == 0) {
                            // A transaction that writes first (SQLite takes the write lock at
                            // once).
                            auto tx = conn.begin();
                            conn.execute(insert(schema.events),
                                         std::vector<Parameters>{
                                             {{"worker", t}, {"step", i}, {"note", "tx a"}},
                                             {{"worker", t}, {"step", i}, {"note", "tx b"}}});
                            tx.commit();
                            inserted += 2;
                        } else if (i % 4 == 1) {
                            conn.execute(
                                insert(schema.events)
                                    .values({{"worker", t}, {"step", i}, {"note", "auto"}}));
                            ++inserted;
                        } else {
                            auto mine = conn.execute(select(func.count())
                                                         .select_from(schema.events)
                                                         .where(schema.events.c("worker") == t))
                                            .scalar<std::int64_t>();
                            if (!mine) ++failures;
                        }
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
        auto s = engine.pool().statistics();
        CHECK(s.checked_out == 0);
        CHECK(s.open == s.idle);  // nothing leaked
        CHECK(s.open <= 3);
        CHECK(s.connects <= 5 + log.count(PoolEvent::Kind::Close));
        CHECK(log.count(PoolEvent::Kind::Checkout) == log.count(PoolEvent::Kind::Checkin));
        CHECK(log.count(PoolEvent::Kind::Checkout) >= kThreads * kOps);
        CHECK(log.count(PoolEvent::Kind::Connect) - log.count(PoolEvent::Kind::Close) == s.open);
        auto conn = engine.connect();
        CHECK(
            conn.execute(select(func.count()).select_from(schema.events)).scalar<std::int64_t>() ==
            inserted.load());
    }

    TEST_CASE("the compiled cache under concurrent compiles of the same shapes") {
        TempDatabase db("cache");
        Schema schema;
        auto engine = create_engine(db.url(), {.pool_size = 4, .max_overflow = 4});
        engine.create_all(schema.meta);
        {
            auto conn = engine.connect();
            for (int i = 0; i < 10; ++i)
                conn.execute(insert(schema.events)
                                 .values({{"worker", i}, {"step", i * 10}, {"note", "seed"}}));
        }
        engine.compiled_cache().clear();
        const auto before = engine.compiled_cache().stats();
        // Shapes: different column lists and limits are different SQL; values are not.
        auto shape = [&](int k, int value) -> Statement {
            auto e = schema.events;
            switch (k % 5) {
                case 0:
                    return select(e.c("id")).where(e.c("worker") == value);
                case 1:
                    return select(e.c("id"), e.c("note"))
                        .where(e.c("step") > value)
                        .order_by(e.c("id"));
                case 2:
                    return select(func.count()).select_from(e).where(e.c("worker") < value);
                case 3:
                    return select(e.c("note"))
                        .where(e.c("worker") == value || e.c("step") == value);
                default:
                    return select(e.c("worker")).where(e.c("note").like("s%")).limit(value + 1);
            }
        };
        constexpr int kThreads = 8, kRounds = 25;
        std::vector<std::vector<std::string>> sql(kThreads);
        std::atomic<int> failures{0};
        std::barrier start(kThreads);
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t)
            threads.emplace_back([&, t] {
                start.arrive_and_wait();
                auto conn = engine.connect();
                for (int r = 0; r < kRounds; ++r)
                    for (int k = 0; k < 5; ++k) {
                        try {
                            auto statement = shape(k, r % 7);
                            auto compiled =
                                engine.compiled_cache().compile(statement, engine.dialect());
                            if (r == 0) sql[static_cast<std::size_t>(t)].push_back(compiled.sql());
                            auto rows = conn.execute(statement).all();
                            (void)rows;
                        } catch (const std::exception&) {
                            ++failures;
                        }
                    }
            });
        for (auto& t : threads)
            t.join();
        CHECK(failures == 0);
        for (int t = 1; t < kThreads; ++t)
            CHECK(sql[static_cast<std::size_t>(t)] == sql[0]);
        auto after = engine.compiled_cache().stats();
        // Each shape is cached once (a race may compile a shape twice, but only one entry stays).
        CHECK(after.size == 5);
        const auto lookups = (after.hits + after.misses) - (before.hits + before.misses);
        CHECK(lookups >= static_cast<std::uint64_t>(kThreads * kRounds * 5));
        CHECK(after.misses - before.misses >= 5);
        CHECK(after.misses - before.misses <= static_cast<std::uint64_t>(5 * kThreads));
        auto s = engine.pool().statistics();
        CHECK(s.checked_out == 0);
        CHECK(s.open == s.idle);
    }

    TEST_CASE("engine events registered while other threads execute") {
        TempDatabase db("events");
        Schema schema;
        auto engine =
            create_engine(db.url(), {.pool_size = 4, .max_overflow = 0, .pool_timeout = 30000ms});
        engine.create_all(schema.meta);
        std::atomic<int> before_calls{0}, after_calls{0}, errors_seen{0};
        std::atomic<bool> stop{false};
        constexpr int kWorkers = 4, kListeners = 30;
        std::atomic<int> failures{0};
        std::vector<std::thread> workers;
        for (int t = 0; t < kWorkers; ++t)
            workers.emplace_back([&, t] {
                auto conn = engine.connect();
                for (int i = 0; i < 150 && !stop.load(); ++i) {
                    try {
                        if (i % 10 == 9) {
                            try {
                                conn.execute(text("SELECT no_such_column FROM thread_events"));
                            } catch (const DatabaseError&) {
                            }
                        } else {
                            conn.execute(select(schema.events.c("id"))
                                             .where(schema.events.c("worker") == t))
                                .all();
                        }
                    } catch (const std::exception&) {
                        ++failures;
                    }
                }
            });
        std::thread registrar([&] {
            for (int i = 0; i < kListeners; ++i) {
                engine.events().on_before_execute([&](const ExecuteEvent& e) {
                    if (!e.sql.empty()) ++before_calls;
                });
                engine.events().on_after_execute([&](const ExecuteEvent&) { ++after_calls; });
                engine.events().on_handle_error([&](const ErrorEvent&) { ++errors_seen; });
                std::this_thread::sleep_for(std::chrono::microseconds(200));
            }
        });
        registrar.join();
        stop = true;
        for (auto& t : workers)
            t.join();
        CHECK(failures == 0);
        // Now every listener hears one more execution.
        auto b = before_calls.load(), a = after_calls.load();
        {
            auto conn = engine.connect();
            conn.execute(text("SELECT 1"));
        }
        CHECK(before_calls.load() - b == kListeners);
        CHECK(after_calls.load() - a == kListeners);
        auto s = engine.pool().statistics();
        CHECK(s.checked_out == 0);
        CHECK(s.open == s.idle);
    }

    TEST_CASE("threads sharing one in-memory SQLite engine take turns on its connection") {
        Schema schema;
        auto engine = create_engine("sqlite://", {.pool_timeout = 30000ms});
        engine.create_all(schema.meta);
        constexpr int kThreads = 4, kOps = 25;
        std::atomic<int> failures{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t)
            threads.emplace_back([&, t] {
                for (int i = 0; i < kOps; ++i) {
                    try {
                        auto conn = engine.connect();
                        conn.execute(insert(schema.events).values({{"worker", t}, {"step", i}}));
                    } catch (const std::exception&) {
                        ++failures;
                    }
                }
            });
        for (auto& t : threads)
            t.join();
        CHECK(failures == 0);
        auto conn = engine.connect();
        CHECK(
            conn.execute(select(func.count()).select_from(schema.events)).scalar<std::int64_t>() ==
            kThreads * kOps);
        CHECK(engine.pool().statistics().connects == 1);
    }

    TEST_CASE("PoolTimeout under contention on a SQLite engine with max_overflow 0") {
        TempDatabase db("contention");
        auto engine =
            create_engine(db.url(), {.pool_size = 2, .max_overflow = 0, .pool_timeout = 100ms});
        constexpr int kThreads = 6;
        std::atomic<int> got{0}, timed_out{0}, other{0};
        std::barrier start(kThreads);
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t)
            threads.emplace_back([&] {
                start.arrive_and_wait();
                for (int i = 0; i < 2; ++i) {
                    try {
                        auto conn = engine.connect();
                        conn.execute(text("SELECT 1"));
                        ++got;
                        std::this_thread::sleep_for(150ms);
                    } catch (const PoolTimeout&) {
                        ++timed_out;
                    } catch (...) {
                        ++other;
                    }
                }
            });
        for (auto& t : threads)
            t.join();
        CHECK(other == 0);
        CHECK(got + timed_out == kThreads * 2);
        CHECK(timed_out >= 1);
        auto s = engine.pool().statistics();
        CHECK(s.timeouts == static_cast<std::uint64_t>(timed_out.load()));
        CHECK(s.checked_out == 0);
        CHECK(s.open == s.idle);
        CHECK(s.connects == 2);
    }

    TEST_CASE("a compile hook registered and removed while threads execute") {
        TempDatabase db("hooks");
        Schema schema;
        auto engine =
            create_engine(db.url(), {.pool_size = 4, .max_overflow = 0, .pool_timeout = 30000ms});
        engine.create_all(schema.meta);
        std::atomic<int> hooked{0};
        engine.events().on_before_execute([&](const ExecuteEvent& e) {
            if (e.sql.find("/* pool test */") != std::string_view::npos) ++hooked;
        });
        std::atomic<int> failures{0};
        std::vector<std::thread> workers;
        for (int t = 0; t < 4; ++t)
            workers.emplace_back([&, t] {
                auto conn = engine.connect();
                for (int i = 0; i < 100; ++i) {
                    try {
                        conn.execute(insert(schema.events).values({{"worker", t}, {"step", i}}));
                    } catch (const std::exception&) {
                        ++failures;
                    }
                }
            });
        for (int round = 0; round < 10; ++round) {
            auto hook = register_compile_hook(
                NodeKind::Insert,
                [](const Node& node, Compiler& compiler) {
                    compiler.process_default(node);
                    compiler.append(" /* pool test */");
                },
                "sqlite");
            std::this_thread::sleep_for(1ms);
        }
        for (auto& t : workers)
            t.join();
        CHECK(failures == 0);
        // With the hook gone, the SQL is the plain one again; with it, the comment shows.
        auto conn = engine.connect();
        auto before = hooked.load();
        conn.execute(insert(schema.events).values({{"worker", 9}, {"step", 9}}));
        CHECK(hooked.load() == before);
        {
            auto hook = register_compile_hook(
                NodeKind::Insert,
                [](const Node& node, Compiler& compiler) {
                    compiler.process_default(node);
                    compiler.append(" /* pool test */");
                },
                "sqlite");
            conn.execute(insert(schema.events).values({{"worker", 9}, {"step", 10}}));
            CHECK(hooked.load() == before + 1);
        }
        CHECK(
            conn.execute(select(func.count()).select_from(schema.events)).scalar<std::int64_t>() ==
            4 * 100 + 2);
    }

    TEST_CASE("echo from several threads through one log sink") {
        TempDatabase db("echo");
        Schema schema;
        std::mutex lines_mutex;
        std::vector<std::string> lines;
        auto engine = create_engine(db.url(), {.pool_size = 2,
                                               .max_overflow = 2,
                                               .pool_timeout = 30000ms,
                                               .echo = true,
                                               .log_sink = [&](std::string_view line) {
                                                   std::lock_guard lock(lines_mutex);
                                                   lines.emplace_back(line);
                                               }});
        engine.create_all(schema.meta);
        std::vector<std::thread> workers;
        for (int t = 0; t < 4; ++t)
            workers.emplace_back([&, t] {
                for (int i = 0; i < 25; ++i) {
                    auto conn = engine.connect();
                    conn.execute(
                            select(schema.events.c("id")).where(schema.events.c("worker") == t))
                        .all();
                }
            });
        for (auto& t : workers)
            t.join();
        std::size_t selects = 0;
        {
            std::lock_guard lock(lines_mutex);
            for (const auto& l : lines)
                selects += l.rfind("SELECT", 0) == 0;
        }
        CHECK(selects == 100);
        auto s = engine.pool().statistics();
        CHECK(s.checked_out == 0);
        CHECK(s.open == s.idle);
    }

}  // TEST_SUITE
