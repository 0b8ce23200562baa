// A PostgreSQL server restart under a pool holding idle and checked-out connections: recovery
// with and without pre-ping, no committed row lost, no backend leaked. Bounded: one restart each.
#include "support.hpp"

#include <doctest/doctest.h>

#include <unistd.h>
#include <cstdlib>
#include <thread>

using namespace retort;
using namespace pooltest;

namespace {

const char* restart_command() {
    const char* command = std::getenv("RETORT_TEST_POSTGRESQL_RESTART");
    return command && *command ? command : nullptr;
}

std::int64_t count_rows(Connection& conn, const Table& t) {
    return conn.execute(select(func.count()).select_from(t)).scalar<std::int64_t>().value_or(-1);
}

/// Our own backends (by application_name) as the server sees them, counted through `conn`.
std::int64_t backends(Connection& conn, const std::string& application_name) {
    return conn
        .execute(text("SELECT count(*) FROM pg_stat_activity WHERE application_name = :name"),
                 {{"name", application_name}})
        .scalar<std::int64_t>()
        .value_or(-1);
}

/// Waits (up to 10 s) until the server's count of our backends equals the pool's open count;
/// closed backends may linger a moment in pg_stat_activity. Returns the last pair seen.
std::pair<std::int64_t, std::int64_t> settle_backends(Engine& engine,
                                                      const std::string& application_name) {
    std::pair<std::int64_t, std::int64_t> seen{-1, -1};
    const auto deadline = Clock::now() + 10s;
    while (true) {
        {
            auto conn = engine.connect();
            seen = {backends(conn, application_name),
                    static_cast<std::int64_t>(engine.pool().statistics().open)};
        }
        if (seen.first == seen.second || Clock::now() > deadline) return seen;
        std::this_thread::sleep_for(50ms);
    }
}

void restart_server() {
    const char* command = restart_command();
    REQUIRE(command);
    auto start = Clock::now();
    int rc = std::system(command);
    REQUIRE_MESSAGE(rc == 0, "the restart command failed: " << command);
    MESSAGE("server restarted in " << elapsed_ms(start) << " ms");
}

struct FaultSetup {
    std::string application_name;
    std::string table_name;
    MetaData meta;
    Table rows;
    Engine engine;

    FaultSetup(const std::string& mode, bool pre_ping)
        : application_name("retort_fault_" + std::to_string(::getpid()) + "_" + mode),
          table_name("pool_fault_" + std::to_string(::getpid()) + "_" + mode),
          rows(meta, table_name, Column{"id", Integer{}, primary_key()},
               Column{"writer", Integer{}}, Column{"n", Integer{}}) {
        engine = create_engine(postgresql_url_with("application_name=" + application_name),
                               {.pool_size = 3,
                                .max_overflow = 1,
                                .pool_timeout = 10000ms,
                                .pool_pre_ping = pre_ping});
        engine.drop_all(meta);
        engine.create_all(meta);
    }
    ~FaultSetup() {
        try {
            engine.drop_all(meta);
            engine.dispose();
        } catch (...) {
        }
    }
};

/// Three connections commit five rows each; two go back to the pool, one stays out with an
/// open transaction holding an uncommitted row. Returns that one and its transaction.
std::pair<Connection, Transaction> commit_rows_and_hold(FaultSetup& s) {
    std::vector<Connection> conns;
    for (int w = 0; w < 3; ++w) {
        conns.push_back(s.engine.connect());
        auto tx = conns.back().begin();
        std::vector<Parameters> sets;
        for (int n = 0; n < 5; ++n)
            sets.push_back({{"writer", w}, {"n", n}});
        conns.back().execute(insert(s.rows), sets);
        tx.commit();
    }
    auto stats = s.engine.pool().statistics();
    REQUIRE(stats.open == 3);
    Connection held = std::move(conns[0]);
    conns.clear();  // two idle
    auto tx = held.begin();
    held.execute(insert(s.rows).values({{"writer", 99}, {"n", 0}}));
    REQUIRE(s.engine.pool().statistics().idle == 2);
    REQUIRE(s.engine.pool().statistics().checked_out == 1);
    return {std::move(held), std::move(tx)};
}

/// The held connection lost its server: its statement raises DisconnectionError, its
/// transaction cannot commit, and closing it frees its slot.
void check_held_connection_lost(FaultSetup& s, Connection& held, Transaction& tx) {
    CHECK_THROWS_AS(held.execute(insert(s.rows).values({{"writer", 99}, {"n", 1}})),
                    DisconnectionError);
    CHECK_THROWS_AS(held.execute(text("SELECT 1")), InvalidRequestError);
    CHECK_THROWS_AS(tx.commit(), InvalidRequestError);
    tx.rollback();
    held.close();
}

}  // namespace

TEST_SUITE("postgresql fault") {
    TEST_CASE("server restart with pre_ping: checkouts recover transparently") {
        if (skip_postgresql()) return;
        if (!restart_command()) {
            FAIL_CHECK(
                "RETORT_TEST_POSTGRESQL_RESTART is not set (run under tests/servers/with-servers)");
            return;
        }
        FaultSetup s("ping", true);
        auto [held, tx] = commit_rows_and_hold(s);

        restart_server();

        // The idle connections are dead; the pre-ping finds out and the checkout gets a new one.
        std::uint64_t invalidations_before = s.engine.pool().statistics().invalidations;
        {
            auto conn = s.engine.connect();
            CHECK(count_rows(conn, s.rows) == 15);  // every committed row, none of the uncommitted
            auto second = s.engine.connect();
            CHECK(second.execute(text("SELECT 1")).scalar<std::int64_t>() == 1);
        }
        auto stats = s.engine.pool().statistics();
        CHECK(stats.invalidations > invalidations_before);
        MESSAGE("after the restart with pre_ping: " << s.engine.pool().status());

        check_held_connection_lost(s, held, tx);
        stats = s.engine.pool().statistics();
        CHECK(stats.checked_out == 0);
        CHECK(stats.open == stats.idle);

        // Work goes on; nothing was lost.
        {
            auto conn = s.engine.connect();
            auto t = conn.begin();
            conn.execute(insert(s.rows).values({{"writer", 5}, {"n", 5}}));
            t.commit();
            CHECK(count_rows(conn, s.rows) == 16);
        }

        // No leak: our backends on the server are exactly the pool's open connections.
        auto [server_count, pool_count] = settle_backends(s.engine, s.application_name);
        CHECK(server_count == pool_count);
        s.engine.dispose();
        std::tie(server_count, pool_count) = settle_backends(s.engine, s.application_name);
        MESSAGE("after dispose: " << server_count << " backends on the server, pool open "
                                  << pool_count);
        CHECK(server_count == pool_count);
        CHECK(pool_count == 1);  // the connection that counted
    }

    TEST_CASE(
        "server restart without pre_ping: the first use fails, older connections go, the retry "
        "works") {
        if (skip_postgresql()) return;
        if (!restart_command()) {
            FAIL_CHECK(
                "RETORT_TEST_POSTGRESQL_RESTART is not set (run under tests/servers/with-servers)");
            return;
        }
        FaultSetup s("noping", false);
        auto [held, tx] = commit_rows_and_hold(s);

        restart_server();

        auto stats = s.engine.pool().statistics();
        const auto invalidations_before = stats.invalidations;
        {
            auto conn = s.engine.connect();  // a dead idle connection, handed out unchecked
            CHECK_THROWS_AS(count_rows(conn, s.rows), DisconnectionError);
            // The pool dropped every connection older than the disconnect: the other idle one too.
            stats = s.engine.pool().statistics();
            CHECK(stats.idle == 0);
            CHECK(stats.invalidations == invalidations_before + 1);
            CHECK_THROWS_AS(conn.execute(text("SELECT 1")), InvalidRequestError);
        }
        stats = s.engine.pool().statistics();
        CHECK(stats.open == 1);  // only the held one, closed when it comes back
        {
            auto retry = s.engine.connect();
            CHECK(count_rows(retry, s.rows) == 15);
        }

        // The held connection reports its disconnect only now: this later event also retires
        // the retry's connection (older than the event), as SQLAlchemy does.
        check_held_connection_lost(s, held, tx);
        stats = s.engine.pool().statistics();
        CHECK(stats.checked_out == 0);
        CHECK(stats.open == stats.idle);
        CHECK(stats.open == 0);
        {
            auto conn = s.engine.connect();
            CHECK(count_rows(conn, s.rows) == 15);
        }

        auto [server_count, pool_count] = settle_backends(s.engine, s.application_name);
        CHECK(server_count == pool_count);
        s.engine.dispose();
        std::tie(server_count, pool_count) = settle_backends(s.engine, s.application_name);
        MESSAGE("after dispose: " << server_count << " backends on the server, pool open "
                                  << pool_count);
        CHECK(server_count == pool_count);
        CHECK(pool_count == 1);
    }

}  // TEST_SUITE
