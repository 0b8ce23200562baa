// The pool's own logic against a counting fake connection: lazy growth, reuse, overflow,
// timeouts, wake-ups, LIFO/FIFO, recycle, pre-ping, invalidation, reset, events, dispose.
#include "support.hpp"

#include <doctest/doctest.h>

#include <future>
#include <thread>

using namespace retort;
using namespace pooltest;

namespace {

struct Fixture {
    std::shared_ptr<FakeServer> server = std::make_shared<FakeServer>();
    PoolOptions options;
    EventLog events;  // outlives the pool, which reports closes while it goes
    std::unique_ptr<Pool> pool;

    explicit Fixture(PoolOptions o = {}, PoolKind kind = PoolKind::Queue) : options(o) {
        pool = std::make_unique<Pool>(fake_factory(server), kind, options);
        events.attach(*pool);
    }
};

PoolOptions sized(std::size_t size, std::size_t overflow,
                  std::chrono::milliseconds timeout = 2000ms) {
    PoolOptions o;
    o.pool_size = size;
    o.max_overflow = overflow;
    o.timeout = timeout;
    return o;
}

}  // namespace

TEST_SUITE("pool logic (fake connections)") {
    TEST_CASE("connections are created lazily, one per concurrent checkout") {
        Fixture f(sized(3, 0));
        CHECK(f.server->opens == 0);
        auto s = f.pool->statistics();
        CHECK(s.open == 0);
        CHECK(s.idle == 0);
        CHECK(s.size == 3);
        CHECK(s.connects == 0);
        {
            auto a = f.pool->checkout();
            CHECK(f.server->opens == 1);
            CHECK(f.pool->statistics().open == 1);
            CHECK(f.pool->statistics().checked_out == 1);
        }
        // Returned and reused: still one connection.
        for (int i = 0; i < 5; ++i) {
            auto c = f.pool->checkout();
            CHECK(serial(c) == 1);
        }
        CHECK(f.server->opens == 1);
        CHECK(f.pool->statistics().connects == 1);
    }

    TEST_CASE("pool_size connections are reused: the same ones come back") {
        Fixture f(sized(2, 0));
        std::vector<int> first;
        {
            auto a = f.pool->checkout();
            auto b = f.pool->checkout();
            first = {serial(a), serial(b)};
        }
        CHECK(f.server->opens == 2);
        for (int round = 0; round < 3; ++round) {
            auto a = f.pool->checkout();
            auto b = f.pool->checkout();
            std::vector<int> again{serial(a), serial(b)};
            std::sort(again.begin(), again.end());
            CHECK(again == std::vector<int>{1, 2});
        }
        CHECK(f.server->opens == 2);
        CHECK(f.server->closes == 0);
        auto s = f.pool->statistics();
        CHECK(s.open == 2);
        CHECK(s.idle == 2);
        CHECK(s.checked_out == 0);
        CHECK(s.overflow == 0);
    }

    TEST_CASE("overflow grows to max_overflow and overflow connections close on return") {
        Fixture f(sized(2, 2, 200ms));
        std::vector<PooledConnection> held;
        for (int i = 0; i < 4; ++i)
            held.push_back(f.pool->checkout());
        auto s = f.pool->statistics();
        CHECK(s.open == 4);
        CHECK(s.checked_out == 4);
        CHECK(s.idle == 0);
        CHECK(s.overflow == 2);
        CHECK(f.server->opens == 4);

        // A fifth is beyond size + overflow.
        CHECK_THROWS_AS(f.pool->checkout(), PoolTimeout);

        held[0].release();
        held[1].release();
        s = f.pool->statistics();
        CHECK(s.open == 2);
        CHECK(s.checked_out == 2);
        CHECK(s.idle == 0);
        CHECK(s.overflow == 0);
        CHECK(f.server->closes == 2);
        CHECK(f.events.count(PoolEvent::Kind::Close) == 2);

        held.clear();
        s = f.pool->statistics();
        CHECK(s.open == 2);
        CHECK(s.idle == 2);
        CHECK(s.checked_out == 0);
        CHECK(f.server->open_now() == 2);
    }

    TEST_CASE(
        "exhaustion raises PoolTimeout after the timeout, naming size, overflow and timeout") {
        Fixture f(sized(1, 1, 200ms));
        auto a = f.pool->checkout();
        auto b = f.pool->checkout();
        auto start = Clock::now();
        std::string message;
        try {
            (void)f.pool->checkout();
            FAIL("checkout should have timed out");
        } catch (const PoolTimeout& e) {
            message = e.what();
        }
        auto waited = elapsed_ms(start);
        MESSAGE("PoolTimeout after " << waited << " ms (timeout 200 ms): " << message);
        CHECK(waited >= 180);
        CHECK(waited < 3000);
        CHECK(message.find("size 1") != std::string::npos);
        CHECK(message.find("overflow 1") != std::string::npos);
        CHECK(message.find("timeout 0.20") != std::string::npos);
        auto s = f.pool->statistics();
        CHECK(s.timeouts == 1);
        CHECK(s.waits == 1);
        CHECK(s.checked_out == 2);
        CHECK(s.open == 2);
    }

    TEST_CASE("a zero timeout fails at once when nothing is free") {
        Fixture f(sized(1, 0, 0ms));
        auto a = f.pool->checkout();
        auto start = Clock::now();
        CHECK_THROWS_AS(f.pool->checkout(), PoolTimeout);
        CHECK(elapsed_ms(start) < 3000);
    }

    TEST_CASE("a waiting checkout is woken by a return and gets that connection") {
        Fixture f(sized(1, 0, 10000ms));
        auto held = f.pool->checkout();
        const int held_serial = serial(held);
        std::promise<void> waiting;
        auto got = std::async(std::launch::async, [&] {
            waiting.set_value();
            auto start = Clock::now();
            auto c = f.pool->checkout();
            return std::make_pair(serial(c), elapsed_ms(start));
        });
        waiting.get_future().wait();
        // Wait (bounded) until the other thread is blocked in the pool.
        for (int i = 0; i < 200 && f.pool->statistics().waits == 0; ++i)
            std::this_thread::sleep_for(5ms);
        CHECK(f.pool->statistics().waits == 1);
        held.release();
        REQUIRE(got.wait_for(5s) == std::future_status::ready);
        auto [s, waited] = got.get();
        CHECK(s == held_serial);
        CHECK(waited < 10000);  // woken by the return, not by the deadline
        CHECK(f.server->opens == 1);
        CHECK(f.pool->statistics().timeouts == 0);
    }

    TEST_CASE("a waiting checkout is woken when a returned overflow connection frees a slot") {
        Fixture f(sized(0, 1, 10000ms));
        auto held = f.pool->checkout();
        auto got = std::async(std::launch::async, [&] {
            auto c = f.pool->checkout();
            return serial(c);
        });
        for (int i = 0; i < 200 && f.pool->statistics().waits == 0; ++i)
            std::this_thread::sleep_for(5ms);
        held.release();  // closed (pool_size 0): its slot goes to the waiter, which connects anew
        REQUIRE(got.wait_for(5s) == std::future_status::ready);
        CHECK(got.get() == 2);
        CHECK(f.server->opens == 2);
        CHECK(f.pool->statistics().open == 0);
    }

    TEST_CASE("FIFO hands out the longest-idle connection, LIFO the most recently returned") {
        for (bool lifo : {false, true}) {
            CAPTURE(lifo);
            auto o = sized(3, 0);
            o.use_lifo = lifo;
            Fixture f(o);
            {
                auto a = f.pool->checkout();
                auto b = f.pool->checkout();
                auto c = f.pool->checkout();
                REQUIRE(serial(a) == 1);
                REQUIRE(serial(c) == 3);
                a.release();
                b.release();
                c.release();  // returned in the order 1, 2, 3
            }
            auto next = f.pool->checkout();
            CHECK(serial(next) == (lifo ? 3 : 1));
            auto after = f.pool->checkout();
            CHECK(serial(after) == 2);
        }
    }

    TEST_CASE("recycle replaces connections older than the limit at checkout") {
        auto o = sized(2, 0);
        o.recycle = 60ms;
        Fixture f(o);
        {
            auto c = f.pool->checkout();
            CHECK(serial(c) == 1);
        }
        {
            auto c = f.pool->checkout();  // young enough
            CHECK(serial(c) == 1);
        }
        std::this_thread::sleep_for(120ms);
        {
            auto c = f.pool->checkout();
            CHECK(serial(c) == 2);
            CHECK(f.server->closes == 1);
        }
        auto s = f.pool->statistics();
        CHECK(s.open == 1);
        CHECK(s.idle == 1);
        CHECK(s.checked_out == 0);
        CHECK(s.connects == 2);
        bool closed_first = false;
        for (const auto& e : f.events.entries())
            if (e.kind == PoolEvent::Kind::Close && e.id == 1) closed_first = true;
        CHECK(closed_first);
    }

    TEST_CASE("pre_ping replaces a dead connection transparently and invalidates the older ones") {
        auto o = sized(3, 0);
        o.pre_ping = true;
        Fixture f(o);
        {
            auto a = f.pool->checkout();
            auto b = f.pool->checkout();
            auto c = f.pool->checkout();
        }
        CHECK(f.pool->statistics().idle == 3);
        f.server->restart();  // all three are dead now
        auto c = f.pool->checkout();
        CHECK(fake(c).alive());
        CHECK(serial(c) == 4);
        CHECK(f.server->pings >= 1);
        // The other two dead ones were closed at once rather than handed out one by one.
        auto s = f.pool->statistics();
        CHECK(s.open == 1);
        CHECK(s.idle == 0);
        CHECK(s.checked_out == 1);
        CHECK(s.invalidations >= 1);
        CHECK(f.server->closes == 3);
        CHECK(f.events.count(PoolEvent::Kind::Invalidate) >= 1);
        auto d = f.pool->checkout();
        CHECK(fake(d).alive());
        CHECK(serial(d) == 5);
    }

    TEST_CASE(
        "pre_ping: one dead connection among live ones; checked-out older ones close on return") {
        auto o = sized(3, 0);
        o.pre_ping = true;
        Fixture f(o);
        auto held = f.pool->checkout();  // serial 1, stays out across the event
        {
            auto b = f.pool->checkout();
            fake(b).kill();  // serial 2 dies while idle
        }
        auto c = f.pool->checkout();  // gets 2 (the only idle one), finds it dead, replaces it
        CHECK(serial(c) == 3);
        CHECK(fake(c).alive());
        held.release();  // older than the ping failure: closed, not pooled
        auto s = f.pool->statistics();
        CHECK(s.open == 1);
        CHECK(s.checked_out == 1);
        CHECK(s.idle == 0);
        CHECK(f.server->open_now() == 1);
    }

    TEST_CASE("without pre_ping nothing is pinged") {
        Fixture f(sized(1, 0));
        { auto c = f.pool->checkout(); }
        { auto c = f.pool->checkout(); }
        CHECK(f.server->pings == 0);
    }

    TEST_CASE("pre_ping that cannot reconnect frees the slot and raises") {
        auto o = sized(1, 0, 200ms);
        o.pre_ping = true;
        Fixture f(o);
        { auto c = f.pool->checkout(); }
        f.server->restart();
        f.server->refuse = true;
        CHECK_THROWS_AS(f.pool->checkout(), OperationalError);
        auto s = f.pool->statistics();
        CHECK(s.open == 0);
        CHECK(s.checked_out == 0);
        f.server->refuse = false;
        auto c = f.pool->checkout();  // the slot is free again: no timeout
        CHECK(fake(c).alive());
    }

    TEST_CASE("a failing connect frees its slot") {
        Fixture f(sized(1, 0, 200ms));
        f.server->refuse = true;
        CHECK_THROWS_AS(f.pool->checkout(), OperationalError);
        CHECK_THROWS_AS(f.pool->checkout(), OperationalError);
        auto s = f.pool->statistics();
        CHECK(s.open == 0);
        CHECK(s.checked_out == 0);
        CHECK(s.connects == 0);
        f.server->refuse = false;
        auto c = f.pool->checkout();
        CHECK(f.pool->statistics().open == 1);
    }

    TEST_CASE("invalidate() closes one connection on return; others stay") {
        Fixture f(sized(3, 0));
        auto a = f.pool->checkout();
        auto b = f.pool->checkout();
        b.release();  // idle
        a.invalidate("test says so");
        CHECK(f.pool->statistics().invalidations == 1);
        a.release();
        auto s = f.pool->statistics();
        CHECK(s.open == 1);
        CHECK(s.idle == 1);
        CHECK(f.server->closes == 1);
        auto c = f.pool->checkout();
        CHECK(serial(c) == 2);
        bool reason_seen = false;
        for (const auto& e : f.events.entries())
            if (e.kind == PoolEvent::Kind::Invalidate && e.id == 1 && e.reason == "test says so")
                reason_seen = true;
        CHECK(reason_seen);
    }

    TEST_CASE("invalidate(all_older) closes every connection created before it") {
        Fixture f(sized(4, 0));
        auto a = f.pool->checkout();  // 1
        auto b = f.pool->checkout();  // 2, returned idle
        auto c = f.pool->checkout();  // 3, stays out
        b.release();
        a.invalidate("server restarted", true);
        // The idle older one is closed at once.
        CHECK(f.pool->statistics().idle == 0);
        CHECK(f.server->closes == 1);
        auto d = f.pool->checkout();  // newer: a fresh connection
        CHECK(serial(d) == 4);
        a.release();
        c.release();  // older than the event: closed on return
        d.release();  // newer: kept
        auto s = f.pool->statistics();
        CHECK(s.open == 1);
        CHECK(s.idle == 1);
        CHECK(f.server->open_now() == 1);
        auto e = f.pool->checkout();
        CHECK(serial(e) == 4);
    }

    TEST_CASE("Pool::invalidate_all replaces every existing connection") {
        Fixture f(sized(2, 0));
        {
            auto a = f.pool->checkout();
            auto b = f.pool->checkout();
        }
        f.pool->invalidate_all("maintenance");
        CHECK(f.pool->statistics().open == 0);
        auto c = f.pool->checkout();
        CHECK(serial(c) == 3);
    }

    TEST_CASE("return rolls back a transaction left open") {
        Fixture f(sized(1, 0));
        {
            auto c = f.pool->checkout();
            c.driver().begin(IsolationLevel::Default);
            CHECK(fake(c).transaction_open);
        }
        auto c = f.pool->checkout();
        CHECK(serial(c) == 1);
        CHECK_FALSE(fake(c).transaction_open);
        CHECK(f.server->rollbacks >= 1);
    }

    TEST_CASE("reset_on_return = false leaves the connection as it is") {
        auto o = sized(1, 0);
        o.reset_on_return = false;
        Fixture f(o);
        {
            auto c = f.pool->checkout();
            c.driver().begin(IsolationLevel::Default);
        }
        auto c = f.pool->checkout();
        CHECK(fake(c).transaction_open);
        CHECK(f.server->rollbacks == 0);
    }

    TEST_CASE("a connection that cannot roll back on return is discarded") {
        Fixture f(sized(2, 0));
        {
            auto c = f.pool->checkout();
            c.driver().begin(IsolationLevel::Default);
            fake(c).kill();  // its rollback fails now
        }
        auto s = f.pool->statistics();
        CHECK(s.checked_out == 0);
        CHECK(s.open == 0);
        CHECK(s.idle == 0);
        CHECK(f.server->open_now() == 0);
        auto c = f.pool->checkout();
        CHECK(serial(c) == 2);
    }

    TEST_CASE("events arrive in order: connect, checkout, checkin, invalidate, close") {
        Fixture f(sized(1, 0));
        { auto c = f.pool->checkout(); }
        {
            auto c = f.pool->checkout();
            c.invalidate("bad");
        }
        CHECK(f.events.sequence() ==
              "connect:1 checkout:1 checkin:1 checkout:1 invalidate:1 checkin:1 close:1");
        f.events.clear();
        { auto c = f.pool->checkout(); }
        f.pool->dispose();
        CHECK(f.events.sequence() == "connect:2 checkout:2 checkin:2 close:2");
    }

    TEST_CASE("a listener that throws does not break the pool") {
        Fixture f(sized(1, 0));
        f.pool->add_listener(
            [](const PoolEvent&) { throw std::runtime_error("listener failure"); });
        {
            auto c = f.pool->checkout();
            CHECK(serial(c) == 1);
        }
        CHECK(f.pool->statistics().idle == 1);
    }

    TEST_CASE("dispose closes idle connections; checked-out ones close when returned") {
        Fixture f(sized(3, 0));
        auto held = f.pool->checkout();
        {
            auto a = f.pool->checkout();
            auto b = f.pool->checkout();
        }
        CHECK(f.pool->statistics().idle == 2);
        f.pool->dispose();
        auto s = f.pool->statistics();
        CHECK(s.idle == 0);
        CHECK(s.open == 1);
        CHECK(f.server->closes == 2);
        held.release();
        s = f.pool->statistics();
        CHECK(s.open == 0);
        CHECK(s.idle == 0);
        CHECK(f.server->open_now() == 0);
        // The pool keeps working after dispose.
        auto c = f.pool->checkout();
        CHECK(serial(c) == 4);
        CHECK(f.pool->statistics().invalidations == 0);
    }

    TEST_CASE("a handle returns itself when destroyed, moved or reassigned") {
        Fixture f(sized(2, 0));
        {
            auto c = f.pool->checkout();
            CHECK(f.pool->statistics().checked_out == 1);
        }
        CHECK(f.pool->statistics().checked_out == 0);
        CHECK(f.pool->statistics().idle == 1);

        auto a = f.pool->checkout();
        PooledConnection moved = std::move(a);
        CHECK_FALSE(a);
        CHECK(moved);
        CHECK(f.pool->statistics().checked_out == 1);
        moved = f.pool->checkout();  // the old one returns
        CHECK(f.pool->statistics().checked_out == 1);
        CHECK(f.pool->statistics().idle == 1);
        moved.release();
        moved.release();  // twice is harmless
        CHECK(f.pool->statistics().checked_out == 0);
        CHECK(f.pool->statistics().idle == 2);
    }

    TEST_CASE("a handle outliving its Pool object still returns cleanly") {
        auto server = std::make_shared<FakeServer>();
        PooledConnection survivor;
        {
            Pool pool(fake_factory(server), PoolKind::Queue, sized(2, 0));
            survivor = pool.checkout();
            { auto idle = pool.checkout(); }
        }
        CHECK(server->open_now() == 1);
        survivor.release();
        CHECK(server->open_now() == 0);
    }

    TEST_CASE("the single-connection pool hands its one connection to one user at a time") {
        Fixture f(sized(5, 10, 200ms), PoolKind::SingleConnection);
        auto a = f.pool->checkout();
        auto start = Clock::now();
        CHECK_THROWS_AS(f.pool->checkout(), PoolTimeout);
        CHECK(elapsed_ms(start) >= 180);
        a.release();
        auto b = f.pool->checkout();
        CHECK(serial(b) == 1);
        CHECK(f.server->opens == 1);
    }

    TEST_CASE("the null pool opens a connection per checkout and closes it on return") {
        Fixture f(sized(1, 0), PoolKind::Null);
        {
            auto a = f.pool->checkout();
            auto b = f.pool->checkout();  // no limit
            auto c = f.pool->checkout();
            CHECK(f.server->opens == 3);
            CHECK(f.pool->statistics().checked_out == 3);
        }
        CHECK(f.server->closes == 3);
        auto s = f.pool->statistics();
        CHECK(s.open == 0);
        CHECK(s.idle == 0);
        auto d = f.pool->checkout();
        CHECK(serial(d) == 4);
    }

    TEST_CASE("status() reports the counters in one line") {
        Fixture f(sized(2, 1));
        auto a = f.pool->checkout();
        auto line = f.pool->status();
        CHECK(line.find("Pool size: 2") != std::string::npos);
        CHECK(line.find("Current checked out connections: 1") != std::string::npos);
    }

    TEST_CASE("a pool with neither size nor overflow is refused") {
        auto server = std::make_shared<FakeServer>();
        CHECK_THROWS_AS(Pool(fake_factory(server), PoolKind::Queue, sized(0, 0)), ArgumentError);
    }

}  // TEST_SUITE
