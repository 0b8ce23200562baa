// The pool under threads with fake connections: bounded checkout storms with invalidations and
// restarts mixed in, PoolTimeout under contention, and counters that add up at the end.
#include "support.hpp"

#include <doctest/doctest.h>

#include <barrier>
#include <random>
#include <thread>

using namespace retort;
using namespace pooltest;

TEST_SUITE("pool threads (fake connections)") {
    TEST_CASE(
        "8 threads x 200 checkouts on size 3 + overflow 2: consistent counters, nothing leaked") {
        auto server = std::make_shared<FakeServer>();
        PoolOptions o;
        o.pool_size = 3;
        o.max_overflow = 2;
        o.timeout = 10000ms;
        std::atomic<std::size_t> max_out{0};
        std::atomic<int> listener_checkouts{0};  // before the pool: listeners hear its last closes
        Pool pool(fake_factory(server), PoolKind::Queue, o);
        pool.add_listener([&](const PoolEvent& e) {
            if (e.kind == PoolEvent::Kind::Checkout) ++listener_checkouts;
        });
        constexpr int kThreads = 8, kOps = 200;
        std::atomic<int> done{0}, failures{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t)
            threads.emplace_back([&, t] {
                std::mt19937 rng(static_cast<unsigned>(t));
                for (int i = 0; i < kOps; ++i) {
                    try {
                        auto c = pool.checkout();
                        auto& f = fake(c);
                        if (!f.alive()) ++failures;  // no restarts here: never dead
                        auto s = pool.statistics();
                        std::size_t seen = max_out.load();
                        while (s.checked_out > seen &&
                               !max_out.compare_exchange_weak(seen, s.checked_out)) {
                        }
                        if (rng() % 4 == 0)
                            c.driver().begin(IsolationLevel::Default);  // left for the reset
                        if (rng() % 50 == 0) c.invalidate("random invalidation");
                        if (rng() % 8 == 0)
                            std::this_thread::sleep_for(std::chrono::microseconds(200));
                        ++done;
                    } catch (const std::exception& e) {
                        ++failures;
                    }
                }
            });
        for (auto& t : threads)
            t.join();
        CHECK(failures == 0);
        CHECK(done == kThreads * kOps);
        CHECK(listener_checkouts == kThreads * kOps);
        CHECK(max_out.load() <= 5);
        auto s = pool.statistics();
        CHECK(s.checked_out == 0);
        CHECK(s.open == s.idle);
        CHECK(s.open <= 3);
        CHECK(s.overflow == 0);
        CHECK(server->open_now() == static_cast<int>(s.open));
        CHECK(s.connects == static_cast<std::uint64_t>(server->opens.load()));
        pool.dispose();
        CHECK(server->open_now() == 0);
    }

    TEST_CASE("threads with restarts and pre_ping: every handed-out connection is alive") {
        auto server = std::make_shared<FakeServer>();
        PoolOptions o;
        o.pool_size = 3;
        o.max_overflow = 2;
        o.timeout = 10000ms;
        o.pre_ping = true;
        Pool pool(fake_factory(server), PoolKind::Queue, o);
        constexpr int kThreads = 6, kOps = 150;
        std::atomic<int> dead_handed_out{0}, errors{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t)
            threads.emplace_back([&, t] {
                for (int i = 0; i < kOps; ++i) {
                    try {
                        auto c = pool.checkout();
                        if (!fake(c).alive()) {
                            // Only a restart after the ping can make it dead; the application sees
                            // a disconnect and invalidates, as the engine does.
                            ++dead_handed_out;
                            c.invalidate("disconnect", true);
                        }
                        if (t == 0 && i % 50 == 25) server->restart();
                    } catch (const std::exception&) {
                        ++errors;
                    }
                }
            });
        for (auto& t : threads)
            t.join();
        CHECK(errors == 0);
        MESSAGE("connections found dead after their ping (restart raced the checkout): "
                << dead_handed_out.load());
        auto s = pool.statistics();
        CHECK(s.checked_out == 0);
        CHECK(s.open == s.idle);
        CHECK(server->open_now() == static_cast<int>(s.open));
        // After the last restart, what is idle is alive or is replaced at its next checkout.
        for (int i = 0; i < 3; ++i) {
            auto c = pool.checkout();
            CHECK(fake(c).alive());
        }
    }

    TEST_CASE("PoolTimeout under contention with max_overflow 0") {
        auto server = std::make_shared<FakeServer>();
        PoolOptions o;
        o.pool_size = 2;
        o.max_overflow = 0;
        o.timeout = 100ms;
        Pool pool(fake_factory(server), PoolKind::Queue, o);
        constexpr int kThreads = 6;
        std::atomic<int> got{0}, timed_out{0}, other{0};
        std::barrier start(kThreads);
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t)
            threads.emplace_back([&] {
                start.arrive_and_wait();
                for (int i = 0; i < 3; ++i) {
                    try {
                        auto c = pool.checkout();
                        ++got;
                        std::this_thread::sleep_for(150ms);  // longer than the timeout
                    } catch (const PoolTimeout& e) {
                        ++timed_out;
                        if (std::string(e.what()).find("size 2 overflow 0") == std::string::npos)
                            ++other;
                    } catch (...) {
                        ++other;
                    }
                }
            });
        for (auto& t : threads)
            t.join();
        MESSAGE("contention: " << got.load() << " checkouts, " << timed_out.load() << " timeouts");
        CHECK(other == 0);
        CHECK(got + timed_out == kThreads * 3);
        CHECK(got >= 2);
        CHECK(timed_out >= 1);
        auto s = pool.statistics();
        CHECK(s.timeouts == static_cast<std::uint64_t>(timed_out.load()));
        CHECK(s.open <= 2);
        CHECK(s.checked_out == 0);
        CHECK(s.open == s.idle);
        CHECK(server->opens == 2);
    }

    TEST_CASE("statistics, status and listeners added while threads check out") {
        auto server = std::make_shared<FakeServer>();
        PoolOptions o;
        o.pool_size = 2;
        o.max_overflow = 1;
        o.timeout = 10000ms;
        std::atomic<bool> stop{false};
        std::atomic<int> heard{0};  // before the pool: listeners hear its last closes
        Pool pool(fake_factory(server), PoolKind::Queue, o);
        std::vector<std::thread> workers;
        for (int t = 0; t < 4; ++t)
            workers.emplace_back([&] {
                for (int i = 0; i < 300 && !stop.load(); ++i) {
                    auto c = pool.checkout();
                    (void)serial(c);
                }
            });
        std::thread observer([&] {
            for (int i = 0; i < 50; ++i) {
                auto s = pool.statistics();
                CHECK(s.checked_out <= 3);
                CHECK(s.open <= 3);
                (void)pool.status();
                pool.add_listener([&](const PoolEvent&) { ++heard; });
                std::this_thread::sleep_for(std::chrono::microseconds(100));
            }
        });
        observer.join();
        stop = true;
        for (auto& t : workers)
            t.join();
        auto before = heard.load();
        { auto c = pool.checkout(); }
        CHECK(heard.load() - before == 50 * 2);  // every listener heard checkout and checkin
        auto s = pool.statistics();
        CHECK(s.checked_out == 0);
        CHECK(s.open == s.idle);
    }

    TEST_CASE("invalidate_all and dispose racing with checkouts leave consistent counters") {
        auto server = std::make_shared<FakeServer>();
        PoolOptions o;
        o.pool_size = 3;
        o.max_overflow = 1;
        o.timeout = 10000ms;
        Pool pool(fake_factory(server), PoolKind::Queue, o);
        std::vector<std::thread> workers;
        for (int t = 0; t < 4; ++t)
            workers.emplace_back([&] {
                for (int i = 0; i < 200; ++i) {
                    auto c = pool.checkout();
                    (void)serial(c);
                }
            });
        for (int i = 0; i < 20; ++i) {
            if (i % 2)
                pool.invalidate_all("racing");
            else
                pool.dispose();
            std::this_thread::sleep_for(std::chrono::microseconds(300));
        }
        for (auto& t : workers)
            t.join();
        auto s = pool.statistics();
        CHECK(s.checked_out == 0);
        CHECK(s.open == s.idle);
        CHECK(server->open_now() == static_cast<int>(s.open));
        pool.dispose();
        CHECK(server->open_now() == 0);
    }

}  // TEST_SUITE
